"""Policies in force, where everyone stands with them as of any date, and acknowledging.

The versions come from the stored `policy` standards (the shipped ones until the clinic
has pulled from its hub, as for training requirements); the acknowledgement ledger is read
in one query; the domain's `policy_status` decides each state. Nothing is cached: an
acknowledgement made on one workstation shows on the next read everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select

from clinicdesk.db.models import Standard
from clinicdesk.db.models_policies import PolicyAcknowledgement
from clinicdesk.db.outbox import STANDARDS, get_cursor
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.policies import (
    AckFact,
    PolicyRuleError,
    PolicyState,
    PolicyVersion,
    check_acknowledgement,
    count_states,
    policy_status,
    version_of,
    version_on,
)
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.domain.standards import PolicyStandard, StandardKind
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.federation_store import document_of, shipped_standards
from clinicdesk.services.policies.types import (
    AcknowledgementInfo,
    MyPolicy,
    PolicyCell,
    PolicyInfo,
    PolicyOverview,
    PolicyRow,
)
from clinicdesk.services.training.staff import actor_staff, all_staff, staff_row
from clinicdesk.services.training.types import StaffInfo

A = PolicyAcknowledgement

# Most urgent first.
URGENCY = {
    PolicyState.LATE: 0,
    PolicyState.DUE: 1,
    PolicyState.ACKNOWLEDGED: 2,
    PolicyState.NOT_APPLICABLE: 3,
}


class PolicyBook:
    """Every version of every policy known here, with each version's document."""

    def __init__(self, documents: Iterable[tuple[PolicyStandard, date | None]]) -> None:
        self.versions: dict[str, list[PolicyVersion]] = {}
        self.documents: dict[tuple[str, int], PolicyStandard] = {}
        for document, retired_on in documents:
            self.versions.setdefault(document.id, []).append(version_of(document, retired_on))
            self.documents[(document.id, document.version)] = document

    def in_force(self, day: date) -> list[PolicyInfo]:
        """The version of each policy in force on `day`, by id."""
        found = []
        for policy_id in sorted(self.versions):
            current = version_on(self.versions[policy_id], day)
            if current is not None:
                found.append(self.info(policy_id, current.version))
        return found

    def info(self, policy_id: str, version: int) -> PolicyInfo:
        document = self.documents[(policy_id, version)]
        rule = document.acknowledgement
        return PolicyInfo(
            policy_id=document.id,
            version=document.version,
            title=document.title,
            body=document.body,
            effective_from=document.effective_from,
            effective_to=document.effective_to,
            everyone=rule.everyone,
            roles=tuple(sorted(rule.roles, key=list(Role).index)),
            within_days=rule.within_days,
        )

    def title(self, policy_id: str, version: int) -> str:
        document = self.documents.get((policy_id, version))
        return document.title if document is not None else policy_id


def policy_book(uow: UnitOfWork) -> PolicyBook:
    """Engine-internal. Every stored version of every policy (retirements folded in), or
    the shipped ones while the clinic has neither stored nor pulled any."""
    rows = list(
        uow.session.execute(
            select(Standard).where(Standard.kind == StandardKind.POLICY.value)
        ).scalars()
    )
    if not rows and get_cursor(uow, STANDARDS) is None:
        return PolicyBook(
            (document, None)
            for document in shipped_standards()
            if isinstance(document, PolicyStandard)
        )
    documents = []
    for row in rows:
        document = document_of(row)
        assert isinstance(document, PolicyStandard)
        documents.append((document, row.retired_on))
    return PolicyBook(documents)


def acknowledgements(
    uow: UnitOfWork, staff_ids: Sequence[int] | None = None
) -> dict[tuple[int, str], list[AckFact]]:
    """Engine-internal. The ledger, per person and policy."""
    query = select(A.staff_id, A.policy_id, A.policy_version, A.acknowledged_on)
    if staff_ids is not None:
        query = query.where(A.staff_id.in_(list(staff_ids)))
    found: dict[tuple[int, str], list[AckFact]] = {}
    for staff_id, policy_id, version, day in uow.session.execute(query):
        found.setdefault((staff_id, policy_id), []).append(AckFact(version, day))
    return found


def _cell(
    book: PolicyBook, person: StaffInfo, policy_id: str, acks: list[AckFact], day: date
) -> PolicyCell:
    status = policy_status(
        book.versions[policy_id],
        [r.value for r in person.job_roles],
        person.start_on,
        person.end_on,
        acks,
        day,
    )
    return PolicyCell(
        staff_id=person.id,
        policy_id=policy_id,
        state=status.state,
        version=status.version.version if status.version is not None else None,
        due_by=status.due_by,
        acknowledged_on=status.acknowledged_on,
        on_time=status.on_time,
    )


def build_overview(uow: UnitOfWork, day: date) -> PolicyOverview:
    """Engine-internal. Everyone on staff on `day` against every policy in force then."""
    book = policy_book(uow)
    policies = tuple(book.in_force(day))
    people = [p for p in all_staff(uow) if p.on_staff(day)]
    ledger = acknowledgements(uow)
    rows = []
    for person in people:
        cells = tuple(
            _cell(book, person, p.policy_id, ledger.get((person.id, p.policy_id), []), day)
            for p in policies
        )
        rows.append(PolicyRow(person, cells))
    counts = {
        p.policy_id: count_states(row.cells[i].state for row in rows)
        for i, p in enumerate(policies)
    }
    return PolicyOverview(as_of=day, policies=policies, rows=tuple(rows), counts=counts)


