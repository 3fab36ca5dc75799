"""The start screen: what needs someone today, section by section, each only for those
whose role lets them see it (the same permissions the areas check). Counts only: no
patient or member is named here, so reading it writes no audit event (training and
policies name only the person's own items)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select

from clinicdesk.db.models import Clinic, User
from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.db.models_members import Member
from clinicdesk.db.models_revenue import RevenuePeriod
from clinicdesk.db.models_training import TrainingCompletion
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import anchors, caregaps, federation_link, revenue, training
from clinicdesk.services.policies import MyPolicy
from clinicdesk.services.policies.status import awaiting, build_overview
from clinicdesk.services.revenue import PeriodStatus
from clinicdesk.services.training import TrainingSummary


@dataclass(frozen=True)
class RevenueToDo:
    """Months before this one whose contribution has not been submitted, newest first."""

    unsubmitted: tuple[str, ...]
    overdue: tuple[str, ...]
    next_due: tuple[str, date] | None  # the oldest unsubmitted month and its due date


@dataclass(frozen=True)
class PanelToDo:
    """One clinician's panel (`own_panel`) or the whole clinic."""

    own_panel: bool
    patients: int
    with_open_gaps: int
    overdue_gaps: int
    # Set when an import since the last clinic-wide care-gap run left the gaps stale
    # (the program stopped before that run): UTC. `may_run` says whether this person
    # may run the care gaps for the whole clinic.
    gaps_stale_since: datetime | None = None
    may_run_clinic: bool = False


@dataclass(frozen=True)
class FederationToDo:
    connected: bool
    waiting: int
    stopped: int  # dead messages: need a person
    update: str | None = None  # a newer ClinicDesk release the hub publishes
    update_download: str | None = None


@dataclass(frozen=True)
class MembersToDo:
    awaiting_approval: int


@dataclass(frozen=True)
class AnchorsToDo:
    """Anchor-organisation invoices unpaid (even in part) after their due date."""

    overdue: int
    overdue_amount: Decimal


@dataclass(frozen=True)
class SetupStep:
    """One step of a new clinic's first weeks; `area` is where it is done."""

    key: str
    done: bool
    area: str


# A clinic is new, and its first-weeks checklist shows, for this long after set-up.
NEW_CLINIC_DAYS = 30


@dataclass(frozen=True)
class TodaySummary:
    day: date
    revenue: RevenueToDo | None = None
    panel: PanelToDo | None = None
    federation: FederationToDo | None = None
    members: MembersToDo | None = None
    anchors: AnchorsToDo | None = None
    training: TrainingSummary | None = None
    """The clinic's expired/expiring counts (for those who see the matrix) and the
    person's own due items."""
    setup: tuple[SetupStep, ...] = ()
    """A new clinic's first steps that this person may take, while any is not done."""
    policies: tuple[MyPolicy, ...] = ()
    """The person's own policies still to acknowledge, late ones first."""
    policy_late: int | None = None
    policy_due: int | None = None
    """For those who see who has acknowledged: the clinic's people late and due, summed
    over the policies in force (None for others)."""


def summary(uow: UnitOfWork, actor: Principal, *, today: date | None = None) -> TodaySummary:
    day = today or date.today()
    return TodaySummary(
        day=day,
        revenue=_revenue(uow, actor, day) if actor.can(Permission.VIEW_REVENUE) else None,
        panel=_panel(uow, actor) if actor.can(Permission.VIEW_PATIENTS) else None,
        federation=(_federation(uow) if actor.can(Permission.VIEW_FEDERATION) else None),
        members=_members(uow) if actor.can(Permission.VIEW_MEMBERS) else None,
        anchors=_anchors(uow, actor, day) if actor.can(Permission.VIEW_ANCHORS) else None,
        training=(
            training.today_summary(uow, actor, as_of=day)
            if actor.user_id is not None and actor.can(Permission.VIEW_OWN_TRAINING)
            else None
        ),
        setup=_setup_steps(uow, actor, day),
        policies=awaiting(uow, actor, day),
        **_policy_counts(uow, actor, day),
    )


def _policy_counts(uow: UnitOfWork, actor: Principal, day: date) -> dict[str, int]:
    if not actor.can(Permission.VIEW_POLICY_STATUS):
        return {}
    counts = build_overview(uow, day).counts.values()
    return {
        "policy_late": sum(c.late for c in counts),
        "policy_due": sum(c.due for c in counts),
    }


