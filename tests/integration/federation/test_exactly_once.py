"""Exactly once, whatever the network does (DESIGN §6): a random outbox (contributions for a
few months, each an original and amendments in sequence, and training-completion batches)
is pushed by `SyncEngine.run_once` to a real hub behind the fault proxy while a random
sequence of faults lasts (refused connections, resets, answers lost after the hub
committed, 500, 503, 429, malformed and corrupted answers); then the network heals. The
hub must then hold every message exactly once, each month's amendments in order, and the
clinic must hold the hub's own receipt for each, with nothing left pending or dead.

Sleeps are recorded, not slept; the engine's clock jumps seven hours per run, past any
back-off (six hours at most) and any Retry-After the proxy sends (one hour at most)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from clinicdesk.app import open_database
from clinicdesk.db.models import OutboxMessage
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import ContributionSubmission, TrainingCompletionsSubmission
from clinicdesk.hub.models import HubClinic, HubContribution, HubTrainingCompletion
from clinicdesk.services import federation_link, setup
from clinicdesk.services import federation_store as store
from clinicdesk.services.sync import CONTRIBUTION, TRAINING_COMPLETIONS, SyncEngine
from tests.helpers.faults import Fault, FaultProxy
from tests.helpers.hub import HubProcess, free_port
from tests.integration.federation.conftest import Member, add_member
from tests.integration.hub.bodies import completions, contribution

REFUSED = "refused"
"""Not a proxy fault: the whole run goes to a closed port (the clinic's line is down)."""

Step = Fault | str
RUN_STEP = timedelta(hours=7)
HEALING_RUNS = 5
PERIODS = ("2025-01", "2025-02", "2025-03", "2025-04")

FAULTS: tuple[Fault, ...] = tuple(f for f in Fault if f is not Fault.FORWARD)


@dataclass(frozen=True)
class Planned:
    """One outbox message the test queued, and what the hub must end up holding."""

    kind: str
    aggregate_key: str
    period: str | None = None
    sequence: int | None = None
    amount: Decimal | None = None
    completion_ids: tuple[str, ...] = ()
    message_id: int = 0


@dataclass
class Clock:
    moment: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.moment

    def advance(self) -> None:
        self.moment += RUN_STEP


@dataclass
class Factory:
    """Clients for the engine: to `target` (the proxy, or a closed port), few attempts per
    call so that faults reach the engine, sleeps recorded instead of slept."""

    target: str
    max_attempts: int
    sleeps: list[float] = field(default_factory=list)
    sessions: list[requests.Session] = field(default_factory=list)

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False
        self.sessions.append(session)
        return HubClient(
            self.target,
            api_key,
            session=session,
            max_attempts=self.max_attempts,
            sleep=self.sleeps.append,
            rng=lambda: 0.5,
        )

    def close(self) -> None:
        for session in self.sessions:
            session.close()


def new_clinic_db(folder: Path) -> tuple[Database, Principal]:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(f"sqlite:///{folder / 'clinic.sqlite3'}")
    with db.uow() as uow:
        admin = setup.initialise(uow, "Exactly Once Co-op", "root", "Root Admin", "pw-123456789")
    return db, admin


def connect(db: Database, admin: Principal, hub: HubProcess, member: Member) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)


def enqueue_all(db: Database, order: Sequence[tuple[str, str | int]]) -> list[Planned]:
    """Queue the messages in `order`: ("c", period) is the next submission of that month
    (its original first, then amendments that restate it with more revenue), ("t", n) a
    batch of n completions."""
    planned: list[Planned] = []
    sequences: dict[str, int] = {}
    for kind, value in order:
        with db.uow() as uow:
            if kind == "c":
                period = str(value)
                sequence = sequences.get(period, 0)
                sequences[period] = sequence + 1
                body = contribution(period, f"{12000 + 250 * sequence}.00", sequence=sequence)
                submission = ContributionSubmission.model_validate(body)
                info = store.enqueue(uow, CONTRIBUTION, f"contribution:{period}", submission)
                item = Planned(
                    CONTRIBUTION,
                    info.aggregate_key,
                    period,
                    sequence,
                    submission.amount,
                    message_id=info.id,
                )
            else:
                batch = TrainingCompletionsSubmission.model_validate(completions(int(value)))
                key = f"training:{uuid.uuid4()}"
                info = store.enqueue(uow, TRAINING_COMPLETIONS, key, batch)
                ids = tuple(str(c.completion_id) for c in batch.completions)
                item = Planned(TRAINING_COMPLETIONS, key, completion_ids=ids, message_id=info.id)
            uow.commit()
        planned.append(item)
    return planned


def split_runs(steps: Sequence[Step]) -> Iterator[list[Step]]:
    """Consecutive proxy faults share a run; a refusal is a run of its own."""
    chunk: list[Step] = []
    for step in steps:
        if step == REFUSED:
            if chunk:
                yield chunk
                chunk = []
            yield [REFUSED]
        else:
            chunk.append(step)
            if len(chunk) == 3:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def deliver(
    hub: HubProcess,
    db: Database,
    admin: Principal,
    order: Sequence[tuple[str, str | int]],
    steps: Sequence[Step],
    max_attempts: int,
) -> None:
    """The scenario: a new member clinic, the outbox, the faults, the healing, the checks."""
    member = add_member(hub, "Exactly Once Co-op")
    connect(db, admin, hub, member)
    planned = enqueue_all(db, order)
    clock = Clock()
    with FaultProxy(hub.base_url) as proxy:
        via_proxy = Factory(proxy.base_url, max_attempts)
        refused = Factory(f"http://127.0.0.1:{free_port()}", max_attempts)
        try:
            for chunk in split_runs(steps):
                if chunk == [REFUSED]:
                    report = SyncEngine(db, refused, now=clock, max_attempts=1000).run_once()
                    assert report.exit_code == 1 and not report.hub_reachable
                else:
                    proxy.plan(*(Fault(step) for step in chunk))
                    SyncEngine(db, via_proxy, now=clock, max_attempts=1000).run_once()
                    # Leftover faults (the run stopped early) are used up by the next run.
                clock.advance()
            for _ in range(HEALING_RUNS):
                report = SyncEngine(db, via_proxy, now=clock, max_attempts=1000).run_once()
                clock.advance()
                if report.exit_code == 0 and proxy.pending == 0:
                    break
            assert proxy.pending == 0, "every planned fault was met"
        finally:
            via_proxy.close()
            refused.close()
    assert report.errors == [], report.errors
    assert (report.pending, report.dead, report.exit_code) == (0, 0, 0), report
    assert all(delay <= 3600 for delay in via_proxy.sleeps)
    check_hub_holds_each_once(hub, db, member, planned)


