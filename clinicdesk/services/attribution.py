"""Who looks after whom: the attribution rule, manual reassignment, panel capacity, and
panels as of a past date.

The rule: a patient belongs to the clinician they saw most often in the last 18 months;
the most recent visit breaks a tie. It runs over the whole clinic in a few statements
(grouping and ranking in SQL), never replaces a manual attribution, and never rewrites
history: a change ends the current Attribution row and opens a new one, so any panel can
be shown as of any day. Patient.clinician_id follows the current row.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, insert, or_, select, update

from clinicdesk.db import id_lists
from clinicdesk.db.models import User, utcnow
from clinicdesk.db.models_clinical import Attribution, Encounter, PanelCapacity, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles
from clinicdesk.errors import NotFoundError, PermissionDenied, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.patients.changing import register_patient
from clinicdesk.services.patients.reading import attribution_history, load_patient, summary_of
from clinicdesk.services.patients.types import AttributionInfo, PatientInput, PatientSummary

LOOKBACK_MONTHS = 18
AUTO = "auto"
MANUAL = "manual"
RULE_REASON = "Most visits in the last 18 months"


@dataclass(frozen=True)
class AttributionRunResult:
    as_of: date
    considered: int  # active patients with a visit to a clinician in the window
    assigned: int  # had no attribution, now have one
    changed: int  # auto attribution moved to another clinician
    unchanged: int
    kept_manual: int  # the rule would have moved them, but a person chose otherwise
    kept_future: int  # current attribution starts after as_of: history is not rewritten

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "considered": self.considered,
            "assigned": self.assigned,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "kept_manual": self.kept_manual,
            "kept_future": self.kept_future,
        }


@dataclass(frozen=True)
class ClinicianInfo:
    id: int
    username: str
    display_name: str
    active: bool


@dataclass(frozen=True)
class PanelSize:
    clinician_id: int
    username: str
    display_name: str
    patients: int
    capacity: int | None

    @property
    def fill(self) -> float | None:
        return None if not self.capacity else self.patients / self.capacity


def months_before(day: date, months: int) -> date:
    """`day` minus whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def rule_winners(
    uow: UnitOfWork, as_of: date, patients: Collection[int] | None = None
) -> dict[int, int]:
    """patient id -> clinician id by the rule, for active patients (those of `patients`
    only, when given), counting visits to active clinicians from as_of minus 18 months up
    to the end of as_of."""
    since = datetime.combine(months_before(as_of, LOOKBACK_MONTHS), time.min)
    until = datetime.combine(as_of + timedelta(days=1), time.min)
    clinicians = [
        row.id
        for row in uow.session.execute(select(User.id, User.roles).where(User.active.is_(True)))
        if Role.CLINICIAN in decode_roles(row.roles)
    ]
    if not clinicians:
        return {}
    counts = (
        select(
            Encounter.patient_id.label("patient_id"),
            Encounter.clinician_id.label("clinician_id"),
            func.count().label("visits"),
            func.max(Encounter.start_at).label("last_at"),
        )
        .join(Patient, Patient.id == Encounter.patient_id)
        .where(
            Encounter.start_at >= since,
            Encounter.start_at < until,
            # With `patients`, the visits are sought by patient (their index has the
            # patient and the day): the clinician made not indexable (+ 0), SQLite would
            # rather walk every visit to a clinician in the window.
            (Encounter.clinician_id if patients is None else Encounter.clinician_id + 0).in_(
                clinicians
            ),
            Patient.status == "active",
            *(
                [id_lists.among(Encounter.patient_id, patients, uow.dialect)]
                if patients is not None
                else []
            ),
        )
        .group_by(Encounter.patient_id, Encounter.clinician_id)
        .subquery()
    )
    ranked = select(
        counts.c.patient_id,
        counts.c.clinician_id,
        func.row_number()
        .over(
            partition_by=counts.c.patient_id,
            order_by=(
                counts.c.visits.desc(),
                counts.c.last_at.desc(),
                counts.c.clinician_id,
            ),
        )
        .label("rank"),
    ).subquery()
    rows = uow.session.execute(
        select(ranked.c.patient_id, ranked.c.clinician_id).where(ranked.c.rank == 1)
    ).all()
    return {row.patient_id: row.clinician_id for row in rows}


