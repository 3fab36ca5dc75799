"""Roles, permissions and the principal a service call is made for.

Services check permissions, never roles: a role is a named bundle of permissions, so a
later area adds its permissions here and grants them to roles in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from clinicdesk.i18n import N_, _


class Role(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    CLINICIAN = "clinician"
    FRONT_DESK = "front_desk"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> Role:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise ValueError(
                _("Unknown role {text!r}. Roles are: {names}.").format(text=text, names=names)
            ) from None


_ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.MANAGER: N_("Clinic manager"),
    Role.CLINICIAN: N_("Clinician"),
    Role.FRONT_DESK: N_("Front desk"),
}


class Permission(enum.StrEnum):
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_SETTINGS = "view_settings"
    BACKUP_DATABASE = "backup_database"
    # Federation link: seeing what was pulled and what waits to go out, and acting on a
    # stuck outbox message (retry, discard). Managers run the clinic's link with the hub.
    VIEW_FEDERATION = "view_federation"
    MANAGE_FEDERATION = "manage_federation"
    # Patients and panels. A clinician sees their own panel; VIEW_ALL_PANELS opens any
    # clinician's panel and the whole registry (managers, and front desk who register and
    # attribute patients).
    VIEW_PATIENTS = "view_patients"
    VIEW_ALL_PANELS = "view_all_panels"
    EDIT_PATIENTS = "edit_patients"
    ATTRIBUTE_PATIENTS = "attribute_patients"
    IMPORT_PATIENTS = "import_patients"
    EXPORT_OUTREACH = "export_outreach"
    # The member register: front desk enrol applicants, managers approve and record share
    # operations and dividends. Clinicians have no access.
    VIEW_MEMBERS = "view_members"
    ENROL_MEMBERS = "enrol_members"
    MANAGE_MEMBERS = "manage_members"
    # Monthly revenue close and the contribution to the federation fund.
    VIEW_REVENUE = "view_revenue"
    MANAGE_REVENUE = "manage_revenue"
    # Training: everyone sees and takes their own; managers see the compliance matrix,
    # record and revoke completions for anyone and keep the staff list; administrators
    # configure local requirements and reminder offsets.
    VIEW_OWN_TRAINING = "view_own_training"
    VIEW_TRAINING = "view_training"
    RECORD_TRAINING = "record_training"
    MANAGE_STAFF = "manage_staff"
    CONFIGURE_TRAINING = "configure_training"
    # Anchor-organisation contracts: managers run them (organisations, contracts, rosters,
    # invoices, payments); front desk see them (who is covered, what is owed).
    VIEW_ANCHORS = "view_anchors"
    MANAGE_ANCHORS = "manage_anchors"
    # Policies: everyone reads and acknowledges those that apply to them; managers see
    # who has acknowledged and who is late, and export it.
    ACKNOWLEDGE_POLICIES = "acknowledge_policies"
    VIEW_POLICY_STATUS = "view_policy_status"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.VIEW_SETTINGS,
            Permission.BACKUP_DATABASE,
            Permission.VIEW_FEDERATION,
            Permission.MANAGE_FEDERATION,
            Permission.VIEW_PATIENTS,
            Permission.VIEW_ALL_PANELS,
            Permission.EDIT_PATIENTS,
            Permission.ATTRIBUTE_PATIENTS,
            Permission.IMPORT_PATIENTS,
            Permission.EXPORT_OUTREACH,
            Permission.VIEW_MEMBERS,
            Permission.ENROL_MEMBERS,
            Permission.MANAGE_MEMBERS,
            Permission.VIEW_REVENUE,
            Permission.MANAGE_REVENUE,
            Permission.VIEW_OWN_TRAINING,
            Permission.VIEW_TRAINING,
            Permission.RECORD_TRAINING,
            Permission.MANAGE_STAFF,
            Permission.VIEW_ANCHORS,
            Permission.MANAGE_ANCHORS,
            Permission.ACKNOWLEDGE_POLICIES,
            Permission.VIEW_POLICY_STATUS,
        }
    ),
    Role.CLINICIAN: frozenset(
        {
            Permission.VIEW_SETTINGS,
            Permission.VIEW_PATIENTS,
            Permission.EXPORT_OUTREACH,
            Permission.VIEW_OWN_TRAINING,
            Permission.ACKNOWLEDGE_POLICIES,
        }
    ),
    Role.FRONT_DESK: frozenset(
        {
            Permission.VIEW_SETTINGS,
            Permission.VIEW_PATIENTS,
            Permission.VIEW_ALL_PANELS,
            Permission.EDIT_PATIENTS,
            Permission.ATTRIBUTE_PATIENTS,
            # Calling patients in for their care gaps is the front desk's job.
            Permission.EXPORT_OUTREACH,
            Permission.VIEW_MEMBERS,
            Permission.ENROL_MEMBERS,
            Permission.VIEW_OWN_TRAINING,
            Permission.VIEW_ANCHORS,
            Permission.ACKNOWLEDGE_POLICIES,
        }
    ),
}


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def encode_roles(roles: Iterable[Role]) -> str:
    """Roles as stored: sorted, comma-separated, no duplicates."""
    return ",".join(sorted({Role(r).value for r in roles}))


def decode_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in text.split(",") if part)


@dataclass(frozen=True)
class Principal:
    """Who a service call is made for. `user_id` is None only for a command run on a
    SQLite file without a named user, which acts with the rights of whoever can open the
    file (cli/_signin.py); on PostgreSQL every command acts for a signed-in user."""

    user_id: int | None
    username: str
    display_name: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def label(self) -> str:
        return self.display_name or self.username


def system_principal(name: str) -> Principal:
    """A principal with all roles, for a command run on a SQLite file by its OS account
    (anyone who can open the file already holds its data), the self-test and tests."""
    return Principal(user_id=None, username=name, display_name=name, roles=frozenset(Role))
