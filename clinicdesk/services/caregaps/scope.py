"""Whose patients a care-gap call may see, and the standards it evaluates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    select,
)

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.standards import CareGapStandard, StandardKind
from clinicdesk.errors import NotFoundError
from clinicdesk.i18n import _
from clinicdesk.services import ensure_permission
from clinicdesk.services.federation_store import load_default_standards, standards_in_force


def panel_scope(
    uow: UnitOfWork, actor: Principal, clinician: str | None
) -> tuple[int | None, str | None]:
    """The panel `clinician` names as (user id, user name); (None, None) for the whole
    clinic. A clinician may see only their own panel: without VIEW_ALL_PANELS, no
    `clinician` means their own and anyone else's is refused."""
    if clinician is None:
        if actor.can(Permission.VIEW_ALL_PANELS) or actor.user_id is None:
            ensure_permission(actor, Permission.VIEW_ALL_PANELS)
            return None, None
        return actor.user_id, actor.username
    name = clinician.strip().lower()
    user_id = uow.session.execute(select(User.id).where(User.username == name)).scalar_one_or_none()
    if user_id is None:
        raise NotFoundError(_("There is no user named “{clinician}”.").format(clinician=clinician))
    if user_id != actor.user_id:
        ensure_permission(actor, Permission.VIEW_ALL_PANELS)
    return int(user_id), name


def ensure_may_see_patient(uow: UnitOfWork, actor: Principal, patient_id: int) -> Patient:
    patient = uow.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(
            _("There is no patient with id {patient_id}.").format(patient_id=patient_id)
        )
    if patient.clinician_id != actor.user_id or actor.user_id is None:
        ensure_permission(actor, Permission.VIEW_ALL_PANELS)
    return patient


def care_gap_standards(uow: UnitOfWork, as_of: date) -> list[CareGapStandard]:
    """The care-gap standards in force on `as_of`, by id. The defaults shipped with the
    program are stored first if the clinic has never pulled from a hub (idempotent)."""
    load_default_standards(uow)
    return [
        document
        for document in standards_in_force(uow, StandardKind.CARE_GAP, as_of)
        if isinstance(document, CareGapStandard)
    ]
