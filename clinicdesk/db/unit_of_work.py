"""The unit of work: one transaction, rolled back unless `commit()` is called.

    with db.uow() as uow:
        ...
        uow.commit()

Driver errors leave as StorageError and stale versioned rows as ConflictError, so
services and the UI only ever see known errors or bugs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clinicdesk.db.engine import SQLITE_WRITE_OPTION, describe_url, translate_error
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.errors import ConflictError


class UnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        engine: Engine,
        password_cost: ScryptCost,
        *,
        read_only: bool = False,
    ) -> None:
        self._session_factory = session_factory
        self._engine = engine
        self._read_only = read_only
        self._session: Session | None = None
        self._deferring = 0
        # The scrypt work factor for passwords stored in this unit of work.
        self.password_cost = password_cost

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("UnitOfWork is not re-entrant")
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
            self.session.commit()
        except StaleDataError as error:
            self.session.rollback()
            raise _conflict() from error


# SQLite (WAL) refuses to let a transaction write once another connection has committed
# since it began reading: the rows it read may be stale. Waiting cannot help, so this is
# a conflict to redo, not a busy database.
_SQLITE_BUSY_SNAPSHOT = 517


def _is_stale_sqlite_snapshot(error: exc.DBAPIError) -> bool:
    return getattr(error.orig, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT


def _conflict() -> ConflictError:
    return ConflictError(
        "Someone else changed this record while you were editing it.",
        hint="Your changes were not saved. Reopen the record to see the latest version, "
        "then make your change again.",
    )


class Database:
    """An engine with its session factory, and the scrypt work factor for the passwords
    stored in it: what `app.py` builds once and hands out."""

    def __init__(self, engine: Engine, *, password_cost: ScryptCost) -> None:
        self.engine = engine
        self.url = engine.url
        self.password_cost = password_cost
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work. `read_only=True` for pure reads (lists, table pages): on SQLite
        it neither takes nor waits for the write lock. Anything that records an audit
        event writes, so most service calls want the default."""
        return UnitOfWork(self._sessions, self.engine, self.password_cost, read_only=read_only)

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


UnitOfWorkFactory = Callable[[], UnitOfWork]