def _exists(uow: UnitOfWork, model: Any, *where: Any) -> bool:
    return uow.session.execute(select(model.id).where(*where).limit(1)).first() is not None


def _count(uow: UnitOfWork, model: Any) -> int:
    return int(uow.session.execute(select(func.count(model.id))).scalar_one())


def _setup_steps(uow: UnitOfWork, actor: Principal, day: date) -> tuple[SetupStep, ...]:
    """The first-weeks checklist of a clinic set up less than NEW_CLINIC_DAYS ago: each
    step this person's role may take, done or not; nothing once every step is done."""
    created = uow.session.execute(select(func.min(Clinic.created_at))).scalar_one()
    if created is None or (day - created.date()).days > NEW_CLINIC_DAYS:
        return ()
    candidates = (
        (
            "connect",
            Permission.MANAGE_FEDERATION,
            "federation",
            lambda: federation_link.link_status(uow).connected,
        ),
        ("users", Permission.MANAGE_USERS, "admin", lambda: _count(uow, User) > 1),
        ("patients", Permission.IMPORT_PATIENTS, "panel", lambda: _exists(uow, Patient)),
        ("members", Permission.ENROL_MEMBERS, "members", lambda: _exists(uow, Member)),
        ("revenue", Permission.MANAGE_REVENUE, "revenue", lambda: _exists(uow, RevenuePeriod)),
        (
            "training",
            Permission.RECORD_TRAINING,
            "training",
            lambda: _exists(uow, TrainingCompletion),
        ),
    )
    steps = tuple(
        SetupStep(key, bool(done()), area)
        for key, permission, area, done in candidates
        if actor.can(permission)
    )
    return steps if not all(step.done for step in steps) else ()


def _revenue(uow: UnitOfWork, actor: Principal, day: date) -> RevenueToDo:
    current = f"{day.year:04d}-{day.month:02d}"
    months = revenue.month_statuses(uow, actor, today=day)  # from the first month entered
    open_months = [
        m
        for m in months
        if m.period != current
        and m.status in (PeriodStatus.NONE, PeriodStatus.DRAFT, PeriodStatus.LOCKED)
    ]
    oldest = min(open_months, key=lambda m: m.period, default=None)
    return RevenueToDo(
        unsubmitted=tuple(m.period for m in open_months),
        overdue=tuple(m.period for m in open_months if m.overdue),
        next_due=(oldest.period, oldest.due_on) if oldest and oldest.due_on else None,
    )


def _panel(uow: UnitOfWork, actor: Principal) -> PanelToDo:
    own = not actor.can(Permission.VIEW_ALL_PANELS)
    scope = [Patient.status == "active"]
    if own:
        scope.append(Patient.clinician_id == actor.user_id)
    patients, with_gaps = uow.session.execute(
        select(func.count(), func.count().filter(Patient.open_gaps > 0)).where(*scope)
    ).one()
    overdue = uow.session.execute(
        select(func.count())
        .select_from(CareGapResult)
        .join(Patient, and_(Patient.id == CareGapResult.patient_id, *scope))
        .where(CareGapResult.state == "overdue")
    ).scalar_one()
    return PanelToDo(
        own,
        int(patients),
        int(with_gaps),
        int(overdue),
        gaps_stale_since=caregaps.freshness(uow).stale_since,
        may_run_clinic=not own,
    )


def _federation(uow: UnitOfWork) -> FederationToDo:
    status = federation_link.link_status(uow)
    update = status.update_available
    return FederationToDo(
        status.connected,
        status.waiting,
        status.outbox.get("dead", 0),
        update=update,
        update_download=status.client_download if update else None,
    )


def _anchors(uow: UnitOfWork, actor: Principal, day: date) -> AnchorsToDo:
    late = anchors.overdue_invoices(uow, actor, today=day)
    return AnchorsToDo(len(late), sum((i.balance for i in late), Decimal("0.00")))


def _members(uow: UnitOfWork) -> MembersToDo:
    waiting = uow.session.execute(
        select(func.count()).where(
            Member.approved_on.is_(None), Member.end_on.is_(None), Member.cancelled_on.is_(None)
        )
    ).scalar_one()
    return MembersToDo(int(waiting))
