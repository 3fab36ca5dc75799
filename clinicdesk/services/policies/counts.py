"""The day's counts for the hub: for each policy version in force, how many of the staff
acknowledged it, are due and are late — counts only, never who.

Queued by the sync engine before it pushes (`SyncEngine.run_once`), once per policy
version and day: the idempotency key `policy-counts:<id>:v<version>:<day>` names them, and a
key already in the outbox (whatever its state) is not queued again. The first sync of a
day sends that day's figures as they stand then; later syncs that day send nothing more.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from clinicdesk.db.models import OutboxMessage
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.federation.schemas import PolicyCountsSubmission, StandardRef
from clinicdesk.services import federation_store as store
from clinicdesk.services.policies.status import build_overview
from clinicdesk.services.sync import POLICY_COUNTS as OUTBOX_KIND

# Serialises queueing a day's counts on PostgreSQL (pg_advisory_xact_lock(key, day)): two
# workstations syncing at once would otherwise both find the day's keys free and the second
# fail on the outbox's unique key. Any constant no other advisory lock of the clinic uses.
_COUNTS_LOCK = 0x506F6C43


def counts_key(policy_id: str, version: int, day: date) -> str:
    """The idempotency key of one policy version's counts for one day."""
    return f"policy-counts:{policy_id}:v{version}:{day.isoformat()}"


def queue_daily_counts(uow: UnitOfWork, day: date) -> int:
    """Engine-internal (the sync engine). Queue the counts of every policy version in
    force on `day` not queued for that day yet, in the caller's transaction; returns how
    many were queued. The caller commits. The check holds the write lock until the caller
    commits: SQLite's unit of work already does (BEGIN IMMEDIATE); on PostgreSQL an advisory
    lock per day makes a second sync wait, then find the first one's messages."""
    if uow.dialect == "postgresql":
        uow.session.execute(
            text("SELECT pg_advisory_xact_lock(:key, :day)"),
            {"key": _COUNTS_LOCK, "day": day.toordinal()},
        )
    overview = build_overview(uow, day)
    if not overview.policies:
        return 0
    keys = {counts_key(p.policy_id, p.version, day): p for p in overview.policies}
    held = set(
        uow.session.execute(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.in_(list(keys))
            )
        ).scalars()
    )
    queued = 0
    for key, policy in keys.items():
        if key in held:
            continue
        counts = overview.counts[policy.policy_id]
        store.enqueue(
            uow,
            OUTBOX_KIND,
            f"policy:{policy.policy_id}",
            PolicyCountsSubmission(
                policy=StandardRef(id=policy.policy_id, version=policy.version),
                as_of=day,
                acknowledged=counts.acknowledged,
                due=counts.due,
                late=counts.late,
            ),
            idempotency_key=key,
        )
        queued += 1
    return queued
