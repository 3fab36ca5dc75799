"""Staff: every user, and people without a login (a cleaner, a volunteer).

A user's staff row is made with the account (services.users.create_user_row; migration
0007 for accounts made before it); its name and job roles are the user's, read live, so
renaming a user or changing their roles needs nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select

from clinicdesk.db.models import User, new_uuid
from clinicdesk.db.models_training import Staff
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles, encode_roles
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.training.types import StaffInfo

MAX_NAME = 200


def to_info(staff: Staff, user: User | None) -> StaffInfo:
    roles = decode_roles(user.roles if user is not None else staff.job_roles)
    return StaffInfo(
        id=staff.id,
        ref=staff.ref,
        name=user.display_name if user is not None else staff.name,
        username=user.username if user is not None else None,
        job_roles=tuple(sorted(roles, key=list(Role).index)),
        job_title=staff.job_title,
        start_on=staff.start_on,
        end_on=staff.end_on,
    )


def all_staff(uow: UnitOfWork) -> list[StaffInfo]:
    """Engine-internal. Everyone ever on staff, by name."""
    rows = uow.session.connection().execute(
        select(
            Staff.id,
            Staff.ref,
            Staff.name,
            Staff.job_roles,
            Staff.job_title,
            Staff.start_on,
            Staff.end_on,
            User.username,
            User.display_name,
            User.roles,
        ).outerjoin(User, User.id == Staff.user_id)
    )
    order = list(Role).index
    people = [
        StaffInfo(
            id=sid,
            ref=ref,
            name=display if username is not None else name,
            username=username,
            job_roles=tuple(
                sorted(decode_roles(user_roles if username is not None else roles), key=order)
            ),
            job_title=title,
            start_on=start,
            end_on=end,
        )
        for sid, ref, name, roles, title, start, end, username, display, user_roles in rows
    ]
    return sorted(people, key=lambda p: (p.name.casefold(), p.id))


def staff_row(uow: UnitOfWork, key: int | str) -> tuple[Staff, User | None]:
    """Engine-internal. By staff id, user name or ref; NotFoundError otherwise."""
    query = select(Staff, User).outerjoin(User, User.id == Staff.user_id)
    text = str(key).strip()
    if isinstance(key, int) or text.isdigit():
        query = query.where(Staff.id == int(text))
    else:
        query = query.where(or_(User.username == text, Staff.ref == text.lower()))
    found = uow.session.execute(query).first()
    if found is None:
        raise NotFoundError(
            _("No one on staff is known as “{text}”.").format(text=text),
            hint=_("`clinicdesk training staff list` shows staff ids and user names."),
        )
    return found[0], found[1]


def staff_info(uow: UnitOfWork, key: int | str) -> StaffInfo:
    staff, user = staff_row(uow, key)
    return to_info(staff, user)


def actor_staff(uow: UnitOfWork, actor: Principal) -> StaffInfo:
    """Engine-internal. The signed-in user's staff record."""
    if actor.user_id is None:
        raise NotFoundError(
            _("{label} is not a person on staff.").format(label=actor.label),
            hint=_("Name the person (a user name or staff id)."),
        )
    found = uow.session.execute(
        select(Staff, User).join(User, User.id == Staff.user_id).where(User.id == actor.user_id)
    ).first()
    if found is None:
        raise NotFoundError(_("{label} has no staff record.").format(label=actor.label))
    return to_info(found[0], found[1])


@requires(Permission.VIEW_TRAINING)
def list_staff(
    uow: UnitOfWork, actor: Principal, *, as_of: date | None = None, include_ended: bool = False
) -> list[StaffInfo]:
    """Everyone on staff on `as_of` (today by default), by name; `include_ended` adds those
    who left (and those not started yet)."""
    day = as_of or date.today()
    people = all_staff(uow)
    return [p for p in people if include_ended or p.on_staff(day)]


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("Give the person's name."), field="name")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(
            _("A name has at most {max_chars} characters.").format(max_chars=MAX_NAME), field="name"
        )
    return cleaned


