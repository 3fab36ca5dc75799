"""The sync engine and the federation link against a real hub process over HTTP on
127.0.0.1, with the clinic's database on SQLite and PostgreSQL: pulls page by page with
their cursors, verified packages, the outbox pushed once, reconciliation after a lost
answer, an unreachable hub, a revoked key and a refused duplicate."""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import select

from clinicdesk import app, cli
from clinicdesk.db.models import AuditEvent, CourseVersion, OutboxMessage, Standard
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConfigurationError, PermissionDenied
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import (
    ContributionSubmission,
    TrainingCompletionsSubmission,
)
from clinicdesk.services import federation_link
from clinicdesk.services import federation_store as store
from clinicdesk.services.sync import SyncEngine, SyncReport, retry_delay
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.faults import Fault, FaultProxy
from tests.helpers.hub import HubProcess, free_port, run_admin
from tests.helpers.hub_fixtures import Member
from tests.helpers.keyring_backend import MemoryKeyring
from tests.integration.federation.conftest import Recorder
from tests.integration.hub.bodies import completions, contribution, new_key

MakeClient = Callable[..., tuple[HubClient, Recorder]]


@dataclass
class Factory:
    """A client factory for the engine: counted requests, recorded sleeps, and
    optionally another address (a fault proxy) or other client options."""

    make_client: MakeClient
    base_url: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    recorders: list[Recorder] = field(default_factory=list)

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        client, recorder = self.make_client(self.base_url or hub_url, api_key, **self.options)
        self.recorders.append(recorder)
        return client

    @property
    def last(self) -> Recorder:
        return self.recorders[-1]


@pytest.fixture
def factory(make_client: MakeClient) -> Factory:
    return Factory(make_client)


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    with FaultProxy(hub.base_url) as fault_proxy:
        yield fault_proxy


def link(db: Database, admin: Principal, hub_url: str, member: Member) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub_url, member.clinic_id)
    credentials.store_api_key(hub_url, member.clinic_id, member.api_key)


def submission(period: str, sequence: int = 0) -> ContributionSubmission:
    return ContributionSubmission.model_validate(contribution(period, sequence=sequence))


def enqueue_contribution(db: Database, period: str, sequence: int = 0) -> int:
    with db.uow() as uow:
        info = store.enqueue(
            uow, "contribution", f"contribution:{period}", submission(period, sequence)
        )
        uow.commit()
    return info.id


DAILY = 2
"""Messages every clinic's first sync of a day queues before it pushes: the counts of the
two shipped policies (services/policies/counts.py). They go after the messages queued
before the run, and wait when pushing stops."""


def outbox_row(db: Database, message_id: int) -> OutboxMessage:
    with db.uow(read_only=True) as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def hub_catalogue(hub: HubProcess, member: Member, make_client: MakeClient) -> tuple[int, int]:
    """How many standard versions and course versions the hub publishes."""
    client, _ = make_client(hub.base_url, member.api_key)
    standards = courses = 0
    cursor: str | None = None
    while True:
        page = client.standards_page(cursor, limit=500)
        standards += len(page.upserts)
        cursor = page.next_cursor
        if not page.has_more:
            break
    cursor = None
    while True:
        course_page = client.courses_page(cursor, limit=500)
        courses += len(course_page.versions)
        cursor = course_page.next_cursor
        if not course_page.has_more:
            break
    return standards, courses


def paths(recorder: Recorder) -> list[str]:
    return [f"{r.request.method} {r.request.path_url.split('?')[0]}" for r in recorder.responses]


# --- the link --------------------------------------------------------------------------------


def test_connect_and_disconnect_are_guarded_audited_and_shown(
    db: Database, admin: Principal
) -> None:
    clinician = Principal(None, "carla", "Carla", frozenset({Role.CLINICIAN}))
    with db.uow() as uow, pytest.raises(PermissionDenied):
        federation_link.connect(uow, clinician, "https://hub.example.org", "c-1")
    with db.uow() as uow, pytest.raises(ConfigurationError, match="not encrypted"):
        federation_link.connect(uow, admin, "http://hub.example.org", "c-1")

    with db.uow(read_only=True) as uow:
        assert not federation_link.link_status(uow).connected
    with db.uow() as uow:
        federation_link.connect(uow, admin, "https://hub.example.org/", " c-1 ")
    with db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
    assert status.connected
    assert (status.hub_url, status.clinic_id) == ("https://hub.example.org", "c-1")
    assert status.last_sync_at is None
    assert status.outbox["pending"] == 0
    assert set(status.cursors) == {"standards", "courses"}

    with db.uow() as uow:
        previous = federation_link.disconnect(uow, admin)
    assert previous == federation_link.FederationLink("https://hub.example.org", "c-1")
    with db.uow() as uow:
        assert federation_link.disconnect(uow, admin) is None
    with db.uow(read_only=True) as uow:
        assert not federation_link.link_status(uow).connected
        actions = list(
            uow.session.execute(
                select(AuditEvent.action).where(AuditEvent.action.like("federation.%"))
            ).scalars()
        )
    assert actions == ["federation.connect", "federation.disconnect"]


