"""Database upkeep a person asks for: backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from clinicdesk import paths
from clinicdesk.db.engine import sqlite_path
from clinicdesk.db.migrate import backup_sqlite_file
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires


@requires(Permission.BACKUP_DATABASE)
def backup(db: Database, actor: Principal, destination: Path) -> Path:
    """A consistent copy of the whole database at `destination`.

    SQLite: the online backup API (safe while others use the file). PostgreSQL: pg_dump
    in its custom format when pg_dump is installed; otherwise a clear message.
    """
    destination = Path(destination).expanduser()
    if destination.exists():
        raise ValidationError(
            _("{destination} already exists.").format(destination=destination),
            hint=_("Choose a new file name for the backup."),
        )
    if not destination.parent.is_dir():
        raise ValidationError(
            _("The folder {parent} does not exist.").format(parent=destination.parent)
        )
    partial = destination.with_name(f".{destination.name}.partial")
    source = sqlite_path(db.url)
    try:
        if db.is_sqlite:
            if source is None:
                raise ValidationError(_("An in-memory database cannot be backed up."))
            backup_sqlite_file(source, partial)
        else:
            paths.create_private_file(partial)  # pg_dump keeps the mode of a file that exists
            _pg_dump(db, partial)
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _("The backup could not be written to {destination}: {error}").format(
                destination=destination, error=error
            ),
            hint=_("Check free disk space and permissions on that folder."),
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    with db.uow() as uow:
        audit.record(uow, actor, "database.backup", "database", "", {"file": destination.name})
        uow.commit()
    return destination


def _pg_dump(db: Database, target: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise StorageError(
            _("PostgreSQL backups need the pg_dump program, which is not installed here."),
            hint=_(
                "Install the PostgreSQL client tools (the version of your server or "
                "newer), or ask your administrator to back up the server."
            ),
        )
    url = db.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = [program, "--format=custom", "--no-owner", f"--file={target}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    options = url.query.get("options")
    if isinstance(options, str) and "search_path=" in options:
        schema = options.split("search_path=", 1)[1].split()[0].split(",")[0]
        args.append(f"--schema={schema}")
    args.append(str(url.database or "postgres"))
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise StorageError(
            _("pg_dump failed: {error}").format(
                error=result.stderr.strip().splitlines()[-1] if result.stderr else ""
            ),
            hint=_("Check that pg_dump's version is at least the server's, and the address."),
        )
