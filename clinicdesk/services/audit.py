"""The audit trail: record, verify, browse and export.

Every area calls `record()` in the same unit of work as the change it describes, and for
every view and export of patient or member data. Rows are never updated or deleted.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from clinicdesk.db.models import AuditEvent, AuditHead, Clinic, utcnow
from clinicdesk.db.roles import server_calls
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    canonical_details,
    link_for,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, StorageError, ValidationError
from clinicdesk.i18n import N_, _, ngettext
from clinicdesk.i18n.formatting import format_datetime
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit_key, requires
from clinicdesk.services.audit_key import AuditKey
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


UNKEYED_NOTE = N_(
    "It is not sealed with an audit key, so anyone who can write the database could rewrite "
    "it unnoticed: an administrator runs `clinicdesk audit key create`."
)


@dataclass(frozen=True)
class HubCopy:
    """What the federation hub holds of this trail's head (services/audit_anchor fetches
    it). `unavailable` says why there is nothing to compare with (not connected, hub down)."""

    seq: int | None = None
    hash: str | None = None
    received_at: datetime | None = None
    conflicts: int = 0
    last_conflict: str = ""
    unavailable: str = ""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    keyed_from: int | None = None
    hub_note: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            text = ngettext(
                "Audit trail intact: {count} event, every link verified.",
                "Audit trail intact: {count} events, every link verified.",
                self.checked,
            ).format(count=self.checked)
            if self.keyed_from is None:
                text += " " + _(UNKEYED_NOTE)
            else:
                text += " " + _("Sealed with the clinic's audit key from event {event} on.").format(
                    event=self.keyed_from
                )
        elif self.broken_seq is not None:
            text = _("Audit trail BROKEN at event {event}: {problem}").format(
                event=self.broken_seq, problem=self.problem
            )
        else:
            text = _("Audit trail BROKEN: {problem}").format(problem=self.problem)
        if not self.ok and self.hub_note:
            text += "."
        return f"{text} {self.hub_note}" if self.hub_note else text


_KEY_CACHE = "clinicdesk.audit_key"


def _clinic_uuid(session: Session) -> str | None:
    return session.execute(select(Clinic.uuid).order_by(Clinic.id).limit(1)).scalar_one_or_none()


def _key_for(uow: UnitOfWork, keyed_from: int) -> bytes:
    """The clinic's audit key, once per transaction. Missing, or not this trail's key, is
    an error that says what to do: never an unkeyed event in a keyed trail."""
    cached = uow.session.info.get(_KEY_CACHE)
    if isinstance(cached, audit_key.AuditKey) and cached.from_seq == keyed_from:
        return cached.secret
    clinic_uuid = _clinic_uuid(uow.session) or ""
    key = audit_key.load_key(clinic_uuid)
    if key is None:
        raise audit_key.missing_key_error(clinic_uuid, keyed_from)
    if key.from_seq != keyed_from:
        raise audit_key.AuditKeyMissing(
            _(
                "The audit key in {where} starts at event {from_seq}, but this trail's "
                "keyed part starts at event {keyed_from}: it is not this trail's key, or the "
                "database's record of where the key starts was changed."
            ).format(
                where=audit_key.shown_where(key.where),
                from_seq=key.from_seq,
                keyed_from=keyed_from,
            ),
            hint=_("Run `clinicdesk audit verify` and put back the key kept when it was made."),
        )
    uow.session.info[_KEY_CACHE] = key
    return key.secret


# The statements of every recorded event, built once (an import records one per file).
_HEAD = cast(Table, AuditHead.__table__)
_BUMP_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_seq=_HEAD.c.last_seq + 1)
    .returning(_HEAD.c.last_seq, _HEAD.c.last_hash, _HEAD.c.keyed_from)
)
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(last_hash=bindparam("digest"))
_INSERT_EVENT = insert(cast(Table, AuditEvent.__table__))


def _claim_next(session: Session) -> tuple[int, str, int | None]:
    """The next sequence number, the hash it links to and the trail's `keyed_from`, with
    the chain head held until the transaction ends: the head row is updated (or, on a
    PostgreSQL schema with provisioned roles, locked by the server's function, since
    application logins may not touch the audit tables) first, so two workstations can
    never both extend the chain from one hash."""
    head: tuple[int, str, int | None] | None
    if server_calls.provisioned(session):
        head = server_calls.lock_audit_head(session)
    else:
        row = session.execute(_BUMP_HEAD).one_or_none()
        head = None if row is None else (int(row[0]), str(row[1]), row[2])
    if head is None:
        raise StorageError(
            _("The audit trail's head record is missing, so nothing can be recorded."),
            hint=_("Run `clinicdesk audit verify` and restore the database from a backup."),
        )
    return head


def _append(session: Session, rec: AuditRecord, digest: str) -> None:
    """The one place an event row is written (and the head moved to it; the head row is
    already held)."""
    if server_calls.provisioned(session):
        server_calls.append_audit(session, rec, digest)
        return
    session.execute(
        _INSERT_EVENT,
        rec.row(digest),
    )
    session.execute(_MOVE_HEAD, {"digest": digest})


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
    """Append one event in the caller's transaction; returns its sequence number. From the
    trail's `keyed_from` on, the link is an HMAC under the clinic's audit key."""
    session = uow.session
    seq, prev_hash, keyed_from = _claim_next(session)
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
    key = _key_for(uow, keyed_from) if keyed_from is not None else None
    _append(session, rec, link_for(rec, keyed_from, key))
    return seq


_CLAIM_MANY = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_seq=_HEAD.c.last_seq + bindparam("count"))
    .returning(_HEAD.c.last_seq, _HEAD.c.last_hash, _HEAD.c.keyed_from)
)


@dataclass(frozen=True)
class Event:
    """One event for `record_many`: what `record` takes after its actor."""

    action: str
    entity_type: str
    entity_id: str | int = ""
    details: dict[str, object] | None = None


def record_many(uow: UnitOfWork, actor: Principal | None, events: list[Event]) -> None:
    """Append `events` in order, chained as that many `record` calls would chain them, in
    three statements, not three each (the head claimed once, the rows in one insert). On
    a provisioned PostgreSQL schema (only the server's functions write) one by one."""
    if not events:
        return
    session = uow.session
    if len(events) == 1 or server_calls.provisioned(session):
        for e in events:
            record(uow, actor, e.action, e.entity_type, e.entity_id, e.details)
        return
    row = session.execute(_CLAIM_MANY, {"count": len(events)}).one_or_none()
    if row is None:
        raise StorageError(
            _("The audit trail's head record is missing, so nothing can be recorded."),
            hint=_("Run `clinicdesk audit verify` and restore the database from a backup."),
        )
    last_seq, prev_hash, keyed = int(row[0]), str(row[1]), row[2]
    key = _key_for(uow, keyed) if keyed is not None else None
    rows: list[dict[str, object]] = []
    for seq, e in enumerate(events, start=last_seq - len(events) + 1):
        rec = AuditRecord(
            seq=seq,
            occurred_at=utcnow(),
            actor_id=actor.user_id if actor else None,
            actor_name=actor.username if actor else "system",
            action=e.action,
            entity_type=e.entity_type,
            entity_id=str(e.entity_id),
            details=canonical_details(e.details),
            prev_hash=prev_hash,
        )
        prev_hash = link_for(rec, keyed, key)
        rows.append(rec.row(prev_hash))
    session.execute(_INSERT_EVENT, rows)
    session.execute(_MOVE_HEAD, {"digest": prev_hash})


def keyed_from(uow: UnitOfWork) -> int | None:
    """The first keyed event, or None while the trail has no key."""
    return uow.session.execute(
        select(AuditHead.keyed_from).where(AuditHead.id == 1)
    ).scalar_one_or_none()


def start_keying(uow: UnitOfWork, actor: Principal | None, *, announce: bool) -> AuditKey:
    """Make the clinic's audit key and seal every event from the next one on with it, in
    the caller's transaction. The key is stored (keyring or key file) before the database
    says the trail is keyed. `announce` records the change as an event (the first keyed
    one); setup makes the key before the trail's first event and needs none."""
    session = uow.session
    clinic_uuid = _clinic_uuid(session)
    if clinic_uuid is None:
        raise ValidationError(_("The clinic is not set up yet, so it has no audit trail to key."))
    # Take the head's lock first, as `record` does: nobody appends while the key is made.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq))
    last_seq, current = session.execute(
        select(AuditHead.last_seq, AuditHead.keyed_from).where(AuditHead.id == 1)
    ).one()
    if current is not None:
        raise ConflictError(
            _(
                "The audit trail is already sealed with the clinic's key from event {current} on."
            ).format(current=current)
        )
    stored = audit_key.load_key(clinic_uuid)
    if stored is not None:
        raise ConflictError(
            _(
                "{where} already holds this clinic's audit key (from event "
                "{from_seq}), but the database says the trail was never keyed: either "
                "the database was restored from a copy older than the key, or someone removed "
                "the database's record of the key."
            ).format(where=audit_key.shown_where(stored.where), from_seq=stored.from_seq),
            hint=_("Run `clinicdesk audit verify` and report the result; do not make a new key."),
        )
    key = audit_key.save_key(audit_key.new_key(clinic_uuid, int(last_seq) + 1))
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(keyed_from=key.from_seq))
    session.info[_KEY_CACHE] = key
    if announce:
        kept_in = "keyring" if key.where == audit_key.KEYRING_WHERE else "file"
        details: dict[str, object] = {"from_seq": key.from_seq, "kept_in": kept_in}
        record(uow, actor, "audit.key.create", "audit", "", details)
    return key


