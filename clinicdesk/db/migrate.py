"""Schema upgrades with Alembic, shipped inside the package.

`upgrade()` takes a copy of a SQLite file before touching it and puts the copy back if
the upgrade fails; PostgreSQL upgrades run in one transaction (its DDL is transactional).
"""

from __future__ import annotations

import enum
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, exc, inspect

from clinicdesk.db.engine import sqlite_path, translate_error
from clinicdesk.db.models import Base
from clinicdesk.db.unit_of_work import Database
from clinicdesk.errors import StorageError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaState(enum.Enum):
    EMPTY = "empty"  # no tables at all: a new database
    CURRENT = "current"
    BEHIND = "behind"  # an older ClinicDesk wrote it: upgrade
    AHEAD = "ahead"  # a newer ClinicDesk wrote it: refuse
    FOREIGN = "foreign"  # tables, but not ours


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    current: str | None
    head: str


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _status_on(conn: Connection) -> SchemaStatus:
    head = head_revision()
    current = MigrationContext.configure(conn).get_current_revision()
    if current is None:
        tables = set(inspect(conn).get_table_names())
        state = SchemaState.FOREIGN if tables - {"alembic_version"} else SchemaState.EMPTY
        return SchemaStatus(state, None, head)
    if current == head:
        return SchemaStatus(SchemaState.CURRENT, current, head)
    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(current)
    except Exception:  # alembic raises several types for an unknown revision
        return SchemaStatus(SchemaState.AHEAD, current, head)
    return SchemaStatus(SchemaState.BEHIND, current, head)


def status(db: Database) -> SchemaStatus:
    try:
        with db.engine.connect() as conn:
            return _status_on(conn)
    except exc.DBAPIError as error:
        raise translate_error(error, db.url) from error


def _refuse(state: SchemaStatus) -> None:
    if state.state is SchemaState.AHEAD:
        raise StorageError(
            f"This database was written by a newer version of ClinicDesk "
            f"(schema {state.current}; this program knows up to {state.head}).",
            hint="Install the newer ClinicDesk on this computer. The database was not changed.",
        )
    if state.state is SchemaState.FOREIGN:
        raise StorageError(
            "This database holds tables that are not ClinicDesk's.",
            hint="Point ClinicDesk at an empty database or at a ClinicDesk database. "
            "Nothing was changed.",
        )


def _run_upgrade(db: Database, target: str) -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def backup_sqlite_file(source: Path, destination: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API)."""
    # A proper file: URI, so that "#", "?" or "%" in a folder name stay part of the path.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
            # One self-contained file (no -wal/-shm), readable even from read-only media.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def upgrade(db: Database, *, target: str = "head") -> SchemaStatus:
    """Bring the schema to `target`. Returns the status before the upgrade.

    A SQLite file that already holds data is copied aside first
    (`NAME.before-upgrade-YYYYmmdd-HHMMSS.sqlite3`) and restored if the upgrade fails.
    """
    before = status(db)
    _refuse(before)
    if before.state is SchemaState.CURRENT:
        return before
    path = sqlite_path(db.url)
    copy: Path | None = None
    if path is not None and before.state is SchemaState.BEHIND:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
        try:
            backup_sqlite_file(path, copy)
        except (sqlite3.Error, OSError) as error:
            raise StorageError(
                f"Could not copy the database aside before upgrading it: {error}",
                hint="Free disk space or check permissions on the database folder, then "
                "start ClinicDesk again. The database was not changed.",
            ) from error
        log.info("Copied %s to %s before upgrading", path, copy)
    try:
        _run_upgrade(db, target)
    except BaseException as error:
        if copy is not None and path is not None:
            db.dispose()
            _restore(copy, path)
            log.error("Upgrade failed; restored %s from %s", path, copy)
        if isinstance(error, exc.DBAPIError):
            problem = translate_error(error, db.url)
            raise StorageError(
                f"The database could not be upgraded: {problem.message}",
                hint=(problem.hint or "") + " The database was left as it was before the upgrade.",
            ) from error
        raise
    return before


def _restore(copy: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, path)


def ensure_current(db: Database) -> SchemaStatus:
    """Upgrade when needed; what start-up and every command call first."""
    return upgrade(db)


def check(db: Database) -> list[str]:
    """Differences between the models and the migrated database, as readable lines.

    Empty means the migrations produce exactly what the models describe.
    """
    state = status(db)
    problems: list[str] = []
    if state.state is not SchemaState.CURRENT:
        problems.append(
            f"The schema is at {state.current or 'nothing'}, not at {state.head}: "
            "run `clinicdesk db upgrade`."
        )
        return problems
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs: list[Any] = compare_metadata(ctx, Base.metadata)
    problems.extend(_describe_diff(diff) for diff in diffs)
    return problems


def _describe_diff(diff: Any) -> str:
    if isinstance(diff, tuple) and diff:
        kind = diff[0]
        rest = ", ".join(str(getattr(x, "name", x)) for x in diff[1:] if x is not None)
        return f"{kind}: {rest}"
    if isinstance(diff, list):
        return "; ".join(_describe_diff(d) for d in diff)
    return str(diff)
