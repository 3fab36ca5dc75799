"""A care-gap run writes only the results that changed, on SQLite and PostgreSQL (issue
14): a second run over unchanged records writes no result row and no panel column; when
one patient's record changes, only that patient's results are written (new ones
inserted, different ones updated, ones no longer applicable deleted), every other row
keeps its `evaluated_at`; a run on a later day writes only what changed, and every reader
shows the day of the latest run that covered the patient. Writes are counted by the rows
the database reports for every statement on the result table, so a run that rewrote rows
with equal values would fail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, text, update

from clinicdesk.db.models_clinical import CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event
from clinicdesk.domain.roles import Principal
from clinicdesk.federation.schemas import CodeSystem
from clinicdesk.services import caregaps
from clinicdesk.services.caregaps import store
from clinicdesk.services.outreach import outreach_list
from clinicdesk.services.patients import get_patient_detail
from tests.helpers.clinic import add_patient, add_staff

AS_OF = date(2025, 6, 15)
SCT = CodeSystem.SNOMED_CT.value
CVX = CodeSystem.CVX.value
FLU = "care-gap.influenza-vaccine"
_WRITES = ("INSERT INTO", "UPDATE", "DELETE FROM")


@dataclass
class WriteCounter:
    """Rows the database says each INSERT, UPDATE or DELETE on a table changed."""

    table: str
    rows: int = 0
    statements: list[str] | None = None

    def seen(self, statement: str, rowcount: int) -> None:
        head = " ".join(statement.split())[:80].upper()
        if any(head.startswith(f"{verb} {self.table.upper()}") for verb in _WRITES):
            self.rows += max(rowcount, 0)
            assert self.statements is not None
            self.statements.append(head)


@pytest.fixture
def result_writes(db: Database) -> Iterator[WriteCounter]:
    counter = WriteCounter(CareGapResult.__tablename__, statements=[])

    def after(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        counter.seen(statement, cursor.rowcount)

    event.listen(db.engine, "after_cursor_execute", after)
    try:
        yield counter
    finally:
        event.remove(db.engine, "after_cursor_execute", after)


def _rows(db: Database) -> dict[tuple[int, str], tuple[Any, ...]]:
    r = CareGapResult
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(
                r.patient_id, r.standard_id, r.standard_version, r.state, r.due_on,
                r.last_done_on, r.explanation, r.as_of, r.evaluated_at,
            )
        ).all()  # fmt: skip
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def _content(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row[:5]  # version, state, due, last done, explanation


def _panel(db: Database) -> dict[int, tuple[int, date | None, int]]:
    with db.uow(read_only=True) as uow:
        return {
            p.id: (p.open_gaps, p.next_due_on, p.version)
            for p in uow.session.execute(select(Patient)).scalars()
        }


def _run(db: Database, actor: Principal, as_of: date = AS_OF) -> caregaps.EvaluationSummary:
    with db.uow() as uow:
        return caregaps.evaluate_clinic(uow, actor, as_of=as_of)


def _clinic(db: Database) -> dict[str, int]:
    diabetic = Event("condition", SCT, "44054006", date(2015, 1, 1))
    return {
        "flu": add_patient(db, mrn="FLU", birth_date=date(1990, 1, 1), sex="male"),
        "leaves": add_patient(db, mrn="GONE", birth_date=date(1950, 3, 1)),
        "diabetic": add_patient(db, mrn="DIA", birth_date=date(1960, 1, 1), events=[diabetic]),
        "becomes_diabetic": add_patient(db, mrn="NEW", birth_date=date(1970, 5, 5), sex="male"),
        "steady": add_patient(db, mrn="SAME", birth_date=date(1980, 8, 8)),
    }


def test_a_second_run_over_the_same_records_writes_nothing(
    db: Database, admin: Principal, result_writes: WriteCounter
) -> None:
    _clinic(db)
    first = _run(db, admin)
    assert first.inserted == first.results == result_writes.rows > 0
    assert (first.updated, first.deleted) == (0, 0)
    assert first.panel_written == 5
    before, panel_before = _rows(db), _panel(db)
    result_writes.rows = 0
    again = _run(db, admin)
    assert result_writes.rows == 0, result_writes.statements
    assert (again.written, again.panel_written) == (0, 0)
    assert again.results == first.results
    assert again.standards == first.standards
    assert _rows(db) == before  # evaluated_at included: not one row rewritten
    assert _panel(db) == panel_before


def test_only_the_changed_patients_results_are_written(
    db: Database, admin: Principal, result_writes: WriteCounter
) -> None:
    people = _clinic(db)
    _run(db, admin)
    before, panel_before = _rows(db), _panel(db)
    with db.uow() as uow:
        uow.session.add_all(
            [
                ClinicalEvent(
                    patient_id=people["flu"], kind="immunization", system=CVX, code="140",
                    occurred_on=date(2025, 6, 1),
                ),
                ClinicalEvent(
                    patient_id=people["becomes_diabetic"], kind="condition", system=SCT,
                    code="44054006", occurred_on=date(2025, 1, 10),
                ),
            ]
        )  # fmt: skip
        uow.session.execute(
            update(Patient).where(Patient.id == people["leaves"]).values(status="inactive")
        )
        uow.commit()
    result_writes.rows = 0
    summary = _run(db, admin)
    after = _rows(db)

    changed_patients = {people["flu"], people["leaves"], people["becomes_diabetic"]}
    inserted = after.keys() - before.keys()
    deleted = before.keys() - after.keys()
    updated = {
        key for key in before.keys() & after.keys() if _content(before[key]) != _content(after[key])
    }
    assert updated == {(people["flu"], FLU)}
    assert after[(people["flu"], FLU)][1] == "met"
    assert {key[0] for key in deleted} == {people["leaves"]}
    assert {key[0] for key in inserted} == {people["becomes_diabetic"]}
    assert len(inserted) >= 3  # the diabetes standards
    assert (summary.inserted, summary.updated, summary.deleted) == (
        len(inserted),
        1,
        len(deleted),
    )
    assert result_writes.rows == summary.written == len(inserted) + 1 + len(deleted)
    for key in before.keys() & after.keys():
        if key not in updated:  # the same result, not written again
            assert after[key] == before[key], key
    assert after[(people["flu"], FLU)][-1] > before[(people["flu"], FLU)][-1]
    # the panel columns of the unchanged patients are not written either
    panel_after = _panel(db)
    assert {pid for pid in panel_after if panel_after[pid] != panel_before[pid]} <= (
        changed_patients
    )
    assert summary.panel_written == len(
        {pid for pid in panel_after if panel_after[pid] != panel_before[pid]}
    )
    assert panel_after[people["leaves"]][:2] == (0, None)
    assert all(panel_after[pid][2] == 1 for pid in panel_after)  # never a version bump


def _shown_days(db: Database, actor: Principal, patient_id: int) -> set[date]:
    """The as-of day of a patient's results as the care-gap view and the patient detail
    show it."""
    with db.uow() as uow:
        stored = {gap.as_of for gap in caregaps.stored_results(uow, actor, patient_id)}
    with db.uow() as uow:
        detail = get_patient_detail(uow, actor, patient_id)
    assert {gap.as_of for gap in detail.care_gaps} == stored
    return stored


def _sheet_day(db: Database, actor: Principal, clinician: str | None = None) -> date | None:
    with db.uow() as uow:
        return outreach_list(uow, actor, FLU, clinician=clinician).as_of


def test_a_later_day_writes_only_what_changed_and_shows_that_day(
    db: Database, admin: Principal, result_writes: WriteCounter
) -> None:
    people = _clinic(db)
    _run(db, admin)
    before = _rows(db)
    later = AS_OF + timedelta(days=1)
    result_writes.rows = 0
    summary = _run(db, admin, later)
    after = _rows(db)
    same = {key for key in before if key in after and _content(after[key]) == _content(before[key])}
    assert same
    for key in same:  # the same result: not rewritten, not even its as-of day
        assert after[key] == before[key]
    assert result_writes.rows == summary.written
    # ...yet what people read says the results are as of the later day
    assert _shown_days(db, admin, people["flu"]) == {later}
    assert _shown_days(db, admin, people["steady"]) == {later}
    assert _sheet_day(db, admin) == later
    # a run for an earlier day again: the stored results describe that day
    _run(db, admin, AS_OF)
    assert _shown_days(db, admin, people["steady"]) == {AS_OF}


def test_a_run_of_one_panel_moves_the_day_of_that_panel_only(
    db: Database, admin: Principal
) -> None:
    doctor = add_staff(db, admin, "dr.gap", "Dr Gap", "clinician")
    mine = add_patient(db, mrn="MINE", birth_date=date(1985, 2, 2), clinician_id=doctor.user_id)
    other = add_patient(db, mrn="OTHER", birth_date=date(1985, 3, 3))
    _run(db, admin)
    later = AS_OF + timedelta(days=3)
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, doctor, as_of=later, clinician="dr.gap")
    assert _shown_days(db, admin, mine) == {later}
    assert _shown_days(db, admin, other) == {AS_OF}
    assert _sheet_day(db, admin, "dr.gap") == later
    assert _sheet_day(db, admin) == AS_OF  # the whole clinic's list: as of its oldest
    latest = AS_OF + timedelta(days=5)
    _run(db, admin, latest)  # the clinic-wide run is the latest for both again
    assert _shown_days(db, admin, mine) == _shown_days(db, admin, other) == {latest}


def test_results_of_a_standard_no_longer_in_force_are_deleted(
    db: Database, admin: Principal
) -> None:
    _clinic(db)
    first = _run(db, admin)
    before_force = _run(db, admin, date(2024, 12, 31))  # before any standard's version 1
    assert before_force.standards == ()
    assert before_force.deleted == first.results
    assert _rows(db) == {}
    assert all(open_gaps == 0 for open_gaps, _, _ in _panel(db).values())


@pytest.mark.parametrize(
    ("patients", "during_kib"),
    [(1_050, None), (30_000, 10_000), (100_000, 32 * 1024), (1_000_000, 32 * 1024)],
)
def test_a_run_borrows_a_page_cache_in_proportion_to_its_patients(
    db: Database, patients: int, during_kib: int | None
) -> None:
    """A small run keeps the connection's own cache (a 1,050-patient import's run that
    borrowed 32 MiB filled it: 22 MB peak instead of 7); a large one borrows up to 32 MiB,
    and the connection gets its own back after."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's cache is the server's")
    with db.uow() as uow:
        own = uow.session.execute(text("PRAGMA cache_size")).scalar_one()
        with store.roomy_cache(uow, patients):
            during = uow.session.execute(text("PRAGMA cache_size")).scalar_one()
        after = uow.session.execute(text("PRAGMA cache_size")).scalar_one()
    assert during == (own if during_kib is None else -during_kib)
    assert after == own