def apply_rule(
    uow: UnitOfWork, actor_name: str, as_of: date, patients: Collection[int] | None = None
) -> AttributionRunResult:
    """The rule without a permission check or commit: for `run_attribution`, the demo
    and importers (which commit with their own work). `patients`: only these (the
    patients an import wrote: no one else's visits changed)."""
    session = uow.session
    winners = rule_winners(uow, as_of, patients)
    current = {
        row.patient_id: row
        for row in session.execute(
            select(
                Attribution.id,
                Attribution.patient_id,
                Attribution.clinician_id,
                Attribution.source,
                Attribution.start_on,
            ).where(
                Attribution.end_on.is_(None),
                *(
                    [id_lists.among(Attribution.patient_id, patients, uow.dialect)]
                    if patients is not None
                    else []
                ),
            )
        )
    }
    to_end: list[dict[str, object]] = []
    to_open: list[dict[str, object]] = []
    assigned = changed = unchanged = kept_manual = kept_future = 0
    for patient_id, clinician_id in winners.items():
        now = current.get(patient_id)
        if now is None:
            assigned += 1
        elif now.clinician_id == clinician_id:
            unchanged += 1
            continue
        elif now.source == MANUAL:
            kept_manual += 1
            continue
        elif now.start_on > as_of:
            kept_future += 1
            continue
        else:
            changed += 1
            to_end.append({"row_id": now.id, "end": as_of})
        to_open.append(
            {
                "patient_id": patient_id,
                "clinician_id": clinician_id,
                "start_on": as_of,
                "end_on": None,
                "source": AUTO,
                "reason": RULE_REASON,
                "created_at": utcnow(),
                "created_by": actor_name,
            }
        )
    if to_end:
        table = cast(Table, Attribution.__table__)
        session.execute(
            update(table).where(table.c.id == bindparam("row_id")).values(end_on=bindparam("end")),
            to_end,
        )
    if to_open:
        session.execute(insert(cast(Table, Attribution.__table__)), to_open)
        patient_table = cast(Table, Patient.__table__)
        session.execute(
            update(patient_table)
            .where(patient_table.c.id == bindparam("pid"))
            .values(clinician_id=bindparam("cid")),
            [{"pid": row["patient_id"], "cid": row["clinician_id"]} for row in to_open],
        )
    return AttributionRunResult(
        as_of=as_of,
        considered=len(winners),
        assigned=assigned,
        changed=changed,
        unchanged=unchanged,
        kept_manual=kept_manual,
        kept_future=kept_future,
    )


@requires(Permission.ATTRIBUTE_PATIENTS)
def run_attribution(
    uow: UnitOfWork, actor: Principal, *, as_of: date | None = None
) -> AttributionRunResult:
    """Attribute every active patient by the rule, as of `as_of` (today by default)."""
    day = as_of or date.today()
    result = apply_rule(uow, actor.username, day)
    audit.record(uow, actor, "attribution.run", "clinic", "", result.as_json())
    uow.commit()
    return result


def _clinician(uow: UnitOfWork, clinician_id: int) -> User:
    user = uow.session.get(User, clinician_id)
    if user is None or Role.CLINICIAN not in decode_roles(user.roles):
        raise ValidationError(
            _("Patients can only be attributed to a clinician."),
            field="clinician",
            hint=_("Choose one of the clinic's clinicians."),
        )
    if not user.active:
        raise ValidationError(
            _(
                "{display_name}'s account is disabled, so no patients can be attributed to them."
            ).format(display_name=user.display_name),
            field="clinician",
        )
    return user


