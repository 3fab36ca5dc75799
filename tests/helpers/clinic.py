"""Small hand-made clinical data for panel, attribution and registry tests: clinicians,
patients, visits, coded events, and care-gap results as the care-gap engine writes them."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from clinicdesk.db.models_clinical import (
    CareGapResult,
    ClinicalEvent,
    Encounter,
    PatientIdentifier,
)
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import patients, users
from clinicdesk.services.patients import PatientInput, PatientSummary

STAFF_PASSWORD = "staff-password-1"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"


def add_staff(
    db: Database, admin: Principal, username: str, display: str, *roles: str
) -> Principal:
    with db.uow() as uow:
        info = users.add_user(
            uow,
            admin,
            username,
            display,
            list(roles) or ["clinician"],
            STAFF_PASSWORD,
            must_change_password=False,
        )
    return Principal(info.id, info.username, info.display_name, info.roles)


def register(
    db: Database,
    actor: Principal,
    mrn: str,
    family: str,
    given: str,
    birth: date | None = date(1970, 1, 1),
    sex: str = "female",
    **extra: object,
) -> PatientSummary:
    with db.uow() as uow:
        return patients.register_patient(
            uow,
            actor,
            PatientInput(
                mrn=mrn,
                family_name=family,
                given_names=given,
                birth_date=birth,
                sex=sex,
                **extra,  # type: ignore[arg-type]
            ),
        )


def visit(db: Database, patient_id: int, clinician_id: int | None, on: date) -> None:
    with db.uow() as uow:
        uow.session.add(
            Encounter(
                patient_id=patient_id,
                clinician_id=clinician_id,
                start_at=datetime.combine(on, time(9, 0)),
                encounter_class="AMB",
                system=SNOMED,
                code="185349003",
                display="Encounter for check up",
            )
        )
        uow.commit()


def event(
    db: Database,
    patient_id: int,
    kind: str,
    system: str,
    code: str,
    on: date,
    *,
    display: str | None = None,
    value: str | None = None,
    unit: str | None = None,
) -> None:
    with db.uow() as uow:
        uow.session.add(
            ClinicalEvent(
                patient_id=patient_id,
                kind=kind,
                system=system,
                code=code,
                display=display,
                occurred_on=on,
                value=Decimal(value) if value is not None else None,
                unit=unit,
            )
        )
        uow.commit()


def identifier(db: Database, patient_id: int, system: str, value: str) -> None:
    with db.uow() as uow:
        uow.session.add(PatientIdentifier(patient_id=patient_id, system=system, value=value))
        uow.commit()


def gap(
    db: Database,
    patient_id: int,
    standard_id: str,
    state: str,
    *,
    due_on: date | None = None,
    last_done_on: date | None = None,
    explanation: str = "",
    as_of: date = date(2026, 11, 1),
) -> None:
    """A care-gap result as the care-gap engine stores it."""
    with db.uow() as uow:
        uow.session.add(
            CareGapResult(
                patient_id=patient_id,
                standard_id=standard_id,
                standard_version=1,
                state=state,
                due_on=due_on,
                last_done_on=last_done_on,
                explanation=explanation or f"{standard_id}: {state}",
                as_of=as_of,
            )
        )
        uow.commit()


def set_cached(db: Database, patient_id: int, **values: object) -> None:
    """Set the panel's cached columns (what import and the care-gap run keep current)."""
    from sqlalchemy import update

    from clinicdesk.db.models_clinical import Patient

    with db.uow() as uow:
        uow.session.execute(update(Patient).where(Patient.id == patient_id).values(**values))
        uow.commit()
