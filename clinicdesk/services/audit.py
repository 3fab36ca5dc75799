"""The audit trail: record, verify, browse and export.

Every area calls `record()` in the same unit of work as the change it describes, and for
every view and export of patient or member data. Rows are never updated or deleted.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from clinicdesk.db.models import AuditEvent, AuditHead, utcnow
from clinicdesk.db.roles import server_calls
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    canonical_details,
    event_hash,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import StorageError
from clinicdesk.services import requires
from clinicdesk.services.files import atomic_file, check_folder


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    actor_name: str
    action: str
    entity_type: str
    entity_id: str
    details: str


@dataclass(frozen=True)
class AuditFilter:
    text: str = ""
    action: str = ""
    actor: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"Audit trail intact: {self.checked} events, every link verified."
        where = f" at event {self.broken_seq}" if self.broken_seq is not None else ""
        return f"Audit trail BROKEN{where}: {self.problem}"


def record(
    uow: UnitOfWork,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_id: str | int = "",
    details: dict[str, object] | None = None,
    *,
    actor_name: str | None = None,
) -> int:
    """Append one event in the caller's transaction; returns its sequence number.

    The head row is updated first: that takes the write lock (SQLite) or row lock
    (PostgreSQL), so two workstations can never both extend the chain from one hash.
    """
    session = uow.session
    seq, prev_hash = _lock_head(session)
    rec = AuditRecord(
        seq=seq,
        occurred_at=utcnow(),
        actor_id=actor.user_id if actor else None,
        actor_name=actor_name or (actor.username if actor else "system"),
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        details=canonical_details(details),
        prev_hash=prev_hash,
    )
    digest = event_hash(rec)
    _append(session, rec, digest)
    return seq


def _lock_head(session: Session) -> tuple[int, str]:
    """The next sequence number and the hash it links to, holding the chain head until
    the transaction ends. On a PostgreSQL schema with provisioned roles, through the
    server's function (application logins may not touch the audit tables)."""
    if server_calls.provisioned(session):
        head = server_calls.lock_audit_head(session)
    else:
        bumped = session.execute(
            update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq + 1)
        )
        head = (
            session.execute(
                select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
            ).one()
            if bumped.rowcount == 1  # type: ignore[attr-defined]
            else None
        )
    if head is None:
        raise StorageError(
            "The audit trail's head record is missing, so nothing can be recorded.",
            hint="Run `clinicdesk audit verify` and restore the database from a backup.",
        )
    return int(head[0]), str(head[1])


def _append(session: Session, rec: AuditRecord, digest: str) -> None:
    """Store the event and move the head to it (the head row is already locked)."""
    if server_calls.provisioned(session):
        server_calls.append_audit(session, rec, digest)
        return
    session.add(
        AuditEvent(
            seq=rec.seq,
            occurred_at=rec.occurred_at,
            actor_id=rec.actor_id,
            actor_name=rec.actor_name,
            action=rec.action,
            entity_type=rec.entity_type,
            entity_id=rec.entity_id,
            details=rec.details,
            prev_hash=rec.prev_hash,
            hash=digest,
        )
    )
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=digest))


def verify_chain(uow: UnitOfWork) -> VerifyResult:
    """Walk the chain from the start. Not permission-guarded: the CLI and the admin area
    call it through `verify`; start-up may call it directly."""
    session = uow.session
    head = session.execute(select(AuditHead.last_seq, AuditHead.last_hash)).all()
    if len(head) != 1:
        return VerifyResult(False, 0, None, "the chain head record is missing or doubled")
    head_seq, head_hash = head[0]
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    # Close the (server-side, on PostgreSQL) cursor on every early return.
    with session.execute(query).scalars() as events:
        for event in events:
            if event.seq != expected_seq:
                if event.seq > expected_seq:
                    problem = f"events {expected_seq}–{event.seq - 1} are missing (deleted)"
                    return VerifyResult(False, checked, expected_seq, problem)
                return VerifyResult(False, checked, event.seq, "sequence out of order")
            if event.prev_hash != expected_prev:
                return VerifyResult(
                    False, checked, event.seq, "its link to the previous event does not match"
                )
            rec = AuditRecord(
                seq=event.seq,
                occurred_at=event.occurred_at,
                actor_id=event.actor_id,
                actor_name=event.actor_name,
                action=event.action,
                entity_type=event.entity_type,
                entity_id=event.entity_id,
                details=event.details,
                prev_hash=event.prev_hash,
            )
            digest = event_hash(rec)
            if digest != event.hash:
                return VerifyResult(False, checked, event.seq, "its contents were changed")
            expected_prev = event.hash
            expected_seq += 1
            checked += 1
    if checked > head_seq:
        return VerifyResult(
            False,
            checked,
            head_seq + 1,
            f"the trail holds {checked} events but should hold {head_seq}: "
            "events were added outside ClinicDesk",
        )
    if checked < head_seq:
        missing_from = checked + 1
        return VerifyResult(
            False,
            checked,
            missing_from,
            f"the trail should hold {head_seq} events but holds {checked}: "
            "the newest events were deleted",
        )
    if head_seq and head_hash != expected_prev:
        return VerifyResult(
            False, checked, head_seq, "the chain head does not match the last event"
        )
    return VerifyResult(True, checked)