def check_hub_holds_each_once(
    hub: HubProcess, db: Database, member: Member, planned: Sequence[Planned]
) -> None:
    with db.uow(read_only=True) as uow:
        rows = {row.id: row for row in uow.session.execute(select(OutboxMessage)).scalars()}
        outbox = {
            item.message_id: (rows[item.message_id].state, rows[item.message_id].response)
            for item in planned
        }
    engine = create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            clinic_pk = conn.execute(
                select(HubClinic.id).where(HubClinic.clinic_id == member.clinic_id)
            ).scalar_one()
            held = conn.execute(
                select(
                    HubContribution.period,
                    HubContribution.sequence,
                    HubContribution.amount,
                    HubContribution.receipt_id,
                )
                .where(HubContribution.clinic_pk == clinic_pk)
                .order_by(HubContribution.id)
            ).all()
            done = conn.execute(
                select(HubTrainingCompletion.completion_id, HubTrainingCompletion.receipt_id)
                .where(HubTrainingCompletion.clinic_pk == clinic_pk)
                .order_by(HubTrainingCompletion.id)
            ).all()
    finally:
        engine.dispose()

    assert all(state == "sent" for state, _ in outbox.values()), outbox

    # Contributions: exactly the queued ones, once each, each month in sequence order, and
    # the clinic keeps the very receipt the hub issued.
    contributions = [p for p in planned if p.kind == CONTRIBUTION]
    assert sorted((r.period, r.sequence) for r in held) == sorted(
        (p.period, p.sequence) for p in contributions
    )
    for period in {p.period for p in contributions}:
        assert [r.sequence for r in held if r.period == period] == sorted(
            p.sequence
            for p in contributions
            if p.period == period  # type: ignore[type-var]
        )
    by_key = {(r.period, r.sequence): r for r in held}
    for item in contributions:
        row = by_key[(item.period, item.sequence)]
        assert row.amount == item.amount
        _, response = outbox[item.message_id]
        assert isinstance(response, dict) and response["receipt_id"] == row.receipt_id

    # Completions: every one once, each batch under the one receipt its message holds.
    batches = [p for p in planned if p.kind == TRAINING_COMPLETIONS]
    assert sorted(c.completion_id for c in done) == sorted(
        cid for b in batches for cid in b.completion_ids
    )
    receipts = {c.completion_id: c.receipt_id for c in done}
    for item in batches:
        _, response = outbox[item.message_id]
        assert isinstance(response, dict)
        assert {receipts[cid] for cid in item.completion_ids} == {response["receipt_id"]}
        assert sorted(response["accepted"]) == sorted(item.completion_ids)


# --- strategies --------------------------------------------------------------------------------


@st.composite
def outboxes(draw: st.DrawFn) -> list[tuple[str, str | int]]:
    """1 to 3 submissions for each of 1 to 3 months and 0 to 2 completion batches, in a
    random queueing order (a month's sequence follows the order its items are queued)."""
    periods = draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=3, unique=True))
    items: list[tuple[str, str | int]] = []
    for period in periods:
        items += [("c", period)] * draw(st.integers(1, 3))
    items += [("t", n) for n in draw(st.lists(st.integers(1, 3), max_size=2))]
    return list(draw(st.permutations(items)))


steps_strategy = st.lists(st.sampled_from([*FAULTS, REFUSED]), min_size=1, max_size=10)


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=outboxes(), steps=steps_strategy, max_attempts=st.integers(1, 3))
def test_every_message_reaches_the_hub_exactly_once_in_order(
    hub: HubProcess,
    tmp_path_factory: pytest.TempPathFactory,
    order: list[tuple[str, str | int]],
    steps: list[Step],
    max_attempts: int,
) -> None:
    db, admin = new_clinic_db(tmp_path_factory.mktemp("exactly-once"))
    try:
        deliver(hub, db, admin, order, steps, max_attempts)
    finally:
        db.dispose()


def test_exactly_once_on_each_database(db: Database, admin: Principal, hub: HubProcess) -> None:
    """One fixed, rough scenario on the clinic's SQLite file and on PostgreSQL."""
    order: list[tuple[str, str | int]] = [
        ("c", "2025-05"),
        ("t", 2),
        ("c", "2025-05"),
        ("c", "2025-06"),
        ("c", "2025-05"),
    ]
    steps: list[Step] = [
        Fault.DROP_AFTER_FORWARD,
        REFUSED,
        Fault.STATUS_503,
        Fault.DROP_AFTER_FORWARD,
        Fault.CORRUPT_BODY,
        Fault.STATUS_429,
        Fault.RESET,
        Fault.MALFORMED,
        Fault.DROP_AFTER_FORWARD,
    ]
    deliver(hub, db, admin, order, steps, max_attempts=1)