@requires(Permission.MANAGE_STAFF)
def add_staff(
    uow: UnitOfWork,
    actor: Principal,
    name: str,
    job_roles: Iterable[Role],
    start_on: date,
    *,
    job_title: str | None = None,
) -> StaffInfo:
    """A person without a login. Audited and committed."""
    cleaned = _clean_name(name)
    roles = frozenset(Role(r) for r in job_roles)
    title = " ".join((job_title or "").split()) or None
    if title is not None and len(title) > 120:
        raise ValidationError(_("A job title has at most 120 characters."), field="job_title")
    if start_on.year < 1950 or start_on > date.today().replace(year=date.today().year + 1):
        raise ValidationError(
            _("{start_on} is not a plausible start date.").format(start_on=format_date(start_on))
        )
    row = Staff(
        ref=new_uuid(),
        name=cleaned,
        job_roles=encode_roles(roles),
        job_title=title,
        start_on=start_on,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "staff.add",
        "staff",
        row.id,
        {"roles": sorted(r.value for r in roles), "start_on": start_on.isoformat()},
    )
    info = to_info(row, None)
    uow.commit()
    return info


@requires(Permission.MANAGE_STAFF)
def end_staff(uow: UnitOfWork, actor: Principal, staff: int | str, end_on: date) -> StaffInfo:
    """`end_on` is the first day no longer on staff. `staff`: a staff id, a user name or a
    staff ref. Audited and committed."""
    row, user = staff_row(uow, staff)
    if end_on <= row.start_on:
        raise ValidationError(
            _("The end date {end_on} must be after the start date {start_on}.").format(
                end_on=format_date(end_on), start_on=format_date(row.start_on)
            ),
            field="end_on",
        )
    previous = row.end_on
    row.end_on = end_on
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "staff.end",
        "staff",
        row.id,
        {
            "end_on": end_on.isoformat(),
            "previous_end_on": previous.isoformat() if previous else None,
        },
    )
    info = to_info(row, user)
    uow.commit()
    return info


@requires(Permission.VIEW_TRAINING)
def find_staff(uow: UnitOfWork, actor: Principal, key: int | str) -> StaffInfo:
    """A staff member by id, user name or ref; NotFoundError otherwise."""
    info = staff_info(uow, key)
    uow.commit()
    return info


@requires(Permission.VIEW_OWN_TRAINING)
def my_staff(uow: UnitOfWork, actor: Principal) -> StaffInfo:
    """The signed-in user as staff."""
    info = actor_staff(uow, actor)
    uow.commit()
    return info


@requires(Permission.MANAGE_STAFF)
def update_staff(
    uow: UnitOfWork,
    actor: Principal,
    staff: int | str,
    *,
    start_on: date | None = None,
    job_title: str | None = None,
    job_roles: Iterable[Role] | None = None,
    name: str | None = None,
) -> StaffInfo:
    """Correct a person's start date or job title (anyone), or name and job roles (staff
    without a login: a user's come from their account). Audited and committed."""
    row, user = staff_row(uow, staff)
    changes: dict[str, object] = {}
    if start_on is not None and start_on != row.start_on:
        if row.end_on is not None and start_on >= row.end_on:
            raise ValidationError(
                _("The start date must be before the end date."), field="start_on"
            )
        changes["start_on"] = {"from": row.start_on.isoformat(), "to": start_on.isoformat()}
        row.start_on = start_on
    if job_title is not None:
        title = " ".join(job_title.split()) or None
        if title is not None and len(title) > 120:
            raise ValidationError(_("A job title has at most 120 characters."), field="job_title")
        if title != row.job_title:
            changes["job_title"] = True
            row.job_title = title
    if (job_roles is not None or name is not None) and user is not None:
        raise ValidationError(
            _("{display_name} has an account: change their name and roles under Users.").format(
                display_name=user.display_name
            ),
            field="job_roles",
        )
    if job_roles is not None:
        encoded = encode_roles(Role(r) for r in job_roles)
        if encoded != row.job_roles:
            changes["job_roles"] = {"from": row.job_roles, "to": encoded}
            row.job_roles = encoded
    if name is not None:
        cleaned = _clean_name(name)
        if cleaned != row.name:
            changes["name"] = True
            row.name = cleaned
    if changes:
        uow.session.flush()
        audit.record(uow, actor, "staff.update", "staff", row.id, changes)
    info = to_info(row, user)
    uow.commit()
    return info
