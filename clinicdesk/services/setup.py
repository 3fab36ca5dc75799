"""First run: create the clinic and its first administrator, once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from clinicdesk.db.models import Clinic, User
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit
from clinicdesk.services import audit_key as audit_keys
from clinicdesk.services.users import create_user_row, principal_of


@dataclass(frozen=True)
class ClinicInfo:
    name: str
    uuid: str
    federation_clinic_id: str | None
    hub_url: str | None


def is_initialised(uow: UnitOfWork) -> bool:
    has_clinic = uow.session.execute(select(func.count(Clinic.id))).scalar_one() > 0
    has_user = uow.session.execute(select(func.count(User.id))).scalar_one() > 0
    return bool(has_clinic and has_user)


def clinic_info(uow: UnitOfWork) -> ClinicInfo | None:
    clinic = uow.session.execute(select(Clinic).order_by(Clinic.id).limit(1)).scalar_one_or_none()
    if clinic is None:
        return None
    return ClinicInfo(clinic.name, clinic.uuid, clinic.federation_clinic_id, clinic.hub_url)


def initialise(
    uow: UnitOfWork,
    clinic_name: str,
    admin_username: str,
    admin_display_name: str,
    admin_password: str,
    *,
    password_hash: str | None = None,
    audit_key: bool = True,
) -> Principal:
    """Create the clinic and the first administrator in one transaction. Refused once
    the database has been set up, so it cannot be used to make a second admin.

    The clinic's audit key is made first, so every event is sealed with it, wherever this
    computer can keep a key (its keyring, or the file CLINICDESK_AUDIT_KEY_FILE names).
    Where it cannot, the trail starts unkeyed and `audit verify` says so until an
    administrator runs `clinicdesk audit key create`. A throw-away demo clinic passes
    `audit_key=False` so it leaves nothing in the keyring."""
    name = clinic_name.strip()
    if not name:
        raise ValidationError(_("Give the clinic a name."), field="clinic_name")
    if len(name) > 200:
        raise ValidationError(_("The clinic name is too long (200 characters at most)."))
    if is_initialised(uow):
        raise ConflictError(
            _("This database already has a clinic and an administrator."),
            hint=_("Sign in instead, or ask the administrator for an account."),
        )
    clinic = uow.session.execute(select(Clinic).limit(1)).scalar_one_or_none()
    if clinic is None:
        clinic = Clinic(name=name)
        uow.session.add(clinic)
    admin = create_user_row(
        uow,
        admin_username,
        admin_display_name,
        [Role.ADMIN],
        admin_password,
        password_hash=password_hash,
    )
    principal = principal_of(admin)
    if audit_key and audit_keys.store_available():
        audit.start_keying(uow, principal, announce=False)
    audit.record(uow, principal, "clinic.create", "clinic", clinic.uuid, {"name": name})
    audit.record(uow, principal, "user.add", "user", admin.username, {"roles": admin.roles})
    uow.commit()
    return principal
