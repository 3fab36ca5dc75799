"""Reading care gaps without a run: the stored results for dashboards and a
patient's record, and one patient evaluated now from their events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    String,
    cast,
    func,
    select,
)

from clinicdesk.db.models_clinical import CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import (
    Event,
    GapResult,
    GapState,
    PatientFacts,
    add_months,
    evaluate,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.standards import CareGapStandard
from clinicdesk.services import audit, requires
from clinicdesk.services.caregaps.freshness import run_days
from clinicdesk.services.caregaps.scope import (
    care_gap_standards,
    ensure_may_see_patient,
    panel_scope,
)
from clinicdesk.services.caregaps.types import MonthCount, PatientGap, StandardCounts

E = ClinicalEvent


def _stored_scope(query: Any, clinician_id: int | None) -> Any:
    if clinician_id is None:
        return query
    return query.join(Patient, Patient.id == CareGapResult.patient_id).where(
        Patient.clinician_id == clinician_id
    )


@requires(Permission.VIEW_PATIENTS)
def stored_counts(
    uow: UnitOfWork, actor: Principal, *, clinician: str | None = None
) -> list[StandardCounts]:
    """Per standard, the counts of the last run (no evaluation): for a dashboard's "open
    gaps by standard". Aggregates only, so not audited as a view of patient data."""
    clinician_id, _ = panel_scope(uow, actor, clinician)
    titles = {s.id: s.title for s in care_gap_standards(uow, date.today())}
    query = _stored_scope(
        select(
            CareGapResult.standard_id,
            CareGapResult.standard_version,
            CareGapResult.state,
            func.count(),
        ).group_by(CareGapResult.standard_id, CareGapResult.standard_version, CareGapResult.state),
        clinician_id,
    )
    tallies: dict[tuple[str, int], dict[GapState, int]] = {}
    for standard_id, version, state, count in uow.session.execute(query):
        tally = tallies.setdefault((standard_id, version), dict.fromkeys(GapState, 0))
        tally[GapState(state)] += count
    return [
        StandardCounts.of(standard_id, version, titles.get(standard_id, standard_id), tally)
        for (standard_id, version), tally in sorted(tallies.items())
    ]


@requires(Permission.VIEW_PATIENTS)
def closures_by_month(
    uow: UnitOfWork,
    actor: Principal,
    *,
    months: int = 12,
    as_of: date | None = None,
    clinician: str | None = None,
) -> list[MonthCount]:
    """Gaps closed per calendar month over the last `months` months up to `as_of`, from
    the last run: each gap that is closed now (met or due soon) counts in the month of the
    event that closed it. Oldest month first, months without closures included. Not a
    history: a gap closed and open again since is not counted."""
    clinician_id, _ = panel_scope(uow, actor, clinician)
    day = as_of or date.today()
    first = add_months(day.replace(day=1), 1 - months)
    query = _stored_scope(
        select(CareGapResult.last_done_on, func.count())
        .where(
            CareGapResult.state.in_([GapState.MET.value, GapState.DUE_SOON.value]),
            CareGapResult.last_done_on >= first,
            CareGapResult.last_done_on <= day,
        )
        .group_by(CareGapResult.last_done_on),
        clinician_id,
    )
    periods = [add_months(first, offset).strftime("%Y-%m") for offset in range(months)]
    totals = dict.fromkeys(periods, 0)
    for done_on, count in uow.session.execute(query):
        totals[_as_day(done_on).strftime("%Y-%m")] += count
    return [MonthCount(period, totals[period]) for period in periods]


def _as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- one patient ------------------------------------------------------------------------


def _facts_of(uow: UnitOfWork, patient: Patient) -> PatientFacts:
    rows = uow.session.execute(
        select(
            E.kind, E.system, E.code, E.occurred_on, E.ended_on, cast(E.value, String), E.unit
        ).where(E.patient_id == patient.id)
    )
    events = tuple(
        Event(
            kind,
            system,
            code,
            occurred_on,
            ended_on,
            Decimal(value) if value is not None else None,
            unit,
        )
        for kind, system, code, occurred_on, ended_on, value, unit in rows
    )
    return PatientFacts(patient.birth_date, patient.sex, patient.status, events)


@requires(Permission.VIEW_PATIENTS)
def evaluate_patient(
    uow: UnitOfWork, actor: Principal, patient_id: int, *, as_of: date | None = None
) -> list[PatientGap]:
    """Every care-gap standard in force for one patient, evaluated now from their record
    (not applicable ones included, each with its reason), for the patient detail view.
    Nothing is stored; the view is audited."""
    patient = ensure_may_see_patient(uow, actor, patient_id)
    day = as_of or date.today()
    facts = _facts_of(uow, patient)
    gaps = [
        _patient_gap(standard, evaluate(standard, facts, day), day)
        for standard in care_gap_standards(uow, day)
    ]
    audit.record(
        uow, actor, "patient.caregaps.view", "patient", patient.id, {"as_of": day.isoformat()}
    )
    uow.commit()
    return gaps


def _patient_gap(standard: CareGapStandard, result: GapResult, as_of: date) -> PatientGap:
    return PatientGap(
        standard_id=result.standard_id,
        standard_version=result.standard_version,
        title=standard.title,
        state=result.state,
        due_on=result.due_on,
        last_done_on=result.last_done_on,
        explanation=result.explanation,
        as_of=as_of,
    )


@requires(Permission.VIEW_PATIENTS)
def stored_results(uow: UnitOfWork, actor: Principal, patient_id: int) -> list[PatientGap]:
    """The patient's results of the last clinic-wide run (applicable standards only),
    by standard id. Audited as a view of the patient's record."""
    patient = ensure_may_see_patient(uow, actor, patient_id)
    titles = {s.id: s.title for s in care_gap_standards(uow, date.today())}
    rows = uow.session.execute(
        select(CareGapResult)
        .where(CareGapResult.patient_id == patient.id)
        .order_by(CareGapResult.standard_id)
    ).scalars()
    runs = run_days(uow)
    gaps = [
        PatientGap(
            standard_id=row.standard_id,
            standard_version=row.standard_version,
            title=titles.get(row.standard_id, row.standard_id),
            state=GapState(row.state),
            due_on=row.due_on,
            last_done_on=row.last_done_on,
            explanation=row.explanation,
            as_of=runs.day_for(patient.clinician_id, row.as_of),
        )
        for row in rows
    ]
    audit.record(uow, actor, "patient.caregaps.view", "patient", patient.id, {"stored": True})
    uow.commit()
    return gaps
