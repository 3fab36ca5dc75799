"""Every release's clinic, upgraded by this one: tests/fixtures/upgrade/RELEASE/ holds a
demo clinic made by that release (SQLite file and PostgreSQL dump, with its row counts;
make_fixture.py says how). Opening it brings the schema to this program's head with the
data intact: every row still there, the migrations and models in agreement, the audit
chain unbroken, the staff able to sign in."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.glance import MODELS_REVISION
from clinicdesk.db.unit_of_work import Database
from clinicdesk.services import audit, auth
from clinicdesk.services.demo import DEMO_PASSWORD
from tests.helpers.databases import _admin_connection, _libpq, _schema_url, pg_base_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
RELEASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())


def _expected(release: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / release / "expected.json").read_text(encoding="utf-8")))


def _check_upgraded(db: Database, expected: dict[str, Any]) -> None:
    assert migrate.check(db) == []
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            MODELS_REVISION
        )
        for table, count in expected["row_counts"].items():
            assert conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one() == count, (
                table
            )
    with db.uow(read_only=True) as uow:
        verdict = audit.verify_chain(uow)
    assert verdict.ok, verdict.message
    with db.uow() as uow:
        manager = auth.sign_in(uow, "manager", DEMO_PASSWORD)
    assert manager.username == "manager"


def test_there_is_a_fixture_of_this_release() -> None:
    from clinicdesk import __version__

    assert __version__ in RELEASES


@pytest.mark.parametrize("release", RELEASES)
def test_a_sqlite_clinic_of_an_earlier_release_upgrades_with_its_data(
    release: str, tmp_path: Path
) -> None:
    expected = _expected(release)
    path = tmp_path / "clinic.sqlite3"
    shutil.copy(FIXTURES / release / "clinic.sqlite3", path)
    db = open_database(f"sqlite:///{path}")
    try:
        _check_upgraded(db, expected)
    finally:
        db.dispose()


@pytest.mark.parametrize("release", RELEASES)
def test_a_postgresql_clinic_of_an_earlier_release_upgrades_with_its_data(release: str) -> None:
    expected = _expected(release)
    schema = f"cdt_up_{uuid.uuid4().hex[:12]}"
    dump = (FIXTURES / release / "clinic.postgresql.sql").read_text(encoding="utf-8")
    # The dump names its schema; restore it under a schema of this test's own.
    dump = dump.replace(expected["pg_schema"], schema)
    try:
        subprocess.run(
            ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", _libpq(pg_base_url())],
            input=dump,
            text=True,
            capture_output=True,
            check=True,
            timeout=300,
        )
        db = open_database(_schema_url(pg_base_url(), schema))
        try:
            _check_upgraded(db, expected)
        finally:
            db.dispose()
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_the_fixture_is_at_the_schema_its_release_shipped() -> None:
    """A fixture is never remade: its file stays at the revision recorded with it."""
    for release in RELEASES:
        path = FIXTURES / release / "clinic.sqlite3"
        with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as conn:
            (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision == _expected(release)["schema_revision"]
