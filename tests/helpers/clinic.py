"""The builder for small hand-made clinics in tests: staff, patients, visits, coded
events, identifiers, and care-gap results as the care-gap engine writes them.

Two doors, as in the program: `add_staff` and `register` go through the services (an
administrator adds the account, the front desk registers the patient: audited, checked);
`add_clinician` and `add_patient` write rows straight in, the way setup, the demo and an
import leave them, for tests about what is read back (care gaps, outreach, the panel)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import (
    CareGapResult,
    ClinicalEvent,
    Encounter,
    Patient,
    PatientIdentifier,
)
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import patients, users
from clinicdesk.services.patients import PatientInput, PatientSummary
from clinicdesk.services.users import create_user_row, principal_of

STAFF_PASSWORD = "staff-password-1"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"


def add_staff(
    db: Database, admin: Principal, username: str, display: str, *roles: str
) -> Principal:
    """An account added by an administrator (clinician unless `roles` say otherwise)."""
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


def add_clinician(db: Database, username: str, display_name: str = "") -> Principal:
    """A clinician's account written straight in (no administrator, no audit event)."""
    with db.uow() as uow:
        user = create_user_row(
            uow, username, display_name or username, [Role.CLINICIAN], STAFF_PASSWORD
        )
        principal = principal_of(user)
        uow.commit()
    return principal


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


def add_patient(
    db: Database,
    *,
    mrn: str,
    birth_date: date | None,
    sex: str = "female",
    events: Iterable[Event] = (),
    family_name: str = "Tester",
    given_names: str = "Pat",
    status: str = "active",
    clinician_id: int | None = None,
    phone: str | None = None,
) -> int:
    """A patient row with its coded events, as an import leaves them; returns its id."""
    with db.uow() as uow:
        patient = Patient(
            mrn=mrn,
            family_name=family_name,
            given_names=given_names,
            name_key=name_key(family_name, given_names),
            birth_date=birth_date,
            sex=sex,
            status=status,
            clinician_id=clinician_id,
            phone=phone,
        )
        uow.session.add(patient)
        uow.flush()
        uow.session.add_all(event_rows(patient.id, events))
        uow.commit()
        return patient.id


def event_rows(patient_id: int, events: Iterable[Event]) -> list[ClinicalEvent]:
    """The rows that store a patient's coded events (the care-gap engine's `Event`)."""
    return [
        ClinicalEvent(
            patient_id=patient_id,
            kind=item.kind,
            system=item.system,
            code=item.code,
            occurred_on=item.occurred_on,
            ended_on=item.ended_on,
            value=item.value,
            unit=item.unit,
        )
        for item in events
    ]


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
    """A care-gap result as the care-gap engine stores it, in place of the one it stored
    when the patient was registered."""
    with db.uow() as uow:
        uow.session.execute(
            delete(CareGapResult).where(
                CareGapResult.patient_id == patient_id, CareGapResult.standard_id == standard_id
            )
        )
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
    with db.uow() as uow:
        uow.session.execute(update(Patient).where(Patient.id == patient_id).values(**values))
        uow.commit()


def forget_gaps(db: Database) -> None:
    """No care-gap results and empty panel columns, as before any run: for a test that
    plants its own results with `gap` and `set_cached` (registering a patient works out
    their care gaps at once)."""
    with db.uow() as uow:
        uow.session.execute(delete(CareGapResult))
        uow.session.execute(update(Patient).values(open_gaps=0, next_due_on=None))
        uow.commit()


def last_care_gap_run(db: Database) -> dict[str, Any]:
    """The details of the last care-gap run's audit event (caregaps.evaluate)."""
    with db.uow(read_only=True) as uow:
        details = uow.session.execute(
            select(AuditEvent.details)
            .where(AuditEvent.action == "caregaps.evaluate")
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        ).scalar_one()
    return dict(json.loads(details) if isinstance(details, str) else details)
