"""The commands the database owner runs (`clinicdesk db provision-roles`, `db grant-login`)
and what the issue found: a clinician's workstation running `clinicdesk revenue set` or
`clinicdesk users add --role admin` from the command line. With its own database login,
the server refuses, whatever the command line claims to be.

Real child processes, PostgreSQL only (database roles exist only on the server); the
test server uses trust authentication, so a login connects without its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clinicdesk.db import roles as server_roles
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import users
from tests.helpers.cli import ROOT, SignIn, run_cli, run_cli_as
from tests.security.pg_clinic import PASSWORD, drop_roles, new_prefix


@pytest.fixture
def backend() -> str:
    """Database roles exist only on the server: these tests run on PostgreSQL."""
    return "postgresql"


@pytest.fixture
def prefix() -> Iterator[str]:
    name = new_prefix()
    try:
        yield name
    finally:
        drop_roles(name)


def test_the_owner_provisions_and_a_clinicians_command_line_is_refused(
    prefix: str, db: Database, db_url: str, admin: Principal, tmp_path: Path
) -> None:
    with db.uow() as uow:
        users.add_user(
            uow, admin, "dr.ada", "Dr Ada", [Role.CLINICIAN], PASSWORD, must_change_password=False
        )
    home = tmp_path / "home"

    # The owner's connection, and a ClinicDesk administrator signed in on it.
    provisioned = run_cli_as(
        ROOT, home, "db", "provision-roles", "--db", db_url, "--prefix", prefix, "--json"
    )
    assert provisioned.returncode == 0, provisioned
    facts = provisioned.json()
    assert facts["groups"] == [f"{prefix}_{role.value}" for role in Role]
    assert facts["gate"] == f"{prefix}_gate"
    again = run_cli_as(
        ROOT,
        home,
        "db",
        "provision-roles",
        "--db",
        db_url,
        "--prefix",
        prefix,
        "--gate-password-stdin",
        stdin="gate-password-for-workstations\n",
    )
    assert again.returncode == 0, again  # idempotent, and the gate gets its password
    with db.engine.connect() as conn:
        gate_password = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": server_roles.gate_name(prefix)},
        ).scalar_one()
    assert gate_password.startswith("SCRAM-SHA-256$")
    # functions, grants and policies are not schema drift
    checked = run_cli(home, "db", "check", "--db", db_url)
    assert checked.returncode == 0, checked

    wrong = run_cli_as(
        ROOT,
        home,
        "db",
        "grant-login",
        "dr.ada",
        "--db",
        db_url,
        "--password-stdin",
        stdin="not-her-password-9\n",
    )
    assert wrong.returncode != 0 and "ClinicDesk password" in wrong.stderr
    granted = run_cli_as(
        ROOT,
        home,
        "db",
        "grant-login",
        "dr.ada",
        "--db",
        db_url,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert granted.returncode == 0, granted
    login = server_roles.login_name(prefix, "dr.ada")
    assert login in granted.stdout and "clinician" in granted.stdout

    as_ada = make_url(db_url).set(username=login).render_as_string(hide_password=False)
    ada = SignIn("dr.ada", PASSWORD)  # signed in, on her own database login
    revenue = run_cli_as(
        ada,
        home,
        "revenue",
        "set",
        "--period",
        "2026-10",
        "--line",
        "member_fees=10.00",
        "--db",
        as_ada,
    )
    # Signed in as herself, the service's guard refuses first (exit 4); the server would
    # refuse the write too (tests/security/test_pg_roles.py: a command line claiming
    # every role on her login).
    assert revenue.returncode == 4, revenue
    assert "may not close, submit or amend" in revenue.stderr
    promote = run_cli_as(
        ada,
        home,
        "users",
        "add",
        "evil",
        "--role",
        "admin",
        "--db",
        as_ada,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert promote.returncode != 0 and ("refused" in promote.stderr or "may not" in promote.stderr)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM revenue_period")).scalar_one() == 0
        names = conn.execute(text("SELECT username FROM app_user ORDER BY username")).scalars()
        assert list(names) == ["dr.ada", "root"]


def test_grant_login_before_provisioning_says_what_to_run(
    db: Database, db_url: str, admin: Principal, tmp_path: Path
) -> None:
    result = run_cli_as(
        ROOT,
        tmp_path / "home",
        "db",
        "grant-login",
        "root",
        "--db",
        db_url,
        "--password-stdin",
        stdin="x\n",
    )
    assert result.returncode != 0
    assert "provision-roles" in result.stderr


def test_db_upgrade_grants_again_what_the_roles_lost(
    prefix: str, db: Database, db_url: str, admin: Principal, tmp_path: Path
) -> None:
    """After an upgrade adds a table, `db upgrade` grants it: shown here with a grant
    taken away by hand, which the upgrade puts back."""
    home = tmp_path / "home"
    assert (
        run_cli_as(
            ROOT, home, "db", "provision-roles", "--db", db_url, "--prefix", prefix
        ).returncode
        == 0
    )
    clinicians = server_roles.group_name(prefix, Role.CLINICIAN)
    with db.engine.begin() as conn:
        conn.execute(text(f'REVOKE SELECT ON clinic FROM "{clinicians}"'))
    upgraded = run_cli(home, "db", "upgrade", "--db", db_url)
    assert upgraded.returncode == 0, upgraded
    assert f"roles of prefix {prefix}" in upgraded.stdout
    with db.engine.connect() as conn:
        granted = conn.execute(
            text("SELECT has_table_privilege(:r, 'clinic', 'SELECT')"), {"r": clinicians}
        ).scalar_one()
    assert granted
