"""The audit trail's hash chain.

Each event's hash covers its own fields and the previous event's hash, so editing,
inserting or deleting any row breaks every link after it. The chain head (last hash and
count) is kept apart from the rows so that deleting the newest rows is caught as well.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    entity_type: str
    entity_id: str
    details: str
    prev_hash: str


def canonical_timestamp(moment: datetime) -> str:
    """Microsecond ISO text without zone: both databases store naive UTC the same way."""
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def event_hash(record: AuditRecord) -> str:
    payload = json.dumps(
        [
            record.seq,
            canonical_timestamp(record.occurred_at),
            record.actor_id,
            record.actor_name,
            record.action,
            record.entity_type,
            record.entity_id,
            record.details,
            record.prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonical_details(details: dict[str, object] | None) -> str:
    return json.dumps(
        details or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
