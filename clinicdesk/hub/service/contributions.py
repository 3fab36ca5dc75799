"""Idempotent POSTs (see the package's notes): the monthly contributions and their
amendments, and the staff's training completions."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinicdesk.db.conventions import utcnow
from clinicdesk.federation.schemas import (
    ContributionReceipt,
    ContributionsForPeriod,
    ContributionSubmission,
    ProblemType,
    TrainingCompletion,
    TrainingCompletionsReceipt,
    TrainingCompletionsSubmission,
)
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import (
    HubContribution,
    HubIdempotencyRecord,
    HubTrainingCompletion,
)
from clinicdesk.hub.service.checks import check_contribution
from clinicdesk.hub.service.clinics import ClinicRef
from clinicdesk.hub.service.common import Refusal, aware, canonical_json
from clinicdesk.hub.training import apply_revocations, store_census

_IDEMPOTENT_ATTEMPTS = 4

# Problem types the contract's ProblemType does not list yet (see the hub's report).
AMENDMENT_OUT_OF_SEQUENCE = "urn:clinicdesk:problem:amendment-out-of-sequence"
COMPLETION_CONFLICT = "urn:clinicdesk:problem:completion-conflict"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- idempotent POSTs -------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    replayed: bool


def _idempotent(
    db: HubDatabase,
    clinic: ClinicRef,
    key: str,
    operation: str,
    body: BaseModel,
    work: Callable[[Session], tuple[int, bytes]],
) -> StoredResponse:
    request_sha256 = _sha256(canonical_json(body))

    def attempt(session: Session) -> StoredResponse:
        record = session.scalar(
            select(HubIdempotencyRecord).where(
                HubIdempotencyRecord.clinic_pk == clinic.pk,
                HubIdempotencyRecord.idempotency_key == key,
            )
        )
        if record is not None:
            if record.operation != operation or record.request_sha256 != request_sha256:
                raise Refusal(
                    422,
                    "Idempotency key reused",
                    f"The Idempotency-Key {key!r} was already used for a different request "
                    f"({record.operation}, at {record.created_at:%Y-%m-%d %H:%M} UTC). "
                    "Use a new key for a new request.",
                    problem_type=ProblemType.IDEMPOTENCY_KEY_REUSED,
                )
            return StoredResponse(record.status_code, bytes(record.response_body), replayed=True)
        # Claim the key before doing anything: a concurrent copy of this request now waits
        # on the unique index until this transaction ends, then fails and replays it.
        record = HubIdempotencyRecord(
            clinic_pk=clinic.pk,
            idempotency_key=key,
            operation=operation,
            request_sha256=request_sha256,
            status_code=0,
            response_body=b"",
        )
        session.add(record)
        session.flush()
        record.status_code, record.response_body = work(session)
        return StoredResponse(record.status_code, record.response_body, replayed=False)

    for _ in range(_IDEMPOTENT_ATTEMPTS):
        try:
            return db.write(attempt)
        except IntegrityError:
            # A concurrent request stored this key, or took what this one was about to
            # take; the next attempt sees what it committed.
            continue
    raise Refusal(
        409,
        "Conflict",
        "The request clashed with others arriving at the same time. Send it again with "
        "the same Idempotency-Key.",
    )


def _receipt(row: HubContribution) -> ContributionReceipt:
    return ContributionReceipt(
        receipt_id=row.receipt_id,
        received_at=aware(row.received_at),
        period=row.period,
        sequence=row.sequence,
        amount=row.amount,
    )


def submit_contribution(
    db: HubDatabase, clinic: ClinicRef, key: str, submission: ContributionSubmission
) -> StoredResponse:
    """Record a month's original (sequence 0) or its next amendment, once the hub has
    computed the same figures from the standard in force (`service.checks`)."""

    def work(session: Session) -> tuple[int, bytes]:
        latest = session.scalar(
            select(func.max(HubContribution.sequence)).where(
                HubContribution.clinic_pk == clinic.pk,
                HubContribution.period == submission.period,
            )
        )
        _check_sequence(submission, latest)
        received_at = utcnow()
        base, amount = check_contribution(
            session, clinic.pk, submission, held=latest is not None, now=received_at
        )
        row = HubContribution(
            receipt_id=str(uuid.uuid4()),
            clinic_pk=clinic.pk,
            period=submission.period,
            sequence=submission.sequence,
            amendment_reason=(
                submission.amendment_reason.value if submission.amendment_reason else None
            ),
            contributable_base=base,
            rate=submission.rate,
            rate_standard_id=submission.rate_standard.id,
            rate_standard_version=submission.rate_standard.version,
            amount=amount,
            submission=canonical_json(submission),
            received_at=received_at,
        )
        session.add(row)
        session.flush()
        return 201, _receipt(row).model_dump_json().encode("utf-8")

    return _idempotent(db, clinic, key, "POST /v1/contributions", submission, work)


def _check_sequence(submission: ContributionSubmission, latest: int | None) -> None:
    period = submission.period
    if submission.sequence == 0:
        if latest is not None:
            raise Refusal(
                409,
                "Period already submitted",
                f"The contribution for {period} was already received (latest sequence "
                f"{latest}). To correct it, send an amendment with sequence {latest + 1} "
                "that restates the whole month.",
                problem_type=ProblemType.PERIOD_ALREADY_SUBMITTED,
                period=period,
                next_sequence=latest + 1,
            )
        return
    if latest is None:
        raise Refusal(
            409,
            "Amendment out of sequence",
            f"There is no original contribution for {period} to amend. Send the original "
            "(sequence 0) first.",
            problem_type=AMENDMENT_OUT_OF_SEQUENCE,
            period=period,
            next_sequence=0,
        )
    if submission.sequence != latest + 1:
        raise Refusal(
            409,
            "Amendment out of sequence",
            f"The next amendment for {period} is sequence {latest + 1}, not "
            f"{submission.sequence}. Check GET /v1/contributions/{period} for what the hub "
            "holds.",
            problem_type=AMENDMENT_OUT_OF_SEQUENCE,
            period=period,
            next_sequence=latest + 1,
        )


def contributions_for_period(
    db: HubDatabase, clinic: ClinicRef, period: str
) -> ContributionsForPeriod:
    with db.read() as session:
        rows = session.scalars(
            select(HubContribution)
            .where(HubContribution.clinic_pk == clinic.pk, HubContribution.period == period)
            .order_by(HubContribution.sequence)
        ).all()
        return ContributionsForPeriod(period=period, receipts=tuple(_receipt(r) for r in rows))


def _completion_fields(item: TrainingCompletion) -> tuple[object, ...]:
    return (
        str(item.staff_ref),
        item.course_id,
        item.course_version,
        item.completed_on,
        item.expires_on,
        item.certificate_code,
        item.requirement.id if item.requirement else None,
        item.requirement.version if item.requirement else None,
    )


def submit_completions(
    db: HubDatabase, clinic: ClinicRef, key: str, submission: TrainingCompletionsSubmission
) -> StoredResponse:
    """Record staff completions. A completion the hub already holds, unchanged, is
    accepted again without a second row; one that differs is refused."""

    def work(session: Session) -> tuple[int, bytes]:
        ids = [str(item.completion_id) for item in submission.completions]
        held = {
            row.completion_id: row
            for row in session.scalars(
                select(HubTrainingCompletion).where(
                    HubTrainingCompletion.clinic_pk == clinic.pk,
                    HubTrainingCompletion.completion_id.in_(ids),
                )
            )
        }
        receipt_id = str(uuid.uuid4())
        received_at = utcnow()
        for item in submission.completions:
            row = held.get(str(item.completion_id))
            if row is None:
                session.add(
                    HubTrainingCompletion(
                        clinic_pk=clinic.pk,
                        completion_id=str(item.completion_id),
                        staff_ref=str(item.staff_ref),
                        course_id=item.course_id,
                        course_version=item.course_version,
                        completed_on=item.completed_on,
                        expires_on=item.expires_on,
                        certificate_code=item.certificate_code,
                        requirement_id=item.requirement.id if item.requirement else None,
                        requirement_version=item.requirement.version if item.requirement else None,
                        receipt_id=receipt_id,
                        received_at=received_at,
                    )
                )
            elif _row_fields(row) != _completion_fields(item):
                raise Refusal(
                    409,
                    "Completion already received",
                    f"The completion {item.completion_id} was already received with other "
                    "details. A completion is never changed; record a new one.",
                    problem_type=COMPLETION_CONFLICT,
                    completion_id=str(item.completion_id),
                )
        session.flush()
        unknown = apply_revocations(session, clinic.pk, submission)
        if unknown:
            raise Refusal(
                422,
                "Unknown completion",
                f"The completion {unknown[0]} to revoke was never received.",
                problem_type=ProblemType.VALIDATION,
                completion_id=unknown[0],
            )
        store_census(session, clinic.pk, submission, received_at)
        receipt = TrainingCompletionsReceipt(
            receipt_id=receipt_id,
            received_at=aware(received_at),
            accepted=tuple(item.completion_id for item in submission.completions)
            + tuple(item.completion_id for item in submission.revocations),
        )
        return 201, receipt.model_dump_json().encode("utf-8")

    return _idempotent(db, clinic, key, "POST /v1/training-completions", submission, work)


def _row_fields(row: HubTrainingCompletion) -> tuple[object, ...]:
    return (
        row.staff_ref,
        row.course_id,
        row.course_version,
        row.completed_on,
        row.expires_on,
        row.certificate_code,
        row.requirement_id,
        row.requirement_version,
    )