@requires(Permission.ATTRIBUTE_PATIENTS)
def reassign(
    uow: UnitOfWork,
    actor: Principal,
    patient_id: int,
    clinician_id: int,
    reason: str,
    *,
    on: date | None = None,
) -> list[AttributionInfo]:
    """Attribute a patient to a clinician by hand: ends the current attribution on `on`
    (today) and opens a manual one, which the rule will not override. Returns the
    patient's attribution history, newest first."""
    patient = uow.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(_("This patient is no longer in the registry."))
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError(
            _("Say why the patient moves to another clinician."),
            field="reason",
            hint=_("The reason is kept in the patient's attribution history."),
        )
    if len(text) > 500:
        raise ValidationError(_("The reason can be at most 500 characters long."), field="reason")
    user = _clinician(uow, clinician_id)
    day = on or date.today()
    current = (
        uow.session.execute(
            select(Attribution).where(
                Attribution.patient_id == patient_id, Attribution.end_on.is_(None)
            )
        )
        .scalars()
        .all()
    )
    for row in current:
        if row.start_on > day:
            raise ValidationError(
                _("The current attribution starts on {start_on}, after {day}.").format(
                    start_on=format_date(row.start_on), day=format_date(day)
                ),
                field="on",
            )
        if row.clinician_id == clinician_id and row.source == MANUAL:
            raise ValidationError(
                _("The patient is already attributed to {display_name}.").format(
                    display_name=user.display_name
                ),
                field="clinician",
            )
    previous = current[0].clinician_id if current else None
    for row in current:
        row.end_on = day
    uow.session.add(
        Attribution(
            patient_id=patient_id,
            clinician_id=clinician_id,
            start_on=day,
            end_on=None,
            source=MANUAL,
            reason=text,
            created_by=actor.username,
        )
    )
    # The cached column, without bumping the record's version: an open edit form on
    # another workstation is not a conflict with an attribution.
    patients = cast(Table, Patient.__table__)
    uow.session.execute(
        update(patients).where(patients.c.id == patient_id).values(clinician_id=clinician_id)
    )
    audit.record(
        uow,
        actor,
        "attribution.reassign",
        "patient",
        patient.uuid,
        {"from": previous, "to": clinician_id, "on": day.isoformat(), "reason": text},
    )
    uow.flush()
    history = attribution_history(uow, patient_id)
    uow.commit()
    return history


@requires(Permission.EDIT_PATIENTS)
def register_with_clinician(
    uow: UnitOfWork, actor: Principal, data: PatientInput, clinician_id: int | None
) -> PatientSummary:
    """Register a patient and, when the front desk chose one, attribute them to their
    clinician from today — one transaction: no patient is left registered without the
    clinician the person chose."""
    with uow.one_transaction():
        summary = register_patient(uow, actor, data)
        if clinician_id is not None:
            reassign(uow, actor, summary.id, clinician_id, "Chosen when the patient registered")
            patient = load_patient(uow, summary.id)
            uow.session.refresh(patient)  # the cached clinician was set by a Core update
            summary = summary_of(uow, patient)
    uow.commit()
    return summary


def clinicians(uow: UnitOfWork, *, include_inactive: bool = False) -> list[ClinicianInfo]:
    rows = uow.session.execute(select(User).order_by(User.display_name, User.id)).scalars()
    return [
        ClinicianInfo(u.id, u.username, u.display_name, u.active)
        for u in rows
        if Role.CLINICIAN in decode_roles(u.roles) and (include_inactive or u.active)
    ]


@requires(Permission.VIEW_PATIENTS)
def list_clinicians(
    uow: UnitOfWork, actor: Principal, *, include_inactive: bool = False
) -> list[ClinicianInfo]:
    """The clinicians whose panels the actor may open: all of them with VIEW_ALL_PANELS,
    otherwise only themselves."""
    found = clinicians(uow, include_inactive=include_inactive)
    if actor.can(Permission.VIEW_ALL_PANELS):
        return found
    return [c for c in found if c.id == actor.user_id]


