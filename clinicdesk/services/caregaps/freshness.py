"""Whether the stored care gaps still describe the clinic's data.

An import commits its patients and events first and runs the care gaps afterwards, in a
transaction of its own. If the program stops in between (killed, a crash, the power),
the stored gaps are stale and nothing would say so. So every import that changed
something records "gaps stale since" in the same transaction as its data (a `setting`
row: no migration), and a clinic-wide care-gap run removes it when it commits. The next
start (Today, `clinicdesk caregaps status`) reads it and offers the run.

The row's value keeps the first stale moment; its `updated_at` is the latest import's.
A run clears it only if no import marked it after the run began, so an import that
commits while a run is working (PostgreSQL, another workstation) is not forgotten.

An import whose care-gap run covers only the patients it wrote (patient_import.run)
marks a row of its own, `STALE_KEY:<its mark>`, which that run deletes in its
transaction: no other import's mark is settled by a run that did not look at its
patients. A clinic-wide run clears every row as above; the stale moment shown is the
earliest of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from clinicdesk.db.models import Setting, utcnow
from clinicdesk.db.models_clinical import CareGapRun
from clinicdesk.db.unit_of_work import UnitOfWork

STALE_KEY = "caregaps.stale_since"


@dataclass(frozen=True)
class GapsFreshness:
    stale_since: datetime | None  # UTC; None when the stored gaps are current
    reason: str = ""

    @property
    def stale(self) -> bool:
        return self.stale_since is not None


def mark_stale(uow: UnitOfWork, reason: str, who: str, *, import_mark: str | None = None) -> None:
    """In the caller's transaction: the stored gaps no longer match the data it writes.
    Two workstations marking at once both succeed (an upsert). `import_mark`: the
    import's own row, which its run of the patients it wrote settles (`clear_import_mark`)."""
    now = utcnow()
    key = STALE_KEY if import_mark is None else f"{STALE_KEY}:{import_mark}"
    uow.session.execute(
        _mark_statement(uow.dialect),
        {
            "key": key,
            "value": {"since": now.isoformat(), "reason": reason},
            "now": now,
            "who": who,
        },
    )


_mark_statements: dict[str, Any] = {}


def _mark_statement(dialect_name: str) -> Any:
    """The upsert, built once per dialect (an import marks once per file)."""
    statement = _mark_statements.get(dialect_name)
    if statement is None:
        dialect = postgresql if dialect_name == "postgresql" else sqlite
        table = cast(Table, Setting.__table__)  # the table, not the ORM's bulk insert
        insert = dialect.insert(table).values(
            key=bindparam("key"),
            value=bindparam("value", type_=table.c.value.type),
            updated_at=bindparam("now"),
            updated_by=bindparam("who"),
        )
        statement = insert.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "updated_at": insert.excluded.updated_at,
                "updated_by": insert.excluded.updated_by,
            },
        )
        _mark_statements[dialect_name] = statement
    return statement


def _stale_rows() -> Any:
    return or_(Setting.key == STALE_KEY, Setting.key.startswith(f"{STALE_KEY}:", autoescape=True))


def clear_stale(uow: UnitOfWork, run_started_at: datetime) -> None:
    """In a clinic-wide run's transaction: what was marked before the run began is
    covered by it."""
    uow.session.execute(delete(Setting).where(_stale_rows(), Setting.updated_at <= run_started_at))


def clear_import_mark(uow: UnitOfWork, import_mark: str) -> None:
    """In the transaction of the run of the patients an import wrote: its mark is settled."""
    uow.session.execute(delete(Setting).where(Setting.key == f"{STALE_KEY}:{import_mark}"))


def freshness(uow: UnitOfWork) -> GapsFreshness:
    """Read without a permission check: it names no patient, only a time."""
    marks = [
        _read_mark(value)
        for value in uow.session.execute(select(Setting.value).where(_stale_rows())).scalars()
    ]
    if not marks:
        return GapsFreshness(None)
    return min(marks, key=lambda mark: mark.stale_since or datetime.min)


def _read_mark(value: object) -> GapsFreshness:
    since: datetime | None = None
    reason = ""
    if isinstance(value, dict):
        reason = str(value.get("reason") or "")
        try:
            since = datetime.fromisoformat(str(value.get("since")))
        except ValueError:
            since = None
    # A row whose time cannot be read still means stale: say so with the epoch.
    return GapsFreshness(since or datetime(1970, 1, 1), reason)


# --- the day the stored results describe ----------------------------------------------
#
# A run writes only the results that changed (store.ResultWriter); a result that stayed
# the same keeps the as-of day it was written on. The day the stored results describe is
# the as-of day of the latest run that covered the patient — the clinic-wide run or a run
# of their clinician's panel, whichever ran last — kept in `care_gap_run`, one row per
# scope, rather than set again on every unchanged row each night.

CLINIC_SCOPE = "clinic"
_CLINICIAN_SCOPE = "clinician:"


@dataclass(frozen=True)
class RunDays:
    """The latest run of each scope: (when it ran, UTC; its as-of day)."""

    clinic: tuple[datetime, date] | None
    clinicians: dict[int, tuple[datetime, date]]

    def day_for(self, clinician_id: int | None, written_on: date) -> date:
        """The as-of day a patient's stored result describes: the latest run that
        covered the patient, or the day the row was written (rows written before runs
        were recorded, which were set on every run)."""
        runs = [self.clinic, self.clinicians.get(clinician_id) if clinician_id else None]
        latest = max((run for run in runs if run is not None), default=None)
        return latest[1] if latest is not None else written_on


def record_run(uow: UnitOfWork, day: date, at: datetime, clinician_id: int | None) -> None:
    """In a run's transaction: its scope's results now describe `day`."""
    scope = CLINIC_SCOPE if clinician_id is None else f"{_CLINICIAN_SCOPE}{clinician_id}"
    dialect = postgresql if uow.dialect == "postgresql" else sqlite
    statement = dialect.insert(CareGapRun).values(scope=scope, as_of=day, evaluated_at=at)
    uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[CareGapRun.scope],
            set_={
                "as_of": statement.excluded.as_of,
                "evaluated_at": statement.excluded.evaluated_at,
            },
        )
    )


def run_days(uow: UnitOfWork) -> RunDays:
    """Read without a permission check: it names no patient, only days."""
    rows = uow.session.execute(
        select(CareGapRun.scope, CareGapRun.evaluated_at, CareGapRun.as_of)
    ).all()
    clinic: tuple[datetime, date] | None = None
    clinicians: dict[int, tuple[datetime, date]] = {}
    for scope, at, day in rows:
        if scope == CLINIC_SCOPE:
            clinic = (at, day)
        elif scope.startswith(_CLINICIAN_SCOPE) and scope[len(_CLINICIAN_SCOPE) :].isdigit():
            clinicians[int(scope[len(_CLINICIAN_SCOPE) :])] = (at, day)
    return RunDays(clinic, clinicians)
