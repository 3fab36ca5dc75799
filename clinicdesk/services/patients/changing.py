"""Registering and editing a patient. An edit carries the version the person saw: a save
from a second workstation that read an older version is a ConflictError.

A new patient's care gaps, and an edited patient's when the edit changed what a care-gap
standard reads (birth date, sex, status), are worked out in the same transaction: the
panel shows them at once, not after the next clinic-wide run."""

from __future__ import annotations

import re

from sqlalchemy import select

from clinicdesk.db.models_clinical import (
    Patient,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.caregaps.run import evaluate_patients
from clinicdesk.services.patients.reading import load_patient, summary_of
from clinicdesk.services.patients.types import PatientInput, PatientSummary
from clinicdesk.services.patients.validation import ensure_mrn_free, validate


@requires(Permission.EDIT_PATIENTS)
def register_patient(uow: UnitOfWork, actor: Principal, data: PatientInput) -> PatientSummary:
    clean = validate(data)
    ensure_mrn_free(uow, clean.mrn)
    patient = Patient(
        **_stored(clean), name_key=name_key(clean.family_name, clean.given_names), open_gaps=0
    )
    uow.session.add(patient)
    uow.flush()
    audit.record(uow, actor, "patient.register", "patient", patient.uuid, {"mrn": clean.mrn})
    summary = _with_care_gaps(uow, actor, patient, "registration")
    uow.commit()
    return summary


# The patient columns a care-gap standard reads (its eligibility: age, sex; only active
# patients are evaluated).
_CARE_GAP_FIELDS = frozenset({"birth_date", "sex", "status", "deceased_on"})


def _with_care_gaps(
    uow: UnitOfWork, actor: Principal, patient: Patient, because: str
) -> PatientSummary:
    """Evaluate `patient`'s care gaps in the caller's transaction and return the patient
    as now stored, with the panel columns the run wrote."""
    evaluate_patients(uow, actor, [patient.id], because=because)
    uow.session.refresh(patient)  # open_gaps / next_due_on were written by Core
    return summary_of(uow, patient)


def _stored(clean: PatientInput) -> dict[str, object]:
    """The patient columns a person edits, as stored (empty contact fields are NULL)."""
    return {
        "mrn": clean.mrn,
        "family_name": clean.family_name,
        "given_names": clean.given_names,
        "birth_date": clean.birth_date,
        "sex": clean.sex,
        "phone": clean.phone or None,
        "email": clean.email or None,
        "address": clean.address or None,
        "status": clean.status,
        "deceased_on": clean.deceased_on,
    }


@requires(Permission.EDIT_PATIENTS)
def update_patient(
    uow: UnitOfWork,
    actor: Principal,
    patient_id: int,
    data: PatientInput,
    *,
    expected_version: int,
) -> PatientSummary:
    """Save an edit made on the version `expected_version`. If the stored record is newer,
    nothing is saved and a ConflictError says so."""
    patient = load_patient(uow, patient_id)
    if patient.version != expected_version:
        raise ConflictError(
            _(
                "The record of {family_name}, {given_names} "
                "(MRN {mrn}) was changed on another workstation while you were "
                "editing it."
            ).format(
                family_name=patient.family_name, given_names=patient.given_names, mrn=patient.mrn
            ),
            hint=_(
                "Your changes were not saved. The form keeps what you typed; compare it "
                "with the stored record and save again."
            ),
        )
    clean = validate(data)
    if clean.mrn != patient.mrn:
        ensure_mrn_free(uow, clean.mrn, except_id=patient.id)
    new_values = _stored(clean)
    changed = [k for k in new_values if getattr(patient, k) != new_values[k]]
    if not changed:
        return summary_of(uow, patient)
    for key in changed:
        setattr(patient, key, new_values[key])
    patient.name_key = name_key(patient.family_name, patient.given_names)
    audit.record(uow, actor, "patient.edit", "patient", patient.uuid, {"fields": changed})
    uow.flush()
    if _CARE_GAP_FIELDS.intersection(changed):
        summary = _with_care_gaps(uow, actor, patient, "edit")
    else:
        summary = summary_of(uow, patient)
    uow.commit()
    return summary


@requires(Permission.EDIT_PATIENTS)
def suggest_mrn(uow: UnitOfWork, actor: Principal) -> str:
    """The next free MRN in the clinic's own pattern: the newest patient's MRN with its
    number part one higher, same width (MRN0000300 -> MRN0000301); "000001" for the
    first patient. The person may type another."""
    newest = uow.session.execute(
        select(Patient.mrn).order_by(Patient.id.desc()).limit(1)
    ).scalar_one_or_none()
    match = re.fullmatch(r"(.*?)(\d+)", newest or "")
    prefix, digits = (match.group(1), match.group(2)) if match else ("", "000000")
    number = int(digits)
    for _attempt in range(1000):
        number += 1
        candidate = f"{prefix}{number:0{len(digits)}d}"
        taken = uow.session.execute(select(Patient.id).where(Patient.mrn == candidate)).first()
        if taken is None:
            return candidate
    return ""  # no free number near the newest: let the person choose
