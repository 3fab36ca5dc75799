"""Requirements in force (federation standards and local ones) and reminder offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import or_, select

from clinicdesk.db.models import CourseVersion, Setting, Standard
from clinicdesk.db.models_training import LocalRequirement
from clinicdesk.db.outbox import STANDARDS, get_cursor
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles, encode_roles
from clinicdesk.domain.training import (
    DEFAULT_REMINDER_OFFSETS,
    TrainingRuleError,
    check_reminder_offsets,
)
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.federation.schemas import StandardKind, TrainingRequirementStandard
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.federation_store import shipped_in_force, standards_in_force
from clinicdesk.services.training.types import RequirementInfo

REMINDER_OFFSETS_KEY = "training.reminder_offsets"
LOCAL_PREFIX = "local."
_IDENTIFIER = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


def _courses_stored(uow: UnitOfWork) -> set[str]:
    return set(
        uow.session.execute(
            select(CourseVersion.course_id).where(CourseVersion.package.is_not(None))
        ).scalars()
    )


def _role_order(roles: Iterable[Role]) -> tuple[Role, ...]:
    return tuple(sorted(set(roles), key=list(Role).index))


def _from_standard(doc: TrainingRequirementStandard, courses: set[str]) -> RequirementInfo:
    rule = doc.rule
    return RequirementInfo(
        requirement_id=doc.id,
        version=doc.version,
        title=doc.title,
        roles=_role_order(rule.roles),
        course_id=rule.course_id,
        recurrence_months=rule.recurrence_months,
        grace_days=rule.grace_days,
        effective_from=doc.effective_from,
        effective_to=doc.effective_to,
        local=False,
        has_course=rule.course_id in courses,
        body=doc.body,
    )


def _from_local(row: LocalRequirement, courses: set[str]) -> RequirementInfo:
    return RequirementInfo(
        requirement_id=row.requirement_id,
        version=row.version,
        title=row.title,
        roles=_role_order(decode_roles(row.roles)),
        course_id=row.course_id,
        recurrence_months=row.recurrence_months,
        grace_days=row.grace_days,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        local=True,
        has_course=row.course_id in courses,
        body=row.body,
    )


def requirements_on(uow: UnitOfWork, day: date) -> list[RequirementInfo]:
    """Engine-internal. Every requirement in force on `day`, by id: the newest version of
    each federation standard (the shipped ones until the clinic has pulled from its hub)
    and of each local requirement."""
    kind = StandardKind.TRAINING_REQUIREMENT
    stored = uow.session.execute(select(Standard.id).where(Standard.kind == kind.value).limit(1))
    documents = standards_in_force(uow, kind, day)
    if stored.first() is None and get_cursor(uow, STANDARDS) is None:
        # Not connected yet (nothing pulled): the shipped standards apply. They are read
        # from the process's copy, not stored here, so that a read stays a read.
        documents = shipped_in_force(kind, day)
    courses = _courses_stored(uow)
    found: dict[str, RequirementInfo] = {}
    for doc in documents:
        assert isinstance(doc, TrainingRequirementStandard)
        found[doc.id] = _from_standard(doc, courses)
    rows = uow.session.execute(
        select(LocalRequirement)
        .where(
            LocalRequirement.effective_from <= day,
            or_(LocalRequirement.effective_to.is_(None), LocalRequirement.effective_to > day),
        )
        .order_by(LocalRequirement.requirement_id, LocalRequirement.version.desc())
    ).scalars()
    for row in rows:
        found.setdefault(row.requirement_id, _from_local(row, courses))
    return [found[key] for key in sorted(found)]


def requirement_on(uow: UnitOfWork, requirement_id: str, day: date) -> RequirementInfo:
    """Engine-internal. One requirement in force on `day`; ValidationError otherwise."""
    for requirement in requirements_on(uow, day):
        if requirement.requirement_id == requirement_id:
            return requirement
    raise ValidationError(
        _("The training requirement “{requirement_id}” is not in force on {day}.").format(
            requirement_id=requirement_id, day=format_date(day)
        ),
        field="requirement",
        hint=_("`clinicdesk training status` lists the requirements in force by id."),
    )


@requires(Permission.VIEW_OWN_TRAINING)
def requirements_in_force(
    uow: UnitOfWork, actor: Principal, as_of: date | None = None
) -> list[RequirementInfo]:
    """Every `training_requirement` standard in force on `as_of` (newest version of each)
    and every local requirement in force, by id."""
    found = requirements_on(uow, as_of or date.today())
    uow.commit()  # shipped standards stored on first use
    return found


def _check_local(
    requirement_id: str,
    title: str,
    roles: frozenset[Role],
    course_id: str,
    recurrence_months: int | None,
    grace_days: int,
) -> None:
    if not requirement_id.startswith(LOCAL_PREFIX) or not _IDENTIFIER.match(requirement_id):
        raise ValidationError(
            _(
                "A local requirement's id starts with “{prefix}” and is lower-case words "
                "joined by '-' or '.', such as local.manual-handling (got “{requirement_id}”)."
            ).format(prefix=LOCAL_PREFIX, requirement_id=requirement_id),
            field="requirement_id",
        )
    if len(requirement_id) > 80 or not _IDENTIFIER.match(course_id) or len(course_id) > 80:
        raise ValidationError(_("The requirement or course id is not usable."), field="course_id")
    if not title.strip() or len(title) > 200:
        raise ValidationError(_("Give a title of at most 200 characters."), field="title")
    if not roles:
        raise ValidationError(_("A requirement applies to at least one role."), field="roles")
    if recurrence_months is not None and not 1 <= recurrence_months <= 120:
        raise ValidationError(
            _("Renewal is every 1 to 120 months, or never."), field="recurrence_months"
        )
    if not 0 <= grace_days <= 365:
        raise ValidationError(_("Grace is 0 to 365 days."), field="grace_days")


@requires(Permission.CONFIGURE_TRAINING)
def add_local_requirement(
    uow: UnitOfWork,
    actor: Principal,
    requirement_id: str,
    title: str,
    roles: Iterable[Role],
    *,
    course_id: str,
    recurrence_months: int | None,
    grace_days: int,
    effective_from: date,
    body: str = "",
) -> RequirementInfo:
    """A clinic's own requirement, same shape as the federation's standard; its id starts
    with `local.`. A new version of an existing local id replaces it from `effective_from`.
    Audited and committed."""
    role_set = frozenset(Role(r) for r in roles)
    _check_local(requirement_id, title, role_set, course_id, recurrence_months, grace_days)
    latest = uow.session.execute(
        select(LocalRequirement)
        .where(LocalRequirement.requirement_id == requirement_id)
        .order_by(LocalRequirement.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is not None:
        if effective_from <= latest.effective_from:
            raise ValidationError(
                _(
                    "Version {version} of {requirement_id} applies from "
                    "{effective_from}; a new version must start later."
                ).format(
                    version=latest.version,
                    requirement_id=requirement_id,
                    effective_from=format_date(latest.effective_from),
                ),
                field="effective_from",
            )
        if latest.effective_to is None or latest.effective_to > effective_from:
            latest.effective_to = effective_from
    row = LocalRequirement(
        requirement_id=requirement_id,
        version=(latest.version + 1) if latest else 1,
        title=title.strip(),
        body=body.strip() or title.strip(),
        roles=encode_roles(role_set),
        course_id=course_id,
        recurrence_months=recurrence_months,
        grace_days=grace_days,
        effective_from=effective_from,
        created_by=actor.username,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "training.requirement_add",
        "training_requirement",
        requirement_id,
        {
            "version": row.version,
            "roles": sorted(r.value for r in role_set),
            "course_id": course_id,
            "recurrence_months": recurrence_months,
            "grace_days": grace_days,
            "effective_from": effective_from.isoformat(),
        },
    )
    info = _from_local(row, _courses_stored(uow))
    uow.commit()
    return info


@requires(Permission.CONFIGURE_TRAINING)
def end_local_requirement(
    uow: UnitOfWork, actor: Principal, requirement_id: str, effective_to: date
) -> RequirementInfo:
    """A local requirement stops applying from `effective_to`. Audited and committed."""
    row = uow.session.execute(
        select(LocalRequirement)
        .where(LocalRequirement.requirement_id == requirement_id)
        .order_by(LocalRequirement.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError(
            _("There is no local requirement “{requirement_id}”.").format(
                requirement_id=requirement_id
            )
        )
    if effective_to <= row.effective_from:
        raise ValidationError(
            _("It applies from {effective_from}; it can end only after that.").format(
                effective_from=format_date(row.effective_from)
            ),
            field="effective_to",
        )
    row.effective_to = effective_to
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "training.requirement_end",
        "training_requirement",
        requirement_id,
        {"version": row.version, "effective_to": effective_to.isoformat()},
    )
    info = _from_local(row, _courses_stored(uow))
    uow.commit()
    return info


def load_offsets(uow: UnitOfWork) -> tuple[int, ...]:
    """Engine-internal. The stored offsets, or the defaults."""
    row = uow.session.get(Setting, REMINDER_OFFSETS_KEY)
    if row is None or not isinstance(row.value, list):
        return DEFAULT_REMINDER_OFFSETS
    try:
        return check_reminder_offsets([v for v in row.value if isinstance(v, int)])
    except TrainingRuleError:
        return DEFAULT_REMINDER_OFFSETS


@requires(Permission.VIEW_OWN_TRAINING)
def reminder_offsets(uow: UnitOfWork, actor: Principal) -> tuple[int, ...]:
    """Days before expiry a reminder is due, largest first (90/60/30/7 by default)."""
    return load_offsets(uow)


@requires(Permission.CONFIGURE_TRAINING)
def set_reminder_offsets(
    uow: UnitOfWork, actor: Principal, offsets: Sequence[int]
) -> tuple[int, ...]:
    """Audited and committed."""
    try:
        checked = check_reminder_offsets(list(offsets))
    except TrainingRuleError as error:
        raise ValidationError(str(error), field=error.field) from None
    before = load_offsets(uow)
    row = uow.session.get(Setting, REMINDER_OFFSETS_KEY)
    if row is None:
        uow.session.add(
            Setting(key=REMINDER_OFFSETS_KEY, value=list(checked), updated_by=actor.username)
        )
    else:
        row.value = list(checked)
        row.updated_by = actor.username
    audit.record(
        uow,
        actor,
        "settings.update",
        "settings",
        REMINDER_OFFSETS_KEY,
        {"from": list(before), "to": list(checked)},
    )
    uow.commit()
    return checked
