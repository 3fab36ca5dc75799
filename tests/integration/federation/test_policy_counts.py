"""The day's policy counts reach a real hub exactly once per policy version and day,
whatever the network does, and carry counts only: no staff name, user name or staff ref is
on the wire. The hub reports them across clinics (`hub policy-report --json`). The clinic
runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, select

from clinicdesk.db.models import OutboxMessage
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.federation.client import HubClient
from clinicdesk.hub.models import HubClinic, HubPolicyCounts
from clinicdesk.services import policies, training
from clinicdesk.services.policies.counts import counts_key
from clinicdesk.services.sync import POLICY_COUNTS, SyncEngine
from tests.helpers.clinic import add_staff
from tests.helpers.faults import Fault
from tests.helpers.hub import HubProcess, admin_json
from tests.helpers.hub_fixtures import Member, add_member
from tests.integration.federation.test_exactly_once import (
    REFUSED,
    connect,
    new_clinic_db,
    push_through_faults,
)

LOCAL = "policy.patient-data-stays-local"
MONEY = "policy.contribution-submissions"
STAFF_NAMES = ("Philippa Thistlewood", "Ozymandias Brackenbury", "Kestrel Vandermolen")


class Capture:
    """Client factory whose every request is kept as it left the client."""

    def __init__(self, now: datetime | None = None) -> None:
        self.sent: list[requests.PreparedRequest] = []
        self.sessions: list[requests.Session] = []

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False
        session.hooks["response"].append(self._keep)
        self.sessions.append(session)
        return HubClient(hub_url, api_key, session=session, max_attempts=1)

    def _keep(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.sent.append(response.request)

    def close(self) -> None:
        for session in self.sessions:
            session.close()


@pytest.fixture
def capture() -> Iterator[Capture]:
    made = Capture()
    yield made
    made.close()


def _staff(db: Database, admin: Principal) -> tuple[Principal, Principal]:
    manager = add_staff(db, admin, "pthistle", STAFF_NAMES[0], "manager")
    clinician = add_staff(db, admin, "obracken", STAFF_NAMES[1], "clinician")
    with db.uow() as uow:
        training.add_staff(uow, manager, STAFF_NAMES[2], [Role.FRONT_DESK], date(2025, 1, 1))
    return manager, clinician


def _hub_rows(hub: HubProcess, member: Member) -> list[tuple[str, int, date, int, int, int]]:
    engine = create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            clinic_pk = conn.execute(
                select(HubClinic.id).where(HubClinic.clinic_id == member.clinic_id)
            ).scalar_one()
            rows = conn.execute(
                select(
                    HubPolicyCounts.policy_id,
                    HubPolicyCounts.policy_version,
                    HubPolicyCounts.as_of,
                    HubPolicyCounts.acknowledged,
                    HubPolicyCounts.due,
                    HubPolicyCounts.late,
                )
                .where(HubPolicyCounts.clinic_pk == clinic_pk)
                .order_by(HubPolicyCounts.as_of, HubPolicyCounts.policy_id)
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _outbox_keys(db: Database) -> list[str]:
    with db.uow(read_only=True) as uow:
        return sorted(
            uow.session.execute(
                select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == POLICY_COUNTS)
            ).scalars()
        )


def test_counts_go_once_per_version_and_day_and_name_no_one(
    db: Database, admin: Principal, hub: HubProcess, capture: Capture
) -> None:
    manager, clinician = _staff(db, admin)
    with db.uow() as uow:
        policies.acknowledge(uow, clinician, LOCAL, 2)
    with db.uow() as uow:
        policies.acknowledge(uow, manager, MONEY, 2)
    member = add_member(hub, "Policy Counts Co-op")
    connect(db, admin, hub, member)
    now = datetime.now(UTC) + timedelta(minutes=1)  # messages queued now are due then
    today = now.astimezone().date()

    for _ in range(3):  # three syncs on one day: one message per policy version
        report = SyncEngine(db, capture, now=lambda: now).run_once()
        assert report.exit_code == 0, report.errors
    assert _outbox_keys(db) == sorted(counts_key(p, 2, today) for p in (LOCAL, MONEY))
    # everyone (4 people: root, the manager, the clinician, the front desk without a
    # login, on staff since 2025 and so late) must acknowledge the local policy; managers
    # and administrators the other
    assert _hub_rows(hub, member) == [
        (MONEY, 2, today, 1, 1, 0),
        (LOCAL, 2, today, 1, 2, 1),
    ]

    # the next day: the day's counts again, once
    tomorrow = now + timedelta(days=1)
    for _ in range(2):
        report = SyncEngine(db, capture, now=lambda: tomorrow).run_once()
        assert report.exit_code == 0, report.errors
    assert len(_outbox_keys(db)) == 4
    assert [row[2] for row in _hub_rows(hub, member)] == [today, today] + [
        tomorrow.astimezone().date()
    ] * 2

    # on the wire: counts only — no name, user name or staff ref, in any request
    with db.uow(read_only=True) as uow:
        people = training.list_staff(uow, manager)
    secrets = [*STAFF_NAMES, "pthistle", "obracken", *(p.ref for p in people)]
    posts = [r for r in capture.sent if r.path_url == "/v1/policy-acknowledgements"]
    assert len(posts) == 4
    for request in capture.sent:
        body = request.body or b""
        text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
        wire = "\n".join([request.url or "", *(f"{k}: {v}" for k, v in request.headers.items())])
        for secret in secrets:
            assert secret.lower() not in text.lower(), f"{request.path_url} sent {secret!r}"
            assert secret.lower() not in wire.lower(), f"{request.path_url} sent {secret!r}"


def test_counts_reach_the_hub_exactly_once_through_faults_and_are_reported(
    db: Database, admin: Principal, hub: HubProcess, tmp_path: Path
) -> None:
    _staff(db, admin)
    member = add_member(hub, "Faulty Line Co-op")
    connect(db, admin, hub, member)
    steps = [Fault.DROP_AFTER_FORWARD, REFUSED, Fault.STATUS_503, Fault.DROP_AFTER_FORWARD]
    push_through_faults(hub, db, steps, max_attempts=2)

    keys = _outbox_keys(db)
    rows = _hub_rows(hub, member)
    # each (policy, version, day) the clinic queued is held by the hub once, and nothing else
    assert sorted(f"policy-counts:{p}:v{v}:{d.isoformat()}" for p, v, d, *_ in rows) == keys
    assert len(set(keys)) == len(keys) >= 2
    with db.uow(read_only=True) as uow:
        states = set(
            uow.session.execute(
                select(OutboxMessage.state).where(OutboxMessage.kind == POLICY_COUNTS)
            ).scalars()
        )
    assert states == {"sent"}

    # a second clinic (a SQLite file of its own) reports too; the hub adds them up
    other, other_admin = new_clinic_db(tmp_path / "second")
    try:
        second = add_member(hub, "Second Co-op")
        connect(other, other_admin, hub, second)
        with other.uow() as uow:
            policies.acknowledge(uow, other_admin, LOCAL, 2)
        capture = Capture()
        try:
            assert SyncEngine(other, capture).run_once().exit_code == 0
        finally:
            capture.close()
    finally:
        other.dispose()
    report = {
        (r["policy_id"], r["version"]): r for r in admin_json(hub.db_url, "policy-report", "--json")
    }
    local = report[(LOCAL, 2)]
    assert local["title"] == "Patient data stays in the clinic"
    assert local["clinics"] >= 2
    assert local["acknowledged"] >= 1
    assert local["acknowledged"] + local["due"] + local["late"] >= 5  # 4 here, 1 there
    assert local["acknowledged_rate"] is not None
