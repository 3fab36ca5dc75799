"""The command line acts for a named ClinicDesk user (issue 12, "Roles on a shared
PostgreSQL"): a signed-in clinician meets the services' role guards and the audit trail
names them; on PostgreSQL the OS user name grants nothing; a scheduled run's token opens
only its scope and stops working when revoked or expired. Every test runs the real
command in a child process against a SQLite file and a PostgreSQL schema."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.models import UserToken, utcnow
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.federation.credentials import ENV_API_KEY
from clinicdesk.services import audit, federation_link, tokens, users
from tests.helpers import old_schema
from tests.helpers.cli import ROOT, CliResult, SignIn, run_cli, run_cli_as
from tests.helpers.hub import HubProcess
from tests.helpers.hub_fixtures import Member
from tests.helpers.keyring_backend import MemoryKeyring

OKAFOR = SignIn("okafor", "okafor-password-1")
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


@pytest.fixture
def clinic(db: Database, admin: Principal) -> Database:
    """Root (administrator) and okafor (clinician)."""
    with db.uow() as uow:
        users.add_user(
            uow,
            admin,
            OKAFOR.username,
            "Dr Olu Okafor",
            [Role.CLINICIAN],
            OKAFOR.password,
            must_change_password=False,
        )
    return db


def _refused(result: CliResult, code: int, *fragments: str) -> CliResult:
    assert result.returncode == code, result
    for fragment in fragments:
        assert fragment in result.stderr, result
    assert "Traceback" not in result.stderr, result
    return result


def _usernames(db: Database) -> list[str]:
    with db.uow(read_only=True) as uow:
        return [u.username for u in users.list_users(uow, system_principal("test"))]


def _events(db: Database, action: str) -> list[tuple[str, str]]:
    with db.uow(read_only=True) as uow:
        rows = audit.list_events(
            uow, system_principal("test"), audit.AuditFilter(action=action), newest_first=False
        )
    return [(e.actor_name, e.entity_id) for e in rows]


def _nothing_queued(db: Database) -> bool:
    """No revenue month and no message for the hub but the day's policy counts (which
    any sync queues): a refused submit left no trace."""
    with db.engine.connect() as conn:
        months = conn.execute(text("SELECT count(*) FROM revenue_period")).scalar_one()
        queued = conn.execute(
            text("SELECT count(*) FROM outbox_message WHERE kind <> 'policy_counts'")
        ).scalar_one()
    return months == 0 and queued == 0


@pytest.mark.slow
def test_a_signed_in_clinician_meets_the_role_guards_and_is_audited(
    home: Path, clinic: Database, db_url: str
) -> None:
    submit = run_cli_as(OKAFOR, home, "revenue", "submit", "--period", "2026-10", "--db", db_url)
    _refused(submit, 4, "Dr Olu Okafor may not close, submit or amend a month's revenue.")
    assert _nothing_queued(clinic)

    add_admin = run_cli_as(
        OKAFOR,
        home,
        "users",
        "add",
        "eve",
        "--role",
        "admin",
        "--password-stdin",
        "--db",
        db_url,
        stdin="eve-password-123\n",
    )
    _refused(add_admin, 4, "Dr Olu Okafor may not manage users.")
    assert _usernames(clinic) == ["okafor", "root"]
    assert _events(clinic, "auth.sign_in") == [("okafor", "okafor"), ("okafor", "okafor")]

    # The same commands signed in as the administrator work, and name the administrator.
    added = run_cli_as(
        ROOT,
        home,
        "users",
        "add",
        "eve",
        "--role",
        "manager",
        "--password-stdin",
        "--db",
        db_url,
        stdin="eve-password-123\n",
    )
    assert added.returncode == 0, added
    assert _events(clinic, "user.add")[-1] == ("root", "eve")
    assert _events(clinic, "auth.sign_in")[-1] == ("root", "root")


@pytest.mark.slow
def test_the_os_user_name_grants_nothing_on_postgresql(
    home: Path, clinic: Database, db_url: str, backend: str
) -> None:
    spoofed = {"USER": "root", "LOGNAME": "root", "USERNAME": "root"}
    result = run_cli(
        home,
        "users",
        "add",
        "eve",
        "--role",
        "admin",
        "--password-stdin",
        "--db",
        db_url,
        stdin="eve-password-123\n",
        env=spoofed,
    )
    if backend == "postgresql":
        _refused(result, 4, "acts for a named ClinicDesk user", "--user NAME", "CLINICDESK_TOKEN")
        assert _usernames(clinic) == ["okafor", "root"]
        _refused(
            run_cli(home, "revenue", "submit", "--period", "2026-10", "--db", db_url, env=spoofed),
            4,
            "named ClinicDesk user",
        )
        assert _nothing_queued(clinic)
    else:
        # One PC: the OS account is the boundary, as the README says; the audit trail
        # records which OS account it was.
        assert result.returncode == 0, result
        assert _events(clinic, "user.add")[-1] == ("cli:root", "eve")


@pytest.mark.slow
def test_sign_in_failures_say_what_is_wrong(home: Path, clinic: Database, db_url: str) -> None:
    def users_list(user: SignIn) -> CliResult:
        return run_cli_as(user, home, "users", "list", "--db", db_url)

    wrong = "The user name or password is not correct."
    _refused(users_list(SignIn("root", "not-the-password")), 4, wrong)
    # An unknown name gets the same answer as a wrong password, as in the window.
    _refused(users_list(SignIn("nobody", "whatever-password")), 4, wrong)
    no_line = run_cli(home, "--user", "root", "--password-stdin", "users", "list", "--db", db_url)
    _refused(no_line, 4, "No password arrived on standard input")
    no_terminal = run_cli(home, "--user", "root", "users", "list", "--db", db_url)
    _refused(no_terminal, 4, "No terminal to ask for root's password", "--password-stdin")

    for _ in range(4):
        _refused(users_list(SignIn("okafor", "guess-password")), 4, wrong)
    locked = "locked after 5 wrong passwords"
    _refused(users_list(SignIn("okafor", "guess-password")), 4, locked, "Try again in 5 minutes")
    _refused(users_list(OKAFOR), 4, locked)  # even with the right password, for now

    disabled = SignIn("fatima", "fatima-password-1")
    with clinic.uow() as uow:
        users.add_user(
            uow, system_principal("test"), "fatima", "Fatima", ["manager"], disabled.password
        )
    with clinic.uow() as uow:
        users.set_active(uow, system_principal("test"), "fatima", False)
    _refused(users_list(disabled), 4, wrong)


@pytest.mark.slow
def test_a_new_password_comes_first(home: Path, clinic: Database, db_url: str) -> None:
    with clinic.uow() as uow:
        users.reset_password(
            uow, system_principal("test"), "root", "temporary-password-1", must_change_password=True
        )
    temporary = SignIn("root", "temporary-password-1")
    refused = run_cli_as(temporary, home, "users", "list", "--db", db_url)
    _refused(refused, 4, "must choose a new password", "users passwd")
    changed = run_cli_as(
        temporary,
        home,
        "users",
        "passwd",
        "--password-stdin",
        "--db",
        db_url,
        stdin="brand-new-password-2\n",
    )
    assert changed.returncode == 0 and "Changed the password of root" in changed.stdout, changed
    now = run_cli_as(SignIn("root", "brand-new-password-2"), home, "users", "list", "--db", db_url)
    assert now.returncode == 0 and "okafor" in now.stdout, now


def _token(home: Path, db_url: str, *options: str, user: SignIn = ROOT) -> str:
    made = run_cli_as(user, home, "users", "token", "create", *options, "--json", "--db", db_url)
    assert made.returncode == 0, made
    secret = made.json()["token"]
    assert isinstance(secret, str) and secret.startswith("cdt_")
    return secret


@pytest.mark.slow
def test_a_token_runs_the_scheduled_sync_and_nothing_else(
    home: Path,
    clinic: Database,
    db_url: str,
    admin: Principal,
    hub: HubProcess,
    member: Member,
) -> None:
    with clinic.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    secret = _token(home, db_url, "--label", "office sync")

    # Only the hash is kept.
    with clinic.uow(read_only=True) as uow:
        [row] = uow.session.execute(select(UserToken)).scalars().all()
        token_id, token_hash = row.id, row.token_hash
        stored = [str(getattr(row, c.key)) for c in UserToken.__table__.columns]
    assert token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in value for value in stored)

    scheduler = {"CLINICDESK_TOKEN": secret, ENV_API_KEY: member.api_key, **NO_KEYRING}
    synced = run_cli(home, "sync", "--json", "--db", db_url, env=scheduler)
    assert synced.returncode == 0, synced
    assert synced.json()["pushed"] == 2  # the day's counts of the two shipped policies
    assert run_cli(home, "federation", "status", "--db", db_url, env=scheduler).returncode == 0
    assert _events(clinic, "auth.token_sign_in") == [("root", "root"), ("root", "root")]

    outside = run_cli(
        home, "revenue", "submit", "--period", "2026-10", "--db", db_url, env=scheduler
    )
    _refused(outside, 4, "does not open `clinicdesk revenue submit`", "`clinicdesk sync`")
    assert _nothing_queued(clinic)
    escalate = run_cli(
        home,
        "users",
        "add",
        "eve",
        "--role",
        "admin",
        "--password-stdin",
        "--db",
        db_url,
        stdin="eve-password-123\n",
        env=scheduler,
    )
    _refused(escalate, 4, "does not open `clinicdesk users add`")
    assert _usernames(clinic) == ["okafor", "root"]

    listed = run_cli_as(ROOT, home, "users", "token", "list", "--json", "--db", db_url).json()
    assert [(t["id"], t["label"], t["scopes"], t["state"]) for t in listed] == [
        (token_id, "office sync", ["sync"], "active")
    ]
    assert listed[0]["last_used_at"] is not None and "token" not in listed[0]
    revoked = run_cli_as(ROOT, home, "users", "token", "revoke", str(token_id), "--db", db_url)
    assert revoked.returncode == 0, revoked
    after = run_cli(home, "sync", "--json", "--db", db_url, env=scheduler)
    _refused(after, 4, f"token (number {token_id}) was revoked", "users token create")
    assert after.stdout == ""


@pytest.mark.slow
def test_an_expired_or_unknown_token_is_refused(home: Path, clinic: Database, db_url: str) -> None:
    secret = _token(home, db_url, "--expires", "1")
    soon = run_cli(home, "federation", "status", "--db", db_url, env={"CLINICDESK_TOKEN": secret})
    assert soon.returncode == 0, soon
    assert "note: this sign-in token expires on" in soon.stderr and "make a new one" in soon.stderr
    with clinic.uow() as uow:
        uow.session.execute(update(UserToken).values(expires_at=utcnow() - timedelta(minutes=1)))
        uow.commit()
    expired = run_cli(home, "sync", "--db", db_url, env={"CLINICDESK_TOKEN": secret})
    _refused(expired, 4, "expired on", "users token create")
    unknown = run_cli(home, "sync", "--db", db_url, env={"CLINICDESK_TOKEN": secret + "x"})
    _refused(unknown, 4, "not known to this clinic's database")
    assert [reason for _, reason in _refusal_reasons(clinic)] == ["expired", "unknown"]


def _refusal_reasons(db: Database) -> list[tuple[str, str]]:
    with db.uow(read_only=True) as uow:
        rows = audit.list_events(
            uow,
            system_principal("test"),
            audit.AuditFilter(action="auth.token_refused"),
            newest_first=False,
        )
    return [(e.actor_name, json.loads(e.details)["reason"]) for e in rows]


@pytest.mark.slow
def test_token_scopes_follow_the_users_rights(home: Path, clinic: Database, db_url: str) -> None:
    # A clinician does not run the federation sync, so cannot make a token for it.
    refused = run_cli_as(OKAFOR, home, "users", "token", "create", "--db", db_url)
    _refused(refused, 4, "okafor may not run the scheduled sync")
    # Nor for someone else; an administrator can, for an account that does the job.
    _refused(
        run_cli_as(OKAFOR, home, "users", "token", "create", "--for", "root", "--db", db_url),
        4,
        "Only an administrator",
    )
    bad_scope = run_cli_as(ROOT, home, "users", "token", "create", "--scope", "all", "--db", db_url)
    _refused(bad_scope, 2, "“all” is not a token scope", "sync, import, backup")
    _refused(
        run_cli_as(ROOT, home, "users", "token", "create", "--expires", "0", "--db", db_url),
        2,
        "1 to 730 days",
    )
    backup = _token(home, db_url, "--scope", "backup")
    env = {"CLINICDESK_TOKEN": backup}
    target = home / "nightly.bak"
    done = run_cli(home, "db", "backup", "--to", str(target), "--db", db_url, env=env)
    assert done.returncode == 0 and target.exists(), done
    _refused(run_cli(home, "sync", "--db", db_url, env=env), 4, "(scopes: backup)")


def test_schema_commands_and_a_new_clinic_need_no_user(home: Path, db_url: str) -> None:
    # Schema upkeep is governed by the database login's own rights, and `init` makes the
    # first user; neither can sign anyone in.
    assert run_cli(home, "db", "upgrade", "--db", db_url).returncode == 0
    assert run_cli(home, "db", "check", "--db", db_url).returncode == 0
    made = run_cli(
        home,
        "init",
        "--clinic-name",
        "New Co-op",
        "--admin",
        "root",
        "--password-stdin",
        "--db",
        db_url,
        stdin="admin-password-1\n",
    )
    assert made.returncode == 0, made


def test_upgrade_to_user_tokens_keeps_the_accounts(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, target="0007", via_migrations=True)
        admin = old_schema.initialise(db, "Old Clinic", "root", "Root", "pw-123456789")
        assert migrate.ensure_current(db).current == "0007"
        assert migrate.status(db).current == migrate.MODELS_REVISION
        assert migrate.check(db) == []
        with db.uow() as uow:
            made = tokens.create_token(uow, admin)
        with db.uow() as uow:
            signed_in = tokens.sign_in_with_token(uow, made.secret)
        assert signed_in.principal.username == "root" and signed_in.allows("sync")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM user_token")).scalar_one() == 1
    finally:
        db.dispose()


def test_a_token_in_the_keyring_signs_a_scheduled_run_in(
    db_url: str,
    backend: str,
    clinic: Database,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from clinicdesk import app, cli

    monkeypatch.setattr(app, "configure_logging", lambda **_: None)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ROOT.password}\n"))
    sign_in = ["--user", "root", "--password-stdin"]
    made = cli.main([*sign_in, "users", "token", "create", "--keyring", "--db", db_url])
    out, err = capsys.readouterr()
    assert made == 0, err
    [secret] = [  # the keyring also holds the clinic's audit key
        value
        for (service, _user), value in memory_keyring.store.items()
        if service == "ClinicDesk sign-in token"
    ]
    assert secret.startswith("cdt_")
    assert secret not in out and "keyring" in out

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["federation", "status", "--json", "--db", db_url]) == 0, capsys.readouterr()
    capsys.readouterr()
    used = _events(clinic, "auth.token_sign_in")
    # PostgreSQL needs a named user and finds the token; SQLite keeps the OS account.
    assert used == ([("root", "root")] if backend == "postgresql" else [])
    assert cli.main(["users", "list", "--db", db_url]) == (4 if backend == "postgresql" else 0)
    capsys.readouterr()


def test_keyring_option_without_a_keyring_makes_no_token(
    home: Path, clinic: Database, db_url: str
) -> None:
    result = run_cli_as(
        ROOT, home, "users", "token", "create", "--keyring", "--db", db_url, env=NO_KEYRING
    )
    _refused(result, 6, "no keyring to keep the token in", "CLINICDESK_TOKEN")
    with clinic.uow(read_only=True) as uow:
        assert uow.session.execute(select(UserToken)).scalars().all() == []
