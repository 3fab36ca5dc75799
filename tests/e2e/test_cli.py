"""The command line end to end, in a child process, as an administrator or a scheduler
would use it. Every test runs against a SQLite file and a PostgreSQL schema."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from clinicdesk import __version__
from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.engine import sqlite_path
from clinicdesk.db.migrate import alembic_config
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, system_principal
from clinicdesk.errors import ConfigurationError
from clinicdesk.services import audit, auth, demo, users
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.cli import ROOT, CliResult, SignIn, run_cli, run_cli_as
from tests.helpers.databases import database_url

DEMO_ADMIN = SignIn(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The child's CLINICDESK_HOME (kept apart from the database's folder)."""
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    return result


def _failed(result: CliResult, code: int, fragment: str) -> CliResult:
    assert result.returncode == code, result
    assert fragment in result.stderr, result
    assert "Traceback" not in result.stderr, result
    return result


def _roster(home: Path, url: str, user: SignIn = ROOT) -> list[dict[str, object]]:
    rows = _ok(run_cli_as(user, home, "users", "list", "--json", "--db", url)).json()
    assert isinstance(rows, list)
    return rows


def test_version(home: Path) -> None:
    result = _ok(run_cli(home, "--version"))
    # The schema revision this program works with: Alembic's head, which an upgrade from
    # any earlier release reaches.
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert result.stdout.strip() == f"ClinicDesk {__version__} (database schema {head})"


def test_help_lists_the_commands(home: Path) -> None:
    result = _ok(run_cli(home, "--help"))
    for command in ("db", "init", "users", "audit", "demo", "self-test"):
        assert command in result.stdout


@pytest.mark.slow
def test_init_and_user_administration(home: Path, db_url: str) -> None:
    created = _ok(
        run_cli(
            home,
            "init",
            "--db",
            db_url,
            "--clinic-name",
            "Riverside Co-op",
            "--admin",
            "Root",
            "--admin-name",
            "Root Admin",
            "--password-stdin",
            stdin=f"{ADMIN_PASSWORD}\n",
        )
    )
    assert "Riverside Co-op" in created.stdout and "root" in created.stdout.lower()
    _failed(
        run_cli(
            home,
            "init",
            "--db",
            db_url,
            "--clinic-name",
            "Second",
            "--admin",
            "other",
            "--password-stdin",
            stdin="other-password-1\n",
        ),
        3,
        "already has a clinic",
    )

    added = _ok(
        run_cli_as(
            ROOT,
            home,
            "users",
            "add",
            "okafor",
            "--db",
            db_url,
            "--display-name",
            "Dr Olu Okafor",
            "--role",
            "clinician",
            "--role",
            "Front-Desk",
            "--password-stdin",
            stdin="okafor-password-1\r\n",
        )
    )
    assert added.stdout.strip() == "Added okafor (Clinician, Front desk)."
    bad_role = _failed(
        run_cli_as(
            ROOT,
            home,
            "users",
            "add",
            "someone",
            "--db",
            db_url,
            "--role",
            "doctor",
            "--password-stdin",
            stdin="someone-password-1\n",
        ),
        2,
        "Unknown role 'doctor'",
    )
    assert "admin, manager, clinician, front_desk" in bad_role.stderr

    roster = _roster(home, db_url)
    assert [(u["username"], u["roles"], u["active"]) for u in roster] == [
        ("okafor", ["clinician", "front_desk"], True),
        ("root", ["admin"], True),
    ]
    assert roster[0]["display_name"] == "Dr Olu Okafor"

    assert _ok(
        run_cli_as(ROOT, home, "users", "disable", "okafor", "--db", db_url)
    ).stdout.strip() == ("Disabled okafor.")
    assert [u["active"] for u in _roster(home, db_url)] == [False, True]
    _ok(run_cli_as(ROOT, home, "users", "enable", "okafor", "--db", db_url))
    # Signed in, the administrator meets the service's own guards, as in the window.
    _failed(
        run_cli_as(ROOT, home, "users", "disable", "root", "--db", db_url),
        2,
        "cannot disable your own account",
    )
    _failed(
        run_cli_as(ROOT, home, "users", "disable", "nobody", "--db", db_url), 2, "no user named"
    )
    _ok(
        run_cli_as(
            ROOT,
            home,
            "users",
            "set-password",
            "okafor",
            "--db",
            db_url,
            "--password-stdin",
            stdin="changed-password-2\n",
        )
    )
    plain = _ok(
        run_cli_as(ROOT, home, "--db", db_url, "users", "list")
    ).stdout  # --db before the command
    assert "okafor" in plain and "Clinician, Front desk" in plain and "active" in plain

    db = open_database(db_url)
    try:
        with db.uow() as uow:
            who = auth.sign_in(uow, "okafor", "changed-password-2")
            assert not auth.must_change_password(uow, who)  # set-password's default
        with db.uow() as uow:
            events = audit.list_events(uow, system_principal("test"), newest_first=False)
            assert audit.verify_chain(uow).ok
    finally:
        db.dispose()
    user_events = [(e.action, e.entity_id, e.actor_name) for e in events if "user." in e.action]
    assert user_events == [  # every change by the administrator who signed in
        ("user.add", "root", "root"),  # by init, as the new administrator
        ("user.add", "okafor", "root"),
        ("user.disable", "okafor", "root"),
        ("user.enable", "okafor", "root"),
        ("user.password_reset", "okafor", "root"),
    ]


