"""Registering at the front desk: the suggested MRN follows the clinic's own pattern and
skips numbers in use; a patient registered with a chosen clinician is on that panel from
today, and a refused clinician leaves no patient behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.services import attribution, patients
from clinicdesk.services.patients import PatientInput
from tests.helpers.clinic import add_staff, register


def _suggest(db: Database, actor: Principal) -> str:
    with db.uow(read_only=True) as uow:
        return patients.suggest_mrn(uow, actor)


def test_the_suggested_mrn_follows_the_newest_and_skips_used_ones(
    db: Database, admin: Principal
) -> None:
    assert _suggest(db, admin) == "000001"
    register(db, admin, "MRN0000300", "Okafor", "Esi")
    assert _suggest(db, admin) == "MRN0000301"
    register(db, admin, "MRN0000302", "Okafor", "Olu")  # typed by hand, out of order
    register(db, admin, "MRN0000301", "Nakamura", "Mei")
    assert _suggest(db, admin) == "MRN0000303"  # 302 is taken
    register(db, admin, "A-9", "Rossi", "Lia")
    assert _suggest(db, admin) == "A-10"


def test_registering_with_a_clinician_puts_the_patient_on_the_panel(
    db: Database, admin: Principal
) -> None:
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    data = PatientInput(mrn="N-1", family_name="Lindqvist", given_names="Maja", birth_date=None)
    with db.uow() as uow:
        summary = attribution.register_with_clinician(uow, admin, data, quinn.user_id)
    assert summary.clinician_id == quinn.user_id
    assert summary.clinician_name == "Dr Rosa Quinn"
    with db.uow(read_only=True) as uow:
        history = attribution.attribution_history(uow, summary.id)
    assert [(h.clinician_id, h.end_on) for h in history] == [(quinn.user_id, None)]


def test_a_refused_clinician_registers_no_one(db: Database, admin: Principal) -> None:
    desk = add_staff(db, admin, "desk", "Front Desk", "front_desk")
    data = PatientInput(mrn="N-2", family_name="Brandt", given_names="Ola", birth_date=None)
    with pytest.raises((NotFoundError, ValidationError)), db.uow() as uow:
        attribution.register_with_clinician(uow, admin, data, desk.user_id)  # not a clinician
    with db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count(Patient.id))).scalar_one() == 0
