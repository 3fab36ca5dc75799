"""The completion ledger: append-only. Recording, revoking, evidence and verification."""

from __future__ import annotations

from datetime import date

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import requires
from clinicdesk.services.training.types import CertificateCheck, CompletionInfo


@requires(Permission.RECORD_TRAINING)
def record_completion(
    uow: UnitOfWork,
    actor: Principal,
    staff: int | str,
    requirement_id: str,
    completed_on: date,
    *,
    provider: str | None = None,
    external_code: str | None = None,
    evidence: bytes | None = None,
    evidence_name: str | None = None,
) -> CompletionInfo:
    """An outside certificate (or training done elsewhere) for anyone. `staff`: staff id,
    user name or ref. The requirement must be in force on `completed_on` and apply to the
    person; the date not in the future; evidence a PDF, PNG or JPEG of at most 5 MB.
    The expiry is worked out now and stored; a ClinicDesk verification code is issued; the
    completion is queued for the hub in the same transaction. Audited and committed.
    ValidationError (nothing stored) for anything refused."""
    raise NotImplementedError


@requires(Permission.RECORD_TRAINING)
def revoke_completion(
    uow: UnitOfWork, actor: Principal, completion_id: int, reason: str, *, on: date | None = None
) -> CompletionInfo:
    """Append a revocation of a completion (from `on`, today by default), queued for the
    hub. Returns the revocation row. Audited and committed."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def list_completions(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None
) -> list[CompletionInfo]:
    """A person's ledger, newest first: one's own (`staff` None) or, with VIEW_TRAINING,
    anyone's."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def completion_evidence(
    uow: UnitOfWork, actor: Principal, completion_id: int
) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a completion's evidence. Audited."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def verify_certificate(uow: UnitOfWork, actor: Principal, code: str) -> CertificateCheck:
    """Check a training certificate code: genuine (HMAC, and a completion this clinic
    holds), and whether it is valid, expired or revoked today. Audited."""
    raise NotImplementedError
