"""The audit trail's hash chain.

Each event's hash covers its own fields and the previous event's hash, so editing,
inserting or deleting any row breaks every link after it. The chain head (last hash and
count) is kept apart from the rows so that deleting the newest rows is caught as well.

A plain SHA-256 chain can be recomputed by anyone who can write the table, so from the
event where a clinic's audit key was made (`keyed_from`) each link is an HMAC-SHA256 under
that key, which lives outside the database: without it, a rewritten or forged event cannot
be given a link that verifies. Events before that seq (clinics older than the key) keep
their SHA-256 links and are verified as they were written.
"""

from __future__ import annotations

import hashlib
import hmac
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

    def row(self, digest: str) -> dict[str, object]:
        """The stored row's values, with the record's `digest` as its hash."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": digest,
        }


def canonical_timestamp(moment: datetime) -> str:
    """Microsecond ISO text without zone: both databases store naive UTC the same way."""
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def _payload(record: AuditRecord) -> bytes:
    return json.dumps(
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
    ).encode("utf-8")


def event_hash(record: AuditRecord) -> str:
    """The unkeyed link (events before the clinic's audit key was made)."""
    return hashlib.sha256(_payload(record)).hexdigest()


def keyed_event_hash(record: AuditRecord, key: bytes) -> str:
    """The keyed link: HMAC-SHA256 of the same fields under the clinic's audit key."""
    return hmac.new(key, _payload(record), hashlib.sha256).hexdigest()


def link_for(record: AuditRecord, keyed_from: int | None, key: bytes | None) -> str:
    """The link an event at `record.seq` must carry: keyed from `keyed_from` on."""
    if keyed_from is not None and record.seq >= keyed_from:
        if key is None:
            raise ValueError(f"event {record.seq} is keyed but no key was given")
        return keyed_event_hash(record, key)
    return event_hash(record)


def canonical_details(details: dict[str, object] | None) -> str:
    return json.dumps(
        details or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
