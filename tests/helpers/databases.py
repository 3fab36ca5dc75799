"""Real databases for tests: a SQLite file, or a private schema on the PostgreSQL server.

Every test gets its own SQLite file or its own PostgreSQL schema, dropped afterwards, so
runs, tests and parallel workers never see each other's data.

A migrated clinic database is made once per session and back-end (`DatabaseTemplates`)
and every test's database starts as a copy of it: the file is copied, or the statements
that made the PostgreSQL schema are replayed into the test's schema. The migration tests
still build theirs from empty.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url

from clinicdesk.app import open_database
from clinicdesk.db.engine import sqlite_path

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    return os.environ.get("CLINICDESK_TEST_PG_URL", DEFAULT_PG_URL)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


def _admin_connection() -> psycopg.Connection[Any]:
    """A connection for making and dropping schemas. Nothing here needs to survive a
    crash of the server, so its commits do not wait for the disk."""
    conn = psycopg.connect(_libpq(pg_base_url()), autocommit=True)
    conn.execute("SET synchronous_commit = off")
    return conn


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    schema = f"cdt_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _schema_url(pg_base_url(), schema)
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    elif backend == "postgresql":
        with pg_schema_url() as url:
            yield url
    else:
        raise ValueError(backend)


@dataclass(frozen=True)
class _Statement:
    sql: str
    parameters: Any
    many: bool


class DatabaseTemplates:
    """Empty, migrated clinic databases, made once (per back-end, lazily) the way the
    program makes a new one (`open_database`), then copied into each test's database."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._pg_statements: list[_Statement] | None = None

    def fill(self, backend: str, url: str) -> None:
        """Make the empty database at `url` a copy of the template."""
        if backend == "sqlite":
            target = sqlite_path(url)
            assert target is not None and not target.exists(), url
            shutil.copyfile(self._sqlite_template(), target)
        elif backend == "postgresql":
            self._replay(url)
        else:
            raise ValueError(backend)

    def _sqlite_template(self) -> Path:
        if self._sqlite is None:
            path = self._folder / "template.sqlite3"
            open_database(f"sqlite:///{path}").dispose()
            # closing the last connection folds the write-ahead log into the file
            assert not Path(f"{path}-wal").exists()
            self._sqlite = path
        return self._sqlite

    def _pg_template(self) -> list[_Statement]:
        """The statements `open_database` sends to make a new schema, recorded once on a
        schema of its own (reads, such as the schema checks, left out)."""
        if self._pg_statements is None:
            recorded: list[_Statement] = []
            with pg_schema_url() as url:

                def record(
                    conn: Connection, _cursor: Any, sql: str, parameters: Any, _ctx: Any, many: bool
                ) -> None:
                    if conn.engine.url != make_url(url):
                        return
                    if not sql.lstrip().upper().startswith(("SELECT", "SHOW")):
                        recorded.append(_Statement(sql, parameters, many))

                event.listen(Engine, "before_cursor_execute", record)
                try:
                    open_database(url).dispose()
                finally:
                    event.remove(Engine, "before_cursor_execute", record)
            assert recorded, "open_database made a PostgreSQL schema without a statement"
            self._pg_statements = recorded
        return self._pg_statements

    def _replay(self, url: str) -> None:
        """The recorded statements in their order, in one transaction; statements without
        parameters that follow each other go in one round trip."""
        with psycopg.connect(_libpq(url)) as conn, conn.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            script: list[str] = []
            for statement in self._pg_template():
                if not statement.parameters:
                    script.append(statement.sql)
                    continue
                if script:
                    cursor.execute(";\n".join(script))
                    script = []
                if statement.many:
                    cursor.executemany(statement.sql, statement.parameters)
                else:
                    cursor.execute(statement.sql, statement.parameters)
            if script:
                cursor.execute(";\n".join(script))
