"""User accounts on a real database (services/users)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent, User
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from clinicdesk.services import auth, users
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "staff-password-1"


def _add(db: Database, actor: Principal, username: str, *roles: Role | str) -> users.UserInfo:
    with db.uow() as uow:
        return users.add_user(uow, actor, username, username.title(), roles, PASSWORD)


def _events(db: Database, action: str) -> list[Any]:
    with db.uow() as uow:
        query = (
            select(
                AuditEvent.actor_name, AuditEvent.actor_id, AuditEvent.entity_id, AuditEvent.details
            )
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.seq)
        )
        return list(uow.session.execute(query).all())


def test_add_user(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        info = users.add_user(
            uow, admin, "  MLindqvist ", "Maja Lindqvist", ["Manager", Role.CLINICIAN], PASSWORD
        )
    assert info.username == "mlindqvist"
    assert info.display_name == "Maja Lindqvist"
    assert info.roles == {Role.MANAGER, Role.CLINICIAN}
    assert info.roles_label == "Clinic manager, Clinician"
    assert info.active and info.must_change_password
    assert info.version == 1
    with db.uow() as uow:
        row = uow.session.execute(select(User).where(User.username == "mlindqvist")).scalar_one()
        assert row.roles == "clinician,manager"
        assert row.password_hash.startswith("scrypt$") and PASSWORD not in row.password_hash
    [event] = _events(db, "user.add")[-1:]
    assert event.entity_id == "mlindqvist"
    assert event.actor_name == "root" and event.actor_id == admin.user_id


def test_new_user_can_sign_in(db: Database, admin: Principal) -> None:
    _add(db, admin, "okafor", Role.CLINICIAN)
    with db.uow() as uow:
        who = auth.sign_in(uow, "Okafor", PASSWORD)
    assert who.username == "okafor" and who.roles == {Role.CLINICIAN}
    with db.uow() as uow:
        assert auth.must_change_password(uow, who)


def test_duplicate_name_is_refused(db: Database, admin: Principal) -> None:
    _add(db, admin, "okafor", Role.CLINICIAN)
    for name in ["okafor", "OKAFOR", " okafor "]:
        with db.uow() as uow, pytest.raises(ValidationError, match="already taken") as info:
            users.add_user(uow, admin, name, "Other", [Role.FRONT_DESK], PASSWORD)
        assert info.value.field == "username"
    with db.uow() as uow:
        assert [u.username for u in users.list_users(uow, admin)] == ["okafor", "root"]


BAD_NAMES = ["", "a", "two words", "-dash-first", ".dot", "é-accent", "x" * 64, "semi;colon"]


def test_bad_user_names_are_refused(db: Database, admin: Principal) -> None:
    for name in BAD_NAMES:
        with db.uow() as uow, pytest.raises(ValidationError, match="cannot be a user name") as info:
            users.add_user(uow, admin, name, "Someone", [Role.FRONT_DESK], PASSWORD)
        assert info.value.field == "username", name
    with db.uow() as uow:
        assert [u.username for u in users.list_users(uow, admin)] == ["root"]


def test_weak_password_is_refused(db: Database, admin: Principal) -> None:
    for password in ["short", "aaaaaaaaaa", " padded-password "]:
        with db.uow() as uow, pytest.raises(ValidationError) as info:
            users.add_user(uow, admin, "weakling", "Weak", [Role.FRONT_DESK], password)
        assert info.value.field == "password", password
    with db.uow() as uow:
        assert users.find_user(uow, "weakling") is None


def test_unknown_or_missing_roles_are_refused(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="Unknown role 'doctor'"):
        users.add_user(uow, admin, "someone", "Someone", ["doctor"], PASSWORD)
    with db.uow() as uow, pytest.raises(ValidationError, match="at least one role"):
        users.add_user(uow, admin, "someone", "Someone", [], PASSWORD)


def test_list_users(db: Database, admin: Principal) -> None:
    _add(db, admin, "zed", Role.FRONT_DESK)
    _add(db, admin, "amara", Role.MANAGER)
    with db.uow() as uow:
        users.set_active(uow, admin, "zed", False)
    with db.uow() as uow:
        everyone = users.list_users(uow, admin)
        active = users.list_users(uow, admin, include_inactive=False)
    assert [u.username for u in everyone] == ["amara", "root", "zed"]
    assert [u.active for u in everyone] == [True, True, False]
    assert [u.username for u in active] == ["amara", "root"]


def test_disable_and_enable(db: Database, admin: Principal) -> None:
    _add(db, admin, "okafor", Role.CLINICIAN)
    with db.uow() as uow:
        info = users.set_active(uow, admin, "okafor", False)
    assert not info.active and info.version == 2
    with db.uow() as uow, pytest.raises(AuthenticationError):
        auth.sign_in(uow, "okafor", PASSWORD)
    with db.uow() as uow:
        assert users.set_active(uow, admin, "okafor", True).active
    with db.uow() as uow:
        auth.sign_in(uow, "okafor", PASSWORD)
    assert [e.entity_id for e in _events(db, "user.disable")] == ["okafor"]
    assert [e.entity_id for e in _events(db, "user.enable")] == ["okafor"]


def test_unknown_user_is_not_found(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(NotFoundError, match="nobody"):
        users.set_active(uow, admin, "nobody", False)


def test_disabling_oneself_is_refused(db: Database, admin: Principal) -> None:
    _add(db, admin, "second", Role.ADMIN)  # so "last admin" is not the reason
    with db.uow() as uow, pytest.raises(ValidationError, match="your own account"):
        users.set_active(uow, admin, "root", False)
    with db.uow() as uow:
        assert users.find_user(uow, "root").active  # type: ignore[union-attr]


def test_last_active_admin_cannot_be_disabled_or_demoted(db: Database, admin: Principal) -> None:
    system = system_principal("cli:test")  # not the admin themself
    with db.uow() as uow, pytest.raises(ValidationError, match="last active administrator"):
        users.set_active(uow, system, "root", False)
    with db.uow() as uow, pytest.raises(ValidationError, match="last active administrator"):
        users.set_roles(uow, system, "root", [Role.MANAGER])
    # A disabled second administrator does not count.
    _add(db, admin, "deputy", Role.ADMIN)
    with db.uow() as uow:
        users.set_active(uow, admin, "deputy", False)
    with db.uow() as uow, pytest.raises(ValidationError, match="last active administrator"):
        users.set_active(uow, system, "root", False)
    with db.uow() as uow, pytest.raises(ValidationError, match="last active administrator"):
        users.set_roles(uow, system, "root", [Role.CLINICIAN])
    with db.uow() as uow:
        root = users.find_user(uow, "root")
        assert root is not None and root.active and root.roles == "admin"
    # Once another administrator is active, root may lose the role and be disabled.
    with db.uow() as uow:
        users.set_active(uow, system, "deputy", True)
    with db.uow() as uow:
        info = users.set_roles(uow, system, "root", [Role.MANAGER])
    assert info.roles == {Role.MANAGER}
    with db.uow() as uow:
        assert not users.set_active(uow, system, "root", False).active
    [event] = _events(db, "user.roles")
    assert event.details == '{"from":"admin","to":"manager"}'


def test_set_roles_adds_a_role(db: Database, admin: Principal) -> None:
    _add(db, admin, "okafor", Role.CLINICIAN)
    with db.uow() as uow:
        info = users.set_roles(uow, admin, "okafor", ["clinician", "front-desk"])
    assert info.roles == {Role.CLINICIAN, Role.FRONT_DESK}
    with db.uow() as uow:
        same = users.set_roles(uow, admin, "okafor", [Role.FRONT_DESK, Role.CLINICIAN])
    assert same.version == info.version  # nothing changed, nothing written
    assert len(_events(db, "user.roles")) == 1


def test_expected_version_conflict(db: Database, admin: Principal) -> None:
    seen = _add(db, admin, "okafor", Role.CLINICIAN)
    # Another administrator renames the account first ...
    with db.uow() as uow:
        renamed = users.set_display_name(
            uow, admin, "okafor", "Dr Olu Okafor", expected_version=seen.version
        )
    assert renamed.version == seen.version + 1
    # ... so changes made from the stale view are refused and change nothing.
    with db.uow() as uow, pytest.raises(ConflictError, match="changed by someone else"):
        users.set_display_name(uow, admin, "okafor", "Olu", expected_version=seen.version)
    with db.uow() as uow, pytest.raises(ConflictError):
        users.set_active(uow, admin, "okafor", False, expected_version=seen.version)
    with db.uow() as uow, pytest.raises(ConflictError):
        users.set_roles(uow, admin, "okafor", [Role.ADMIN], expected_version=seen.version)
    with db.uow() as uow:
        [now] = [u for u in users.list_users(uow, admin) if u.username == "okafor"]
    assert (now.display_name, now.active, now.roles, now.version) == (
        "Dr Olu Okafor",
        True,
        {Role.CLINICIAN},
        renamed.version,
    )


def test_reset_password_lifts_a_lockout(db: Database, admin: Principal) -> None:
    _add(db, admin, "okafor", Role.CLINICIAN)
    for _ in range(5):
        with db.uow() as uow, pytest.raises(AuthenticationError):
            auth.sign_in(uow, "okafor", "wrong-password")
    with db.uow() as uow, pytest.raises(AccountLocked):
        auth.sign_in(uow, "okafor", PASSWORD)
    with db.uow() as uow:
        info = users.reset_password(uow, admin, "okafor", "fresh-password-2")
    assert info.locked_until is None and info.must_change_password
    with db.uow() as uow:
        who = auth.sign_in(uow, "okafor", "fresh-password-2")
    assert who.username == "okafor"
    with db.uow() as uow, pytest.raises(AuthenticationError):
        auth.sign_in(uow, "okafor", PASSWORD)  # the old password is gone
    [event] = _events(db, "user.password_reset")
    assert event.details == '{"must_change_password":true}'


def test_reset_password_checks_the_policy(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ValidationError):
        users.reset_password(uow, admin, "root", "short")
    with db.uow() as uow:
        auth.sign_in(uow, "root", ADMIN_PASSWORD)


def test_empty_display_name_is_refused(db: Database, admin: Principal) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="cannot be empty"):
        users.set_display_name(uow, admin, "root", "   ")
