"""Requirements in force (federation standards and local ones) and reminder offsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.services import requires
from clinicdesk.services.training.types import RequirementInfo


@requires(Permission.VIEW_OWN_TRAINING)
def requirements_in_force(
    uow: UnitOfWork, actor: Principal, as_of: date | None = None
) -> list[RequirementInfo]:
    """Every `training_requirement` standard in force on `as_of` (newest version of each)
    and every local requirement in force, by id."""
    raise NotImplementedError


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
    raise NotImplementedError


@requires(Permission.CONFIGURE_TRAINING)
def end_local_requirement(
    uow: UnitOfWork, actor: Principal, requirement_id: str, effective_to: date
) -> RequirementInfo:
    """A local requirement stops applying from `effective_to`. Audited and committed."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def reminder_offsets(uow: UnitOfWork, actor: Principal) -> tuple[int, ...]:
    """Days before expiry a reminder is due, largest first (90/60/30/7 by default)."""
    raise NotImplementedError


@requires(Permission.CONFIGURE_TRAINING)
def set_reminder_offsets(
    uow: UnitOfWork, actor: Principal, offsets: Sequence[int]
) -> tuple[int, ...]:
    """Audited and committed."""
    raise NotImplementedError