@requires(Permission.VIEW_AUDIT)
def verify(uow: UnitOfWork, actor: Principal) -> VerifyResult:
    result = verify_chain(uow)
    record(uow, actor, "audit.verify", "audit", "", {"ok": result.ok, "checked": result.checked})
    uow.commit()
    return result


def _filtered(query: Select[Any], flt: AuditFilter) -> Select[Any]:
    if flt.action:
        query = query.where(AuditEvent.action.startswith(flt.action))
    if flt.actor:
        query = query.where(AuditEvent.actor_name == flt.actor)
    if flt.since is not None:
        query = query.where(AuditEvent.occurred_at >= flt.since)
    if flt.until is not None:
        query = query.where(AuditEvent.occurred_at < flt.until)
    if flt.text:
        pattern = f"%{flt.text.lower()}%"
        query = query.where(
            or_(
                func.lower(AuditEvent.action).like(pattern),
                func.lower(AuditEvent.actor_name).like(pattern),
                func.lower(AuditEvent.entity_type).like(pattern),
                func.lower(AuditEvent.entity_id).like(pattern),
                # the Record column shows `type:id`; let a search for that match too
                func.lower(AuditEvent.entity_type + ":" + AuditEvent.entity_id).like(pattern),
                func.lower(AuditEvent.details).like(pattern),
            )
        )
    return query


def _entry(event: AuditEvent) -> AuditEntry:
    return AuditEntry(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_name=event.actor_name,
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        details=event.details,
    )


@requires(Permission.VIEW_AUDIT)
def count_events(uow: UnitOfWork, actor: Principal, flt: AuditFilter = AuditFilter()) -> int:
    query = _filtered(select(AuditEvent), flt).with_only_columns(func.count(AuditEvent.id))
    return int(uow.session.execute(query).scalar_one())


@requires(Permission.VIEW_AUDIT)
def list_events(
    uow: UnitOfWork,
    actor: Principal,
    flt: AuditFilter = AuditFilter(),
    *,
    offset: int = 0,
    limit: int = 200,
    newest_first: bool = True,
) -> list[AuditEntry]:
    order = AuditEvent.seq.desc() if newest_first else AuditEvent.seq.asc()
    query = _filtered(select(AuditEvent), flt).order_by(order).offset(offset).limit(limit)
    return [_entry(e) for e in uow.session.execute(query).scalars()]


@requires(Permission.VIEW_AUDIT)
def list_actions(uow: UnitOfWork, actor: Principal) -> list[str]:
    query = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(uow.session.execute(query).scalars())


def _iter_all(uow: UnitOfWork, flt: AuditFilter) -> Generator[AuditEntry, None, None]:
    query = _filtered(select(AuditEvent), flt).order_by(AuditEvent.seq)
    with uow.session.execute(query.execution_options(yield_per=2000)).scalars() as events:
        for event in events:
            yield _entry(event)


@requires(Permission.EXPORT_AUDIT)
def export_csv(
    uow: UnitOfWork, actor: Principal, destination: Path, flt: AuditFilter = AuditFilter()
) -> int:
    """Write the filtered trail to CSV atomically; the export itself is audited."""
    destination = check_folder(destination)
    count = 0
    with (
        atomic_file(destination) as tmp,
        tmp.open("w", newline="", encoding="utf-8") as handle,
        contextlib.closing(_iter_all(uow, flt)) as entries,
    ):
        writer = csv.writer(handle)
        writer.writerow(
            ["seq", "occurred_at_utc", "actor", "action", "entity_type", "entity_id", "details"]
        )
        for entry in entries:
            writer.writerow(
                [
                    entry.seq,
                    entry.occurred_at.isoformat(timespec="seconds"),
                    entry.actor_name,
                    entry.action,
                    entry.entity_type,
                    entry.entity_id,
                    entry.details,
                ]
            )
            count += 1
    record(uow, actor, "audit.export", "audit", "", {"rows": count, "file": destination.name})
    uow.commit()
    return count