def _as_of_clause(on: date) -> ColumnElement[bool]:
    return and_(
        Attribution.start_on <= on,
        or_(Attribution.end_on.is_(None), Attribution.end_on > on),
    )


@requires(Permission.VIEW_PATIENTS)
def panel_sizes(uow: UnitOfWork, actor: Principal, *, as_of: date | None = None) -> list[PanelSize]:
    """Every clinician's panel size (active patients today, or attributed on `as_of`)
    with their capacity. Counts only: no patient data."""
    session = uow.session
    if as_of is None:
        counts = dict(
            session.execute(
                select(Patient.clinician_id, func.count())
                .where(Patient.clinician_id.is_not(None), Patient.status == "active")
                .group_by(Patient.clinician_id)
            ).all()
        )
    else:
        counts = dict(
            session.execute(
                select(Attribution.clinician_id, func.count(func.distinct(Attribution.patient_id)))
                .where(_as_of_clause(as_of))
                .group_by(Attribution.clinician_id)
            ).all()
        )
    capacities = dict(
        session.execute(select(PanelCapacity.clinician_id, PanelCapacity.capacity)).all()
    )
    return [
        PanelSize(c.id, c.username, c.display_name, counts.get(c.id, 0), capacities.get(c.id))
        for c in clinicians(uow)
    ]


@requires(Permission.ATTRIBUTE_PATIENTS)
def set_panel_capacity(
    uow: UnitOfWork, actor: Principal, clinician_id: int, capacity: int | None
) -> PanelSize:
    """Set (or with None, clear) how many patients a clinician's panel should hold."""
    user = _clinician(uow, clinician_id)
    if capacity is not None and not 0 < capacity <= 10_000:
        raise ValidationError(
            _("A panel capacity is a number of patients from 1 to 10,000."), field="capacity"
        )
    row = uow.session.get(PanelCapacity, clinician_id)
    if capacity is None:
        if row is not None:
            uow.session.delete(row)
    elif row is None:
        uow.session.add(PanelCapacity(clinician_id=clinician_id, capacity=capacity))
    else:
        row.capacity = capacity
    audit.record(uow, actor, "panel.capacity", "user", user.username, {"capacity": capacity})
    uow.flush()
    patients = uow.session.execute(
        select(func.count())
        .select_from(Patient)
        .where(Patient.clinician_id == clinician_id, Patient.status == "active")
    ).scalar_one()
    uow.commit()
    return PanelSize(user.id, user.username, user.display_name, patients, capacity)


def check_panel_access(actor: Principal, clinician_id: int) -> None:
    if actor.can(Permission.VIEW_ALL_PANELS) or clinician_id == actor.user_id:
        return
    raise PermissionDenied(
        _("{label} may only open their own panel.").format(label=actor.label),
        hint=_("A clinic manager or the front desk can open other clinicians' panels."),
    )


@requires(Permission.VIEW_PATIENTS)
def panel_as_of(uow: UnitOfWork, actor: Principal, clinician_id: int, on: date) -> list[int]:
    """The ids of the patients attributed to `clinician_id` on `on`, by id."""
    session = uow.session
    check_panel_access(actor, clinician_id)
    return list(
        session.execute(
            select(Attribution.patient_id)
            .where(Attribution.clinician_id == clinician_id, _as_of_clause(on))
            .distinct()
            .order_by(Attribution.patient_id)
        ).scalars()
    )


__all__ = [
    "AttributionRunResult",
    "ClinicianInfo",
    "PanelSize",
    "apply_rule",
    "check_panel_access",
    "list_clinicians",
    "months_before",
    "panel_as_of",
    "panel_sizes",
    "reassign",
    "run_attribution",
    "set_panel_capacity",
]
