"""PDFs and CSV: the compliance matrix, a person's transcript, certificates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.domain.training import TrainingState
from clinicdesk.services import requires
from clinicdesk.services.training.types import Matrix


def matrix_csv(matrix: Matrix) -> str:
    """One row per person and requirement; cells starting with = + - @ neutralised."""
    raise NotImplementedError


@requires(Permission.VIEW_TRAINING)
def export_matrix(
    uow: UnitOfWork,
    actor: Principal,
    destination: Path,
    as_of: date | None = None,
    *,
    roles: Iterable[Role] | None = None,
    states: Iterable[TrainingState] | None = None,
) -> int:
    """Write the matrix to `destination`: CSV for `.csv`, the landscape inspection PDF for
    `.pdf`. Written atomically and audited. Returns the number of people."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def transcript_pdf(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None, as_of: date | None = None
) -> bytes:
    """A person's transcript (own, or anyone's with VIEW_TRAINING). Audited."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def certificate_pdf(uow: UnitOfWork, actor: Principal, completion_id: int) -> bytes:
    """The certificate of a completion with its verification code (own, or anyone's with
    VIEW_TRAINING). Audited."""
    raise NotImplementedError


def write_file(destination: Path, content: bytes) -> None:
    """Write atomically; StorageError saying what went wrong."""
    raise NotImplementedError
