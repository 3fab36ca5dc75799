"""The audit trail against an attacker with full SQL access to the clinic's database but
not the clinic's audit key (services/audit, services/audit_key, services/audit_anchor,
hub/audit_heads).

Each of the five tamperings that an unkeyed chain let through is done here the way such an
attacker would: with plain SQL, recomputing every hash they can (SHA-256, the only one
they can compute) and moving the head to match. The keyed chain catches the three that
need a new link; the two that only shorten the trail are caught by the hub's copy of the
head, which a sync sent before the tampering. The clinic's database runs on SQLite and
PostgreSQL; the hub is a real process.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import select, text

from clinicdesk.db.models import AuditEvent, Clinic
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.audit import GENESIS_HASH, AuditRecord, canonical_details, event_hash
from clinicdesk.domain.roles import Principal
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import AuditHead
from clinicdesk.services import audit, audit_anchor, audit_key, federation_link
from clinicdesk.services.sync import SyncEngine
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.databases import BACKENDS
from tests.helpers.hub import HubProcess
from tests.helpers.hub_fixtures import add_member, running_hub
from tests.helpers.keyring_backend import MemoryKeyring

EVENTS = 6  # 2 from setup + 4 below


class Clients:
    """A client factory for the sync and the verify: no proxies from the environment."""

    def __init__(self) -> None:
        self.sessions: list[requests.Session] = []

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False
        self.sessions.append(session)
        return HubClient(hub_url, api_key, session=session, max_attempts=1)

    def close(self) -> None:
        for session in self.sessions:
            session.close()


@pytest.fixture
def clients() -> Iterator[Clients]:
    made = Clients()
    yield made
    made.close()


@pytest.fixture
def trail(db: Database, admin: Principal) -> Database:
    with db.uow() as uow:
        for number in range(1, 5):
            audit.record(uow, admin, "test.event", "thing", number, {"n": number})
        uow.commit()
    result = _verify(db)
    assert (result.ok, result.checked, result.keyed_from) == (True, EVENTS, 1), result
    return db


@dataclass
class Anchored:
    db: Database
    admin: Principal
    hub: HubProcess
    clients: Clients

    def sync(self) -> list[str]:
        report = SyncEngine(self.db, self.clients).run_once()
        return report.errors

    def verify(self) -> audit.VerifyResult:
        return audit_anchor.verify_trail(self.db, self.admin, self.clients)


@pytest.fixture
def anchored(
    trail: Database, admin: Principal, hub_server: HubProcess, clients: Clients
) -> Anchored:
    """The trail of a clinic connected to the hub, whose head a sync has sent."""
    member = add_member(hub_server)
    with trail.uow() as uow:
        federation_link.connect(uow, admin, hub_server.base_url, member.clinic_id)
    credentials.store_api_key(hub_server.base_url, member.clinic_id, member.api_key)
    report = SyncEngine(trail, clients).run_once()
    assert report.exit_code == 0, report.errors
    assert report.audit_head == EVENTS + 1  # the connect was recorded too
    return Anchored(trail, admin, hub_server, clients)


# --- the attacker's tools: SQL, and the unkeyed hash ----------------------------------------


def _sql(db: Database, statement: str, **params: object) -> int:
    with db.engine.begin() as conn:
        return int(conn.execute(text(statement), params).rowcount)


def _verify(db: Database) -> audit.VerifyResult:
    with db.uow() as uow:
        return audit.verify_chain(uow)


def _rows(db: Database) -> list[AuditRecord]:
    """Every event as the attacker reads it (the table's typed columns, so that times come
    back as they were hashed on both back-ends)."""
    table = AuditEvent.__table__
    fields = [table.c[name] for name in AuditRecord.__dataclass_fields__]
    with db.engine.connect() as conn:
        rows = conn.execute(select(*fields).order_by(table.c.seq)).all()
    return [AuditRecord(*row) for row in rows]


def _hash_of(db: Database, seq: int) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.execute(text("SELECT hash FROM audit_event WHERE seq = :s"), {"s": seq}).scalar()
        )


def _rehash_from(db: Database, first: int) -> None:
    """Recompute every link from `first` on, as well as anyone without the key can, and
    move the head to the new last hash and count."""
    rows = _rows(db)
    prev = GENESIS_HASH if first == 1 else _hash_of(db, first - 1)
    with db.engine.begin() as conn:
        for row in rows:
            if row.seq < first:
                continue
            rehashed = AuditRecord(**{**row.__dict__, "prev_hash": prev})
            prev = event_hash(rehashed)
            conn.execute(
                text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": rehashed.prev_hash, "h": prev, "s": row.seq},
            )
        conn.execute(
            text("UPDATE audit_head SET last_seq = :n, last_hash = :h"),
            {"n": rows[-1].seq if rows else 0, "h": prev},
        )


def _clinic_uuid(db: Database) -> str:
    with db.uow(read_only=True) as uow:
        return str(uow.session.execute(select(Clinic.uuid)).scalar_one())


# --- the five tamperings --------------------------------------------------------------------


def test_a_deleting_the_newest_events_and_moving_the_head_is_caught_by_the_hub(
    anchored: Anchored,
) -> None:
    db = anchored.db
    head = EVENTS + 1
    assert _sql(db, "DELETE FROM audit_event WHERE seq > :s", s=head - 2) == 2
    _sql(db, "UPDATE audit_head SET last_seq = :s, last_hash = :h", s=head - 2, h=_hash_of(db, 5))
    assert _verify(db).ok  # what is left is a whole, correctly sealed, shorter chain

    result = anchored.verify()
    assert not result.ok
    assert result.broken_seq == head - 1
    assert (
        f"the hub holds this trail's head at event {head}" in result.problem
        and f"events {head - 1}–{head} were deleted and the head moved back" in result.problem
    ), result.problem
    assert result.message.startswith(f"Audit trail BROKEN at event {head - 1}:")

    # The next sync sends the moved head: the hub keeps it, flagged, and says so.
    errors = anchored.sync()
    assert any("The hub flagged this clinic's audit trail" in e for e in errors), errors
    assert any(f"head {head} already held" in e for e in errors), errors
    assert "Audit head of clinic" in anchored.hub.log()
    again = anchored.verify()
    assert not again.ok and "the hub flagged 1 head(s)" in again.problem, again.problem


def test_b_truncating_the_trail_and_resetting_the_head_is_caught_by_the_hub(
    anchored: Anchored,
) -> None:
    db = anchored.db
    head = EVENTS + 1
    _sql(db, "DELETE FROM audit_event")
    _sql(db, "UPDATE audit_head SET last_seq = 0, last_hash = :h", h=GENESIS_HASH)
    assert _verify(db) == audit.VerifyResult(True, 0, keyed_from=1)  # empty, and "intact"

    result = anchored.verify()
    assert not result.ok
    assert result.broken_seq == 1
    assert f"the trail here ends at event 0: events 1–{head} were deleted" in result.problem


def test_b_truncating_and_claiming_the_trail_was_never_keyed_is_caught_without_the_hub(
    trail: Database,
) -> None:
    _sql(trail, "DELETE FROM audit_event")
    _sql(trail, "UPDATE audit_head SET last_seq = 0, last_hash = :h, keyed_from = NULL",
         h=GENESIS_HASH)  # fmt: skip
    result = _verify(trail)
    assert not result.ok
    assert "never sealed, but the keyring holds its key from event 1" in result.problem


def test_c_editing_an_event_and_rehashing_the_chain_is_caught(trail: Database) -> None:
    _sql(trail, "UPDATE audit_event SET entity_id = 'rewritten' WHERE seq = 4")
    _rehash_from(trail, 4)
    result = _verify(trail)
    assert not result.ok
    assert (result.broken_seq, result.checked) == (4, 3)
    assert "its seal does not match" in result.problem
    assert "without the clinic's audit key (forged)" in result.problem


def test_d_deleting_a_middle_event_and_renumbering_is_caught(trail: Database) -> None:
    assert _sql(trail, "DELETE FROM audit_event WHERE seq = 3") == 1
    for seq in range(4, EVENTS + 1):  # one by one, so no two rows ever share a seq
        _sql(trail, "UPDATE audit_event SET seq = :new WHERE seq = :old", new=seq - 1, old=seq)
    _rehash_from(trail, 3)
    assert [row.seq for row in _rows(trail)] == list(range(1, EVENTS))
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == 3
    assert "its seal does not match" in result.problem


def test_e_appending_a_forged_event_is_caught(trail: Database) -> None:
    forged = AuditRecord(
        seq=EVENTS + 1,
        occurred_at=_rows(trail)[-1].occurred_at,
        actor_id=None,
        actor_name="root",
        action="user.add",
        entity_type="user",
        entity_id="backdoor",
        details=canonical_details({"roles": "admin"}),
        prev_hash=_hash_of(trail, EVENTS),
    )
    with trail.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_event (seq, occurred_at, actor_id, actor_name, action, "
                "entity_type, entity_id, details, prev_hash, hash) VALUES (:seq, :occurred_at,"
                " :actor_id, :actor_name, :action, :entity_type, :entity_id, :details,"
                " :prev_hash, :hash)"
            ),
            {**forged.__dict__, "hash": event_hash(forged)},
        )
        conn.execute(
            text("UPDATE audit_head SET last_seq = :s, last_hash = :h"),
            {"s": forged.seq, "h": event_hash(forged)},
        )
    result = _verify(trail)
    assert not result.ok
    assert (result.broken_seq, result.checked) == (EVENTS + 1, EVENTS)
    assert "written or rehashed without the clinic's audit key (forged)" in result.problem


@pytest.mark.parametrize("moved_to", [None, EVENTS + 1])
def test_moving_where_the_keyed_part_starts_is_caught(
    trail: Database, moved_to: int | None
) -> None:
    """The downgrade: say the sealed part starts later (or never), then rehash unkeyed."""
    _sql(trail, "UPDATE audit_head SET keyed_from = :k", k=moved_to)
    _rehash_from(trail, 1)
    result = _verify(trail)
    assert not result.ok
    assert result.broken_seq == 1
    assert "keyring" in result.problem or "key (the keyring)" in result.problem, result.problem


# --- the untouched trail, and the key ---------------------------------------------------------


def test_an_untouched_anchored_trail_verifies_against_the_hub(anchored: Anchored) -> None:
    result = anchored.verify()
    assert result.ok, result.message
    assert result.keyed_from == 1
    assert f"Matches the hub's copy of event {EVENTS + 1}" in result.message
    last = _rows(anchored.db)[-1]
    assert (last.action, last.details) == (
        "audit.verify",
        canonical_details({"checked": EVENTS + 1, "hub_seq": EVENTS + 1, "ok": True}),
    )
    # Later events and another sync move the hub's copy on.
    assert anchored.sync() == []
    assert anchored.verify().ok


def test_a_lost_key_is_a_clear_error_not_an_unkeyed_trail(
    trail: Database, admin: Principal, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.store.clear()
    with pytest.raises(audit_key.AuditKeyMissing) as raised:
        _verify(trail)
    assert "sealed with the clinic's audit key from event 1 on" in raised.value.message
    assert "does not fall back to an unkeyed trail" in raised.value.message
    assert raised.value.hint and "clinicdesk audit key install" in raised.value.hint
    with trail.uow() as uow, pytest.raises(audit_key.AuditKeyMissing):
        audit.record(uow, admin, "test.event", "thing", 99)
    assert len(_rows(trail)) == EVENTS  # nothing was written


def test_a_key_file_others_can_read_is_refused(
    trail: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = audit_key.load_key(_clinic_uuid(trail))
    assert key is not None
    key_file = tmp_path / "audit.key"
    key_file.write_text(audit_key.export_text(key), encoding="utf-8")
    monkeypatch.setenv(audit_key.ENV_KEY_FILE, str(key_file))
    os.chmod(key_file, 0o644)
    with pytest.raises(audit_key.AuditKeyMissing, match="can be read by other accounts"):
        _verify(trail)
    os.chmod(key_file, 0o600)
    assert _verify(trail).ok


def test_an_existing_clinic_is_keyed_by_an_administrator(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clinic from before the key: its SHA-256 events stay verifiable, and from the
    key's event on the chain is sealed, here with a 0600 key file (a headless server)."""
    from clinicdesk.services import setup

    with db.uow() as uow:
        admin = setup.initialise(uow, "Old Clinic", "root", "Root", "pw-1234567890",
                                 audit_key=False)  # fmt: skip
    assert _verify(db).keyed_from is None
    key_file = tmp_path / "keys" / "audit.key"
    key_file.parent.mkdir()
    monkeypatch.setenv(audit_key.ENV_KEY_FILE, str(key_file))
    with db.uow() as uow:
        key = audit.create_key(uow, admin)
    assert key.from_seq == 3 and key.where == str(key_file)
    assert key_file.stat().st_mode & 0o777 == 0o600
    with db.uow() as uow:
        audit.record(uow, admin, "test.event", "thing", 1)
        uow.commit()
    result = _verify(db)
    assert (result.ok, result.checked, result.keyed_from) == (True, 4, 3), result
    # Rehashing the keyed part is caught; the legacy part before it is still checked.
    _sql(db, "UPDATE audit_event SET entity_id = 'x' WHERE seq = 4")
    _rehash_from(db, 4)
    assert (_verify(db).ok, _verify(db).broken_seq) == (False, 4)


