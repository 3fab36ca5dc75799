"""The hub's storage: which database, its schema upgrades, and transactions that survive
the races several hub processes (or threads) run into.

The engine is the clinic's (`clinicdesk.db.engine.make_engine`: SQLite in WAL mode with
foreign keys, or PostgreSQL), so the same addresses and error messages apply. The schema
history is the hub's own (`clinicdesk/hub/migrations`, version table
`hub_alembic_version`).
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, exc, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from clinicdesk.db.engine import describe_url, make_engine, translate_error
from clinicdesk.errors import ConfigurationError, StorageError
from clinicdesk.hub.models import VERSION_TABLE, HubBase

log = logging.getLogger(__name__)

ENV_HUB_DB_URL = "CLINICDESK_HUB_DB_URL"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any constant will do: it only has to differ from other advisory locks on the server.
_UPGRADE_LOCK_ID = 0x0C11_41C0
_WRITE_ATTEMPTS = 10

T = TypeVar("T")


def resolve_hub_url(explicit: str | None) -> str:
    """--db, then CLINICDESK_HUB_DB_URL. There is no default: a hub's database is chosen
    on purpose, and never the clinic's CLINICDESK_DB_URL by accident."""
    url = explicit or os.environ.get(ENV_HUB_DB_URL)
    if not url:
        raise ConfigurationError(
            "Say which database the hub uses.",
            hint=f"Pass --db URL or set {ENV_HUB_DB_URL}, e.g. sqlite:///PATH/hub.sqlite3 or "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE.",
        )
    return url


class HubDatabase:
    """An engine and its sessions. `read()` for queries, `write(work)` for changes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries. Closing it ends the transaction but, unlike a
        rollback, leaves loaded objects readable."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a transaction and commit. A SQLite transaction whose snapshot went
        stale because another connection wrote first (SQLITE_BUSY_SNAPSHOT) cannot be
        waited out, only redone, so `work` is run again from the start: it must do all its
        reading inside. Unique-constraint races are `work`'s caller's to handle
        (`IntegrityError` leaves this function)."""
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            session = self._sessions()
            try:
                result = work(session)
                session.commit()
                return result
            except exc.OperationalError as error:
                if attempt == _WRITE_ATTEMPTS or not _is_retryable(error):
                    raise
            finally:
                session.close()  # rolls back whatever was not committed
            time.sleep(random.uniform(0.005, 0.02) * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def dispose(self) -> None:
        self.engine.dispose()


_SQLITE_BUSY_SNAPSHOT = 517


def _is_retryable(error: exc.OperationalError) -> bool:
    orig = error.orig
    if getattr(orig, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT:
        return True
    return "database is locked" in str(orig).lower()


def lock_change_feed(session: Session) -> None:
    """Serialise writers of the change feed until this transaction ends, so change
    sequence numbers become visible in order. Readers are not blocked. On SQLite the
    database's single writer lock already does this."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE hub_change IN EXCLUSIVE MODE"))


# --- schema -------------------------------------------------------------------------------


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@dataclass(frozen=True)
class HubSchemaStatus:
    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        return self.current == self.head


def _current_revision(conn: Connection) -> str | None:
    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def schema_status(db: HubDatabase) -> HubSchemaStatus:
    try:
        with db.engine.connect() as conn:
            return HubSchemaStatus(_current_revision(conn), head_revision())
    except exc.DBAPIError as error:
        raise translate_error(error, db.url) from error


def _refuse_unknown(current: str | None) -> None:
    if current is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except Exception:  # alembic raises several types for an unknown revision
        raise StorageError(
            f"This hub database was written by a newer ClinicDesk hub (schema {current}).",
            hint="Run the newer hub, or point this one at another database. "
            "The database was not changed.",
        ) from None


def upgrade(db: HubDatabase) -> HubSchemaStatus:
    """Bring the hub's tables to the head revision; returns the status before.

    On PostgreSQL the upgrade holds an advisory lock, so hub processes started together
    against a new database do not both try to create the tables."""
    try:
        with db.engine.begin() as conn:
            if db.is_postgresql:
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _UPGRADE_LOCK_ID})
            current = _current_revision(conn)
            _refuse_unknown(current)
            before = HubSchemaStatus(current, head_revision())
            if not before.is_current:
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                log.info("Upgraded the hub database from %s to %s", current, before.head)
            return before
    except exc.DBAPIError as error:
        problem = translate_error(error, db.url)
        raise StorageError(
            f"The hub database could not be prepared: {problem.message}", hint=problem.hint
        ) from error


def schema_differences(db: HubDatabase) -> list[str]:
    """What differs between the models and the migrated tables; empty when they match."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "version_table": VERSION_TABLE,
                "include_name": _only_hub_tables,
            },
        )
        return [repr(diff) for diff in compare_metadata(context, HubBase.metadata)]


def _only_hub_tables(name: str | None, type_: str, _parent: object) -> bool:
    return type_ != "table" or bool(name and name.startswith("hub_"))


def table_names(db: HubDatabase) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def open_hub_database(url: str | None, *, upgrade_schema: bool = True) -> HubDatabase:
    """The hub's database at `url` (or CLINICDESK_HUB_DB_URL), upgraded to head."""
    db = HubDatabase(make_engine(resolve_hub_url(url)))
    if upgrade_schema:
        try:
            upgrade(db)
        except BaseException:
            db.dispose()
            raise
    return db
