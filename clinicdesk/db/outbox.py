"""The outbox and the sync cursors: the rows the sync engine works through (DESIGN §4, §6).

Plumbing only. Every function takes the caller's unit of work and never commits: a
business row and the outbox message announcing it, or a pulled page and its cursor, are
stored together or not at all. Permission checks, audit and the contract's request models
are the services' business (`services/federation_store.py`, `services/sync.py`).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select

from clinicdesk.db.models import OutboxMessage, SyncCursor, utcnow
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import _

STANDARDS = "standards"
COURSES = "courses"
# Not pulled: the ClinicDesk release the hub last published, kept as this row's cursor
# (and its download address as the etag) so that every workstation sees it.
CLIENT_RELEASE = "client-release"
"""The pulled resources, each with its cursor."""

_MAX_ERROR_CHARS = 4000


class OutboxState(enum.StrEnum):
    PENDING = "pending"  # waiting for its first attempt, or retried by a person
    SENT = "sent"  # the hub answered; its receipt is in `response`
    FAILED = "failed"  # an attempt failed; tried again at `next_attempt_at`
    DEAD = "dead"  # gave up after too many attempts: a person must retry or discard it
    DISCARDED = "discarded"  # a person decided it must not be sent; the reason is kept


# A message still to be sent. A dead one keeps blocking its aggregate: sending a later
# message of it (an amendment after a lost original) would put the hub out of order.
_UNSENT = (OutboxState.PENDING, OutboxState.FAILED, OutboxState.DEAD)
_DUE = (OutboxState.PENDING, OutboxState.FAILED)


def naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class OutboxInfo:
    id: int
    uuid: str
    kind: str
    aggregate_key: str
    idempotency_key: str
    payload: Any
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    response: Any
    discarded_reason: str | None


# --- cursors ----------------------------------------------------------------------------


def _cursor_row(uow: UnitOfWork, resource: str) -> SyncCursor:
    row = uow.session.get(SyncCursor, resource)
    if row is None:
        row = SyncCursor(resource=resource)
        uow.session.add(row)
    return row


def get_cursor(uow: UnitOfWork, resource: str) -> str | None:
    """Where the last committed pull of `resource` ended (None: never)."""
    row = uow.session.get(SyncCursor, resource)
    return row.cursor if row is not None else None


def set_cursor(
    uow: UnitOfWork, resource: str, cursor: str | None, *, etag: str | None = None
) -> None:
    """Store the cursor in the caller's transaction, so it is saved only
    with the batch it follows. A success clears the last error."""
    row = _cursor_row(uow, resource)
    row.cursor = cursor
    row.etag = etag
    row.last_success_at = utcnow()
    row.last_error = None
    row.last_error_at = None
    uow.session.flush()


def record_sync_error(uow: UnitOfWork, resource: str, message: str) -> None:
    """Note why a pull failed, leaving the cursor where it was. Call it
    in a fresh unit of work: the failed batch's transaction was rolled back."""
    row = _cursor_row(uow, resource)
    row.last_error = message[:_MAX_ERROR_CHARS]
    row.last_error_at = utcnow()
    uow.session.flush()


# --- outbox -----------------------------------------------------------------------------


def info(row: OutboxMessage) -> OutboxInfo:
    return OutboxInfo(
        id=row.id,
        uuid=row.uuid,
        kind=row.kind,
        aggregate_key=row.aggregate_key,
        idempotency_key=row.idempotency_key,
        payload=row.payload,
        state=OutboxState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
        response=row.response,
        discarded_reason=row.discarded_reason,
    )


def enqueue(
    uow: UnitOfWork,
    kind: str,
    aggregate_key: str,
    payload: Mapping[str, Any],
    idempotency_key: str | None = None,
) -> OutboxInfo:
    """Queue a request to the hub in the caller's transaction, to be committed with the
    business row it announces. `payload` is the exact JSON body (the services make it from
    one of the contract's request models). Without a key, a random one is made."""
    if not kind or len(kind) > 64:
        raise ValueError(f"bad outbox kind {kind!r}")
    if not aggregate_key or len(aggregate_key) > 200:
        raise ValueError(f"bad aggregate key {aggregate_key!r}")
    key = idempotency_key if idempotency_key is not None else str(uuid.uuid4())
    if not key or len(key) > 100:
        raise ValidationError(_("An idempotency key is 1 to 100 characters."))
    taken = uow.session.execute(
        select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
    ).first()
    if taken is not None:
        raise ConflictError(
            _("A message with the idempotency key {key} is already queued.").format(key=key),
            hint=_("Each request to the federation needs its own key."),
        )
    now = utcnow()
    row = OutboxMessage(
        kind=kind,
        aggregate_key=aggregate_key,
        payload=dict(payload),
        idempotency_key=key,
        state=OutboxState.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    return info(row)


def due_messages(uow: UnitOfWork, now: datetime, limit: int = 50) -> list[OutboxInfo]:
    """Messages to attempt now, oldest first: for each aggregate only its
    oldest unsent message (pending, failed or dead), and that only when it is pending or
    failed and its next attempt is due. A dead message holds its aggregate back until a
    person retries or discards it."""
    heads = (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.state.in_([s.value for s in _UNSENT]))
        .group_by(OutboxMessage.aggregate_key)
    )
    rows = uow.session.execute(
        select(OutboxMessage)
        .where(
            OutboxMessage.id.in_(heads),
            OutboxMessage.state.in_([s.value for s in _DUE]),
            OutboxMessage.next_attempt_at <= naive_utc(now),
        )
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    ).scalars()
    return [info(row) for row in rows]


def _message(uow: UnitOfWork, message_id: int) -> OutboxMessage:
    row = uow.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFoundError(
            _("There is no outbox message {message_id}.").format(message_id=message_id)
        )
    return row


def mark_sent(
    uow: UnitOfWork, message_id: int, response: BaseModel | Mapping[str, Any] | None
) -> OutboxInfo:
    """The hub accepted the message; keep its receipt. Recorded even if a
    person discarded the message meanwhile: the hub has it, and that is the truth."""
    row = _message(uow, message_id)
    if isinstance(response, BaseModel):
        row.response = response.model_dump(mode="json")
    else:
        row.response = dict(response) if response is not None else None
    row.state = OutboxState.SENT.value
    row.sent_at = utcnow()
    uow.session.flush()
    return info(row)


def mark_failed(
    uow: UnitOfWork, message_id: int, error: str, next_attempt_at: datetime, max_attempts: int
) -> OutboxInfo:
    """Count a failed attempt: failed (tried again at `next_attempt_at`),
    or dead once `max_attempts` attempts have failed. A message no longer pending or
    failed (sent, or discarded by a person meanwhile) is left as it is."""
    row = _message(uow, message_id)
    if row.state not in (OutboxState.PENDING.value, OutboxState.FAILED.value):
        return info(row)
    row.attempts += 1
    row.last_error = error[:_MAX_ERROR_CHARS]
    row.next_attempt_at = naive_utc(next_attempt_at)
    row.state = OutboxState.DEAD.value if row.attempts >= max_attempts else OutboxState.FAILED.value
    uow.session.flush()
    return info(row)


def outbox_counts(uow: UnitOfWork) -> dict[OutboxState, int]:
    """Messages per state (for the status bar), every state present. Counts
    reveal nothing, so this is not guarded."""
    counts = dict.fromkeys(OutboxState, 0)
    rows = uow.session.execute(
        select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
    ).all()
    for state, count in rows:
        counts[OutboxState(state)] = int(count)
    return counts
