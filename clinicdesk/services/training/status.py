"""States as of any date: the compliance matrix, my training, expiring soon, Today.

One query reads the completions (with the day each was revoked, if it was) of everyone
concerned up to the as-of date; the domain's `decide` turns them into states. Nothing is
cached: a completion recorded on one workstation shows on the next read everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from clinicdesk.db.models_training import CourseProgress as ProgressRow
from clinicdesk.db.models_training import TrainingCompletion
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.domain.training import (
    CompletionFact,
    CompletionKind,
    TrainingState,
    decide,
    grace_ends_on,
    reminder_offset,
)
from clinicdesk.services import audit, collector, requires
from clinicdesk.services.training.completions import completion_infos, staff_scope
from clinicdesk.services.training.requirements import load_offsets, requirements_on
from clinicdesk.services.training.staff import (
    actor_staff,
    all_staff,
    staff_info,
)
from clinicdesk.services.training.types import (
    CellStatus,
    CourseProgress,
    DueItem,
    Matrix,
    MatrixRow,
    MyRequirement,
    MyTraining,
    RequirementInfo,
    StaffInfo,
    TrainingSummary,
    Transcript,
)

C = TrainingCompletion
_KINDS = {kind.value: kind for kind in CompletionKind}

# Most urgent first.
URGENCY = {
    TrainingState.EXPIRED: 0,
    TrainingState.MISSING: 1,
    TrainingState.EXPIRING: 2,
    TrainingState.IN_GRACE: 3,
    TrainingState.VALID: 4,
    TrainingState.NOT_APPLICABLE: 5,
}
DUE_STATES = (TrainingState.EXPIRED, TrainingState.MISSING, TrainingState.EXPIRING)
# A person's own Today also lists what they must do within their grace days: a newcomer
# would otherwise hear nothing until the grace is over and the item is already missing.
OWN_DUE_STATES = (*DUE_STATES, TrainingState.IN_GRACE)


def _completions(
    uow: UnitOfWork, day: date, staff_ids: Sequence[int] | None
) -> dict[tuple[int, str], tuple[CompletionFact, str, str | None]]:
    """The completion that counts on `day` for each person and requirement (the latest
    completed by then and not revoked by then), chosen in SQL."""
    revocation = aliased(TrainingCompletion)
    position = (
        func.row_number()
        .over(
            partition_by=(C.staff_id, C.requirement_id),
            order_by=(C.completed_on.desc(), C.id.desc()),
        )
        .label("position")
    )
    ranked = select(
        C.id,
        C.staff_id,
        C.requirement_id,
        C.completed_on,
        C.expires_on,
        C.kind,
        C.certificate_code,
        position,
    ).where(
        C.kind != CompletionKind.REVOCATION.value,
        C.completed_on <= day,
        ~select(revocation.id)
        .where(revocation.revokes_id == C.id, revocation.completed_on <= day)
        .exists(),
    )
    if staff_ids is not None:
        ranked = ranked.where(C.staff_id.in_(list(staff_ids)))
    counted = ranked.subquery()
    query = select(
        counted.c.id,
        counted.c.staff_id,
        counted.c.requirement_id,
        counted.c.completed_on,
        counted.c.expires_on,
        counted.c.kind,
        counted.c.certificate_code,
    ).where(counted.c.position == 1)
    found: dict[tuple[int, str], tuple[CompletionFact, str, str | None]] = {}
    for cid, sid, rid, done, expires, kind, code in uow.session.connection().execute(query).all():
        found[(sid, rid)] = (CompletionFact(cid, done, expires), kind, code)
    return found


def cells(
    uow: UnitOfWork,
    people: Sequence[StaffInfo],
    requirements: Sequence[RequirementInfo],
    day: date,
    offsets: Sequence[int],
    *,
    all_people: bool = False,
) -> dict[tuple[int, str], CellStatus]:
    """Engine-internal. Every person x requirement on `day`."""
    held = _completions(uow, day, None if all_people else [p.id for p in people])
    out: dict[tuple[int, str], CellStatus] = {}
    wanted = [(r, frozenset(r.roles)) for r in requirements]
    for person in people:
        person_roles = set(person.job_roles)
        on = person.on_staff(day)
        for requirement, requirement_roles in wanted:
            key = (person.id, requirement.requirement_id)
            if not (on and person_roles & requirement_roles):
                out[key] = CellStatus(person.id, key[1], TrainingState.NOT_APPLICABLE)
                continue
            entry = held.get(key)
            result = decide(
                applicable=True,
                completions=(entry[0],) if entry else (),
                day=day,
                grace_ends=grace_ends_on(
                    person.start_on, requirement.grace_days, requirement.effective_from
                ),
                offsets=offsets,
            )
            counted = result.completion
            kind = code = None
            if counted is not None and entry is not None:
                kind, code = _KINDS[entry[1]], entry[2]
            out[key] = CellStatus(
                staff_id=person.id,
                requirement_id=requirement.requirement_id,
                state=result.state,
                completion_id=counted.completion_id if counted else None,
                completed_on=counted.completed_on if counted else None,
                expires_on=counted.expires_on if counted else None,
                due_on=result.due_on,
                days_left=result.days_left,
                reminder_offset=reminder_offset(counted.expires_on, day, offsets)
                if counted is not None and counted.expires_on is not None
                else None,
                kind=kind,
                certificate_code=code,
            )
    return out


def build_matrix(
    uow: UnitOfWork,
    day: date,
    roles: Iterable[Role] | None = None,
    states: Iterable[TrainingState] | None = None,
) -> Matrix:
    """Engine-internal (the benchmark times it): the matrix without audit."""
    offsets = load_offsets(uow)
    requirements = requirements_on(uow, day)
    people = [p for p in all_staff(uow) if p.on_staff(day)]
    if roles is not None:
        wanted_roles = {Role(r) for r in roles}
        people = [p for p in people if wanted_roles & set(p.job_roles)]
    with collector.paused():  # thousands of cells, no cycles (see the collector)
        return _matrix(uow, people, requirements, day, offsets, states)


def _matrix(
    uow: UnitOfWork,
    people: Sequence[StaffInfo],
    requirements: Sequence[RequirementInfo],
    day: date,
    offsets: tuple[int, ...],
    states: Iterable[TrainingState] | None,
) -> Matrix:
    table = cells(uow, people, requirements, day, offsets, all_people=True)
    wanted_states = {TrainingState(s) for s in states} if states is not None else None
    rows: list[MatrixRow] = []
    counts: dict[TrainingState, int] = dict.fromkeys(TrainingState, 0)
    for person in people:
        row_cells = tuple(table[(person.id, r.requirement_id)] for r in requirements)
        if wanted_states is not None and not any(c.state in wanted_states for c in row_cells):
            continue
        rows.append(MatrixRow(person, row_cells))
        for cell in row_cells:
            counts[cell.state] += 1
    return Matrix(
        as_of=day,
        requirements=tuple(requirements),
        rows=tuple(rows),
        reminder_offsets=offsets,
        counts=counts,
    )


@requires(Permission.VIEW_TRAINING)
def compliance_matrix(
    uow: UnitOfWork,
    actor: Principal,
    as_of: date | None = None,
    *,
    roles: Iterable[Role] | None = None,
    states: Iterable[TrainingState] | None = None,
) -> Matrix:
    """Everyone on staff on `as_of` (today by default) against every requirement in force
    then. `roles` keeps staff holding one of them; `states` keeps staff with at least one
    cell in one of them. A read: not audited (staff training is not patient or member
    data; exports are audited), and fit for a read-only unit of work."""
    matrix = build_matrix(uow, as_of or date.today(), roles, states)
    return matrix


def _progress(uow: UnitOfWork, staff_id: int) -> dict[str, CourseProgress]:
    from clinicdesk.services.training.courses import progress_info

    rows = uow.session.execute(
        select(ProgressRow)
        .where(ProgressRow.staff_id == staff_id)
        .order_by(ProgressRow.course_id, ProgressRow.course_version.desc())
    ).scalars()
    found: dict[str, CourseProgress] = {}
    for row in rows:
        if row.course_id not in found:
            progress = progress_info(uow, row)
            if progress is not None:
                found[row.course_id] = progress
    return found


def person_status(uow: UnitOfWork, person: StaffInfo, day: date) -> tuple[MyRequirement, ...]:
    """Engine-internal. The requirements that apply to one person, most urgent first."""
    requirements = requirements_on(uow, day)
    table = cells(uow, [person], requirements, day, load_offsets(uow))
    progress = _progress(uow, person.id)
    items = [
        MyRequirement(r, table[(person.id, r.requirement_id)], progress.get(r.course_id))
        for r in requirements
        if table[(person.id, r.requirement_id)].state is not TrainingState.NOT_APPLICABLE
    ]
    items.sort(
        key=lambda item: (
            URGENCY[item.status.state],
            item.status.due_on or date.max,
            item.requirement.requirement_id,
        )
    )
    return tuple(items)


@requires(Permission.VIEW_OWN_TRAINING)
def my_training(uow: UnitOfWork, actor: Principal, as_of: date | None = None) -> MyTraining:
    """The signed-in person's requirements (most urgent first), course progress and
    completions."""
    day = as_of or date.today()
    me = actor_staff(uow, actor)
    result = MyTraining(
        staff=me,
        as_of=day,
        items=person_status(uow, me, day),
        completions=tuple(completion_infos(uow, staff_id=me.id)),
    )
    return result


def _due_items(matrix: Matrix, within_days: int | None) -> list[DueItem]:
    items: list[DueItem] = []
    for row in matrix.rows:
        for requirement, cell in zip(matrix.requirements, row.cells, strict=True):
            if cell.state not in DUE_STATES:
                continue
            if (
                cell.state is TrainingState.EXPIRING
                and within_days is not None
                and (cell.days_left or 0) > within_days
            ):
                continue
            items.append(DueItem(row.staff, requirement, cell))
    items.sort(key=lambda i: (i.status.due_on or date.min, URGENCY[i.status.state], i.staff.name))
    return items


@requires(Permission.VIEW_TRAINING)
def expiring_soon(
    uow: UnitOfWork, actor: Principal, as_of: date | None = None, *, within_days: int | None = None
) -> list[DueItem]:
    """Expiring (within the largest reminder offset, or `within_days`) and expired or
    missing items for the whole clinic, soonest due first. A read, like the matrix."""
    matrix = build_matrix(uow, as_of or date.today())
    return _due_items(matrix, within_days)


@requires(Permission.VIEW_OWN_TRAINING)
def today_summary(uow: UnitOfWork, actor: Principal, as_of: date | None = None) -> TrainingSummary:
    """For Today: clinic counts for those who see the matrix, and the person's own due
    items. Not audited (no one else's details are shown)."""
    day = as_of or date.today()
    expired = expiring = missing = None
    if actor.can(Permission.VIEW_TRAINING):
        matrix = build_matrix(uow, day)
        expired = matrix.counts[TrainingState.EXPIRED]
        expiring = matrix.counts[TrainingState.EXPIRING]
        missing = matrix.counts[TrainingState.MISSING]
    own: tuple[DueItem, ...] = ()
    if actor.user_id is not None:
        me = actor_staff(uow, actor)
        own = tuple(
            DueItem(me, item.requirement, item.status)
            for item in person_status(uow, me, day)
            if item.status.state in OWN_DUE_STATES
        )
    return TrainingSummary(
        as_of=day,
        clinic_expired=expired,
        clinic_expiring=expiring,
        clinic_missing=missing,
        own=own,
    )


def build_transcript(uow: UnitOfWork, staff_id: int, day: date) -> Transcript:
    person = staff_info(uow, staff_id)
    return Transcript(
        staff=person,
        as_of=day,
        status=person_status(uow, person, day),
        completions=tuple(completion_infos(uow, staff_id=person.id)),
    )


@requires(Permission.VIEW_OWN_TRAINING)
def transcript(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None, as_of: date | None = None
) -> Transcript:
    """A person's state per requirement and their whole ledger. Anyone for their own (`staff`
    None); VIEW_TRAINING for someone else. Audited."""
    row = staff_scope(uow, actor, staff)
    result = build_transcript(uow, row.id, as_of or date.today())
    audit.record(
        uow, actor, "training.transcript_view", "staff", row.id, {"as_of": result.as_of.isoformat()}
    )
    uow.commit()
    return result