def test_sync_without_a_link_says_how_to_connect(db: Database, admin: Principal) -> None:
    with pytest.raises(ConfigurationError, match="not connected") as caught:
        SyncEngine(db).run_once()
    assert "federation connect" in (caught.value.hint or "")


def test_connect_command_checks_the_key_and_keeps_it_in_the_keyring(
    db_url: str,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(app, "configure_logging", lambda **_: None)

    def as_admin(*args: str, stdin: str = "") -> int:
        """The command in this process, signed in as the administrator (on PostgreSQL the
        command line acts only for a named user)."""
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PASSWORD}\n{stdin}"))
        return cli.main(["--user", "root", "--password-stdin", *args])

    args = ["federation", "connect", "--db", db_url, "--hub", hub.base_url]
    key_line = member.api_key + "\n"
    code = as_admin(*args, "--clinic-id", member.clinic_id, "--api-key-stdin", stdin=key_line)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert member.name in out
    username = credentials.keyring_username(hub.base_url, member.clinic_id)
    assert memory_keyring.store[(credentials.KEYRING_SERVICE, username)] == member.api_key

    # A key of another clinic is refused before anything is stored.
    code = as_admin(*args, "--clinic-id", "someone-else", "--api-key-stdin", stdin=key_line)
    assert code == ConfigurationError.exit_code
    assert "belongs to the federation's clinic" in capsys.readouterr().err

    assert as_admin("federation", "status", "--json", "--db", db_url) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["connected"] is True
    assert status["clinic_id"] == member.clinic_id

    assert as_admin("federation", "disconnect", "--db", db_url) == 0
    capsys.readouterr()
    # the API key is gone; the clinic's audit key (made at set-up) stays
    assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []


# --- pulls -----------------------------------------------------------------------------------


def test_first_sync_pulls_everything_and_a_second_asks_once_per_resource(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    factory: Factory,
    make_client: MakeClient,
) -> None:
    standards, courses = hub_catalogue(hub, member, make_client)
    assert standards and courses
    link(db, admin, hub.base_url, member)

    report = SyncEngine(db, factory).run_once()
    assert report.errors == []
    assert report.pulled == {"standards": standards, "courses": courses, "packages": courses}
    assert (report.pushed, report.failed, report.pending, report.dead) == (DAILY, 0, 0, 0)
    assert report.exit_code == 0
    with db.uow(read_only=True) as uow:
        assert len(uow.session.execute(select(Standard)).scalars().all()) >= standards
        rows = uow.session.execute(select(CourseVersion)).scalars().all()
        assert len(rows) == courses
        for row in rows:
            assert row.package is not None
            assert hashlib.sha256(row.package).hexdigest() == row.sha256
        assert store.courses_to_download(uow) == []
        status = federation_link.link_status(uow)
    assert status.last_sync_at is not None
    assert all(c.last_error is None for c in status.cursors.values())

    again = SyncEngine(db, factory).run_once()
    assert again.pulled == {"standards": 0, "courses": 0, "packages": 0}
    assert again.exit_code == 0
    assert paths(factory.last) == ["GET /v1/standards", "GET /v1/courses"]


