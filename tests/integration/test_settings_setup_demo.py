"""Clinic settings, first-run setup and the demo clinic on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from clinicdesk.app import open_database
from clinicdesk.db.models import AuditEvent, Setting
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.services import audit, auth, demo, policies, settings, setup, users
from tests.helpers.databases import database_url


def _audit_rows(db: Database, action: str) -> list[tuple[str, str]]:
    with db.uow() as uow:
        query = select(AuditEvent.actor_name, AuditEvent.details).where(AuditEvent.action == action)
        rows = uow.session.execute(query.order_by(AuditEvent.seq)).all()
    return [(name, details) for name, details in rows]


# --- settings ---------------------------------------------------------------------------


def test_default_inactivity_lock_is_ten_minutes(db: Database, admin: Principal) -> None:
    front_desk = Principal(None, "desk", "Desk", frozenset({Role.FRONT_DESK}))
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 10
        assert settings.get(uow, front_desk).inactivity_lock_minutes == 10


def test_update_is_stored_and_audited(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        new = settings.update(uow, admin, inactivity_lock_minutes=0)
    assert new.inactivity_lock_minutes == 0
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 0
    with db.uow() as uow:
        settings.update(uow, admin, inactivity_lock_minutes=240)
    with db.uow() as uow:
        assert settings.get(uow, admin).inactivity_lock_minutes == 240
        row = uow.session.get(Setting, "inactivity_lock_minutes")
        assert row is not None and row.value == 240 and row.updated_by == "root"
    assert _audit_rows(db, "settings.update") == [
        ("root", '{"inactivity_lock_minutes":{"from":10,"to":0}}'),
        ("root", '{"inactivity_lock_minutes":{"from":0,"to":240}}'),
    ]
    # Saving the same value again changes nothing and writes no event.
    with db.uow() as uow:
        settings.update(uow, admin, inactivity_lock_minutes=240)
    assert len(_audit_rows(db, "settings.update")) == 2


@pytest.mark.parametrize("value", [-1, 241, 10_000, "5", 5.0, True, None])
def test_update_is_validated(db: Database, admin: Principal, value: object) -> None:
    with db.uow() as uow, pytest.raises(ValidationError) as info:
        settings.update(uow, admin, inactivity_lock_minutes=value)
    assert info.value.field == "inactivity_lock_minutes"
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 10
    assert _audit_rows(db, "settings.update") == []


@pytest.mark.parametrize("value", [1, 4, 1441, -5])
def test_sync_interval_is_off_or_between_five_minutes_and_a_day(
    db: Database, admin: Principal, value: int
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="only when asked") as info:
        settings.update(uow, admin, sync_interval_minutes=value)
    assert info.value.field == "sync_interval_minutes"
    for good in (0, 5, 1440):
        with db.uow() as uow:
            assert (
                settings.update(uow, admin, sync_interval_minutes=good).sync_interval_minutes
                == good
            )
    with db.uow() as uow:
        assert settings.load(uow).sync_interval_minutes == 1440


def test_unknown_setting_is_refused(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="Unknown setting: colour"):
        settings.update(uow, admin, colour="blue", inactivity_lock_minutes=5)
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 10


def test_a_damaged_stored_value_falls_back_to_the_default(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        uow.session.add(Setting(key="inactivity_lock_minutes", value="soon"))
        uow.commit()
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 10


# --- setup --------------------------------------------------------------------------------


def test_initialise_creates_clinic_and_admin(db: Database) -> None:
    with db.uow() as uow:
        assert not setup.is_initialised(uow)
        assert setup.clinic_info(uow) is None
        who = setup.initialise(uow, "  Harbour Co-op  ", "Boss", "", "boss-password-1")
    assert who.username == "boss" and who.display_name == "boss"
    assert who.roles == {Role.ADMIN} and who.user_id is not None
    with db.uow() as uow:
        assert setup.is_initialised(uow)
        info = setup.clinic_info(uow)
        assert info is not None and info.name == "Harbour Co-op" and len(info.uuid) == 36
        assert auth.sign_in(uow, "boss", "boss-password-1") == who
    with db.uow() as uow:
        actions = [e.action for e in audit.list_events(uow, who, newest_first=False)]
    assert actions[:2] == ["clinic.create", "user.add"]


def test_initialise_twice_is_refused(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ConflictError, match="already has a clinic"):
        setup.initialise(uow, "Second Clinic", "intruder", "", "intruder-password-1")
    with db.uow() as uow:
        names = [u.username for u in users.list_users(uow, system_principal("t"))]
        info = setup.clinic_info(uow)
    assert names == ["root"]
    assert info is not None and info.name == "Test Cooperative Clinic"


@pytest.mark.parametrize(
    ("clinic", "username", "password", "message"),
    [
        ("   ", "boss", "boss-password-1", "Give the clinic a name"),
        ("x" * 201, "boss", "boss-password-1", "too long"),
        ("Clinic", "b", "boss-password-1", "cannot be a user name"),
        ("Clinic", "boss", "short", "at least 8"),
    ],
)
def test_initialise_validates(
    db: Database, clinic: str, username: str, password: str, message: str
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match=message):
        setup.initialise(uow, clinic, username, "", password)
    with db.uow() as uow:
        assert not setup.is_initialised(uow)
        assert setup.clinic_info(uow) is None
        count = uow.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    assert count == 0


# --- demo ---------------------------------------------------------------------------------


def _demo_snapshot(url: str, seed: int) -> tuple[object, ...]:
    db = open_database(url)
    try:
        with db.uow() as uow:
            summary = demo.create(uow, seed=seed)
        with db.uow() as uow:
            roster = [
                (u.username, u.display_name, sorted(r.value for r in u.roles), u.active)
                for u in users.list_users(uow, system_principal("t"))
            ]
            info = setup.clinic_info(uow)
            assert info is not None
            assert audit.verify_chain(uow).ok
            # policies: acknowledged, a newcomer still due, someone late
            overview = policies.policy_overview(uow, system_principal("t"))
            counts = overview.counts["policy.patient-data-stays-local"]
            assert counts.acknowledged and counts.late and counts.due
            acknowledged = [
                (row.staff.name, cell.policy_id, cell.acknowledged_on)
                for row in overview.rows
                for cell in row.cells
            ]
        with db.uow() as uow:
            # Every demo account signs in with the printed password.
            for username in summary.usernames:
                auth.sign_in(uow, username, summary.password)
    finally:
        db.dispose()
    assert info.name == summary.clinic_name
    assert sorted(summary.usernames) == [r[0] for r in roster]
    return summary.clinic_name, roster, acknowledged


@pytest.mark.slow
def test_same_seed_same_clinic_and_another_seed_differs(backend: str, tmp_path: Path) -> None:
    snapshots = {}
    for label, seed in (("a", 7), ("b", 7), ("c", 8)):
        folder = tmp_path / label
        folder.mkdir()
        with database_url(backend, folder) as url:
            snapshots[label] = _demo_snapshot(url, seed)
    assert snapshots["a"] == snapshots["b"]
    assert snapshots["a"] != snapshots["c"]
    _name, roster, _acknowledged = snapshots["a"]
    roles = [role for _u, _d, user_roles, _a in roster for role in user_roles]  # type: ignore[attr-defined]
    assert roles.count("admin") == 1 and roles.count("manager") == 1
    assert roles.count("clinician") == 4 and roles.count("front_desk") == 2


def test_demo_refuses_an_initialised_database(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ConflictError):
        demo.create(uow, seed=3)
    with db.uow() as uow:
        assert [u.username for u in users.list_users(uow, admin)] == ["root"]


def test_the_demo_password_hash_matches_the_demo_password() -> None:
    from clinicdesk.domain import passwords
    from clinicdesk.services import demo

    assert passwords.verify_password(demo.DEMO_PASSWORD, demo.DEMO_PASSWORD_HASH)
    assert not passwords.verify_password("not-the-demo-password", demo.DEMO_PASSWORD_HASH)


def test_demo_sign_in_without_password_only_in_a_demo_clinic(
    db: Database, admin: Principal
) -> None:
    from clinicdesk.errors import PermissionDenied

    with pytest.raises(PermissionDenied), db.uow() as uow:
        demo.sign_in_demo_user(uow, "root")


def test_demo_sign_in_records_the_session(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with database.uow() as uow:
            demo.create(uow, seed=1)
        with database.uow() as uow:
            manager = demo.sign_in_demo_user(uow, demo.DEMO_MANAGER)
        assert manager.username == demo.DEMO_MANAGER
        with database.uow() as uow:
            events = audit.list_events(
                uow, system_principal("test"), audit.AuditFilter(action="auth.")
            )
        assert [(e.action, e.actor_name) for e in events] == [("auth.sign_in", "manager")]
    finally:
        database.dispose()
