"""The patient registry on a real database (services/patients)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import OPEN_STATE_VALUES
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from clinicdesk.services import attribution, caregaps, patients
from clinicdesk.services.patients import PatientInput
from tests.helpers.clinic import (
    ICD10,
    LOINC,
    SNOMED,
    add_staff,
    event,
    gap,
    identifier,
    register,
    visit,
)


def _audit(db: Database, action: str) -> list[Any]:
    with db.uow() as uow:
        return list(
            uow.session.execute(
                select(AuditEvent.entity_id, AuditEvent.details, AuditEvent.actor_name)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.seq)
            ).all()
        )


def test_register_tidies_input_and_folds_the_name_key(db: Database, admin: Principal) -> None:
    info = register(db, admin, " A-100 ", "  José  María ", " Núñez ", date(1980, 5, 17), "Female")
    assert (info.mrn, info.family_name, info.given_names, info.sex) == (
        "A-100",
        "José María",
        "Núñez",
        "female",
    )
    assert info.status == "active" and info.version == 1 and info.clinician_id is None
    with db.uow() as uow:
        row = uow.session.get(Patient, info.id)
        assert row is not None and row.name_key == "jose maria nunez"
    [event_] = _audit(db, "patient.register")
    assert event_.entity_id == info.uuid and json.loads(event_.details) == {"mrn": "A-100"}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"mrn": ""}, "mrn", "medical record number"),
        ({"mrn": "has space"}, "mrn", "cannot be an MRN"),
        ({"family_name": "   "}, "family_name", "family name"),
        ({"birth_date": date.today() + timedelta(days=1)}, "birth_date", "in the future"),
        ({"birth_date": date(1850, 1, 1)}, "birth_date", "before 1900"),
        ({"sex": "robot"}, "sex", "not a sex"),
        ({"status": "asleep"}, "status", "not a patient status"),
        ({"deceased_on": date(2020, 1, 1)}, "status", "not “deceased”"),
        ({"status": "deceased", "deceased_on": date(1960, 1, 1)}, "deceased_on", "before the"),
        ({"email": "not-an-address"}, "email", "not an e-mail address"),
    ],
)
def test_validation_names_the_field(
    db: Database, admin: Principal, change: dict[str, object], field: str, words: str
) -> None:
    good = PatientInput("B-1", "Okafor", "Esi", date(1970, 1, 1), "female")
    with db.uow() as uow, pytest.raises(ValidationError) as info:
        patients.register_patient(uow, admin, replace(good, **change))  # type: ignore[arg-type]
    assert info.value.field == field
    assert words in info.value.message
    with db.uow() as uow:
        assert uow.session.execute(select(Patient)).first() is None


def test_mrn_is_unique_on_register_and_edit(db: Database, admin: Principal) -> None:
    first = register(db, admin, "M-1", "Quinn", "Rosa")
    second = register(db, admin, "M-2", "Quinn", "Ben")
    with db.uow() as uow, pytest.raises(ValidationError, match="already has the MRN “M-1”"):
        patients.register_patient(uow, admin, PatientInput("M-1", "Other", "Person", None))
    with db.uow() as uow, pytest.raises(ValidationError, match="already has the MRN"):
        patients.update_patient(
            uow, admin, second.id, replace(second.as_input(), mrn="M-1"), expected_version=1
        )
    # Keeping one's own MRN is fine.
    with db.uow() as uow:
        saved = patients.update_patient(
            uow, admin, first.id, replace(first.as_input(), phone="555 0100"), expected_version=1
        )
    assert saved.phone == "555 0100" and saved.version == 2


def test_edit_changes_fields_name_key_and_audits_field_names(
    db: Database, admin: Principal
) -> None:
    info = register(db, admin, "E-1", "Lindqvist", "Maja")
    edited = replace(
        info.as_input(),
        family_name="Lindqvist-Berg",
        status="deceased",
        deceased_on=date(2025, 1, 2),
    )
    with db.uow() as uow:
        saved = patients.update_patient(uow, admin, info.id, edited, expected_version=1)
    assert saved.family_name == "Lindqvist-Berg" and saved.version == 2
    assert saved.status == "deceased" and saved.deceased_on == date(2025, 1, 2)
    with db.uow() as uow:
        row = uow.session.get(Patient, info.id)
        assert row is not None and row.name_key == "lindqvist-berg maja"
    [audit_event] = _audit(db, "patient.edit")
    assert json.loads(audit_event.details) == {"fields": ["family_name", "status", "deceased_on"]}
    # Saving the same values again changes nothing and records nothing.
    with db.uow() as uow:
        again = patients.update_patient(uow, admin, info.id, edited, expected_version=2)
    assert again.version == 2 and len(_audit(db, "patient.edit")) == 1


def _stored_gaps(db: Database, patient_id: int) -> dict[str, tuple[str, date | None]]:
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(CareGapResult.standard_id, CareGapResult.state, CareGapResult.due_on).where(
                CareGapResult.patient_id == patient_id
            )
        ).all()
    return {standard: (state, due) for standard, state, due in rows}


def _panel_columns(db: Database, patient_id: int) -> tuple[int, date | None]:
    with db.uow(read_only=True) as uow:
        row = uow.session.get(Patient, patient_id)
        assert row is not None
        return row.open_gaps, row.next_due_on


def _clinic_run_writes(db: Database, admin: Principal) -> tuple[int, int, int, int]:
    with db.uow() as uow:
        run = caregaps.evaluate_clinic(uow, admin)
    return run.inserted, run.updated, run.deleted, run.panel_written


def test_a_new_patient_has_their_care_gaps_at_once(db: Database, admin: Principal) -> None:
    desk = add_staff(db, admin, "desk", "Front Desk", "front_desk")
    older = register(db, desk, "G-1", "Berg", "Ada", date(1960, 2, 3))
    child = register(db, desk, "G-2", "Berg", "Noa", date.today() - timedelta(days=4 * 365))
    gaps = _stored_gaps(db, older.id)
    # a woman in her sixties with no history: her flu vaccine is open, and a child's
    # standards are not hers
    assert gaps["care-gap.influenza-vaccine"][0] == "overdue"
    assert "care-gap.breast-cancer-screening" in gaps
    assert "care-gap.breast-cancer-screening" not in _stored_gaps(db, child.id)
    open_count = sum(state in OPEN_STATE_VALUES for state, _due in gaps.values())
    assert open_count > 0 and older.open_gaps == open_count
    assert _panel_columns(db, older.id) == (open_count, older.next_due_on)
    assert older.next_due_on is not None
    # what registration stored is what the clinic-wide run works out: it writes nothing
    assert _clinic_run_writes(db, admin) == (0, 0, 0, 0)
    runs = [json.loads(d) for _id, d, _who in _audit(db, "caregaps.evaluate")]
    assert [r.get("patients_written_by") for r in runs[:2]] == ["registration"] * 2
    assert [r["patients"] for r in runs[:2]] == [1, 1]


def test_an_edit_that_changes_eligibility_reworks_the_care_gaps(
    db: Database, admin: Principal
) -> None:
    info = register(db, admin, "G-3", "Roy", "Kim", date(1960, 2, 3), "male")
    assert "care-gap.breast-cancer-screening" not in _stored_gaps(db, info.id)
    runs = len(_audit(db, "caregaps.evaluate"))
    # a phone number is no care-gap matter: no run
    with db.uow() as uow:
        info = patients.update_patient(
            uow, admin, info.id, replace(info.as_input(), phone="555 0101"), expected_version=1
        )
    assert len(_audit(db, "caregaps.evaluate")) == runs
    # the sex recorded in error, corrected: her screening is open at once
    with db.uow() as uow:
        info = patients.update_patient(
            uow, admin, info.id, replace(info.as_input(), sex="female"), expected_version=2
        )
    assert _stored_gaps(db, info.id)["care-gap.breast-cancer-screening"][0] == "overdue"
    assert info.open_gaps == _panel_columns(db, info.id)[0] > 0
    [last] = [json.loads(d) for _id, d, _who in _audit(db, "caregaps.evaluate")][-1:]
    assert last["patients_written_by"] == "edit"
    assert _clinic_run_writes(db, admin) == (0, 0, 0, 0)
    # no longer a patient of the clinic: nothing open, nothing due
    with db.uow() as uow:
        info = patients.update_patient(
            uow, admin, info.id, replace(info.as_input(), status="transferred"), expected_version=3
        )
    assert _stored_gaps(db, info.id) == {}
    assert (info.open_gaps, info.next_due_on) == (0, None) == _panel_columns(db, info.id)


def test_a_stale_save_from_a_second_workstation_is_a_conflict(
    db: Database, admin: Principal
) -> None:
    info = register(db, admin, "C-1", "Haddad", "Farid", phone="555 0001")
    # Two workstations open the same record (each in its own session)...
    with db.uow() as uow:
        desk_one = patients.get_patient(uow, admin, info.id)
    with db.uow() as uow:
        desk_two = patients.get_patient(uow, admin, info.id)
    assert desk_one.version == desk_two.version == 1
    # ...the first saves...
    with db.uow() as uow:
        patients.update_patient(
            uow, admin, info.id, replace(desk_one.as_input(), phone="555 1111"), expected_version=1
        )
    # ...and the second's save, made on version 1, is refused, not merged.
    with db.uow() as uow, pytest.raises(ConflictError) as conflict:
        patients.update_patient(
            uow,
            admin,
            info.id,
            replace(desk_two.as_input(), email="farid@example.org"),
            expected_version=desk_two.version,
        )
    assert "changed on another workstation" in conflict.value.message
    assert "not saved" in (conflict.value.hint or "")
    with db.uow() as uow:
        stored = patients.get_patient(uow, admin, info.id)
    assert (stored.phone, stored.email, stored.version) == ("555 1111", "", 2)


def test_two_sessions_writing_at_once_cannot_both_win(db: Database, admin: Principal) -> None:
    """The version column catches the race the expected_version check cannot: both read
    version 1 before either commits (PostgreSQL lets them overlap)."""
    if db.is_sqlite:
        pytest.skip("SQLite writers never overlap: BEGIN IMMEDIATE makes the second wait")
    info = register(db, admin, "R-1", "Petrov", "Ivan")
    first, second = db.uow(), db.uow()
    with first:
        first.session.get(Patient, info.id)
        with pytest.raises(ConflictError), second:
            second.session.get(Patient, info.id)  # both hold version 1 now
            patients.update_patient(
                first, admin, info.id, replace(info.as_input(), phone="1"), expected_version=1
            )
            patients.update_patient(
                second, admin, info.id, replace(info.as_input(), phone="2"), expected_version=1
            )
    with db.uow() as uow:
        stored = patients.get_patient(uow, admin, info.id)
    assert (stored.phone, stored.version) == ("1", 2)


def test_detail_has_the_whole_record_and_is_audited(db: Database, admin: Principal) -> None:
    doctor = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    info = register(db, admin, "D-1", "Okafor", "Esi", date(1960, 3, 4))
    identifier(db, info.id, "https://synthea.example/id", "abc-123")
    identifier(db, info.id, "http://hl7.org/fhir/sid/us-ssn", "999-12-3456")
    identifier(db, info.id, "fhir:Patient", "b0f1-77")
    visit(db, info.id, doctor.user_id, date(2026, 10, 1))
    event(db, info.id, "condition", SNOMED, "44054006", date(2019, 1, 1), display="Diabetes")
    event(db, info.id, "observation", LOINC, "4548-4", date(2026, 3, 5), value="7.20", unit="%")
    event(db, info.id, "condition", ICD10, "I10", date(2018, 6, 1))
    gap(
        db,
        info.id,
        "care-gap.diabetes-hba1c-test",
        "overdue",
        due_on=date(2026, 9, 5),
        last_done_on=date(2026, 3, 5),
        explanation="Open: no HbA1c (LOINC 4548-4) since 2026-03-05",
    )
    gap(db, info.id, "care-gap.influenza-vaccine", "met", due_on=date(2027, 1, 1))
    assert doctor.user_id is not None
    with db.uow() as uow:
        attribution.reassign(uow, admin, info.id, doctor.user_id, "New patient, chose Dr Quinn")

    with db.uow() as uow:
        detail = patients.get_patient_detail(uow, admin, info.id)
    assert detail.patient.clinician_name == "Dr Rosa Quinn"
    # each by a name a person knows where there is one; a system of its own, as written
    assert [(i.label, i.value) for i in detail.identifiers] == [
        ("FHIR patient id", "b0f1-77"),
        ("US Social Security number", "999-12-3456"),
        ("https://synthea.example/id", "abc-123"),
    ]
    [history] = detail.attributions
    assert history.source == "manual" and history.reason == "New patient, chose Dr Quinn"
    assert history.current and history.clinician_name == "Dr Rosa Quinn"
    assert [(t.on, t.kind, t.code) for t in detail.timeline] == [
        (date(2026, 10, 1), "encounter", "185349003"),
        (date(2026, 3, 5), "observation", "4548-4"),
        (date(2019, 1, 1), "condition", "44054006"),
        (date(2018, 6, 1), "condition", "I10"),
    ]
    assert detail.timeline[0].clinician_name == "Dr Rosa Quinn"
    assert detail.timeline[1].value_label == "7.2 %"
    assert detail.timeline_total == 4
    # the two results planted above, among those worked out when she was registered
    gaps = {g.standard_id: g for g in detail.care_gaps}
    assert (
        gaps["care-gap.diabetes-hba1c-test"].state,
        gaps["care-gap.influenza-vaccine"].state,
    ) == (
        "overdue",
        "met",
    )
    assert not gaps["care-gap.influenza-vaccine"].open
    hba1c = gaps["care-gap.diabetes-hba1c-test"]
    assert hba1c.open and hba1c.title == "HbA1c test for people with diabetes"
    assert hba1c.explanation.startswith("Open: no HbA1c (LOINC 4548-4)")
    [viewed] = _audit(db, "patient.view")
    assert viewed.entity_id == info.uuid and viewed.actor_name == "root"


def test_a_clinician_sees_only_the_records_of_their_own_panel(
    db: Database, admin: Principal
) -> None:
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    rossi = add_staff(db, admin, "dr.rossi", "Dr Marco Rossi")
    mine = register(db, admin, "P-1", "Mine", "Patient")
    theirs = register(db, admin, "P-2", "Their", "Patient")
    assert quinn.user_id is not None and rossi.user_id is not None
    with db.uow() as uow:
        attribution.reassign(uow, admin, mine.id, quinn.user_id, "test")
    with db.uow() as uow:
        attribution.reassign(uow, admin, theirs.id, rossi.user_id, "test")
    with db.uow() as uow:
        assert patients.get_patient_detail(uow, quinn, mine.id).patient.mrn == "P-1"
    with db.uow() as uow, pytest.raises(PermissionDenied, match="another clinician's panel"):
        patients.get_patient_detail(uow, quinn, theirs.id)
    with db.uow() as uow, pytest.raises(PermissionDenied):
        patients.register_patient(uow, quinn, PatientInput("X", "Not", "Allowed", None))
    with db.uow() as uow, pytest.raises(NotFoundError):
        patients.get_patient_detail(uow, admin, 999_999)
    assert len(_audit(db, "patient.view")) == 1
