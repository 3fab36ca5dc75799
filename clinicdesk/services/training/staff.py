"""Staff: every user, and people without a login (a cleaner, a volunteer)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.services import requires
from clinicdesk.services.training.types import StaffInfo


@requires(Permission.VIEW_TRAINING)
def list_staff(
    uow: UnitOfWork, actor: Principal, *, as_of: date | None = None, include_ended: bool = False
) -> list[StaffInfo]:
    """Everyone on staff on `as_of` (today by default), by name; `include_ended` adds those
    who left (and those not started yet)."""
    raise NotImplementedError


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
    raise NotImplementedError


@requires(Permission.MANAGE_STAFF)
def end_staff(uow: UnitOfWork, actor: Principal, staff: int | str, end_on: date) -> StaffInfo:
    """`end_on` is the first day no longer on staff. `staff`: a staff id, a user name or a
    staff ref. Audited and committed."""
    raise NotImplementedError


@requires(Permission.VIEW_TRAINING)
def find_staff(uow: UnitOfWork, actor: Principal, key: int | str) -> StaffInfo:
    """A staff member by id, user name or ref; NotFoundError otherwise."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def my_staff(uow: UnitOfWork, actor: Principal) -> StaffInfo:
    """The signed-in user as staff."""
    raise NotImplementedError
