"""Roles, permissions and principals (domain/roles)."""

from __future__ import annotations

import pytest

from clinicdesk.domain.roles import (
    ROLE_PERMISSIONS,
    Permission,
    Principal,
    Role,
    decode_roles,
    encode_roles,
    permissions_for,
    system_principal,
)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("admin", Role.ADMIN),
        ("Admin", Role.ADMIN),
        ("  MANAGER ", Role.MANAGER),
        ("clinician", Role.CLINICIAN),
        ("front_desk", Role.FRONT_DESK),
        ("front-desk", Role.FRONT_DESK),
        ("Front Desk", Role.FRONT_DESK),
    ],
)
def test_parse(text: str, role: Role) -> None:
    assert Role.parse(text) is role


@pytest.mark.parametrize("text", ["", "doctor", "admins", "front__desk", "root"])
def test_parse_refuses_unknown_roles_and_names_the_known_ones(text: str) -> None:
    with pytest.raises(ValueError) as info:
        Role.parse(text)
    message = str(info.value)
    assert repr(text) in message
    for role in Role:
        assert role.value in message


def test_every_role_has_a_label_and_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    labels = {role.label for role in Role}
    assert len(labels) == len(Role)
    assert Role.FRONT_DESK.label == "Front desk"


@pytest.mark.parametrize(
    "roles",
    [
        [],
        [Role.ADMIN],
        [Role.FRONT_DESK, Role.ADMIN],
        [Role.CLINICIAN, Role.CLINICIAN, Role.MANAGER],
        list(Role),
    ],
)
def test_encode_decode_round_trip(roles: list[Role]) -> None:
    text = encode_roles(roles)
    assert decode_roles(text) == frozenset(roles)
    assert text == ",".join(sorted({r.value for r in roles}))
    assert encode_roles(reversed(roles)) == text  # order of input does not matter


def test_encode_accepts_role_values_and_refuses_unknown_ones() -> None:
    assert encode_roles(["manager", Role.ADMIN, "admin"]) == "admin,manager"  # type: ignore[list-item]
    with pytest.raises(ValueError):
        encode_roles(["wizard"])  # type: ignore[list-item]


def test_decode_refuses_a_damaged_value() -> None:
    assert decode_roles("") == frozenset()
    with pytest.raises(ValueError):
        decode_roles("admin,wizard")


def test_permissions_for() -> None:
    assert permissions_for([]) == frozenset()
    assert permissions_for([Role.ADMIN]) == frozenset(Permission)
    assert {
        Permission.VIEW_SETTINGS,
        Permission.BACKUP_DATABASE,
        Permission.VIEW_FEDERATION,
        Permission.MANAGE_FEDERATION,
        Permission.VIEW_REVENUE,
        Permission.MANAGE_REVENUE,
    } <= permissions_for([Role.MANAGER])
    assert permissions_for([Role.CLINICIAN]) == {
        Permission.VIEW_SETTINGS,
        Permission.VIEW_PATIENTS,
        Permission.EXPORT_OUTREACH,
        Permission.VIEW_OWN_TRAINING,
        Permission.ACKNOWLEDGE_POLICIES,
    }
    assert permissions_for([Role.CLINICIAN, Role.MANAGER]) == permissions_for([Role.MANAGER])
    for role in Role:
        assert permissions_for([role]) == ROLE_PERMISSIONS[role]


def test_only_administrators_manage_users_and_see_the_audit_trail() -> None:
    for permission in (Permission.MANAGE_USERS, Permission.VIEW_AUDIT, Permission.EXPORT_AUDIT):
        holders = {role for role in Role if permission in ROLE_PERMISSIONS[role]}
        assert holders == {Role.ADMIN}, permission


def test_principal_checks_permissions_through_its_roles() -> None:
    clinician = Principal(7, "okafor", "Dr Olu Okafor", frozenset({Role.CLINICIAN}))
    assert clinician.can(Permission.VIEW_SETTINGS)
    assert not clinician.can(Permission.MANAGE_USERS)
    assert clinician.has_role(Role.CLINICIAN)
    assert not clinician.has_role(Role.ADMIN)
    assert clinician.label == "Dr Olu Okafor"
    assert Principal(8, "nobody", "", frozenset()).label == "nobody"
    assert Principal(8, "nobody", "", frozenset()).permissions == frozenset()


def test_system_principal_has_every_role_and_no_user_id() -> None:
    system = system_principal("cli:ops")
    assert system.user_id is None
    assert system.username == system.display_name == "cli:ops"
    assert system.roles == frozenset(Role)
    assert all(system.can(permission) for permission in Permission)


def test_clinicians_have_no_access_to_the_member_register() -> None:
    member_permissions = {
        Permission.VIEW_MEMBERS,
        Permission.ENROL_MEMBERS,
        Permission.MANAGE_MEMBERS,
    }
    assert not member_permissions & ROLE_PERMISSIONS[Role.CLINICIAN]
    assert Permission.MANAGE_MEMBERS not in ROLE_PERMISSIONS[Role.FRONT_DESK]
    assert Permission.ENROL_MEMBERS in ROLE_PERMISSIONS[Role.FRONT_DESK]


def test_front_desk_make_outreach_lists() -> None:
    # Calling patients in is the front desk's job (issue 13); they see every panel.
    for permission in (Permission.EXPORT_OUTREACH, Permission.VIEW_ALL_PANELS):
        assert permission in ROLE_PERMISSIONS[Role.FRONT_DESK]


def test_a_clinician_sees_only_their_own_panel() -> None:
    assert Permission.VIEW_ALL_PANELS not in ROLE_PERMISSIONS[Role.CLINICIAN]
    assert Permission.VIEW_ALL_PANELS in ROLE_PERMISSIONS[Role.MANAGER]
