"""After an import, attribution and the care-gap run look only at the patients the import
wrote (services/patient_import/run._attribute_after_import): one file into a clinic of
100,000 patients no longer waits for clinic-wide runs. Checked on SQLite and PostgreSQL by
planting a wrong stored result on a patient the import did not write: a run that looked at
the whole clinic would correct it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import Attribution, CareGapResult, CareGapRun, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import caregaps, patient_import, users
from clinicdesk.services.patient_import import writing
from tests.helpers.clinic import last_care_gap_run

FLU = "care-gap.influenza-vaccine"
RECENT = (date.today() - timedelta(days=30)).isoformat()


def _patient(pid: str, family: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": pid,
        "name": [{"family": family, "given": ["Jan"]}],
        "gender": "female",
        "birthDate": "1970-01-01",
    }


def _flu_shot(iid: str, pid: str) -> dict[str, Any]:
    return {
        "resourceType": "Immunization",
        "id": iid,
        "status": "completed",
        "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "140"}]},
        "patient": {"reference": f"Patient/{pid}"},
        "occurrenceDateTime": RECENT,
    }


def _file(folder: Path, name: str, *resources: dict[str, Any]) -> Path:
    path = folder / name
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def _others(count: int = 20) -> list[dict[str, Any]]:
    """Patients no later import writes: beside them a later import's patients are under a
    tenth of the clinic, so its runs look at those patients only."""
    return [_patient(f"o-{n}", f"Other{n:02d}") for n in range(count)]


def _import(db: Database, admin: Principal, *paths: Path) -> None:
    report = patient_import.import_fhir(db, admin, list(paths))
    assert report.errors == [] and report.accounted, report.as_json()


def _flu(db: Database) -> dict[str, str]:
    """Each patient's stored influenza result, by family name (the others left out)."""
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(Patient.family_name, CareGapResult.state)
            .join(CareGapResult, CareGapResult.patient_id == Patient.id)
            .where(CareGapResult.standard_id == FLU)
        ).all()
    return {family: state for family, state in rows if not family.startswith("Other")}


def _plant(db: Database, family: str, state: str) -> None:
    """A stored result no run of today would give: only a run that looks at this
    patient writes it back."""
    with db.uow() as uow:
        patient_id = uow.session.execute(
            select(Patient.id).where(Patient.family_name == family)
        ).scalar_one()
        uow.session.execute(
            update(CareGapResult)
            .where(CareGapResult.patient_id == patient_id, CareGapResult.standard_id == FLU)
            .values(state=state)
        )
        uow.commit()


def _clinic_runs(db: Database) -> int:
    with db.uow(read_only=True) as uow:
        return len(uow.session.execute(select(CareGapRun.scope)).all())


def test_an_import_reworks_only_the_patients_it_wrote(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    _import(
        db,
        admin,
        _file(tmp_path, "one.json", _patient("a", "Aalto"), _patient("b", "Berg"), *_others()),
    )
    assert _flu(db) == {"Aalto": "overdue", "Berg": "overdue"}
    runs = _clinic_runs(db)
    _plant(db, "Berg", "met")

    _import(db, admin, _file(tmp_path, "two.json", _flu_shot("i-1", "a")))
    # Aalto's vaccine closes her gap; Berg, whom the import did not write, was not looked at
    assert _flu(db) == {"Aalto": "met", "Berg": "met"}
    details = last_care_gap_run(db)
    assert details["patients_written_by"] == "import" and details["patients"] == 1
    assert _clinic_runs(db) == runs  # not the clinic's run of the day
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale

    # the clinic-wide run looks at everyone, and finds Aalto's result already right
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, admin)
    assert _flu(db) == {"Aalto": "met", "Berg": "overdue"}
    assert (summary.inserted, summary.updated, summary.deleted) == (0, 1, 0)


def test_an_event_moved_to_another_patient_reworks_both(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    _import(
        db,
        admin,
        _file(
            tmp_path,
            "one.json",
            _patient("a", "Aalto"),
            _patient("b", "Berg"),
            _flu_shot("i-1", "a"),
            *_others(),
        ),
    )
    assert _flu(db) == {"Aalto": "met", "Berg": "overdue"}
    # the source corrects whose shot it was: the patient it leaves is written too
    _import(db, admin, _file(tmp_path, "two.json", _flu_shot("i-1", "b")))
    assert _flu(db) == {"Aalto": "overdue", "Berg": "met"}


def test_an_import_of_more_patients_than_the_limit_reworks_the_whole_clinic(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(db, admin, _file(tmp_path, "one.json", _patient("b", "Berg")))
    _plant(db, "Berg", "met")
    runs = _clinic_runs(db)
    monkeypatch.setattr(writing, "TOUCHED_LIMIT", 1)
    _import(db, admin, _file(tmp_path, "two.json", _patient("a", "Aalto"), _patient("c", "Cruz")))
    assert _flu(db) == {"Aalto": "overdue", "Berg": "overdue", "Cruz": "overdue"}
    assert "patients_written_by" not in last_care_gap_run(db)
    assert _clinic_runs(db) == max(runs, 1)


def test_the_import_attributes_only_the_patients_it_wrote(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    with db.uow() as uow:
        users.add_user(uow, admin, "dr.ruiz", "Dr Ana Ruiz", [Role.CLINICIAN], "pw-ruiz-12345")
    with db.uow(read_only=True) as uow:
        ruiz = uow.session.execute(select(User.id).where(User.username == "dr.ruiz")).scalar_one()

    def visit(eid: str, pid: str) -> dict[str, Any]:
        return {
            "resourceType": "Encounter",
            "id": eid,
            "status": "finished",
            "class": {"code": "AMB"},
            "subject": {"reference": f"Patient/{pid}"},
            "participant": [{"individual": {"display": "Dr. Ana Ruiz"}}],
            "period": {"start": f"{RECENT}T09:00:00Z"},
        }

    _import(
        db, admin, _file(tmp_path, "one.json", _patient("b", "Berg"), visit("v-1", "b"), *_others())
    )
    # Berg's attribution taken away (as if the rule had not run for her)
    with db.uow() as uow:
        uow.session.execute(update(Patient).values(clinician_id=None))
        uow.session.execute(Attribution.__table__.delete())
        uow.commit()
    _import(db, admin, _file(tmp_path, "two.json", _patient("a", "Aalto"), visit("v-2", "a")))
    with db.uow(read_only=True) as uow:
        clinicians = dict(
            uow.session.execute(select(Patient.family_name, Patient.clinician_id)).all()
        )
    assert (clinicians["Aalto"], clinicians["Berg"]) == (ruiz, None)


def test_an_import_of_a_tenth_of_the_clinic_or_more_reworks_the_whole_clinic(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    _import(db, admin, _file(tmp_path, "one.json", _patient("b", "Berg"), *_others(8)))
    _plant(db, "Berg", "met")
    # one patient more in a clinic of ten: a tenth
    _import(db, admin, _file(tmp_path, "two.json", _patient("a", "Aalto")))
    assert _flu(db) == {"Aalto": "overdue", "Berg": "overdue"}
    assert "patients_written_by" not in last_care_gap_run(db)