@requires(Permission.MANAGE_SETTINGS)
def create_key(uow: UnitOfWork, actor: Principal) -> AuditKey:
    """An administrator seals the trail of an existing clinic from now on."""
    key = start_keying(uow, actor, announce=True)
    uow.commit()
    return key


@requires(Permission.MANAGE_SETTINGS)
def export_key(uow: UnitOfWork, actor: Principal) -> str:
    """A copy of the key, to install on another workstation or keep in the safe."""
    start = keyed_from(uow)
    if start is None:
        raise ValidationError(
            _("The audit trail has no key yet."), hint=_("Run `clinicdesk audit key create` first.")
        )
    key = _key_for(uow, start)
    record(uow, actor, "audit.key.export", "audit", "", {"from_seq": start})
    uow.commit()
    clinic_uuid = _clinic_uuid(uow.session) or ""
    return audit_key.export_text(audit_key.AuditKey(key, clinic_uuid, start, ""))


def _mismatch_problem(seq: int, keyed: int | None) -> str:
    if keyed is not None and seq >= keyed:
        return _(
            "its seal does not match: its contents were changed, or it was written or "
            "rehashed without the clinic's audit key (forged)"
        )
    return _("its contents were changed")


def _key_state(session: Session, keyed: int | None) -> tuple[bytes | None, VerifyResult | None]:
    """The key to check with, or the failure that the key and the database disagree."""
    clinic_uuid = _clinic_uuid(session)
    key = audit_key.load_key(clinic_uuid) if clinic_uuid else None
    if keyed is None:
        if key is None:
            return None, None
        return None, VerifyResult(
            False,
            0,
            key.from_seq,
            _(
                "the database says the trail was never sealed, but {where} holds its key "
                "from event {from_seq} on: its record of the key was removed (or the "
                "database restored from a copy older than the key)"
            ).format(where=audit_key.shown_where(key.where), from_seq=key.from_seq),
        )
    if key is None:
        raise audit_key.missing_key_error(clinic_uuid or "", keyed)
    if key.from_seq != keyed:
        return None, VerifyResult(
            False,
            0,
            min(keyed, key.from_seq),
            _(
                "the database says the sealed part starts at event {keyed}, but the clinic's "
                "key ({where}) was made at event {from_seq}: the start was moved"
            ).format(keyed=keyed, where=audit_key.shown_where(key.where), from_seq=key.from_seq),
        )
    return key.secret, None


