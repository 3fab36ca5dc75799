"""Real databases for tests: a SQLite file, or a private schema on the PostgreSQL server.

Every test gets its own SQLite file or its own PostgreSQL schema, dropped afterwards, so
runs and tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    return os.environ.get("CLINICDESK_TEST_PG_URL", DEFAULT_PG_URL)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    base = pg_base_url()
    schema = f"cdt_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
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
