"""The unit of work: one transaction, rolled back unless `commit()` is called.

    with db.uow() as uow:
        ...
        uow.commit()

Driver errors leave as StorageError and stale versioned rows as ConflictError, so
services and the UI only ever see known errors or bugs.

A committed unit of work tells the database's listeners which tables it wrote (after
Anki's OpChanges, but found rather than declared: every INSERT, UPDATE and DELETE on the
transaction's connection is noted, whether it came from the ORM, a Core statement or a
bulk write), so an open screen can update itself after any service call, import or sync.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, event, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause

from clinicdesk.db.engine import SQLITE_WRITE_OPTION, describe_url, translate_error
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.errors import ConflictError
from clinicdesk.i18n import _

log = logging.getLogger(__name__)

# Called after a commit with the names of the tables it wrote; on the committing thread.
ChangeListener = Callable[[frozenset[str]], None]

# Where a connection keeps the tables written in its current transaction.
_WRITTEN = "clinicdesk.written_tables"
_TEXT_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def _note_write(conn: Connection, statement: Any, *_args: Any) -> None:
    """Engine hook: remember which table a write statement touches."""
    if isinstance(statement, UpdateBase):
        table = getattr(statement, "table", None)
        name = getattr(table, "name", None)
    elif isinstance(statement, TextClause):
        match = _TEXT_WRITE.match(statement.text)
        name = match.group(1) if match else None
    else:
        return
    if name:
        conn.info.setdefault(_WRITTEN, set()).add(name)


def note_written(conn: Connection, table: str) -> None:
    """Remember a write that `before_execute` does not see: `exec_driver_sql` (the bulk
    writer in db/bulk.py) sends its statement without that event."""
    conn.info.setdefault(_WRITTEN, set()).add(table)


def _forget_written(_dbapi_connection: Any, record: Any) -> None:
    """Pool hook: a connection goes back without what its last transaction wrote (rolled
    back, or written outside a unit of work, as migrations do)."""
    record.info.pop(_WRITTEN, None)


def _take_written(session: Session) -> frozenset[str]:
    """The tables written in the session's transaction so far."""
    if not session.in_transaction():
        return frozenset()
    return frozenset(session.connection().info.pop(_WRITTEN, ()))


class UnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        engine: Engine,
        password_cost: ScryptCost,
        *,
        read_only: bool = False,
        listeners: list[ChangeListener] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._engine = engine
        self._read_only = read_only
        self._listeners = listeners if listeners is not None else []
        self._session: Session | None = None
        self._deferring = 0
        # The scrypt work factor for passwords stored in this unit of work.
        self.password_cost = password_cost

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError(_("UnitOfWork used outside its with-block"))
        return self._session

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError(_("UnitOfWork is not re-entrant"))
        session = self._session_factory()
        if self._engine.dialect.name == "sqlite" and not self._read_only:
            # Start the transaction now, holding the write lock (see engine.py).
            try:
                session.connection(execution_options={SQLITE_WRITE_OPTION: True})
            except exc.DBAPIError as error:
                session.close()
                raise translate_error(error, self._engine.url) from error
        self._session = session
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._session
        self._session = None
        if session is None:
            return
        try:
            session.rollback()
        finally:
            session.close()
        if isinstance(exc_value, exc.DBAPIError):
            if _is_stale_sqlite_snapshot(exc_value):
                raise _conflict() from exc_value
            raise translate_error(exc_value, self._engine.url) from exc_value
        if isinstance(exc_value, StaleDataError):
            raise _conflict() from exc_value

    def flush(self) -> None:
        self.session.flush()

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """Inside the block `commit()` only flushes: work made of several service calls,
        each committing its own step, becomes one transaction that the caller commits
        after the block, or that is rolled back whole if anything fails (`demo create`)."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1

    def commit(self) -> None:
        if self._deferring:
            self.session.flush()
            return
        try:
            self.session.flush()
            written = _take_written(self.session)
            self.session.commit()
        except StaleDataError as error:
            self.session.rollback()
            raise _conflict() from error
        if written:
            self._announce(written)

    def _announce(self, written: frozenset[str]) -> None:
        for listener in list(self._listeners):
            try:
                listener(written)
            except Exception:  # a screen that cannot update must not undo a commit
                log.exception("A change listener failed")


# SQLite (WAL) refuses to let a transaction write once another connection has committed
# since it began reading: the rows it read may be stale. Waiting cannot help, so this is
# a conflict to redo, not a busy database.
_SQLITE_BUSY_SNAPSHOT = 517


def _is_stale_sqlite_snapshot(error: exc.DBAPIError) -> bool:
    return getattr(error.orig, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT


def _conflict() -> ConflictError:
    return ConflictError(
        _("Someone else changed this record while you were editing it."),
        hint=_(
            "Your changes were not saved. Reopen the record to see the "
            "latest version, then make your change again."
        ),
    )


class Database:
    """An engine with its session factory, and the scrypt work factor for the passwords
    stored in it: what `app.py` builds once and hands out."""

    def __init__(self, engine: Engine, *, password_cost: ScryptCost) -> None:
        self.engine = engine
        self.url = engine.url
        self.password_cost = password_cost
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._listeners: list[ChangeListener] = []
        if not event.contains(engine, "before_execute", _note_write):
            event.listen(engine, "before_execute", _note_write)
            event.listen(engine, "checkin", _forget_written)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work. `read_only=True` for pure reads (lists, table pages): on SQLite
        it neither takes nor waits for the write lock. Anything that records an audit
        event writes, so most service calls want the default."""
        return UnitOfWork(
            self._sessions,
            self.engine,
            self.password_cost,
            read_only=read_only,
            listeners=self._listeners,
        )

    def add_change_listener(self, listener: ChangeListener) -> None:
        """`listener(tables)` runs after each commit that wrote something, on the thread
        that committed."""
        self._listeners.append(listener)

    def remove_change_listener(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


UnitOfWorkFactory = Callable[[], UnitOfWork]
