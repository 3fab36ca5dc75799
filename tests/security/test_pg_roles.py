"""On a shared PostgreSQL server the server itself enforces ClinicDesk's roles (issue 12,
DESIGN §10): a workstation holding a clinician's database login cannot write revenue,
users, members or the audit trail, whatever program it runs — even a command line that
claims every role, as `cli:<login name>` does today — and sees only its own panel.

These tests need the server, so their `backend` is PostgreSQL only; the SQLite model (one
PC, the operating-system account is the boundary) is checked at the end. The test server
uses trust authentication, so passwords are NOT checked when the tests connect as a login;
what is tested is what each login may do once connected. (With scram-sha-256 the same
login needs the user's password, which `grant_login` stores as a SCRAM verifier.)

Every role is made under a prefix unique to the test and dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clinicdesk.app import open_database, user_database
from clinicdesk.db import roles as server_roles
from clinicdesk.db.models import Base
from clinicdesk.db.roles.grants import TABLE_GRANTS
from clinicdesk.db.roles.policies import POLICIES
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.revenue import Line
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.errors import (
    AuthenticationError,
    ConfigurationError,
    StorageError,
    ValidationError,
)
from clinicdesk.services import audit, auth, caregaps, db_roles, panel, revenue, setup, users
from clinicdesk.services.panel.types import PanelQuery
from clinicdesk.services.patients import PatientInput, register_patient
from clinicdesk.services.sync import TRAINING_COMPLETIONS
from tests.conftest import ADMIN_PASSWORD
from tests.security.pg_clinic import (
    PANELS,
    PASSWORD,
    ROLE_USERS,
    Clinic,
    count,
    drop_roles,
    new_prefix,
    refused,
)


@pytest.fixture
def backend() -> str:
    """Database roles exist only on the server: these tests run on PostgreSQL."""
    return "postgresql"


@pytest.fixture
def prefix() -> Iterator[str]:
    """A role prefix no other test or run uses; every role under it is dropped after."""
    name = new_prefix()
    try:
        yield name
    finally:
        drop_roles(name)


@pytest.fixture
def clinic(
    prefix: str, db: Database, db_url: str, admin: Principal, password_cost: ScryptCost
) -> Iterator[Clinic]:
    made = Clinic.build(db, db_url, prefix, admin, password_cost)
    try:
        yield made
    finally:
        made.close()


# --- the clinician's login: what the server refuses ---------------------------------------


def test_a_clinicians_login_may_not_touch_revenue_even_claiming_every_role(
    clinic: Clinic,
) -> None:
    database = clinic.as_login("dr.ada")
    # today's command line acts as a principal holding every role: the service lets it
    # through, the server does not
    spoofed = system_principal("cli:dr.ada")
    with pytest.raises(StorageError) as raised, database.uow() as uow:
        revenue.set_lines(uow, spoofed, "2026-10", [Line("member_fees", "", Decimal("10.00"))])
    assert "permission denied for table revenue_period" in str(raised.value)
    assert "may not" in (raised.value.hint or "")
    assert "permission denied" in refused(
        database,
        "INSERT INTO revenue_line (period_id, category, label, amount) VALUES (1, 'x', '', 1)",
    )
    assert "permission denied" in refused(database, "SELECT count(*) FROM revenue_period")


def test_a_clinicians_login_may_not_change_users_or_roles(clinic: Clinic) -> None:
    database = clinic.as_login("dr.ada")
    assert "permission denied" in refused(
        database, "UPDATE app_user SET roles = 'admin' WHERE username = 'dr.ada'"
    )
    assert "permission denied" in refused(database, "UPDATE app_user SET active = false")
    assert "permission denied" in refused(
        database,
        "INSERT INTO app_user (uuid, username, display_name, roles, password_hash, active, "
        "must_change_password, failed_attempts, created_at, version) VALUES "
        "('u', 'evil', 'Evil', 'admin', 'x', true, false, 0, now(), 1)",
    )
    assert "permission denied" in refused(database, "DELETE FROM app_user")
    spoofed = system_principal("cli:dr.ada")
    with pytest.raises(StorageError, match="permission denied"), database.uow() as uow:
        users.add_user(uow, spoofed, "evil", "Evil", [Role.ADMIN], PASSWORD)
    # nor grant itself a group, or make itself a stronger role
    admin_group = server_roles.group_name(clinic.prefix, Role.ADMIN)
    login = server_roles.login_name(clinic.prefix, "dr.ada")
    assert "must have admin option" in refused(database, f'GRANT "{admin_group}" TO "{login}"')
    assert "must be superuser" in refused(database, f'ALTER ROLE "{login}" BYPASSRLS')
    with clinic.owner.engine.connect() as conn:
        roles = conn.execute(text("SELECT roles FROM app_user WHERE username = 'dr.ada'"))
        assert roles.scalar_one() == "clinician"


def test_a_clinicians_login_may_not_write_or_read_the_member_register(clinic: Clinic) -> None:
    database = clinic.as_login("dr.ada")
    assert "permission denied" in refused(database, "SELECT count(*) FROM member")
    assert "permission denied" in refused(database, "UPDATE member SET member_class = 'worker'")
    assert "permission denied" in refused(database, "DELETE FROM share_event")


AUDIT_TAMPERING = (
    "UPDATE audit_event SET actor_name = 'someone else'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "UPDATE audit_head SET last_seq = 0",
    "INSERT INTO audit_event (seq, occurred_at, actor_name, action, entity_type, "
    "entity_id, details, prev_hash, hash) VALUES (999, now(), 'x', 'x', 'x', '', '', '', '')",
)


def test_no_application_login_may_change_the_audit_trail(clinic: Clinic) -> None:
    """Not a clinician, not even an administrator: appends go through the function.
    (One clinic for every case: building one costs seconds.)"""
    before = count(clinic.owner, "SELECT count(*) FROM audit_event")
    for username in ("dr.ada", "fred", "mona", "root"):
        database = clinic.as_login(username)
        for sql in AUDIT_TAMPERING:
            assert "permission denied" in refused(database, sql), (username, sql)
    assert count(clinic.owner, "SELECT count(*) FROM audit_event") == before
    with clinic.owner.uow() as uow:
        assert audit.verify_chain(uow).ok


def test_the_append_function_refuses_a_forged_link_or_another_users_name(
    clinic: Clinic,
) -> None:
    database = clinic.as_login("dr.ada")
    with database.engine.connect() as conn:
        seq, prev = conn.execute(text("SELECT seq, prev_hash FROM clinicdesk_audit_next()")).one()
    append = (
        "SELECT clinicdesk_audit_append(:seq, now()::timestamp, :actor, 'x', 'forged', 'x', "
        "'', '{}', :prev, :hash)"
    )
    # an event that does not extend the head (rewriting history from an older link)
    assert "does not extend the chain" in refused(
        database, append, seq=seq - 1, actor=None, prev=prev, hash="f" * 64
    )
    # an event in another user's name
    assert "only as its own user" in refused(
        database, append, seq=seq, actor=clinic.ids["dr.bo"], prev=prev, hash="f" * 64
    )
    with clinic.owner.uow() as uow:
        assert audit.verify_chain(uow).ok


# --- what the clinician may still do --------------------------------------------------------


def test_a_clinician_signs_in_and_works_their_own_panel_through_their_login(
    clinic: Clinic,
) -> None:
    database, me = clinic.sign_in("dr.ada")
    assert me.roles == frozenset({Role.CLINICIAN})
    with database.uow() as uow:
        total, first = panel.first_screen(uow, me, PanelQuery())
    assert total == 3
    assert {row.mrn for row in first.rows} == set(PANELS["dr.ada"])
    # the care-gap run of their own panel writes results, panel columns and the audit
    # trail (through the function), and the chain stays whole
    with database.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, me)
    assert summary.patients == 3
    assert summary.results > 0
    with clinic.owner.uow() as uow:
        result = audit.verify_chain(uow)
    assert result.ok, result.message
    with clinic.owner.engine.connect() as conn:
        actions = conn.execute(
            text("SELECT action FROM audit_event WHERE actor_name = 'dr.ada' ORDER BY seq")
        ).scalars()
        assert list(actions) == ["auth.sign_in", "caregaps.evaluate"]


def test_row_level_security_hides_other_clinicians_patients(clinic: Clinic) -> None:
    database = clinic.as_login("dr.ada")
    ada, bo = clinic.ids["dr.ada"], clinic.ids["dr.bo"]
    assert count(database, "SELECT count(*) FROM patient") == 3
    assert count(database, f"SELECT count(*) FROM patient WHERE clinician_id = {bo}") == 0
    assert count(clinic.owner, f"SELECT count(*) FROM patient WHERE clinician_id = {bo}") == 2
    for table in ("care_gap_result", "attribution"):
        mine = count(database, f"SELECT count(*) FROM {table}")
        everyone = count(clinic.owner, f"SELECT count(*) FROM {table}")
        own = count(
            clinic.owner,
            f"SELECT count(*) FROM {table} WHERE patient_id IN "
            f"(SELECT id FROM patient WHERE clinician_id = {ada})",
        )
        assert 0 < mine == own < everyone, table
    # a command line claiming every role asks for the whole clinic: the server answers
    # with the clinician's own panel only
    spoofed = system_principal("cli:dr.ada")
    with database.uow() as uow:
        total, _rows = panel.first_screen(uow, spoofed, PanelQuery())
    assert total == 3
    # and the clinician cannot move a patient onto their panel, or change the record
    with database.engine.begin() as conn:
        moved = conn.execute(text(f"UPDATE patient SET open_gaps = 0 WHERE clinician_id = {bo}"))
        assert moved.rowcount == 0
    assert "permission denied" in refused(
        database, f"UPDATE patient SET clinician_id = {ada} WHERE clinician_id = {bo}"
    )
    assert "permission denied" in refused(database, "UPDATE patient SET family_name = 'X'")


# --- the other roles ----------------------------------------------------------------------


def test_a_manager_does_the_revenue_the_clinician_may_not(clinic: Clinic) -> None:
    database, mona = clinic.sign_in("mona")
    with database.uow() as uow:
        info = revenue.set_lines(
            uow, mona, "2026-10", [Line("member_fees", "", Decimal("1200.00"))]
        )
    assert info.period == "2026-10"
    with clinic.owner.engine.connect() as conn:
        amount = conn.execute(text("SELECT sum(amount) FROM revenue_line")).scalar_one()
    assert amount == Decimal("1200.00")
    # a manager sees every panel, but may not administer users or the audit trail
    assert count(database, "SELECT count(*) FROM patient") == 5
    assert "permission denied" in refused(
        database, "UPDATE app_user SET roles = 'admin' WHERE username = 'mona'"
    )
    assert "permission denied" in refused(database, "SELECT count(*) FROM audit_event")


def test_front_desk_registers_patients_but_has_no_revenue(clinic: Clinic) -> None:
    database, fred = clinic.sign_in("fred")
    with database.uow() as uow:
        patient = register_patient(
            uow, fred, PatientInput("F-1", "Newcomer", "Nel", date(1990, 1, 1), "female")
        )
    assert patient.mrn == "F-1"
    assert count(database, "SELECT count(*) FROM patient") == 6
    assert "permission denied" in refused(database, "SELECT count(*) FROM revenue_line")


def test_the_gate_login_reads_only_what_the_sign_in_screen_needs(clinic: Clinic) -> None:
    url = make_url(clinic.url).set(username=server_roles.gate_name(clinic.prefix))
    gate = open_database(url.render_as_string(hide_password=False), password_cost=clinic.cost)
    try:
        with gate.uow(read_only=True) as uow:
            assert setup.is_initialised(uow)
            info = setup.clinic_info(uow)
        assert info is not None and info.name == "Test Cooperative Clinic"
        with gate.engine.connect() as conn:
            login = conn.execute(text("SELECT clinicdesk_login_name('dr.ada')")).scalar_one()
        assert login == server_roles.login_name(clinic.prefix, "dr.ada")
        assert "permission denied" in refused(gate, "SELECT username FROM app_user")
        assert "permission denied" in refused(gate, "SELECT password_hash FROM app_user")
        for table in ("patient", "audit_event", "setting", "member", "revenue_line"):
            assert "permission denied" in refused(gate, f"SELECT count(*) FROM {table}")
    finally:
        gate.dispose()


def test_signing_in_on_the_gate_opens_the_users_own_login(clinic: Clinic) -> None:
    """What the window does at sign-in on a server with roles (app.user_database)."""
    url = make_url(clinic.url).set(username=server_roles.gate_name(clinic.prefix))
    gate = open_database(url.render_as_string(hide_password=False), password_cost=clinic.cost)
    try:
        mine = user_database(gate, "Dr.Ada", PASSWORD)
        try:
            assert mine.url.username == server_roles.login_name(clinic.prefix, "dr.ada")
            with mine.uow() as uow:
                me = auth.sign_in(uow, "dr.ada", PASSWORD)
            with mine.uow() as uow:
                assert panel.first_screen(uow, me, PanelQuery())[0] == 3
            # the program's own check still applies on top of the server's (which this
            # trust-authentication test server does not make)
            with pytest.raises(AuthenticationError), mine.uow() as uow:
                auth.sign_in(uow, "dr.ada", "not-her-password-9")
        finally:
            mine.dispose()
        with pytest.raises(ConfigurationError, match="no database login") as missing:
            user_database(gate, "nobody", PASSWORD)
        assert "grant-login nobody" in (missing.value.hint or "")
        with clinic.owner.uow() as uow:
            users.set_active(uow, clinic.admin, "dr.bo", False)
        with clinic.owner.uow() as uow:
            db_roles.grant_login(uow, clinic.admin, "dr.bo")
        with pytest.raises(AuthenticationError, match="disabled"):
            user_database(gate, "dr.bo", PASSWORD)
    finally:
        gate.dispose()


def test_a_login_follows_its_users_roles_and_active_flag(clinic: Clinic) -> None:
    login = server_roles.login_name(clinic.prefix, "dr.ada")

    def groups() -> set[str]:
        with clinic.owner.engine.connect() as conn:
            return set(
                conn.execute(
                    text(
                        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g "
                        "ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                        "WHERE u.rolname = :n"
                    ),
                    {"n": login},
                ).scalars()
            )

    def can_log_in() -> bool:
        with clinic.owner.engine.connect() as conn:
            query = text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n")
            return bool(conn.execute(query, {"n": login}).scalar_one())

    assert groups() == {server_roles.group_name(clinic.prefix, Role.CLINICIAN)}
    with clinic.owner.uow() as uow:
        users.set_roles(uow, clinic.admin, "dr.ada", [Role.FRONT_DESK])
    with clinic.owner.uow() as uow:
        users.set_active(uow, clinic.admin, "dr.ada", False)
    # provisioning again (after every upgrade, or by hand) brings every login in line
    with clinic.owner.uow() as uow:
        result = db_roles.provision_roles(uow, clinic.admin, clinic.prefix)
    assert result.logins_synced == len(ROLE_USERS) + 1
    assert groups() == {server_roles.group_name(clinic.prefix, Role.FRONT_DESK)}
    assert not can_log_in()


def test_grant_login_checks_the_password_is_the_users_own(clinic: Clinic) -> None:
    with pytest.raises(ValidationError, match="password"), clinic.owner.uow() as uow:
        db_roles.grant_login(uow, clinic.admin, "dr.ada", password="not-her-password-9")
    with clinic.owner.uow() as uow:
        info = db_roles.grant_login(uow, clinic.admin, "dr.ada", password=PASSWORD)
    assert info.password_set
    with clinic.owner.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": info.login}
        ).scalar_one()
    assert stored.startswith("SCRAM-SHA-256$")  # a verifier, never the password


# --- the matrix itself and the SQLite model -------------------------------------------------


def test_every_table_has_a_decision_and_the_audit_trail_is_read_only() -> None:
    tables = set(Base.metadata.tables) | {"alembic_version"}
    assert set(TABLE_GRANTS) == tables
    for table in ("audit_event", "audit_head"):
        for privileges in TABLE_GRANTS[table].values():
            assert privileges == "SELECT", table
    for by_role in TABLE_GRANTS.values():
        assert not any("TRUNCATE" in privileges for privileges in by_role.values())
    assert all(set(policy.roles) <= set(Role) for policy in POLICIES)
    # the outbox policy names the training kind the services queue
    assert any(TRAINING_COMPLETIONS in (policy.check or "") for policy in POLICIES)


def test_on_sqlite_roles_are_refused_with_the_one_pc_model_explained(
    tmp_path: Path, password_cost: ScryptCost
) -> None:
    database = open_database(
        f"sqlite:///{tmp_path / 'one-pc.sqlite3'}", password_cost=password_cost
    )
    try:
        with pytest.raises(ValidationError) as raised, database.uow() as uow:
            db_roles.provision_roles(uow, system_principal("cli:test"), "clinicdesk")
        assert "PostgreSQL" in str(raised.value)
        assert "operating-system account" in (raised.value.hint or "")
        assert user_database(database, "anyone", "any-password") is database
    finally:
        database.dispose()


def test_provisioning_is_refused_for_a_bad_prefix(db: Database, admin: Principal) -> None:
    with pytest.raises(ValidationError, match="role names"), db.uow() as uow:
        db_roles.provision_roles(uow, admin, "Bad-Prefix")
    # without roles, signing in keeps the database already open
    assert user_database(db, "root", ADMIN_PASSWORD) is db


def _login_state(clinic: Clinic, username: str) -> tuple[set[str], bool, str | None]:
    """(groups, may log in, stored password) of `username`'s login, read as the owner."""
    login = server_roles.login_name(clinic.prefix, username)
    with clinic.owner.engine.connect() as conn:
        groups = set(
            conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g "
                    "ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                    "WHERE u.rolname = :n"
                ),
                {"n": login},
            ).scalars()
        )
        can, password = conn.execute(
            text("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": login},
        ).one()
    return {g.removeprefix(f"{clinic.prefix}_") for g in groups}, bool(can), password


