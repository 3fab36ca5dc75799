"""One definition of an open care gap (issue 13), on SQLite and PostgreSQL, in the demo
clinic: the panel's "open" filter, the dashboard's counts and the outreach list agree for
every standard (the panel said 73 patients for the flu vaccine, its outreach list 77:
the panel left out "due soon"); nobody inactive is on an outreach list; and a patient's
"next due" is the earliest real due date of their gaps, never today's date for a patient
whose gaps are all met."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from clinicdesk.app import open_database
from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.domain.caregaps import GapState
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import caregaps, demo, outreach, panel
from clinicdesk.services.panel import DueStatus, PanelQuery

FLU = "care-gap.influenza-vaccine"


def test_the_panel_and_outreach_mean_the_same_open_gaps(db_url: str) -> None:
    db = open_database(db_url)
    actor = system_principal("t")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=1, revenue_months=0)
        with db.uow() as uow:  # a patient who left, with results from before
            [gone] = uow.session.execute(
                select(CareGapResult.patient_id)
                .where(CareGapResult.standard_id == FLU, CareGapResult.state == "overdue")
                .limit(1)
            ).one()
            uow.session.execute(update(Patient).where(Patient.id == gone).values(status="inactive"))
            uow.commit()
        with db.uow(read_only=True) as uow:
            states = set(
                uow.session.execute(
                    select(CareGapResult.state).where(CareGapResult.standard_id == FLU)
                ).scalars()
            )
            assert GapState.DUE_SOON.value in states  # the case that made them differ
            by_standard = dict(
                (choice.key, n) for choice, n in panel.open_gaps_by_standard(uow, actor)
            )
            for standard in by_standard:
                shown = panel.count(uow, actor, PanelQuery(gap=standard, due=DueStatus.ANY_OPEN))
                listed = outreach.outreach_list(uow, actor, standard).patients
                assert shown == len(listed) == by_standard[standard], standard
                assert gone not in {p.patient_id for p in listed}
                assert all(GapState(p.state).is_open for p in listed)
    finally:
        db.dispose()


def test_next_due_is_the_earliest_real_due_date(db_url: str) -> None:
    db = open_database(db_url)
    actor = system_principal("t")
    as_of = date(2026, 11, 2)
    try:
        with db.uow() as uow:
            demo.create(uow, seed=3, revenue_months=0)
        with db.uow() as uow:
            caregaps.evaluate_clinic(uow, actor, as_of=as_of)
        with db.uow(read_only=True) as uow:
            results: dict[int, list[tuple[str, date | None]]] = {}
            for patient_id, state, due_on in uow.session.execute(
                select(CareGapResult.patient_id, CareGapResult.state, CareGapResult.due_on)
            ):
                results.setdefault(patient_id, []).append((state, due_on))
            cached = dict(uow.session.execute(select(Patient.id, Patient.next_due_on)).all())
    finally:
        db.dispose()
    all_met = 0
    for patient_id, gaps in results.items():
        dates = [
            due if due is not None else as_of
            for state, due in gaps
            if due is not None or GapState(state).is_open
        ]
        assert cached[patient_id] == (min(dates) if dates else None), (patient_id, gaps)
        if all(state == GapState.MET.value for state, _ in gaps):
            all_met += 1
            assert cached[patient_id] != as_of, gaps
    assert all_met > 0
