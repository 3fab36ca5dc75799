"""Schema upgrades with Alembic, shipped inside the package.

`upgrade()` takes a copy of a SQLite file before touching it and puts the copy back if
the upgrade fails; PostgreSQL upgrades run in one transaction (its DDL is transactional).
"""

from __future__ import annotations

import enum
import glob
import logging
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, exc, insert, inspect, text

from clinicdesk import paths
from clinicdesk.db import glance
from clinicdesk.db.engine import sqlite_path, translate_error
from clinicdesk.db.models import AuditHead, Base
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.audit import GENESIS_HASH
from clinicdesk.errors import StorageError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The revision the models in db/models.py describe (db/glance.py, where the first frame
# reads it too). While the shipped head equals it, a new empty database is built straight
# from the models and stamped, and a current one is recognised, without importing
# Alembic: that import is a fifth of start-up.
MODELS_REVISION = glance.MODELS_REVISION

_REVISION_LINE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_LINE = re.compile(r"^down_revision\s*=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision shipped, read from the version files' `revision` and
    `down_revision` lines; Alembic decides when that is not a simple line of revisions."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for source in (MIGRATIONS_DIR / "versions").glob("*.py"):
        body = source.read_text(encoding="utf-8")
        rev, down = _REVISION_LINE.search(body), _DOWN_LINE.search(body)
        if rev is None or down is None:
            return _alembic_head()
        revisions.add(rev.group(1))
        if down.group(2):
            parents.add(down.group(2))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise StorageError(
            _("This database records several schema versions at once."),
            hint=_("It was changed by hand or by another program; restore it from a backup."),
        )
    return rows[0] if rows else None


def _status_on(conn: Connection) -> SchemaStatus:
    head = head_revision()
    current = _current_revision(conn)
    if current is None:
        tables = set(inspect(conn).get_table_names())
        state = SchemaState.FOREIGN if tables - {"alembic_version"} else SchemaState.EMPTY
        return SchemaStatus(state, None, head)
    if current == head:
        return SchemaStatus(SchemaState.CURRENT, current, head)
    from alembic.script import ScriptDirectory

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
            _(
                "This database was written by a newer version of ClinicDesk "
                "(schema {current}; this program knows up to {head})."
            ).format(current=state.current, head=state.head),
            hint=_("Install the newer ClinicDesk on this computer. The database was not changed."),
        )
    if state.state is SchemaState.FOREIGN:
        raise StorageError(
            _("This database holds tables that are not ClinicDesk's."),
            hint=_(
                "Point ClinicDesk at an empty database or at a ClinicDesk "
                "database. Nothing was changed."
            ),
        )


def _run_upgrade(db: Database, target: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def _create_fresh(db: Database) -> None:
    """A new database straight from the models, stamped at their revision, in one
    transaction: what running every migration from empty produces (the migration tests
    prove the two agree), without importing Alembic."""
    with db.engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(insert(AuditHead).values(id=1, last_seq=0, last_hash=GENESIS_HASH))
        conn.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:rev)"),
            {"rev": MODELS_REVISION},
        )


def backup_sqlite_file(source: Path, destination: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API)."""
    # A proper file: URI, so that "#", "?" or "%" in a folder name stay part of the path.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        paths.create_private_file(destination)  # a copy of patient data: 0600
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
            # One self-contained file (no -wal/-shm), readable even from read-only media.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def upgrade(db: Database, *, target: str = "head", via_migrations: bool = False) -> SchemaStatus:
    """Bring the schema to `target`. Returns the status before the upgrade.

    A SQLite file that already holds data is copied aside first (`copy_aside`) and
    restored if the upgrade fails.
    An empty database is built from the models (see `_create_fresh`) unless
    `via_migrations` asks for every migration to run.
    """
    before = status(db)
    _refuse(before)
    if before.state is SchemaState.CURRENT:
        return before
    fresh = (
        before.state is SchemaState.EMPTY
        and not via_migrations
        and target == "head"
        and before.head == MODELS_REVISION
    )
    if fresh:
        try:
            _create_fresh(db)
        except exc.DBAPIError as error:
            raise translate_error(error, db.url) from error
        return before
    path = sqlite_path(db.url)
    copy: Path | None = None
    if path is not None and before.state is SchemaState.BEHIND:
        copy = copy_aside(path)
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
                _("The database could not be upgraded: {message}").format(message=problem.message),
                hint=(problem.hint or "") + " The database was left as it was before the upgrade.",
            ) from error
        raise
    return before


# How many before-upgrade copies of a database are kept beside it (the newest).
KEEP_COPIES = 5


def copy_aside(path: Path) -> Path:
    """A copy of the SQLite file beside it, `NAME.before-upgrade-YYYYmmdd-HHMMSS.sqlite3`,
    made before an upgrade. It is written under a hidden partial name and renamed when
    complete, so a failure (a full disk) leaves no empty or half copy that could later be
    taken for a good one; then only the newest KEEP_COPIES copies are kept."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    partial = path.with_name(f".{copy.name}.partial")
    try:
        backup_sqlite_file(path, partial)
        partial.replace(copy)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _("Could not copy the database aside before upgrading it: {error}").format(error=error),
            hint=_(
                "Free disk space or check permissions on the database "
                "folder, then start ClinicDesk again. The database was not "
                "changed."
            ),
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("Copied %s to %s before upgrading", path, copy)
    prune_copies(path)
    return copy


def prune_copies(path: Path, keep: int = KEEP_COPIES) -> list[Path]:
    """Delete all but the newest `keep` before-upgrade copies of `path` (their names sort
    by time), and partial copies a killed program left; returns what was deleted."""
    copies = sorted(path.parent.glob(f"{glob.escape(path.stem)}.before-upgrade-*{path.suffix}"))
    stale = copies[:-keep] if keep > 0 else copies
    stale += path.parent.glob(f".{glob.escape(path.stem)}.before-upgrade-*.partial")
    removed: list[Path] = []
    for old in stale:
        try:
            old.unlink()
        except OSError as error:  # a copy someone opened or protected stays; say so
            log.info("Could not delete the old copy %s: %s", old, error.strerror or error)
            continue
        removed.append(old)
    return removed


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
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

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