def verify_chain(uow: UnitOfWork) -> VerifyResult:
    """Walk the chain from the start. Not permission-guarded: the CLI and the admin area
    call it through `verify`; start-up may call it directly."""
    session = uow.session
    head = session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash, AuditHead.keyed_from)
    ).all()
    if len(head) != 1:
        return VerifyResult(False, 0, None, _("the chain head record is missing or doubled"))
    head_seq, head_hash, keyed = head[0]
    key, refused = _key_state(session, keyed)
    if refused is not None:
        return replace(refused, keyed_from=keyed)
    result = _walk(session, head_seq, head_hash, keyed, key)
    return replace(result, keyed_from=keyed)


def _walk(
    session: Session, head_seq: int, head_hash: str, keyed: int | None, key: bytes | None
) -> VerifyResult:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    # Close the (server-side, on PostgreSQL) cursor on every early return.
    with session.execute(query).scalars() as events:
        for event in events:
            if event.seq != expected_seq:
                if event.seq > expected_seq:
                    problem = _("events {first}–{last} are missing (deleted)").format(
                        first=expected_seq, last=event.seq - 1
                    )
                    return VerifyResult(False, checked, expected_seq, problem)
                return VerifyResult(False, checked, event.seq, _("sequence out of order"))
            if event.prev_hash != expected_prev:
                return VerifyResult(
                    False, checked, event.seq, _("its link to the previous event does not match")
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
            if not hmac.compare_digest(link_for(rec, keyed, key), event.hash):
                return VerifyResult(False, checked, event.seq, _mismatch_problem(event.seq, keyed))
            expected_prev = event.hash
            expected_seq += 1
            checked += 1
    if checked > head_seq:
        return VerifyResult(
            False,
            checked,
            head_seq + 1,
            _(
                "the trail holds {checked} events but should hold {expected}: "
                "events were added outside ClinicDesk"
            ).format(checked=checked, expected=head_seq),
        )
    if checked < head_seq:
        missing_from = checked + 1
        return VerifyResult(
            False,
            checked,
            missing_from,
            _(
                "the trail should hold {expected} events but holds {checked}: "
                "the newest events were deleted"
            ).format(expected=head_seq, checked=checked),
        )
    if head_seq and head_hash != expected_prev:
        return VerifyResult(
            False, checked, head_seq, _("the chain head does not match the last event")
        )
    return VerifyResult(True, checked)


def compare_with_hub(uow: UnitOfWork, result: VerifyResult, hub: HubCopy) -> VerifyResult:
    """Hold the local result against the hub's copy of the head: the rows the database
    lost (deleted newest events, a truncated trail) show only there."""
    if hub.unavailable:
        return replace(
            result,
            hub_note=_("Not checked against the hub: {reason}").format(reason=hub.unavailable),
        )
    if hub.conflicts:
        return replace(
            result,
            ok=False,
            broken_seq=result.broken_seq,
            problem=(f"{result.problem}; " if not result.ok else "")
            + _(
                "the hub flagged {count} head(s) sent from here that go back on what "
                "it already held ({conflict})"
            ).format(count=hub.conflicts, conflict=hub.last_conflict),
        )
    if hub.seq is None or hub.hash is None:
        return replace(
            result, hub_note=_("The hub holds no copy of the head yet (it is sent at each sync).")
        )
    if not result.ok:
        return result
    received = (
        _("received {moment} UTC").format(moment=format_datetime(hub.received_at))
        if hub.received_at
        else _("held")
    )
    if result.checked < hub.seq:
        return replace(
            result,
            ok=False,
            broken_seq=result.checked + 1,
            problem=_(
                "the hub holds this trail's head at event {head} ({received}), but "
                "the trail here ends at event {checked}: events "
                "{first}–{last} were deleted and the head moved back"
            ).format(
                head=hub.seq,
                received=received,
                checked=result.checked,
                first=result.checked + 1,
                last=hub.seq,
            ),
        )
    stored = uow.session.execute(
        select(AuditEvent.hash).where(AuditEvent.seq == hub.seq)
    ).scalar_one_or_none()
    if stored != hub.hash:
        return replace(
            result,
            ok=False,
            broken_seq=hub.seq,
            problem=_(
                "event {event} is not the one the hub holds a copy of ({received}): "
                "the trail was rewritten up to there"
            ).format(event=hub.seq, received=received),
        )
    return replace(
        result,
        hub_note=_("Matches the hub's copy of event {event} ({received}).").format(
            event=hub.seq, received=received
        ),
    )


@requires(Permission.VIEW_AUDIT)
def verify(uow: UnitOfWork, actor: Principal, hub: HubCopy | None = None) -> VerifyResult:
    result = verify_chain(uow)
    if hub is not None:
        result = compare_with_hub(uow, result, hub)
    details: dict[str, object] = {"ok": result.ok, "checked": result.checked}
    if hub is not None and not hub.unavailable:
        details["hub_seq"] = hub.seq
    record(uow, actor, "audit.verify", "audit", "", details)
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
        writer = csv_safe.writer(handle)
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
