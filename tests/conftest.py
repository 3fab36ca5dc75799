"""Strict, isolated tests (after qutebrowser's conftest and logfail):

- every user directory (data, config, logs, Qt settings) is a temporary folder;
- the keyring is an in-memory fake;
- an unexpected WARNING (or worse) log record fails the test; a test that expects one
  says so with the `expected_warnings` fixture;
- database tests run on a SQLite file and on PostgreSQL, each in its own file or schema;
- passwords are stored at a low scrypt cost (`password_cost`); the program's own cost is
  the strong one, which tests/integration/test_auth.py holds it to.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Principal
from clinicdesk.services import setup
from tests.helpers.databases import BACKENDS, DatabaseTemplates, database_url
from tests.helpers.keyring_backend import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.helpers.hub_fixtures"]

ADMIN_PASSWORD = "admin-password-1"
# scrypt at the smallest cost it takes: a hash in microseconds instead of a quarter second.
# Hashes carry their cost, so sign-in checks them at this cost too.
TEST_PASSWORD_COST = ScryptCost(n=2, r=1, p=1)


class _FailOnWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.allowed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(fragment in message for fragment in self.allowed):
            return
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_warning_logs() -> Iterator[_FailOnWarnings]:
    handler = _FailOnWarnings()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if handler.records:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in handler.records)
        pytest.fail(f"Unexpected warning logs:\n{lines}", pytrace=False)


@pytest.fixture
def expected_warnings(fail_on_warning_logs: _FailOnWarnings) -> list[str]:
    """Append message fragments that this test expects to be logged at WARNING or above."""
    return fail_on_warning_logs.allowed


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLINICDESK_HOME", str(home / "clinicdesk"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("CLINICDESK_DB_URL", raising=False)
    monkeypatch.delenv("CLINICDESK_AUDIT_KEY_FILE", raising=False)
    # English unless a test asks for another language, whatever this computer's locale.
    monkeypatch.setenv("CLINICDESK_LANGUAGE", "en")
    return home


@pytest.fixture
def fresh_catalogues(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The program reads catalogues compiled now from the translation sources."""
    from clinicdesk import i18n
    from tests.helpers.translations import compile_now

    compiled = compile_now(tmp_path_factory.mktemp("translations"))
    monkeypatch.setattr(i18n, "translations_dir", lambda: compiled)
    return compiled


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A test that switched the language leaves the next one in English."""
    yield
    from clinicdesk import i18n

    if i18n.language() != i18n.SOURCE_LANGUAGE:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
    qt_language = sys.modules.get("clinicdesk.ui.language")
    if qt_language is not None and qt_language.current_qt_language() != i18n.SOURCE_LANGUAGE:
        qt_language.install(i18n.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    try:
        yield fake
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    with database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def password_cost() -> ScryptCost:
    """The work factor the test databases store passwords at."""
    return TEST_PASSWORD_COST


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> DatabaseTemplates:
    return DatabaseTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def db(
    backend: str, db_url: str, password_cost: ScryptCost, database_templates: DatabaseTemplates
) -> Iterator[Database]:
    """A new, migrated clinic database (a copy of the session's template)."""
    database_templates.fill(backend, db_url)
    database = open_database(db_url, password_cost=password_cost)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def admin(db: Database) -> Principal:
    """The clinic's first administrator (password ADMIN_PASSWORD)."""
    with db.uow() as uow:
        return setup.initialise(
            uow, "Test Cooperative Clinic", "root", "Root Admin", ADMIN_PASSWORD
        )