# --- the hub's copy -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def any_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HubProcess]:
    """A hub on each back-end (the clinic-side tests above use the module's SQLite hub)."""
    backend = str(request.param)
    with running_hub(backend, tmp_path_factory.mktemp(f"hub-{backend}")) as server:
        yield server


def test_the_hub_keeps_every_head_and_flags_one_that_goes_back(
    any_hub: HubProcess, clients: Clients
) -> None:
    hub_server = any_hub
    hub_server.mark_log()
    member = add_member(hub_server)
    client = clients(hub_server.base_url, member.clinic_id, member.api_key)
    assert client.audit_head_status().head is None
    first = client.push_audit_head(AuditHead(seq=5, hash="a" * 64), "k1")
    assert (first.seq, first.accepted, first.conflict) == (5, True, None)
    assert client.push_audit_head(AuditHead(seq=5, hash="a" * 64), "k1") == first  # a retry
    assert client.push_audit_head(AuditHead(seq=9, hash="b" * 64), "k2").accepted
    behind = client.push_audit_head(AuditHead(seq=5, hash="a" * 64), "k3")
    assert not behind.accepted and behind.conflict
    assert "head 5 is behind the head 9 already held" in behind.conflict
    rewritten = client.push_audit_head(AuditHead(seq=9, hash="c" * 64), "k4")
    assert not rewritten.accepted and "another hash" in (rewritten.conflict or "")
    status = client.audit_head_status()
    assert status.head is not None and (status.head.seq, status.head.hash) == (9, "b" * 64)
    assert status.conflicts == 2
    assert status.last_conflict is not None and status.last_conflict.hash == "c" * 64
    # another clinic sees only its own heads
    other = add_member(hub_server)
    assert clients(hub_server.base_url, other.clinic_id, other.api_key).audit_head_status() == (
        type(status)()
    )
    assert hub_server.log_problems() == []


def test_a_copy_of_the_key_is_exported_0600_and_installed_on_another_computer(
    trail: Database,
    db_url: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clinicdesk import cli

    def signed_in(*args: str) -> int:  # as the administrator, as on a shared server
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
        return cli.main(["--user", "root", "--password-stdin", *args])

    copy = tmp_path / "audit-key-copy.json"
    assert signed_in("audit", "key", "export", "--to", str(copy), "--db", db_url) == 0
    assert "readable only by you" in capsys.readouterr().out
    assert copy.stat().st_mode & 0o777 == 0o600
    # an existing file is never replaced
    assert signed_in("audit", "key", "export", "--to", str(copy), "--db", db_url) != 0
    assert "never replaced" in capsys.readouterr().err

    memory_keyring.store.clear()  # another workstation: no key yet (nor can one sign in)
    assert signed_in("audit", "verify", "--db", db_url) != 0
    assert "clinicdesk audit key install" in capsys.readouterr().err
    assert cli.main(["audit", "key", "install", "--from", str(copy), "--db", db_url]) == 0
    assert "Installed the audit key" in capsys.readouterr().out
    assert signed_in("audit", "verify", "--db", db_url) == 0
    assert "Sealed with the clinic's audit key from event 1 on." in capsys.readouterr().out
