"""A month's contribution reaches the hub exactly once, whatever happens between the
clinic's commit and the hub's answer (SQLite and PostgreSQL clinic databases, a real hub
process, the fault proxy in between):

- the program stops after `submit` committed and before the message went out: after a
  restart one sync delivers it, one receipt;
- the hub commits but its answer is lost: the engine reconciles with
  GET /v1/contributions/{period}, stores the hub's receipt, and never POSTs again;
- two originals for one month are refused locally, and by the hub (409) when a second
  database of the same clinic tries; that message stops and the month says so;
- the network is down while submitting: the month waits and goes on the next sync.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import ContributionReceipt, ContributionSubmission
from clinicdesk.services import federation_link, revenue, setup
from clinicdesk.services.sync import SyncEngine
from tests.helpers.faults import Fault, FaultProxy
from tests.helpers.hub import HubProcess, admin_json, free_port
from tests.helpers.hub_fixtures import Member

TODAY = date(2026, 5, 20)
PERIOD = "2026-03"
LINES = ["member_fees=12000.00", "anchor_contracts=4500.50", "fee_for_service=1999.99"]


class Clients:
    """Engine clients to `target` (the proxy, the hub or a closed port): one attempt per
    call so that a fault reaches the engine; no sleeping."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.sessions: list[requests.Session] = []

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False
        self.sessions.append(session)
        return HubClient(
            self.target, api_key, session=session, max_attempts=1, sleep=lambda s: None
        )

    def close(self) -> None:
        for session in self.sessions:
            session.close()


class StopsBeforeSending(HubClient):
    """The program dies just before the POST leaves (after the outbox was read)."""

    def submit_contribution(
        self, submission: ContributionSubmission, idempotency_key: str
    ) -> ContributionReceipt:
        raise SystemExit("killed")


def _connect(db: Database, admin: Principal, hub: HubProcess, member: Member) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)


def _close_month(db: Database, actor: Principal, lines: list[str] = LINES) -> None:
    with db.uow() as uow:
        revenue.set_lines(uow, actor, PERIOD, revenue.parse_lines(lines), today=TODAY)
    with db.uow() as uow:
        revenue.lock(uow, actor, PERIOD, today=TODAY)
    with db.uow() as uow:
        revenue.submit(uow, actor, PERIOD, today=TODAY)


def _held(hub: HubProcess, member: Member) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = admin_json(
        hub.db_url, "contributions", "--clinic", member.clinic_id, "--json"
    )
    return rows


def _show(db: Database, actor: Principal) -> revenue.PeriodInfo:
    with db.uow(read_only=True) as uow:
        return revenue.show(uow, actor, PERIOD, today=TODAY)


def _sync(db: Database, target: str | Callable[[str, str, str], HubClient]) -> None:
    clients = Clients(target) if isinstance(target, str) else target
    try:
        SyncEngine(db, clients).run_once()
    finally:
        if isinstance(clients, Clients):
            clients.close()


def test_stopped_after_the_commit_then_restarted_sends_once(
    db: Database, db_url: str, admin: Principal, hub: HubProcess, member: Member
) -> None:
    _connect(db, admin, hub, member)
    _close_month(db, admin)

    def dying(hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        return StopsBeforeSending(hub.base_url, api_key, max_attempts=1)

    with pytest.raises(SystemExit):
        SyncEngine(db, dying).run_once()
    db.dispose()
    assert _held(hub, member) == []

    restarted = open_database(db_url)
    try:
        assert _show(restarted, admin).status_label == "submitted — waiting to send"
        _sync(restarted, hub.base_url)
        _sync(restarted, hub.base_url)
        [held] = _held(hub, member)
        info = _show(restarted, admin)
    finally:
        restarted.dispose()
    assert info.status is revenue.PeriodStatus.ACKNOWLEDGED
    [original] = info.submissions
    assert original.receipt_id == held["receipt_id"]
    assert (held["sequence"], held["amount"]) == (0, str(original.amount))


def test_a_lost_answer_is_reconciled_and_never_sent_twice(
    db: Database, admin: Principal, hub: HubProcess, member: Member
) -> None:
    _connect(db, admin, hub, member)
    _close_month(db, admin)
    with FaultProxy(hub.base_url) as proxy:
        proxy.plan(Fault.DROP_AFTER_FORWARD)
        _sync(db, proxy.base_url)
        _sync(db, proxy.base_url)
        posts = [s for s in proxy.seen if (s.method, s.path) == ("POST", "/v1/contributions")]
        looks = [s for s in proxy.seen if s.path == f"/v1/contributions/{PERIOD}"]
    assert len(posts) == 1 and posts[0].fault is Fault.DROP_AFTER_FORWARD
    assert len(looks) == 1
    [held] = _held(hub, member)
    info = _show(db, admin)
    assert info.status is revenue.PeriodStatus.ACKNOWLEDGED
    assert info.submissions[0].receipt_id == held["receipt_id"]

    # The amendment goes the same way: one POST, one receipt.
    with db.uow() as uow:
        revenue.amend(uow, admin, PERIOD, revenue.parse_lines(["member_fees=12100"]), today=TODAY)
    with FaultProxy(hub.base_url) as proxy:
        proxy.plan(Fault.DROP_AFTER_FORWARD)
        _sync(db, proxy.base_url)
        assert [(s.method, s.path) for s in proxy.seen].count(("POST", "/v1/contributions")) == 1
    rows = _held(hub, member)
    assert [(r["sequence"], r["amount"]) for r in rows] == [(0, "555.01"), (1, "558.01")]
    info = _show(db, admin)
    assert [s.receipt_id for s in info.submissions] == [r["receipt_id"] for r in rows]
    assert info.submissions[1].delta == Decimal("3.00")


def test_two_originals_are_refused_locally_and_by_the_hub(
    db: Database, admin: Principal, hub: HubProcess, member: Member, tmp_path: Path
) -> None:
    _connect(db, admin, hub, member)
    _close_month(db, admin)
    with pytest.raises(ConflictError, match="already submitted"), db.uow() as uow:
        revenue.submit(uow, admin, PERIOD, today=TODAY)
    _sync(db, hub.base_url)

    # A second database of the same clinic (say, an old copy put back into use) submits
    # its own original for the month: the hub refuses it.
    other = open_database(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    try:
        with other.uow() as uow:
            other_admin = setup.initialise(uow, "Same Clinic", "root", "Root", "pw-123456789")
        _connect(other, other_admin, hub, member)
        _close_month(other, other_admin, ["member_fees=1.00"])
        _sync(other, hub.base_url)
        info = _show(other, other_admin)
    finally:
        other.dispose()
    assert info.submissions[0].outbox_state == "dead"
    assert "already received" in (info.submissions[0].last_error or "")
    assert "stopped, needs a person" in info.status_label
    [held] = _held(hub, member)
    assert held["amount"] == "555.01"


def test_network_down_while_submitting_waits_for_the_next_sync(
    db: Database, admin: Principal, hub: HubProcess, member: Member
) -> None:
    _connect(db, admin, hub, member)
    _close_month(db, admin)
    _sync(db, f"http://127.0.0.1:{free_port()}")
    info = _show(db, admin)
    assert info.status_label == "submitted — waiting to send"
    assert info.submissions[0].outbox_state == "pending"
    assert _held(hub, member) == []
    _sync(db, hub.base_url)
    assert _show(db, admin).status is revenue.PeriodStatus.ACKNOWLEDGED
    assert len(_held(hub, member)) == 1
