"""Engines for the two back-ends, and the translation of driver errors into messages a
person can act on."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from clinicdesk import paths
from clinicdesk.db.address import ENV_DB_URL as ENV_DB_URL  # re-exported: where it was
from clinicdesk.db.address import resolve_url as resolve_url
from clinicdesk.db.address import sqlite_url as sqlite_url
from clinicdesk.errors import ConfigurationError, StorageError
from clinicdesk.i18n import _

SQLITE_BUSY_TIMEOUT_MS = 10_000


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise ConfigurationError(
            _("“{url}” is not a database address ClinicDesk understands.").format(url=url),
            hint=_(
                "Use sqlite:///PATH/TO/FILE.sqlite3 or "
                "postgresql+psycopg://USER@HOST:PORT/DATABASE."
            ),
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            _("ClinicDesk works with SQLite and PostgreSQL, not {backend}.").format(
                backend=backend
            ),
            hint=_("Use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DATABASE."),
        )
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe_url(url: str | URL) -> str:
    """The address without a password, for the status bar and messages."""
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {sqlite_path(parsed) or parsed.database or '(memory)'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {parsed.username or ''}@{host}{port}/{parsed.database or ''}".replace(
        " @", " "
    )


def _is_sqlite_uri(parsed: URL) -> bool:
    """`sqlite:///file:PATH?mode=ro&uri=true`: SQLite's own URI filename form."""
    return str(parsed.query.get("uri", "")).lower() in ("true", "1", "yes", "on")


def sqlite_path(url: str | URL) -> Path | None:
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if _is_sqlite_uri(parsed):
        if not database.startswith("file:") or parsed.query.get("mode") == "memory":
            return None
        database = unquote(database.removeprefix("file:"))
        if database.startswith("//"):  # file:///PATH or file://localhost/PATH
            authority_and_path = database[2:]
            slash = authority_and_path.find("/")
            database = authority_and_path[slash:] if slash >= 0 else ""
    if database in ("", ":memory:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's own transaction handling drive BEGIN, per the SQLAlchemy docs for
    # pysqlite, so that SAVEPOINTs and serialisable reads behave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            # A read-only file cannot switch modes; reading still works.
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _private_file_creator(path: Path) -> Any:
    """A `do_connect` hook that creates a missing database file as 0600 before SQLite
    opens it: SQLite would create it with the umask's mode (readable by every account),
    and gives its -wal and -shm files the database file's mode."""

    def create_if_missing(*_args: Any) -> None:
        if path.exists():
            return
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, paths.PRIVATE_FILE_MODE)
        except OSError:
            return  # another process made it, or the folder is read-only: SQLite says so
        os.close(fd)

    return create_if_missing


# Execution option set by a writing unit of work: its transaction starts with BEGIN
# IMMEDIATE, taking the write lock up front. SQLite only waits out another writer's lock
# (busy_timeout) for a transaction whose first step takes the lock; one that read first
# and then tries to write fails at once. Readers use a plain deferred BEGIN and, in WAL
# mode, never wait for writers.
SQLITE_WRITE_OPTION = "clinicdesk_sqlite_write"


def _on_sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(SQLITE_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`. Nothing connects until first use; `check_connection` probes."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            path = path.expanduser()
            if not path.parent.exists():
                raise StorageError(
                    _("The folder for the database file does not exist: {parent}").format(
                        parent=path.parent
                    ),
                    hint=_("Create the folder or choose another location for the database."),
                )
            if not _is_sqlite_uri(parsed):
                parsed = parsed.set(database=str(path))
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": 10})
        if path is not None and parsed.query.get("mode") not in ("ro", "memory"):
            event.listen(engine, "do_connect", _private_file_creator(path))
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(
        parsed,
        echo=echo,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "ClinicDesk"},
    )


def check_connection(engine: Engine) -> None:
    """Open one connection and run a query, or raise a StorageError that says why."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            if engine.dialect.name == "sqlite":
                # Reading the schema catches "file is not a database" early.
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")
    except exc.DBAPIError as error:
        raise translate_error(error, engine.url) from error


def translate_error(error: BaseException, url: str | URL) -> StorageError:
    """A StorageError for a driver error, naming the problem and the next step."""
    text = str(getattr(error, "orig", None) or error).strip()
    lowered = text.lower()
    where = describe_url(url)
    path = sqlite_path(url)
    if "database is locked" in lowered or "database table is locked" in lowered:
        return StorageError(
            _(
                "The database is busy: another program or workstation is holding it ({where})."
            ).format(where=where),
            hint=_(
                "Wait a moment and try again. If it stays busy, close other "
                "ClinicDesk windows using this file, or move to PostgreSQL "
                "for several workstations."
            ),
        )
    if "readonly" in lowered or "read-only" in lowered or "attempt to write a readonly" in lowered:
        return StorageError(
            _("The database is read-only, so nothing can be saved ({where}).").format(where=where),
            hint=_(
                "Check that the file and its folder are writable by you, or "
                "copy the database to a writable place."
            ),
        )
    if (
        "file is not a database" in lowered
        or "malformed" in lowered
        or "not a database" in (lowered)
    ):
        return StorageError(
            _("The database file is damaged or is not a ClinicDesk database ({where}).").format(
                where=where
            ),
            hint=_(
                "Restore it from a backup (clinicdesk db backup makes one), "
                "or start with a new file."
            ),
        )
    if "disk is full" in lowered or "no space left" in lowered or "disk full" in lowered:
        return StorageError(
            _("The disk is full, so the database could not be written ({where}).").format(
                where=where
            ),
            hint=_("Free some disk space and try again. Nothing was half-written."),
        )
    if "unable to open database file" in lowered:
        location = f" at {path}" if path else ""
        return StorageError(
            _("The database file could not be opened{location}.").format(location=location),
            hint=_("Check that the folder exists and that you may read and write it."),
        )
    if "permission denied" in lowered or "row-level security policy" in lowered:
        # A database login of a ClinicDesk role (`clinicdesk db grant-login`): the server
        # enforces what the role may do.
        return StorageError(
            _("The database server refused this ({where}): {value}").format(
                where=where, value=text.splitlines()[0]
            ),
            hint=_(
                "Your database login may not do this: it holds only your "
                "roles' rights. Ask an administrator if your account needs "
                "another role."
            ),
        )
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        return StorageError(
            _("The database server refused the user name or password ({where}).").format(
                where=where
            ),
            hint=_("Check the database address in Settings or CLINICDESK_DB_URL."),
        )
    if "does not exist" in lowered and "database" in lowered:
        return StorageError(
            _("The database named in the address does not exist on the server ({where}).").format(
                where=where
            ),
            hint=_("Ask your administrator to create it, or correct the address."),
        )
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "connection failed" in lowered
        or "timeout expired" in lowered
        or "could not translate host name" in lowered
        or "name or service not known" in lowered
    ):
        return StorageError(
            _("Could not reach the database server ({where}).").format(where=where),
            hint=_(
                "Check that the server is running and that this computer is "
                "on the clinic network, then try again. The address comes "
                "from --db, CLINICDESK_DB_URL or Settings."
            ),
        )
    return StorageError(
        _("The database reported a problem ({where}): {value}").format(
            where=where, value=text.splitlines()[0] if text else error
        ),
        hint=_(
            "Try again. If it keeps happening, make a backup and contact support with the log file."
        ),
    )
