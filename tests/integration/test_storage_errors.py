"""Bad addresses and unusable databases give a StorageError or ConfigurationError that
says what is wrong, and never change the data (in-process; tests/e2e/test_cli_errors.py
does the same through the command line)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinicdesk.app import open_database
from clinicdesk.db import engine as db_engine
from clinicdesk.db.engine import describe_url, make_engine, parse_url, resolve_url, sqlite_path
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Role, system_principal
from clinicdesk.errors import ConfigurationError, StorageError
from clinicdesk.local_settings import LocalSettings, save_local_settings
from clinicdesk.services import audit, auth, setup, users
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.databases import pg_base_url

SYSTEM = system_principal("test")


@pytest.fixture
def sqlite_clinic(tmp_path: Path) -> Path:
    """A migrated SQLite clinic with its administrator, closed again."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Storage Clinic", "root", "Root", ADMIN_PASSWORD)
    finally:
        db.dispose()
    return path


def _usernames(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT username FROM app_user ORDER BY username")]
    finally:
        conn.close()


def _add_bob(db: Database) -> None:
    with db.uow() as uow:
        users.add_user(uow, SYSTEM, "bob", "Bob", [Role.FRONT_DESK], "bob-password-1")


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("foo://somewhere/db", "not foo"),
        ("mysql://user@host/db", "not mysql"),
        ("not a database address", "is not a database address"),
        ("://", "is not a database address"),
    ],
)
def test_unknown_addresses_are_a_configuration_error(url: str, fragment: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        open_database(url)
    assert fragment in info.value.message
    assert "sqlite:///" in (info.value.hint or "")
    assert info.value.exit_code == 6


def test_postgresql_addresses_use_psycopg() -> None:
    for url in ("postgresql://u@h/db", "postgresql+psycopg2://u@h/db"):
        engine = make_engine(url)  # connects only when used
        try:
            assert engine.dialect.driver == "psycopg", url
        finally:
            engine.dispose()


def test_the_address_comes_from_flag_then_environment_then_settings_then_default(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    default = resolve_url()
    assert default.startswith("sqlite:///") and str(isolated_home) in default
    save_local_settings(LocalSettings(database_url="sqlite:////from/settings.sqlite3"))
    assert resolve_url() == "sqlite:////from/settings.sqlite3"
    monkeypatch.setenv("CLINICDESK_DB_URL", "sqlite:////from/env.sqlite3")
    assert resolve_url() == "sqlite:////from/env.sqlite3"
    assert resolve_url("sqlite:////from/flag.sqlite3") == "sqlite:////from/flag.sqlite3"


def test_descriptions_never_show_a_password() -> None:
    text = describe_url("postgresql+psycopg://clerk:s3cret@db.clinic.lan:5433/coop")
    assert text == "PostgreSQL clerk@db.clinic.lan:5433/coop"
    assert "s3cret" not in text


def test_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    with pytest.raises(StorageError) as info:
        open_database(f"sqlite:///{folder / 'clinic.sqlite3'}")
    assert "folder for the database file does not exist" in info.value.message
    assert str(folder) in info.value.message
    assert not (tmp_path / "no").exists()


# --- damaged files ----------------------------------------------------------------------------


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    content = b"These are my notes, not a database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(StorageError) as info:
        open_database(f"sqlite:///{path}")
    assert "damaged" in info.value.message
    assert "backup" in (info.value.hint or "")
    assert path.read_bytes() == content


def test_a_truncated_database(sqlite_clinic: Path) -> None:
    data = sqlite_clinic.read_bytes()
    assert len(data) > 3 * 4096
    sqlite_clinic.write_bytes(data[:4096] + b"\xde\xad" * 2048)
    with pytest.raises(StorageError, match="damaged"):
        db = open_database(f"sqlite:///{sqlite_clinic}")
        try:  # the damage may only show when the data is read
            with db.uow() as uow:
                users.list_users(uow, SYSTEM)
        finally:
            db.dispose()


# --- servers ------------------------------------------------------------------------------------


def test_unreachable_postgresql_server() -> None:
    with pytest.raises(StorageError) as info:
        open_database("postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert "Could not reach the database server" in info.value.message
    assert "127.0.0.1:1" in info.value.message
    assert info.value.exit_code == 5


def test_missing_postgresql_database() -> None:
    base = parse_url(pg_base_url())
    url = base.set(database="clinicdesk_no_such_db").render_as_string(hide_password=False)
    with pytest.raises(StorageError, match="does not exist on the server"):
        open_database(url)


# --- read-only and busy ---------------------------------------------------------------------


def test_read_only_database_reads_but_refuses_writes(sqlite_clinic: Path) -> None:
    """SQLite's own read-only mode: the same refusal a read-only file or folder gives
    (tests/e2e/test_cli_errors.py does that with real file permissions)."""
    url = f"sqlite:///file:{sqlite_clinic}?mode=ro&uri=true"
    assert sqlite_path(url) == sqlite_clinic
    before = sqlite_clinic.read_bytes()
    db = open_database(url)
    try:
        assert db.description == f"SQLite {sqlite_clinic}"
        with db.uow() as uow:
            assert [u.username for u in users.list_users(uow, SYSTEM)] == ["root"]
        with pytest.raises(StorageError) as info:
            _add_bob(db)
        assert "read-only" in info.value.message
        assert "writable" in (info.value.hint or "")
        # A failed sign-in is recorded by writing too: refused the same way.
        with pytest.raises(StorageError, match="read-only"), db.uow() as uow:
            auth.sign_in(uow, "root", "wrong-password")
    finally:
        db.dispose()
    assert sqlite_clinic.read_bytes() == before
    assert _usernames(sqlite_clinic) == ["root"]


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def exclusive_lock(sqlite_clinic: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock on the file."""
    other = sqlite3.connect(sqlite_clinic, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE clinic SET name = name")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_busy_database(
    sqlite_clinic: Path, short_busy_timeout: None, exclusive_lock: sqlite3.Connection
) -> None:
    db = open_database(f"sqlite:///{sqlite_clinic}")
    try:
        with db.uow(read_only=True) as uow:  # reading still works while another writes
            assert [u.username for u in users.list_users(uow, SYSTEM)] == ["root"]
        with pytest.raises(StorageError) as info:
            _add_bob(db)
        assert "busy" in info.value.message
        assert "try again" in (info.value.hint or "")
        exclusive_lock.execute("ROLLBACK")
        exclusive_lock.execute("BEGIN")  # so the fixture's ROLLBACK has something to end
        _add_bob(db)  # once the other program lets go, the same call works
    finally:
        db.dispose()
    assert _usernames(sqlite_clinic) == ["bob", "root"]


def _hold_write_lock_briefly(
    path: Path, seconds: float
) -> tuple[sqlite3.Connection, threading.Timer]:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other, threading.Timer(seconds, lambda: other.execute("COMMIT"))


def test_a_short_lock_is_waited_out_by_a_write_first_transaction(sqlite_clinic: Path) -> None:
    other, release = _hold_write_lock_briefly(sqlite_clinic, 0.3)
    db = open_database(f"sqlite:///{sqlite_clinic}")
    try:
        release.start()
        with db.uow() as uow:
            audit.record(uow, None, "test.waited", "thing")
            uow.commit()
    finally:
        release.join()
        other.close()
        db.dispose()
    with db.uow() as uow:
        assert audit.verify_chain(uow).ok


def test_a_short_lock_is_waited_out_by_a_read_then_write_service(sqlite_clinic: Path) -> None:
    other, release = _hold_write_lock_briefly(sqlite_clinic, 0.3)
    db = open_database(f"sqlite:///{sqlite_clinic}")
    try:
        release.start()
        _add_bob(db)
    finally:
        release.join()
        other.close()
        db.dispose()
    assert _usernames(sqlite_clinic) == ["bob", "root"]