@requires(Permission.VIEW_POLICY_STATUS)
def policy_overview(uow: UnitOfWork, actor: Principal, as_of: date | None = None) -> PolicyOverview:
    """Everyone on staff on `as_of` (today by default) against every policy in force then:
    acknowledged, due or late. A read: not audited (exports are)."""
    return build_overview(uow, as_of or date.today())


def person_policies(uow: UnitOfWork, person: StaffInfo, day: date) -> tuple[MyPolicy, ...]:
    """Engine-internal. The policies in force on `day` that apply to `person`, most
    urgent first."""
    book = policy_book(uow)
    ledger = acknowledgements(uow, [person.id])
    found = []
    for policy in book.in_force(day):
        acks = ledger.get((person.id, policy.policy_id), [])
        cell = _cell(book, person, policy.policy_id, acks, day)
        if cell.state is not PolicyState.NOT_APPLICABLE:
            found.append(MyPolicy(policy, cell))
    found.sort(key=lambda m: (URGENCY[m.status.state], m.status.due_by or day, m.policy.title))
    return tuple(found)


@requires(Permission.ACKNOWLEDGE_POLICIES)
def my_policies(
    uow: UnitOfWork, actor: Principal, as_of: date | None = None
) -> tuple[MyPolicy, ...]:
    """The signed-in person's policies in force on `as_of` (today by default): those
    awaiting them first (late, then due), then those acknowledged."""
    me = actor_staff(uow, actor)
    return person_policies(uow, me, as_of or date.today())


def awaiting(uow: UnitOfWork, actor: Principal, day: date) -> tuple[MyPolicy, ...]:
    """Engine-internal (Today). The person's policies still to acknowledge; none for a
    principal that is not a person on staff."""
    if actor.user_id is None or not actor.can(Permission.ACKNOWLEDGE_POLICIES):
        return ()
    me = actor_staff(uow, actor)
    return tuple(m for m in person_policies(uow, me, day) if m.status.state.awaiting)


def _info(uow: UnitOfWork, book: PolicyBook, row: PolicyAcknowledgement) -> AcknowledgementInfo:
    staff, user = staff_row(uow, row.staff_id)
    return AcknowledgementInfo(
        id=row.id,
        staff_id=row.staff_id,
        staff_name=user.display_name if user is not None else staff.name,
        policy_id=row.policy_id,
        version=row.policy_version,
        title=book.title(row.policy_id, row.policy_version),
        acknowledged_on=row.acknowledged_on,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


def add_acknowledgement(
    uow: UnitOfWork, actor: Principal, person: StaffInfo, policy_id: str, version: int, day: date
) -> PolicyAcknowledgement:
    """Engine-internal (the service below; the demo's history). Check and append one
    acknowledgement made on `day`, audited; the caller commits. ValidationError, with
    nothing stored, for a policy that is not known, a version not in force that day, a
    person it does not apply to, or one already acknowledged."""
    book = policy_book(uow)
    versions = book.versions.get(policy_id)
    if versions is None:
        raise NotFoundError(
            _("There is no policy “{policy_id}”.").format(policy_id=policy_id),
            hint=_("`clinicdesk policies status` lists the policies in force by id."),
        )
    try:
        check_acknowledgement(
            versions,
            [r.value for r in person.job_roles],
            person.start_on,
            person.end_on,
            version,
            day,
        )
    except PolicyRuleError as error:
        raise ValidationError(str(error), field=error.field) from None
    earlier = uow.session.execute(
        select(A.acknowledged_on).where(
            A.staff_id == person.id, A.policy_id == policy_id, A.policy_version == version
        )
    ).first()
    if earlier is not None:
        raise ValidationError(
            _("{name} already acknowledged version {version} of “{title}” on {day}.").format(
                name=person.name,
                version=version,
                title=book.title(policy_id, version),
                day=format_date(earlier[0]),
            ),
            field="version",
        )
    row = PolicyAcknowledgement(
        staff_id=person.id,
        policy_id=policy_id,
        policy_version=version,
        acknowledged_on=day,
        recorded_by=actor.username,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "policy.acknowledge",
        "staff",
        person.id,
        {"policy": policy_id, "version": version, "acknowledged_on": day.isoformat()},
    )
    return row


@requires(Permission.ACKNOWLEDGE_POLICIES)
def acknowledge(
    uow: UnitOfWork, actor: Principal, policy_id: str, version: int
) -> AcknowledgementInfo:
    """The signed-in person acknowledges, today, that they have read version `version`
    of a policy. Appended to the ledger, audited and committed; ValidationError (nothing
    stored) when the version is not the one in force, the policy does not apply to them,
    or they already acknowledged it."""
    if actor.user_id is None:
        raise ValidationError(
            _("A policy is acknowledged by a person on staff, for themselves."),
            hint=_(
                "Sign in as yourself: `clinicdesk --user NAME policies acknowledge …`, or "
                "use Today in the window."
            ),
        )
    me = actor_staff(uow, actor)
    row = add_acknowledgement(uow, actor, me, policy_id.strip(), version, date.today())
    info = _info(uow, policy_book(uow), row)
    uow.commit()
    return info


@requires(Permission.ACKNOWLEDGE_POLICIES)
def my_acknowledgements(uow: UnitOfWork, actor: Principal) -> list[AcknowledgementInfo]:
    """The signed-in person's acknowledgements, every version, newest first."""
    me = actor_staff(uow, actor)
    book = policy_book(uow)
    rows = uow.session.execute(
        select(A).where(A.staff_id == me.id).order_by(A.acknowledged_on.desc(), A.id.desc())
    ).scalars()
    return [_info(uow, book, row) for row in rows]
