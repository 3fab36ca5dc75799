"""The glance at a SQLite clinic that lets the sign-in dialog come first (db/glance.py):
it names an ordinary clinic, and leaves every other database to the full start-up."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from clinicdesk.app import open_database
from clinicdesk.db import glance, migrate
from clinicdesk.db.glance import ClinicGlance, glance_sqlite
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Principal
from clinicdesk.services import setup
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.databases import DatabaseTemplates


def test_the_known_revision_is_alembics_head():
    """The glance recognises a current schema without Alembic: its revision must be the
    one the shipped migrations end at, or a newer program's database would look current."""
    assert migrate._alembic_head() == glance.MODELS_REVISION
    assert migrate.MODELS_REVISION == glance.MODELS_REVISION


def test_an_ordinary_clinic_is_named_and_nothing_else_is_on_postgresql(
    backend: str, db_url: str, db: Database, admin: Principal
):
    seen = glance_sqlite(db_url)
    if backend == "postgresql":
        assert seen is None  # the full start-up path serves a server
        return
    path = Path(db_url.removeprefix("sqlite:///"))
    assert seen == ClinicGlance(path, "Test Cooperative Clinic")
    # The write probe was rolled back: the audit chain is as it was.
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT last_seq FROM audit_head")).scalar_one() >= 1


@pytest.fixture
def clinic(
    tmp_path: Path, password_cost: ScryptCost, database_templates: DatabaseTemplates
) -> Iterator[Path]:
    """A SQLite clinic with its administrator: the glance reads files only."""
    path = tmp_path / "clinic.sqlite3"
    database_templates.fill("sqlite", f"sqlite:///{path}")
    database = open_database(f"sqlite:///{path}", password_cost=password_cost)
    try:
        with database.uow() as uow:
            setup.initialise(uow, "Test Cooperative Clinic", "root", "Root Admin", ADMIN_PASSWORD)
    finally:
        database.dispose()
    yield path


def _set_revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_an_older_or_newer_schema_is_left_to_the_full_start(clinic: Path):
    _set_revision(clinic, "0008")
    assert glance_sqlite(f"sqlite:///{clinic}") is None
    _set_revision(clinic, "ffff9999newer")
    assert glance_sqlite(f"sqlite:///{clinic}") is None


def test_a_clinic_without_users_is_left_to_the_first_run(clinic: Path):
    with sqlite3.connect(clinic) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM app_user")
    assert glance_sqlite(f"sqlite:///{clinic}") is None


def test_missing_empty_foreign_and_damaged_files_are_left_to_the_full_start(tmp_path: Path):
    missing = tmp_path / "missing.sqlite3"
    assert glance_sqlite(f"sqlite:///{missing}") is None
    assert not missing.exists()  # looked at, never made

    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert glance_sqlite(f"sqlite:///{empty}") is None

    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    assert glance_sqlite(f"sqlite:///{foreign}") is None

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database, just some bytes" * 200)
    assert glance_sqlite(f"sqlite:///{damaged}") is None


def test_a_file_another_program_is_writing_is_left_to_the_full_start(clinic: Path):
    """The full start waits for the lock and says so; the glance does not wait."""
    holder = sqlite3.connect(clinic, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert glance_sqlite(f"sqlite:///{clinic}") is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert glance_sqlite(f"sqlite:///{clinic}") is not None


def test_unusual_addresses_are_left_to_the_full_start(clinic: Path):
    for url in (
        f"sqlite:///file:{clinic}?mode=ro&uri=true",
        f"sqlite:///{clinic}?timeout=5",
        "sqlite:///:memory:",
        "sqlite://",
        "postgresql+psycopg://postgres@127.0.0.1:9/nothing",
    ):
        assert glance_sqlite(url) is None, url


def test_a_glanced_clinic_opens_as_current(clinic: Path):
    """What the glance calls ordinary, the full path agrees is current."""
    url = f"sqlite:///{clinic}"
    assert glance_sqlite(url) is not None
    db = open_database(url, upgrade=False)
    try:
        assert migrate.status(db).state is migrate.SchemaState.CURRENT
    finally:
        db.dispose()
