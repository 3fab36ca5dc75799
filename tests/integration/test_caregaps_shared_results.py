"""A care-gap run writes patients who share a result together (on SQLite one INSERT …
SELECT per result shared by many, store.ResultWriter._rows): what it stores, the panel
columns it sets and the summary it returns and audits must be exactly what the row-by-row
writer gives on the same clinic, on SQLite and PostgreSQL — for a first run after a patient
list import (new patients without events: one result per standard), and for a run that
must update and delete results already stored."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event
from clinicdesk.domain.roles import Principal
from clinicdesk.federation.schemas import CodeSystem
from clinicdesk.services import caregaps, patient_import
from clinicdesk.services.caregaps import store
from tests.helpers.clinic import add_patient, last_care_gap_run

AS_OF = date(2025, 6, 15)
SCT = CodeSystem.SNOMED_CT.value
CVX = CodeSystem.CVX.value
PATIENTS = 300  # several results shared by more than store._SHARED_ROWS patients


def _patient_list(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["MRN", "Last Name", "First Name", "DOB", "Sex"])
        for n in range(PATIENTS):
            born = date(1935, 1, 1) + timedelta(days=n * 97)  # ages 1 to 90 or so
            writer.writerow([f"PL{n:05d}", f"Family{n}", "Pat", born.isoformat(), "FM"[n % 2]])


def _clinic(db: Database, admin: Principal, tmp_path: Path) -> None:
    """A patient list imported (its own run writes its results), and a few patients with
    events whose results differ from the list's."""
    source = tmp_path / "patients.csv"
    _patient_list(source)
    report = patient_import.import_patients_csv(db, admin, source)
    assert report.patients_created == PATIENTS and not report.errors
    diabetic = Event("condition", SCT, "44054006", date(2015, 1, 1))
    flu = Event("immunization", CVX, "141", date(2024, 10, 1))
    for n in range(5):
        add_patient(db, mrn=f"EV{n}", birth_date=date(1950 + n, 3, 1), events=[diabetic, flu])
    add_patient(db, mrn="GONE", birth_date=date(1950, 3, 1), status="inactive")


def _stored(db: Database) -> tuple[dict[Any, Any], dict[int, Any]]:
    """Every stored result (all but when it was written) and every panel column."""
    r = CareGapResult
    with db.uow(read_only=True) as uow:
        results = {
            (row[0], row[1]): tuple(row[2:])
            for row in uow.session.execute(
                select(
                    r.patient_id, r.standard_id, r.standard_version, r.state, r.due_on,
                    r.last_done_on, r.explanation, r.as_of,
                )
            )
        }  # fmt: skip
        panel = {
            row[0]: tuple(row[1:])
            for row in uow.session.execute(
                select(Patient.id, Patient.open_gaps, Patient.next_due_on, Patient.version)
            )
        }
    return results, panel


def _reset(db: Database) -> None:
    """Back to the clinic as the import left it, before its run."""
    with db.uow() as uow:
        uow.session.execute(delete(CareGapResult))
        uow.session.execute(update(Patient).values(open_gaps=0, next_due_on=None))
        uow.commit()


def _disturb(db: Database) -> None:
    """Stored results the next run must update (many sharing a result), delete (an
    inactive patient's) or leave alone."""
    with db.uow() as uow:
        uow.session.execute(
            update(CareGapResult)
            .where(CareGapResult.standard_id == "care-gap.influenza-vaccine")
            .values(state="met", explanation="stale")
        )
        gone = uow.session.execute(select(Patient.id).where(Patient.mrn == "GONE")).scalar_one()
        uow.session.execute(
            CareGapResult.__table__.insert().values(
                patient_id=gone, standard_id="care-gap.influenza-vaccine", standard_version=1,
                state="overdue", due_on=None, last_done_on=None, explanation="old",
                as_of=AS_OF, evaluated_at=AS_OF,
            )
        )  # fmt: skip
        uow.session.execute(update(Patient).values(open_gaps=Patient.open_gaps + 1))
        uow.commit()


def _run(db: Database, admin: Principal) -> tuple[Any, ...]:
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    return (summary, last_care_gap_run(db), *_stored(db))


_OPEN = {"due_soon", "due", "overdue"}


def _panel_of(results: dict[Any, Any], panel: dict[int, Any]) -> dict[int, Any]:
    """The panel columns the stored results call for: the open gaps, and the earliest due
    date of the met and open ones (an open gap without one is due on the as-of day)."""
    wanted: dict[int, Any] = {
        patient_id: (0, None, version) for patient_id, (_, _, version) in panel.items()
    }
    for (patient_id, _standard), (_v, state, due_on, _done, _why, as_of) in results.items():
        if state not in _OPEN | {"met"}:
            continue
        count, due, version = wanted[patient_id]
        if state in _OPEN and due_on is None:
            due_on = as_of
        if due_on is not None and (due is None or due_on < due):
            due = due_on
        wanted[patient_id] = (count + (state in _OPEN), due, version)
    return wanted


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "_SHARED_ROWS", 10**9)


def test_shared_results_are_stored_as_row_by_row(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clinic(db, admin, tmp_path)
    _reset(db)
    together = _run(db, admin)
    _disturb(db)
    together_again = _run(db, admin)

    _reset(db)
    with monkeypatch.context() as patched:
        _row_by_row(patched)
        alone = _run(db, admin)
        _disturb(db)
        alone_again = _run(db, admin)

    # the first run: every result inserted, mostly shared by many patients
    summary, details, results, panel = together
    assert panel == _panel_of(results, panel)
    assert {count for count, _, _ in panel.values()} >= {0, 1, 2}
    assert summary.inserted == summary.results == len(results) > PATIENTS
    assert details["written"]["inserted"] == summary.inserted
    assert summary.patients == PATIENTS + 5
    assert together == alone
    # the second: the shared results updated, the inactive patient's deleted
    summary, _details, results, panel = together_again
    assert panel == _panel_of(results, panel)
    assert summary.updated > store._SHARED_ROWS and summary.deleted == 1
    assert summary.panel_written == PATIENTS + 6
    assert together_again == alone_again