def test_standards_are_pulled_page_by_page(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: MakeClient,
) -> None:
    standards, _ = hub_catalogue(hub, member, make_client)
    link(db, admin, hub.base_url, member)

    class SmallPages(HubClient):
        def standards_page(self, cursor: str | None, limit: int | None = None) -> Any:
            return super().standards_page(cursor, limit=2)

    session = requests.Session()
    session.trust_env = False
    recorder = Recorder()
    session.hooks["response"].append(recorder.on_response)

    def small(hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        return SmallPages(hub_url, api_key, session=session, sleep=recorder.sleeps.append)

    seen: list[tuple[int, int, str]] = []

    class Progress:
        def report(self, done: int, total: int, text: str) -> None:
            seen.append((done, total, text))

        def check_cancelled(self) -> None:
            pass

    try:
        report = SyncEngine(db, small).run_once(Progress())
    finally:
        session.close()
    assert report.pulled["standards"] == standards
    requested = paths(recorder).count("GET /v1/standards")
    assert requested == math.ceil(standards / 2)
    assert any("standards" in text for _, _, text in seen)


# --- pushes ----------------------------------------------------------------------------------


def test_a_contribution_is_delivered_once_with_its_receipt(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    factory: Factory,
    make_client: MakeClient,
) -> None:
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-01")
    with db.uow() as uow:
        batch = TrainingCompletionsSubmission.model_validate(completions(2))
        training = store.enqueue(uow, "training_completions", "training:1", batch)
        uow.commit()

    report = SyncEngine(db, factory).run_once()
    assert (report.pushed, report.failed, report.pending, report.dead) == (2 + DAILY, 0, 0, 0)
    assert report.exit_code == 0
    posts = [p for p in paths(factory.last) if p.startswith("POST")]
    assert posts == [
        "POST /v1/contributions",
        "POST /v1/training-completions",
        *["POST /v1/policy-acknowledgements"] * DAILY,  # queued by the run itself
        "POST /v1/audit-heads",  # the audit trail's head, after the outbox
    ]

    row = outbox_row(db, message_id)
    assert row.state == "sent"
    client, _ = make_client(hub.base_url, member.api_key)
    [receipt] = client.contributions_for("2026-01").receipts
    assert row.response == receipt.model_dump(mode="json")
    training_receipt = outbox_row(db, training.id).response
    assert isinstance(training_receipt, dict) and training_receipt["accepted"]

    again = SyncEngine(db, factory).run_once()
    assert again.pushed == 0
    assert not [p for p in paths(factory.last) if p.startswith("POST /v1/contributions")]
    assert len(client.contributions_for("2026-01").receipts) == 1


def test_a_lost_answer_is_reconciled_and_nothing_is_sent_twice(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: MakeClient,
    proxy: FaultProxy,
) -> None:
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-02")
    # One attempt per call: the client does not replay the POST, the engine must reconcile.
    factory = Factory(make_client, base_url=proxy.base_url, options={"max_attempts": 1})
    proxy.plan(Fault.DROP_AFTER_FORWARD)

    report = SyncEngine(db, factory).run_once()
    assert report.pushed == 1 + DAILY
    assert report.errors == []
    assert [(s.method, s.path, s.fault) for s in proxy.seen[:2]] == [
        ("POST", "/v1/contributions", Fault.DROP_AFTER_FORWARD),
        ("GET", "/v1/contributions/2026-02", Fault.FORWARD),
    ]
    client, _ = make_client(hub.base_url, member.api_key)
    [receipt] = client.contributions_for("2026-02").receipts
    row = outbox_row(db, message_id)
    assert row.state == "sent"
    assert isinstance(row.response, dict)
    assert row.response["receipt_id"] == receipt.receipt_id

    SyncEngine(db, factory).run_once()
    assert len(client.contributions_for("2026-02").receipts) == 1


def test_an_answer_lost_before_the_hub_got_it_is_tried_again_later(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: MakeClient,
    proxy: FaultProxy,
) -> None:
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-03")
    factory = Factory(make_client, base_url=proxy.base_url, options={"max_attempts": 1})
    proxy.plan(Fault.RESET)

    report = SyncEngine(db, factory, rng=lambda: 0.0).run_once()
    assert (report.pushed, report.failed, report.pending) == (0, 1, 1 + DAILY)
    assert report.hub_reachable  # the reconciliation got through
    assert report.exit_code == 2
    row = outbox_row(db, message_id)
    assert (row.state, row.attempts) == ("failed", 1)
    assert "could not be reached" in (row.last_error or "")
    client, _ = make_client(hub.base_url, member.api_key)
    assert client.contributions_for("2026-03").receipts == ()


def test_an_unreachable_hub_leaves_the_outbox_as_it_was(
    db: Database, admin: Principal, member: Member, factory: Factory
) -> None:
    link(db, admin, f"http://127.0.0.1:{free_port()}", member)
    message_id = enqueue_contribution(db, "2026-04")

    report = SyncEngine(db, factory).run_once()
    assert report.hub_reachable is False
    assert report.exit_code == 1
    assert (report.pushed, report.failed, report.pending, report.dead) == (0, 0, 1 + DAILY, 0)
    assert any("could not be reached" in e for e in report.errors)
    row = outbox_row(db, message_id)
    assert (row.state, row.attempts) == ("pending", 0)
    assert factory.last.requests == 0  # nothing answered


def test_a_revoked_key_stops_the_run_and_marks_nothing_failed(
    db: Database, admin: Principal, hub: HubProcess, member: Member, factory: Factory
) -> None:
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-05")
    code, _out, err = run_admin(hub.db_url, "revoke-key", "--clinic", member.clinic_id)
    assert code == 0, err

    report = SyncEngine(db, factory).run_once()
    assert report.authentication_rejected
    assert report.exit_code == 1
    assert any("refused this clinic's API key" in e for e in report.errors)
    assert report.pulled == {"standards": 0, "courses": 0, "packages": 0}
    assert factory.last.requests == 1
    row = outbox_row(db, message_id)
    assert (row.state, row.attempts, row.last_error) == ("pending", 0, None)


def test_a_second_original_for_a_period_goes_dead_with_the_hubs_detail(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    factory: Factory,
    make_client: MakeClient,
) -> None:
    client, _ = make_client(hub.base_url, member.api_key)
    client.submit_contribution(submission("2026-06"), new_key())
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-06")

    report: SyncReport = SyncEngine(db, factory).run_once()
    assert (report.pushed, report.failed, report.pending, report.dead) == (DAILY, 1, 0, 1)
    assert report.exit_code == 2
    row = outbox_row(db, message_id)
    assert row.state == "dead"
    assert "already" in (row.last_error or "")
    assert len(client.contributions_for("2026-06").receipts) == 1
    # A dead message is not tried again by the next run.
    again = SyncEngine(db, factory).run_once()
    assert again.failed == 0 and again.dead == 1
    assert not [p for p in paths(factory.last) if p.startswith("POST /v1/contributions")]


def test_retry_delays_grow_and_honour_retry_after() -> None:
    assert retry_delay(1, None, lambda: 0.0) == 30.0
    assert retry_delay(2, None, lambda: 1.0) == 120.0
    assert retry_delay(30, None, lambda: 1.0) == 6 * 3600.0
    assert retry_delay(1, 900.0, lambda: 0.5) == 900.0
    with pytest.raises(ValueError):
        retry_delay(0, None, lambda: 0.5)


def test_an_original_and_its_amendment_go_out_in_order_in_one_run(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    factory: Factory,
    make_client: MakeClient,
) -> None:
    link(db, admin, hub.base_url, member)
    original = enqueue_contribution(db, "2026-07")
    amendment = enqueue_contribution(db, "2026-07", sequence=1)

    report = SyncEngine(db, factory).run_once()
    assert (report.pushed, report.pending, report.dead) == (2 + DAILY, 0, 0)
    assert [outbox_row(db, m).state for m in (original, amendment)] == ["sent", "sent"]
    client, _ = make_client(hub.base_url, member.api_key)
    receipts = client.contributions_for("2026-07").receipts
    assert [r.sequence for r in receipts] == [0, 1]


def test_a_busy_hub_counts_an_attempt_and_honours_retry_after(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: MakeClient,
    proxy: FaultProxy,
) -> None:
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-08")
    factory = Factory(make_client, base_url=proxy.base_url, options={"max_attempts": 1})
    proxy.plan(Fault.STATUS_503_LONG)
    started = datetime.now(UTC).replace(tzinfo=None)

    report = SyncEngine(db, factory).run_once()
    assert (report.pushed, report.failed, report.pending) == (0, 1, 1 + DAILY)
    assert report.hub_reachable and report.exit_code == 2
    row = outbox_row(db, message_id)
    assert (row.state, row.attempts) == ("failed", 1)
    assert row.next_attempt_at >= started + timedelta(seconds=3600)
    # Not due yet: the next run leaves it alone.
    SyncEngine(db, factory).run_once()
    assert [(s.method, s.path) for s in proxy.seen].count(("POST", "/v1/contributions")) == 1


def test_reconciling_against_a_different_submission_stops_the_message(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: MakeClient,
    proxy: FaultProxy,
) -> None:
    client, _ = make_client(hub.base_url, member.api_key)
    other = ContributionSubmission.model_validate(contribution("2026-09", "99000.00"))
    client.submit_contribution(other, new_key())
    link(db, admin, hub.base_url, member)
    message_id = enqueue_contribution(db, "2026-09")
    factory = Factory(make_client, base_url=proxy.base_url, options={"max_attempts": 1})
    proxy.plan(Fault.DROP_AFTER_FORWARD)

    report = SyncEngine(db, factory).run_once()
    assert (report.pushed, report.failed, report.dead) == (DAILY, 1, 1)
    row = outbox_row(db, message_id)
    assert row.state == "dead"
    assert "send an amendment" in (row.last_error or "")
    assert len(client.contributions_for("2026-09").receipts) == 1
