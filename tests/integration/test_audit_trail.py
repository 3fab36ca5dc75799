"""The audit trail's hash chain against tampering done with raw SQL, and many writers
at once (services/audit).

These tests hold the unkeyed (SHA-256) chain that clinics older than the audit key still
have: their clinic is set up without a key. The keyed chain, and the tamperings only the
key or the hub's copy of the head can catch, are in tests/security/test_audit_chain.py."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from clinicdesk.db.models import AuditEvent, utcnow
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.audit import AuditRecord, canonical_details, event_hash
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.services import audit, setup
from tests.conftest import ADMIN_PASSWORD

EVENTS = 6  # in the trail before each tampering: 2 from setup + 4 below


@pytest.fixture
def admin(db: Database) -> Principal:
    """A clinic set up without an audit key, as every clinic was before it existed."""
    with db.uow() as uow:
        return setup.initialise(
            uow, "Test Cooperative Clinic", "root", "Root Admin", ADMIN_PASSWORD, audit_key=False
        )


@pytest.fixture
def trail(db: Database, admin: Principal) -> Database:
    with db.uow() as uow:
        for number in range(1, 5):
            audit.record(uow, admin, "test.event", "thing", number, {"n": number, "word": "é"})
        uow.commit()
    with db.uow() as uow:
        assert audit.verify_chain(uow) == audit.VerifyResult(True, EVENTS)
    return db


def _sql(db: Database, statement: str, **params: object) -> int:
    with db.engine.begin() as conn:
        return conn.execute(text(statement), params).rowcount


def _verify(db: Database) -> audit.VerifyResult:
    with db.uow() as uow:
        return audit.verify_chain(uow)


def _row(db: Database, seq: int) -> AuditRecord:
    with db.uow() as uow:
        event = uow.session.execute(select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one()
        return AuditRecord(
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


def _insert(db: Database, rec: AuditRecord, digest: str) -> None:
    _sql(
        db,
        "INSERT INTO audit_event (seq, occurred_at, actor_id, actor_name, action, entity_type,"
        " entity_id, details, prev_hash, hash) VALUES (:seq, :occurred_at, :actor_id,"
        " :actor_name, :action, :entity_type, :entity_id, :details, :prev_hash, :hash)",
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


def test_intact_trail_verifies_and_the_check_is_itself_audited(
    trail: Database, admin: Principal
) -> None:
    with trail.uow() as uow:
        result = audit.verify(uow, admin)
    assert result.ok and result.checked == EVENTS
    assert result.message == (
        f"Audit trail intact: {EVENTS} events, every link verified. {audit.UNKEYED_NOTE}"
    )
    assert _verify(trail) == audit.VerifyResult(True, EVENTS + 1)
    assert _row(trail, EVENTS + 1).action == "audit.verify"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("details", '{"n":3,"word":"e"}'),
        ("actor_name", "someone-else"),
        ("action", "test.other"),
        ("entity_id", "99"),
        ("actor_id", None),
    ],
)
def test_editing_any_column_breaks_the_chain_at_that_event(
    trail: Database, column: str, value: object
) -> None:
    assert _sql(trail, f"UPDATE audit_event SET {column} = :v WHERE seq = 4", v=value) == 1
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == 4
    assert result.checked == 3
    assert "changed" in result.problem
    assert "BROKEN at event 4" in result.message


def test_editing_the_time_breaks_the_chain(trail: Database) -> None:
    moved = _row(trail, 2).occurred_at - timedelta(days=1)
    _sql(trail, "UPDATE audit_event SET occurred_at = :t WHERE seq = 2", t=moved)
    result = _verify(trail)
    assert (result.ok, result.broken_seq) == (False, 2)


def test_deleting_a_middle_event_is_caught(trail: Database) -> None:
    assert _sql(trail, "DELETE FROM audit_event WHERE seq = 3") == 1
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == 3
    assert "missing" in result.problem and "deleted" in result.problem


def test_deleting_the_first_event_is_caught(trail: Database) -> None:
    _sql(trail, "DELETE FROM audit_event WHERE seq = 1")
    result = _verify(trail)
    assert (result.ok, result.broken_seq) == (False, 1)


def test_deleting_the_newest_event_is_caught_by_the_head(trail: Database) -> None:
    assert _sql(trail, "DELETE FROM audit_event WHERE seq = :s", s=EVENTS) == 1
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == EVENTS
    assert "newest events were deleted" in result.problem


def test_deleting_everything_is_caught(trail: Database) -> None:
    _sql(trail, "DELETE FROM audit_event")
    result = _verify(trail)
    assert (result.ok, result.broken_seq, result.checked) == (False, 1, 0)


def test_a_naively_forged_event_is_caught(trail: Database) -> None:
    last = _row(trail, EVENTS)
    forged = AuditRecord(
        seq=EVENTS + 1,
        occurred_at=utcnow(),
        actor_id=None,
        actor_name="root",
        action="user.add",
        entity_type="user",
        entity_id="backdoor",
        details="{}",
        prev_hash=event_hash(last),
    )
    _insert(trail, forged, "f" * 64)
    result = _verify(trail)
    assert (result.ok, result.broken_seq) == (False, EVENTS + 1)


def test_a_well_forged_event_is_caught_by_the_head(trail: Database) -> None:
    """The forger computes a valid hash and link but cannot move the head unseen."""
    last = _row(trail, EVENTS)
    forged = AuditRecord(
        seq=EVENTS + 1,
        occurred_at=utcnow(),
        actor_id=None,
        actor_name="root",
        action="user.add",
        entity_type="user",
        entity_id="backdoor",
        details=canonical_details({"roles": "admin"}),
        prev_hash=event_hash(last),
    )
    _insert(trail, forged, event_hash(forged))
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == EVENTS + 1
    assert "added" in result.problem, result.problem
    assert "deleted" not in result.problem


def test_a_forged_event_in_a_gap_is_caught(trail: Database) -> None:
    """Replace event 3 by a forgery that links correctly to event 2."""
    original = _row(trail, 3)
    _sql(trail, "DELETE FROM audit_event WHERE seq = 3")
    forged = AuditRecord(**{**original.__dict__, "details": canonical_details({"n": 0})})
    _insert(trail, forged, event_hash(forged))
    result = _verify(trail)
    assert (result.ok, result.broken_seq) == (False, 4)
    assert "link" in result.problem


def test_rehashing_an_edited_event_breaks_the_next_link(trail: Database) -> None:
    edited = AuditRecord(**{**_row(trail, 3).__dict__, "entity_id": "rewritten"})
    _sql(
        trail,
        "UPDATE audit_event SET entity_id = :e, hash = :h WHERE seq = 3",
        e=edited.entity_id,
        h=event_hash(edited),
    )
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == 4
    assert result.checked == 3  # events 1-3 each look fine on their own
    assert "link to the previous event" in result.problem


def test_rehashing_the_newest_event_is_caught_by_the_head(trail: Database) -> None:
    edited = AuditRecord(**{**_row(trail, EVENTS).__dict__, "entity_id": "rewritten"})
    _sql(
        trail,
        "UPDATE audit_event SET entity_id = :e, hash = :h WHERE seq = :s",
        e=edited.entity_id,
        h=event_hash(edited),
        s=EVENTS,
    )
    result = _verify(trail)
    assert (result.ok, result.broken_seq) == (False, EVENTS)
    assert "head" in result.problem


def test_a_missing_head_is_reported_and_stops_recording(trail: Database) -> None:
    _sql(trail, "DELETE FROM audit_head")
    result = _verify(trail)
    assert not result.ok and "head" in result.problem
    with trail.uow() as uow, pytest.raises(StorageError, match="head record is missing"):
        audit.record(uow, None, "test.event", "thing")


def test_verify_after_tampering_still_appends_its_own_event(
    trail: Database, admin: Principal
) -> None:
    _sql(trail, "UPDATE audit_event SET details = '{}' WHERE seq = 5")
    with trail.uow() as uow:
        result = audit.verify(uow, admin)
    assert (result.ok, result.broken_seq) == (False, 5)
    assert _row(trail, EVENTS + 1).details == canonical_details({"ok": False, "checked": 4})


# --- many writers ---------------------------------------------------------------------------


def test_concurrent_writers_keep_one_unbroken_chain(db: Database, admin: Principal) -> None:
    per_thread = 50
    threads = 2
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait(timeout=30)
            for number in range(per_thread):
                with db.uow() as uow:
                    audit.record(uow, admin, "test.concurrent", name, number)
                    uow.commit()
        except BaseException as error:  # reported in the main thread
            errors.append(error)

    workers = [threading.Thread(target=write, args=(f"writer-{i}",)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not errors, errors
    with db.uow() as uow:
        seqs = list(uow.session.execute(select(AuditEvent.seq).order_by(AuditEvent.seq)).scalars())
        writers = list(
            uow.session.execute(
                select(AuditEvent.entity_type).where(AuditEvent.action == "test.concurrent")
            ).scalars()
        )
    total = 2 + threads * per_thread
    assert seqs == list(range(1, total + 1))
    assert sorted(set(writers)) == ["writer-0", "writer-1"]
    assert writers.count("writer-0") == writers.count("writer-1") == per_thread
    assert _verify(db) == audit.VerifyResult(True, total)


# --- browsing and export ----------------------------------------------------------------------


def test_list_count_filter_and_export(trail: Database, admin: Principal, tmp_path: Path) -> None:
    with trail.uow() as uow:
        assert audit.count_events(uow, admin) == EVENTS
        flt = audit.AuditFilter(action="test.")
        assert audit.count_events(uow, admin, flt) == 4
        newest = audit.list_events(uow, admin, flt, limit=2)
        assert [e.seq for e in newest] == [6, 5]
        assert [e.entity_id for e in audit.list_events(uow, admin, audit.AuditFilter(text="É"))]
        assert audit.list_actions(uow, admin) == ["clinic.create", "test.event", "user.add"]
        # what the Record column shows (type:id) finds the event as well
        assert [
            e.action for e in audit.list_events(uow, admin, audit.AuditFilter(text="user:root"))
        ] == ["user.add"]
    target = tmp_path / "trail.csv"
    with trail.uow() as uow:
        assert audit.export_csv(uow, admin, target, audit.AuditFilter(actor="root")) == EVENTS
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("seq,occurred_at_utc,actor")
    assert len(lines) == EVENTS + 1
    assert _row(trail, EVENTS + 1).action == "audit.export"
    with trail.uow() as uow, pytest.raises(ValidationError, match="does not exist"):
        audit.export_csv(uow, admin, tmp_path / "missing" / "x.csv")