@pytest.fixture
def clinic(db: Database, admin: Principal) -> Database:
    with db.uow() as uow:
        users.add_user(uow, admin, "okafor", "Dr Olu Okafor", ["clinician"], "okafor-password-1")
    return db


@pytest.mark.slow
def test_audit_verify(home: Path, clinic: Database, db_url: str) -> None:
    # The clinic's key is in this test's keyring; the command, in another process, reads a
    # copy from the file CLINICDESK_AUDIT_KEY_FILE names, as a headless server would
    # (tests/helpers/cli.py writes it).
    not_connected = "Not checked against the hub: this clinic is not connected to a federation hub."

    intact = _ok(run_cli_as(ROOT, home, "audit", "verify", "--db", db_url))
    # Three events of the clinic, then the administrator's sign-in for this command.
    assert intact.stdout.strip() == (
        "Audit trail intact: 4 events, every link verified. Sealed with the clinic's audit "
        f"key from event 1 on. {not_connected}"
    )
    report = _ok(run_cli_as(ROOT, home, "audit", "verify", "--json", "--db", db_url)).json()
    assert report == {
        "ok": True,
        "checked": 6,
        "broken_seq": None,
        "problem": "",
        "keyed_from": 1,
        "hub": not_connected,
    }

    with clinic.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET entity_id = 'mallory' WHERE seq = 3"))
    broken = run_cli_as(ROOT, home, "audit", "verify", "--db", db_url)
    assert broken.returncode == 1, broken
    assert "BROKEN at event 3" in broken.stderr and "changed" in broken.stderr
    assert broken.stdout == ""
    report = run_cli_as(ROOT, home, "audit", "verify", "--json", "--db", db_url)
    assert report.returncode == 1, report
    assert report.json()["broken_seq"] == 3
    assert report.json()["checked"] == 2
    assert "its seal does not match: its contents were changed" in report.json()["problem"]

    # Without the key the command says what is missing and what to do; it does not fall
    # back to checking (or writing) an unkeyed trail.
    no_key = run_cli_as(
        ROOT, home, "audit", "verify", "--db", db_url, env={"CLINICDESK_AUDIT_KEY_FILE": ""}
    )
    assert no_key.returncode == ConfigurationError.exit_code, no_key
    assert "sealed with the clinic's audit key from event 1" in no_key.stderr
    assert "clinicdesk audit key install" in no_key.stderr


