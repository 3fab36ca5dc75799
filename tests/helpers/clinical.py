"""Patients and coded events written straight into a test database, as an import would
leave them, plus clinicians to own panels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from clinicdesk.db.models_clinical import ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services.users import create_user_row, principal_of

CLINICIAN_PASSWORD = "clinician-password-1"


def add_clinician(db: Database, username: str, display_name: str = "") -> Principal:
    with db.uow() as uow:
        user = create_user_row(
            uow, username, display_name or username, [Role.CLINICIAN], CLINICIAN_PASSWORD
        )
        principal = principal_of(user)
        uow.commit()
    return principal


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
        for event in events:
            uow.session.add(
                ClinicalEvent(
                    patient_id=patient.id,
                    kind=event.kind,
                    system=event.system,
                    code=event.code,
                    occurred_on=event.occurred_on,
                    ended_on=event.ended_on,
                    value=event.value,
                    unit=event.unit,
                )
            )
        uow.commit()
        return patient.id
