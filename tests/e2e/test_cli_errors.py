"""The command line facing bad addresses, unusable databases and bad input: a message a
person can act on, the documented exit code, no traceback, and the data left alone."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clinicdesk.app import open_database
from clinicdesk.services import setup
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.cli import CliResult, run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    """A migrated SQLite clinic in its own folder, closed (no -wal or -shm left)."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "clinic.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.uow() as uow:
            setup.initialise(uow, "CLI Clinic", "root", "Root", ADMIN_PASSWORD)
    finally:
        db.dispose()
    assert sorted(p.name for p in folder.iterdir()) == ["clinic.sqlite3"]
    return path


def _refused(result: CliResult, code: int, *fragments: str) -> None:
    assert result.returncode == code, result
    for fragment in fragments:
        assert fragment in result.stderr, result
    assert "Traceback" not in result.stderr, result
    assert result.stdout == "", result


def _usernames(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT username FROM app_user ORDER BY username")]
    finally:
        conn.close()


# --- addresses and servers -------------------------------------------------------------------


def test_unknown_scheme(home: Path) -> None:
    result = run_cli(home, "users", "list", "--db", "foo://host/clinic")
    _refused(result, 6, "ClinicDesk works with SQLite and PostgreSQL, not foo", "sqlite:///")


def test_unreachable_postgresql_server(home: Path) -> None:
    result = run_cli(home, "users", "list", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/x")
    _refused(result, 5, "Could not reach the database server", "127.0.0.1:1", "CLINICDESK_DB_URL")


def test_missing_folder(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "clinic.sqlite3"
    result = run_cli(home, "db", "upgrade", "--db", f"sqlite:///{missing}")
    _refused(result, 5, "folder for the database file does not exist", str(missing.parent))
    assert not missing.parent.exists()


def test_default_database_in_the_data_folder(home: Path) -> None:
    """Without --db, CLINICDESK_DB_URL or a setting, the file in the data folder is used."""
    result = run_cli(home, "db", "upgrade")
    assert result.returncode == 0, result
    assert (home / "data" / "clinicdesk.sqlite3").is_file()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b'{"database_url": "sqlite:///x.sqlite3",', "not valid JSON"),
        (b'["sqlite:///x.sqlite3"]', "one JSON object"),
        (b'{"database_url": 42}', "“database_url” must be text"),
        (bytes(range(128, 256)), "is not text"),
    ],
)
def test_damaged_settings_file_is_refused_not_replaced_by_the_default_database(
    home: Path, content: bytes, what: str
) -> None:
    """A settings file that named another database must never quietly give way to the
    embedded one: the command says which file and what is wrong, and opens nothing."""
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_bytes(content)
    result = run_cli(home, "db", "upgrade")
    _refused(result, 6, str(settings), what, "move it aside")
    assert not (home / "data" / "clinicdesk.sqlite3").exists()
    assert settings.read_bytes() == content


# --- damaged, read-only -----------------------------------------------------------------------


def test_damaged_file(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    result = run_cli(home, "users", "list", "--db", f"sqlite:///{path}")
    _refused(result, 5, "damaged", "backup")
    assert path.read_bytes() == garbage


def _drop_file_permission_override() -> Callable[[], None] | None:
    """Root ignores file permissions. For the child, drop the capabilities that let it
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) so that 0444/0555 mean what they say."""
    if os.geteuid() != 0:
        return None
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and dropping capabilities needs Linux")
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return drop


@pytest.fixture
def read_only(clinic_file: Path) -> Iterator[Callable[..., CliResult]]:
    """Make the file and its folder read-only; yields run_cli for a child that really
    cannot write them (even when the tests run as root)."""
    preexec = _drop_file_permission_override()
    folder = clinic_file.parent
    clinic_file.chmod(0o444)
    folder.chmod(0o555)

    def run(home: Path, *args: str, stdin: str | None = None) -> CliResult:
        return run_cli(home, *args, stdin=stdin, preexec_fn=preexec)

    try:
        yield run
    finally:
        folder.chmod(0o755)
        clinic_file.chmod(0o644)


def test_read_only_file_and_folder(
    home: Path, clinic_file: Path, read_only: Callable[..., CliResult]
) -> None:
    before = clinic_file.read_bytes()
    url = f"sqlite:///{clinic_file}"
    result = read_only(
        home,
        "users",
        "add",
        "bob",
        "--role",
        "front_desk",
        "--db",
        url,
        "--password-stdin",
        stdin="bob-password-1\n",
    )
    _refused(result, 5, "read-only", str(clinic_file), "writable")
    assert clinic_file.read_bytes() == before
    assert sorted(p.name for p in clinic_file.parent.iterdir()) == ["clinic.sqlite3"]
    assert stat.S_IMODE(clinic_file.stat().st_mode) == 0o444
    # Reading needs SQLite's side files, which a read-only folder cannot hold: same message.
    _refused(read_only(home, "users", "list", "--db", url), 5, "read-only")
    assert _usernames(clinic_file) == ["root"]


def test_read_only_file_in_a_writable_folder_can_still_be_read(
    home: Path, clinic_file: Path, read_only: Callable[..., CliResult]
) -> None:
    clinic_file.parent.chmod(0o755)
    url = f"sqlite:///{clinic_file}"
    listed = read_only(home, "users", "list", "--json", "--db", url)
    assert listed.returncode == 0, listed
    assert [u["username"] for u in listed.json()] == ["root"]
    result = read_only(
        home,
        "users",
        "add",
        "bob",
        "--role",
        "front_desk",
        "--db",
        url,
        "--password-stdin",
        stdin="bob-password-1\n",
    )
    _refused(result, 5, "read-only")
    assert _usernames(clinic_file) == ["root"]


# --- bad input --------------------------------------------------------------------------------


def test_no_password_on_standard_input(home: Path, clinic_file: Path) -> None:
    url = f"sqlite:///{clinic_file}"
    result = run_cli(
        home, "users", "add", "bob", "--role", "admin", "--db", url, "--password-stdin", stdin=""
    )
    _refused(result, 2, "No password arrived on standard input")
    result = run_cli(home, "users", "add", "bob", "--role", "admin", "--db", url)
    _refused(result, 2, "No terminal to ask for a password", "--password-stdin")
    assert _usernames(clinic_file) == ["root"]


def test_usage_errors_are_exit_2(home: Path) -> None:
    for args, fragment in [
        (("users",), "required"),
        (("users", "add", "bob"), "--role"),
        (("demo", "create", "--seed", "many"), "invalid int value"),
    ]:
        result = run_cli(home, *args)
        assert result.returncode == 2, result
        assert fragment in result.stderr, result


def test_a_bug_is_reported_as_a_bug(home: Path, clinic_file: Path) -> None:
    """Damaged data that no check expected: a traceback and exit code 70, not 1 (which
    `audit verify` uses for a broken trail)."""
    conn = sqlite3.connect(clinic_file)
    with conn:
        conn.execute("UPDATE app_user SET roles = 'admin,wizard'")
    conn.close()
    result = run_cli(home, "users", "list", "--db", f"sqlite:///{clinic_file}")
    assert result.returncode == 70, result
    assert "Traceback" in result.stderr and "'wizard' is not a valid Role" in result.stderr
    assert "This is a bug in ClinicDesk" in result.stderr