@pytest.mark.slow
def test_db_upgrade_and_check(home: Path, db_url: str) -> None:
    head = migrate.head_revision()
    empty = run_cli(home, "db", "check", "--db", db_url)
    assert empty.returncode == 1, empty
    assert "clinicdesk db upgrade" in empty.stderr
    upgraded = _ok(run_cli(home, "db", "upgrade", "--db", db_url))
    assert upgraded.stdout.strip() == f"Upgraded the database from empty to {head}."
    again = _ok(run_cli(home, "db", "upgrade", "--db", db_url))
    assert again.stdout.strip() == f"The database is up to date (schema {head})."
    checked = _ok(run_cli(home, "db", "check", "--db", db_url))
    assert checked.stdout.strip() == f"The database schema matches the program (schema {head})."
    # An unexpected table is drift that `db check` must report.
    db = open_database(db_url, upgrade=False)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE stray (id INTEGER PRIMARY KEY)"))
    finally:
        db.dispose()
    drift = run_cli(home, "db", "check", "--db", db_url)
    assert drift.returncode == 1, drift
    assert "stray" in drift.stderr


@pytest.mark.slow
def test_backup(
    home: Path, clinic: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "clinic-backup.bin"
    target.parent.mkdir()
    result = _ok(run_cli_as(ROOT, home, "db", "backup", "--db", db_url, "--to", str(target)))
    assert str(target) in result.stdout
    assert target.stat().st_size > 0
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no partial left over
    if sqlite_path(clinic.url) is not None:
        copy = open_database(f"sqlite:///{target}", upgrade=False)
        try:
            with copy.uow() as uow:
                names = [u.username for u in users.list_users(uow, admin)]
                assert audit.verify_chain(uow).ok
        finally:
            copy.dispose()
        assert names == ["okafor", "root"]
    else:
        data = target.read_bytes()
        assert data.startswith(b"PGDMP")
        pg_restore = shutil.which("pg_restore")
        if pg_restore is not None:
            listing = subprocess.run(
                [pg_restore, "--list", str(target)], capture_output=True, text=True, check=True
            ).stdout
            assert "TABLE DATA" in listing and "app_user" in listing and "audit_event" in listing
    with clinic.uow() as uow:
        [event] = audit.list_events(uow, admin, audit.AuditFilter(action="database.backup"))
    assert event.details == f'{{"file":"{target.name}"}}'

    before = target.read_bytes()
    _failed(
        run_cli_as(ROOT, home, "db", "backup", "--db", db_url, "--to", str(target)),
        2,
        "already exists",
    )
    assert target.read_bytes() == before
    _failed(
        run_cli_as(
            ROOT, home, "db", "backup", "--db", db_url, "--to", str(tmp_path / "no" / "x.bak")
        ),
        2,
        "does not exist",
    )


def _demo_roster(home: Path, url: str, seed: int) -> list[dict[str, object]]:
    created = _ok(run_cli(home, "demo", "create", "--db", url, "--seed", str(seed)))
    assert "Demo clinic" in created.stdout and "demo-clinic-2026" in created.stdout
    return [
        {k: v for k, v in row.items() if k not in ("locked_until", "last_sign_in_at")}
        for row in _roster(home, url, DEMO_ADMIN)
    ]


@pytest.mark.slow
def test_demo_create_is_repeatable(home: Path, backend: str, db_url: str, tmp_path: Path) -> None:
    first = _demo_roster(home, db_url, 7)
    other_folder = tmp_path / "second"
    other_folder.mkdir()
    with database_url(backend, other_folder) as second_url:
        second = _demo_roster(home, second_url, 7)
    assert first == second
    assert len(first) == 8
    assert sum(1 for u in first if u["roles"] == ["clinician"]) == 4
    _failed(
        run_cli(home, "demo", "create", "--db", db_url, "--seed", "7"),
        2,
        "already holds a clinic",
    )
    assert [{k: r[k] for k in first[0]} for r in _roster(home, db_url, DEMO_ADMIN)] == first


def test_database_address_from_the_environment(home: Path, clinic: Database, db_url: str) -> None:
    result = run_cli_as(ROOT, home, "users", "list", "--json", env={"CLINICDESK_DB_URL": db_url})
    assert [u["username"] for u in _ok(result).json()] == ["okafor", "root"]
