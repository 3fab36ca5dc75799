"""The clinic-wide care-gap run on SQLite and PostgreSQL: it stores the same state, due
date and explanation as the domain engine for every patient and standard (checked on
random patients), keeps to a clinician's panel when asked, refreshes the panel columns,
refuses a clinician another's panel, and is audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Row, delete, select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import (
    Event,
    GapState,
    PatientFacts,
    add_months,
    evaluate,
)
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import NotFoundError, PermissionDenied
from clinicdesk.federation.schemas import CareGapStandard, CodeSystem, EventKind
from clinicdesk.services import caregaps
from tests.helpers.clinic import add_clinician, add_patient, event_rows
from tests.unit.test_caregap_golden import STANDARDS

AS_OF = date(2025, 6, 15)
SCT = CodeSystem.SNOMED_CT.value
LOINC = CodeSystem.LOINC.value
ICD = CodeSystem.ICD_10_CM.value
CVX = CodeSystem.CVX.value


def _codes() -> list[tuple[str, str, str]]:
    """Every (kind, system, code) the shipped standards name, ICD-10-CM prefixes spelled
    as recorded codes in several ways, and a few codes no standard knows."""
    found: set[tuple[str, str, str]] = set()

    def add(kind: EventKind, sets: tuple) -> None:  # type: ignore[type-arg]
        for concept_set in sets:
            for entry in concept_set.codes:
                found.add((kind.value, concept_set.system.value, entry.code))
                if concept_set.system is CodeSystem.ICD_10_CM:
                    found.add((kind.value, ICD, entry.code.replace(".", "").lower()))
            for prefix in concept_set.prefixes:
                found.add((kind.value, ICD, prefix))
                found.add((kind.value, ICD, f"{prefix}.9"))
                found.add((kind.value, ICD, f"{prefix.lower()}65"))
                found.add((kind.value, ICD, prefix[:2]))

    for standard in STANDARDS.values():
        rule = standard.rule
        add(EventKind.CONDITION, rule.eligibility.conditions)
        for exclusion in rule.exclusions:
            add(exclusion.event_kind, exclusion.concepts)
        for way in rule.satisfied_by:
            add(way.event_kind, way.concepts)
    found |= {
        ("condition", SCT, "73211009"),
        ("observation", SCT, "44054006"),  # a condition's code under another kind
        ("observation", LOINC, "1234-5"),
        ("immunization", CVX, "088"),
        ("condition", ICD, "R73.0"),
    }
    return sorted(found)


CODES = _codes()
AGES = [0, 1, 11, 12, 17, 18, 19, 20, 21, 29, 30, 39, 40, 44, 45, 55, 64, 65, 66, 74, 75, 76]
AGES += [85, 86, 101]
MONTHS = [0, 1, 3, 6, 11, 12, 24, 36, 58, 60, 119, 120, 121]


@st.composite
def event_dates(draw: st.DrawFn, as_of: date) -> date:
    if draw(st.booleans()):
        return as_of - timedelta(days=draw(st.integers(-30, 365 * 12)))
    months = draw(st.sampled_from(MONTHS))
    return add_months(as_of, -months) + timedelta(days=draw(st.integers(-1, 1)))


@st.composite
def events(draw: st.DrawFn, as_of: date) -> Event:
    kind, system, code = draw(st.sampled_from(CODES))
    occurred_on = draw(event_dates(as_of))
    ended_on = None
    if kind in ("condition", "medication") and draw(st.booleans()):
        ended_on = draw(event_dates(as_of))
    value = unit = None
    if kind == "observation" and draw(st.booleans()):
        value = draw(st.sampled_from([None, "6.5", "7.99", "8.0", "8.01", "11"]))
        unit = draw(st.sampled_from(["%", "%", "mmol/mol", None]))
    return Event(kind, system, code, occurred_on, ended_on, Decimal(value) if value else None, unit)


@st.composite
def patients(draw: st.DrawFn, as_of: date) -> PatientFacts:
    years = draw(st.sampled_from(AGES))
    birth = add_months(as_of, -12 * years) + timedelta(days=draw(st.integers(-1, 1)))
    if draw(st.integers(0, 20)) == 0:
        birth = date(as_of.year - years, 2, 29) if (as_of.year - years) % 4 == 0 else birth
    return PatientFacts(
        birth_date=None if draw(st.integers(0, 30)) == 0 else birth,
        sex=draw(st.sampled_from(["female", "male", "female", "male", "unknown"])),
        status=draw(st.sampled_from(["active"] * 8 + ["inactive", "deceased"])),
        events=tuple(draw(st.lists(events(as_of), max_size=8))),
    )


def _store(db: Database, people: list[PatientFacts], clinician_id: int | None = None) -> list[int]:
    ids = []
    with db.uow() as uow:
        for number, person in enumerate(people):
            patient = Patient(
                mrn=f"MRN-{number:05d}",
                family_name="Random",
                given_names=f"Person {number}",
                name_key=name_key("Random", f"Person {number}"),
                birth_date=person.birth_date,
                sex=person.sex,
                status=person.status,
                clinician_id=clinician_id,
            )
            uow.session.add(patient)
            uow.flush()
            ids.append(patient.id)
            uow.session.add_all(event_rows(patient.id, person.events))
        uow.commit()
    return ids


def _stored(db: Database) -> dict[tuple[int, str], Row[Any]]:
    r = CareGapResult
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(
                r.patient_id, r.standard_id, r.standard_version, r.state, r.due_on,
                r.last_done_on, r.explanation, r.as_of,
            )
        ).all()  # fmt: skip
    return {(row.patient_id, row.standard_id): row for row in rows}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    as_of=st.sampled_from([AS_OF, date(2025, 2, 28), date(2025, 12, 31)]),
    data=st.data(),
)
def test_the_clinic_wide_run_agrees_with_the_engine(
    db: Database, admin: Principal, as_of: date, data: st.DataObject
) -> None:
    people = data.draw(st.lists(patients(as_of), min_size=1, max_size=25))
    with db.uow() as uow:
        uow.session.execute(delete(Patient))
        uow.commit()
    ids = _store(db, people)
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, admin, as_of=as_of)
    stored = _stored(db)
    assert summary.results == len(stored)
    assert {c.standard_id for c in summary.standards} == set(STANDARDS)
    for patient_id, person in zip(ids, people, strict=True):
        for standard in STANDARDS.values():
            expected = evaluate(standard, person, as_of)
            row = stored.get((patient_id, standard.id))
            if expected.state is GapState.NOT_APPLICABLE:
                assert row is None, (standard.id, person, row and row.explanation)
                continue
            assert row is not None, (standard.id, person, expected)
            got = (row.state, row.due_on, row.last_done_on, row.explanation)
            want = (
                expected.state.value,
                expected.due_on,
                expected.last_done_on,
                expected.explanation,
            )
            assert got == want, (standard.id, person)
            assert (row.standard_version, row.as_of) == (standard.version, as_of)


def _diabetic(on: date = date(2015, 1, 1)) -> Event:
    return Event("condition", SCT, "44054006", on)


def test_summary_counts_states_per_standard(db: Database, admin: Principal) -> None:
    add_patient(db, mrn="A", birth_date=date(1960, 1, 1), events=[_diabetic()])
    add_patient(
        db,
        mrn="B",
        birth_date=date(1960, 1, 1),
        events=[
            _diabetic(),
            Event("observation", LOINC, "4548-4", date(2025, 5, 1), None, Decimal("7.1"), "%"),
        ],
    )
    add_patient(
        db,
        mrn="C",
        birth_date=date(1960, 1, 1),
        events=[_diabetic(), Event("procedure", SCT, "385763009", date(2025, 3, 1))],
    )
    add_patient(db, mrn="D", birth_date=date(2010, 1, 1))  # a child: not eligible
    add_patient(db, mrn="E", birth_date=date(1960, 1, 1), status="deceased")
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    counts = {c.standard_id: c for c in summary.standards}
    test = counts["care-gap.diabetes-hba1c-test"]
    assert (test.eligible, test.met, test.open, test.excluded) == (3, 1, 1, 1)
    assert (test.version, test.overdue, test.due) == (1, 1, 0)
    flu = counts["care-gap.influenza-vaccine"]
    assert (flu.eligible, flu.open) == (4, 4)
    assert summary.patients == 4
    assert summary.clinician is None


def test_panel_columns_are_refreshed(db: Database, admin: Principal) -> None:
    child = add_patient(db, mrn="K", birth_date=date(2012, 6, 1))
    vaccinated = add_patient(
        db,
        mrn="V",
        birth_date=date(2012, 6, 1),
        events=[Event("immunization", CVX, "140", date(2024, 10, 1))],
    )
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    with db.uow(read_only=True) as uow:
        rows = {
            p.id: (p.open_gaps, p.next_due_on, p.version)
            for p in uow.session.execute(select(Patient)).scalars()
        }
    # the child has influenza (never: due on the as-of date) and depression screening open
    assert rows[child] == (2, AS_OF, 1)
    # vaccinated: flu closed until 2025-10-01, depression screening open
    assert rows[vaccinated] == (1, AS_OF, 1)


def test_a_rerun_replaces_the_results(db: Database, admin: Principal) -> None:
    patient = add_patient(db, mrn="R", birth_date=date(1990, 1, 1), sex="male")
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    with db.uow() as uow:
        uow.session.add(
            ClinicalEvent(
                patient_id=patient, kind="immunization", system=CVX, code="140",
                occurred_on=date(2025, 6, 1),
            )
        )  # fmt: skip
        uow.commit()
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    row = _stored(db)[(patient, "care-gap.influenza-vaccine")]
    assert (row.state, row.due_on) == ("met", date(2026, 6, 1))
    assert len([key for key in _stored(db) if key[0] == patient]) == 3  # flu, td, depression


def test_a_clinician_runs_their_own_panel_only(db: Database, admin: Principal) -> None:
    ana = add_clinician(db, "dr.ana")
    ben = add_clinician(db, "dr.ben")
    mine = add_patient(
        db, mrn="M1", birth_date=date(1990, 1, 1), sex="male", clinician_id=ana.user_id
    )
    theirs = add_patient(db, mrn="T1", birth_date=date(1980, 1, 1), clinician_id=ben.user_id)
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, ana, as_of=AS_OF)
    assert (summary.clinician, summary.patients) == ("dr.ana", 1)
    assert {key[0] for key in _stored(db)} == {mine}
    with db.uow() as uow, pytest.raises(PermissionDenied):
        caregaps.evaluate_clinic(uow, ana, as_of=AS_OF, clinician="dr.ben")
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF, clinician="dr.ben")
    assert {key[0] for key in _stored(db)} == {mine, theirs}  # ana's results kept
    with db.uow() as uow, pytest.raises(NotFoundError):
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF, clinician="dr.nobody")
    with db.uow() as uow, pytest.raises(PermissionDenied):
        caregaps.stored_results(uow, ana, theirs)
    with db.uow() as uow:
        gaps = caregaps.stored_results(uow, ana, mine)
    assert [g.standard_id for g in gaps] == [
        "care-gap.depression-screening",
        "care-gap.influenza-vaccine",
        "care-gap.td-tdap-booster",
    ]


def test_runs_and_views_are_audited(db: Database, admin: Principal) -> None:
    patient = add_patient(db, mrn="P", birth_date=date(1950, 1, 1))
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    with db.uow() as uow:
        gaps = caregaps.evaluate_patient(uow, admin, patient, as_of=AS_OF)
    assert len(gaps) == 15
    by_id = {g.standard_id: g for g in gaps}
    assert by_id["care-gap.pneumococcal-vaccine"].state is GapState.OVERDUE
    assert by_id["care-gap.cervical-cancer-screening"].explanation.startswith("Not applicable")
    with db.uow(read_only=True) as uow:
        events = uow.session.execute(
            select(AuditEvent.action, AuditEvent.entity_id).order_by(AuditEvent.seq)
        ).all()
    assert ("caregaps.evaluate", "") in events
    assert ("patient.caregaps.view", str(patient)) in events


def test_a_standard_version_not_in_force_is_not_used(db: Database, admin: Principal) -> None:
    add_patient(db, mrn="Old", birth_date=date(1950, 1, 1))
    with db.uow() as uow:
        summary = caregaps.evaluate_clinic(uow, admin, as_of=date(2024, 12, 31))
    assert summary.standards == ()
    assert _stored(db) == {}


def test_the_standards_are_the_shipped_ones() -> None:
    assert all(isinstance(s, CareGapStandard) for s in STANDARDS.values())


def test_dashboard_figures_from_the_stored_results(db: Database, admin: Principal) -> None:
    ana = add_clinician(db, "dr.ana")
    for number, vaccinated_on in enumerate([date(2025, 5, 3), date(2025, 5, 20), date(2024, 6, 1)]):
        add_patient(
            db,
            mrn=f"F{number}",
            birth_date=date(2000, 1, 1),
            sex="male",
            clinician_id=ana.user_id if number else None,
            events=[Event("immunization", CVX, "140", vaccinated_on)],
        )
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    with db.uow() as uow:
        counts = {c.standard_id: c for c in caregaps.stored_counts(uow, admin)}
    flu = counts["care-gap.influenza-vaccine"]
    assert (flu.eligible, flu.met, flu.open, flu.overdue) == (3, 2, 1, 0)
    with db.uow() as uow:
        months = caregaps.closures_by_month(uow, admin, as_of=AS_OF)
    assert len(months) == 12
    assert (months[0].period, months[-1].period) == ("2024-07", "2025-06")
    assert {m.period: m.count for m in months if m.count} == {"2025-05": 2}
    with db.uow() as uow:
        mine = caregaps.closures_by_month(uow, ana, as_of=AS_OF, months=3)
    assert [(m.period, m.count) for m in mine] == [("2025-04", 0), ("2025-05", 1), ("2025-06", 0)]
