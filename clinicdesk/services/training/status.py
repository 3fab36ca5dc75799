"""States as of any date: the compliance matrix, my training, expiring soon, Today."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.domain.training import TrainingState
from clinicdesk.services import requires
from clinicdesk.services.training.types import (
    DueItem,
    Matrix,
    MyTraining,
    TrainingSummary,
    Transcript,
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
    cell in one of them. Audited as a view."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def my_training(uow: UnitOfWork, actor: Principal, as_of: date | None = None) -> MyTraining:
    """The signed-in person's requirements (most urgent first), course progress and
    completions."""
    raise NotImplementedError


@requires(Permission.VIEW_TRAINING)
def expiring_soon(
    uow: UnitOfWork, actor: Principal, as_of: date | None = None, *, within_days: int | None = None
) -> list[DueItem]:
    """Expiring (within the largest reminder offset, or `within_days`) and expired or
    missing items for the whole clinic, soonest due first."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def today_summary(uow: UnitOfWork, actor: Principal, as_of: date | None = None) -> TrainingSummary:
    """For Today: clinic counts for those who see the matrix, and the person's own due
    items. Not audited (no one else's details are shown)."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def transcript(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None, as_of: date | None = None
) -> Transcript:
    """A person's state per requirement and their whole ledger. Anyone for their own (`staff`
    None); VIEW_TRAINING for someone else. Audited."""
    raise NotImplementedError
