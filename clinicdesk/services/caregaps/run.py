"""The clinic-wide run (or one panel's, or the patients an import wrote): evaluate, store,
count, audit."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sized
from datetime import date

from sqlalchemy import func, select

from clinicdesk.db import id_lists
from clinicdesk.db.models import utcnow
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import (
    ACTIVE,
    APPLICABLE_STATES,
    OPEN_STATES,
    GapResult,
    GapState,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.standards import CareGapStandard
from clinicdesk.services import audit, requires
from clinicdesk.services.caregaps.freshness import clear_import_mark, clear_stale, record_run
from clinicdesk.services.caregaps.scope import care_gap_standards, panel_scope
from clinicdesk.services.caregaps.sql import Scope, evaluate_standard_grouped
from clinicdesk.services.caregaps.store import (
    ResultWriter,
    fresh_statistics,
    roomy_cache,
    store_panel_columns,
)
from clinicdesk.services.caregaps.types import EvaluationSummary, StandardCounts


def _count(standard: CareGapStandard, groups: Iterable[tuple[GapResult, Sized]]) -> StandardCounts:
    tally = dict.fromkeys(GapState, 0)
    for result, patient_ids in groups:
        tally[result.state] += len(patient_ids)
    return StandardCounts.of(standard.id, standard.version, standard.title, tally)


@requires(Permission.VIEW_PATIENTS)
def evaluate_clinic(
    uow: UnitOfWork,
    actor: Principal,
    *,
    as_of: date | None = None,
    clinician: str | None = None,
    patients: Collection[int] | None = None,
    import_mark: str | None = None,
    because: str = "import",
) -> EvaluationSummary:
    """Evaluate every care-gap standard in force on `as_of` (default today) for the whole
    clinic or for `clinician`'s panel, store the results that changed, refresh the panel
    columns that changed, record the run in the audit trail and commit. A clinician may
    run only their own panel.

    `patients`: only these (the patients an import wrote, or the one a person registered
    or edited; no one else's results can have changed by it), within the scope above;
    such a run is not the clinic's or the panel's run of the day (freshness.record_run),
    and it settles the stale mark of the import named `import_mark`
    (freshness.mark_stale) in its transaction. `because` names, in the audit event, what
    wrote those patients: "import", "registration", "edit" or "roster"."""
    clinician_id, clinician_name = panel_scope(uow, actor, clinician)
    scope = Scope(clinician_id, None if patients is None else frozenset(patients))
    day = as_of or date.today()
    session = uow.session
    standards = care_gap_standards(uow, day)
    fresh_statistics(uow)
    evaluated_at = utcnow()
    results_now = 0
    if scope.patient_ids is None:
        in_scope = session.execute(
            select(func.count())
            .select_from(Patient)
            .where(
                Patient.status == ACTIVE,
                *([Patient.clinician_id == clinician_id] if clinician_id is not None else []),
            )
        ).scalar_one()
    else:  # found by id, then counted (with the status in the query SQLite would seek by it)
        in_scope = sum(
            status == ACTIVE and (clinician_id is None or clinician == clinician_id)
            for status, clinician in session.execute(
                select(Patient.status, Patient.clinician_id).where(
                    id_lists.among(Patient.id, scope.patient_ids, uow.dialect)
                )
            )
        )
    with roomy_cache(uow, int(in_scope)):
        writer = ResultWriter(uow, day, evaluated_at, scope)
        counts: list[StandardCounts] = []
        # each patient's open gaps and earliest due date (absent: none, and no date)
        open_gaps: dict[int, int] = {}
        next_due: dict[int, date] = {}
        for standard in standards:
            groups = evaluate_standard_grouped(uow, standard, day, scope)
            results_now += sum(len(patient_ids) for _, patient_ids in groups)
            counts.append(_count(standard, groups))
            writer.write(standard.id, groups)
            for result, patient_ids in groups:
                if result.state not in APPLICABLE_STATES:
                    continue
                # A gap never closed is due on the as-of day; a gap met for good (no
                # due-again date) has no due date, and must not make the next one today.
                due = result.due_on
                if result.state in OPEN_STATES:
                    if due is None:
                        due = day
                    for patient_id in patient_ids:
                        open_gaps[patient_id] = open_gaps.get(patient_id, 0) + 1
                if due is None:
                    continue
                for patient_id in patient_ids:
                    before = next_due.get(patient_id)
                    if before is None or due < before:
                        next_due[patient_id] = due
        # the results of standards no longer in force go here (`write` deleted those of
        # patients a standard no longer applies to)
        writer.finish([standard.id for standard in standards])
        panel_written = store_panel_columns(uow, open_gaps, next_due, scope)
    written = writer.written
    summary = EvaluationSummary(
        as_of=day,
        clinician=clinician_name,
        patients=int(in_scope),
        results=results_now,
        standards=tuple(counts),
        inserted=written.inserted,
        updated=written.updated,
        deleted=written.deleted,
        panel_written=panel_written,
    )
    audit.record(
        uow,
        actor,
        "caregaps.evaluate",
        "care_gap",
        clinician_id or "",
        {
            "as_of": day.isoformat(),
            "clinician": summary.clinician,
            "patients": summary.patients,
            "results": results_now,
            "written": {
                "inserted": written.inserted,
                "updated": written.updated,
                "deleted": written.deleted,
                "panel": panel_written,
            },
            "standards": [f"{c.standard_id}@{c.version}" for c in counts],
            # a run of the patients an import (or a person) wrote, not of the clinic or a
            # panel
            **({"patients_written_by": because} if scope.patient_ids is not None else {}),
        },
    )
    if scope.patient_ids is None:
        record_run(uow, day, evaluated_at, clinician_id)
        if clinician_id is None:  # the whole clinic is current again (freshness.py)
            clear_stale(uow, evaluated_at)
    if import_mark is not None:
        clear_import_mark(uow, import_mark)
    uow.commit()
    return summary


@requires(Permission.VIEW_PATIENTS)  # as evaluate_clinic, which it runs
def evaluate_patients(
    uow: UnitOfWork, actor: Principal, patient_ids: Collection[int], *, because: str
) -> None:
    """The care gaps of patients a person (or a roster) just wrote, worked out in the
    caller's transaction, which the caller commits: the panel shows them at once, not
    after the next clinic-wide run. `because`: as for `evaluate_clinic`."""
    if patient_ids:
        with uow.one_transaction():
            evaluate_clinic(uow, actor, patients=patient_ids, because=because)