def test_an_administrators_changes_to_accounts_reach_their_logins_at_once(
    clinic: Clinic,
) -> None:
    database, root = clinic.sign_in("root")
    with database.uow() as uow:
        users.add_user(uow, root, "dr.cy", "Dr Cy", [Role.CLINICIAN], PASSWORD)
    groups, can, first = _login_state(clinic, "dr.cy")
    assert groups == {"clinician"} and can and first and first.startswith("SCRAM-SHA-256$")
    with database.uow() as uow:
        users.set_roles(uow, root, "dr.cy", [Role.MANAGER, Role.FRONT_DESK])
    assert _login_state(clinic, "dr.cy")[0] == {"manager", "front_desk"}
    with database.uow() as uow:
        users.reset_password(uow, root, "dr.cy", "another-long-password-2")
    assert _login_state(clinic, "dr.cy")[2] not in (None, first)
    with database.uow() as uow:
        users.set_active(uow, root, "dr.cy", False)
    assert _login_state(clinic, "dr.cy")[1] is False
    # the mirror is the administrators' alone, and takes no plain password
    assert "permission denied" in refused(
        clinic.as_login("mona"), "SELECT clinicdesk_mirror_user('mona', NULL)"
    )
    assert "SCRAM verifier" in refused(
        database, "SELECT clinicdesk_mirror_user('dr.bo', 'plain-text-password')"
    )


def test_a_user_changing_their_password_changes_their_own_login_only(clinic: Clinic) -> None:
    with clinic.owner.uow() as uow:
        db_roles.grant_login(uow, clinic.admin, "dr.ada", password=PASSWORD)
        db_roles.grant_login(uow, clinic.admin, "dr.bo", password=PASSWORD)
    before_ada, before_bo = _login_state(clinic, "dr.ada")[2], _login_state(clinic, "dr.bo")[2]
    database, me = clinic.sign_in("dr.ada")
    with database.uow() as uow:
        auth.change_own_password(uow, me, PASSWORD, "a-new-long-password-3")
    assert _login_state(clinic, "dr.ada")[2] != before_ada
    assert _login_state(clinic, "dr.bo")[2] == before_bo
    assert "permission denied" in refused(database, "SELECT clinicdesk_mirror_user('dr.bo', NULL)")
