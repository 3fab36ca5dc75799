"""The federation client against a real hub process over HTTP on 127.0.0.1: every call,
the errors it maps, and its retries — with faults injected by a proxy between the two
(tests/helpers/faults.py). Back-off sleeps are recorded, never slept."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from clinicdesk.errors import ConfigurationError
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.errors import (
    AuthenticationRejected,
    ContractViolation,
    HubConflict,
    HubRejected,
    HubUnavailable,
    HubUnreachable,
)
from clinicdesk.federation.schemas import (
    IDEMPOTENCY_KEY_HEADER,
    ContributionSubmission,
    CourseVersionInfo,
    ProblemType,
    TrainingCompletionsSubmission,
)
from clinicdesk.hub import resources_dir
from tests.helpers.faults import Fault, FaultProxy
from tests.helpers.hub import HubProcess, free_port, run_admin
from tests.integration.federation.conftest import Member, Recorder, add_member, running_hub
from tests.integration.hub.bodies import completions, contribution, new_key

MakeClient = Callable[..., tuple[HubClient, Recorder]]

SEEDED_STANDARDS = len(list((resources_dir() / "standards").glob("*.json")))
# What a 0.5 jitter draw gives after failed attempts 1, 2, 3, 4: half of 0.5, 1, 2, 4 s.
BACKOFF_AT_HALF = [0.25, 0.5, 1.0, 2.0]


def submission(
    period: str, member_fees: str = "12000.00", sequence: int = 0
) -> ContributionSubmission:
    return ContributionSubmission.model_validate(
        contribution(period, member_fees, sequence=sequence)
    )


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    with FaultProxy(hub.base_url) as fault_proxy:
        yield fault_proxy


def first_course(client: HubClient) -> CourseVersionInfo:
    page = client.courses_page(None)
    assert page.versions, "the seeded hub publishes courses"
    return page.versions[0]


# --- every call -------------------------------------------------------------------------------


def test_clinic_says_who_we_are(hub: HubProcess, member: Member, make_client: MakeClient) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    info = client.clinic()
    assert info.clinic_id == member.clinic_id
    assert info.name == member.name
    assert info.contribution_rate.standard_id == "contribution-rate.federation"
    assert info.contribution_rate.rate == Decimal("0.0300")
    assert recorder.requests == 1
    sent = recorder.responses[0].request
    assert sent.headers["Authorization"] == f"Bearer {member.api_key}"
    assert member.api_key not in repr(client)


def test_standards_are_paged_to_the_end_and_a_resync_is_one_request(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    cursor: str | None = None
    ids: list[str] = []
    pages = 0
    while True:
        page = client.standards_page(cursor, limit=5)
        pages += 1
        ids.extend(document.id for document in page.upserts)
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert len(ids) == SEEDED_STANDARDS
    assert len(set(ids)) == SEEDED_STANDARDS
    assert pages == math.ceil(SEEDED_STANDARDS / 5)
    assert recorder.requests == pages

    before = recorder.requests
    again = client.standards_page(cursor)
    assert recorder.requests == before + 1
    assert again.upserts == () and again.retirements == ()
    assert again.next_cursor == cursor
    assert again.has_more is False
    assert "limit" not in (recorder.responses[-1].request.url or "")


def test_courses_page_and_a_cursor_the_hub_never_issued(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    page = client.courses_page(None, limit=100)
    assert not page.has_more
    assert {v.course_id for v in page.versions} >= {"hand-hygiene", "patient-privacy-basics"}
    assert client.courses_page(page.next_cursor).versions == ()

    with pytest.raises(HubRejected) as caught:
        client.courses_page("999999999")
    assert caught.value.status == 422
    assert caught.value.problem_type == ProblemType.VALIDATION
    assert "sync from the start" in str(caught.value)
    assert recorder.sleeps == []  # a refusal is not retried


def test_package_is_verified_then_304_leaves_it(
    hub: HubProcess, member: Member, make_client: MakeClient, tmp_path: Path
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    course = first_course(client)
    dest = tmp_path / "packages" / f"{course.course_id}-{course.version}.zip"

    assert client.download_package(course.course_id, course.version, dest, course.sha256)
    data = dest.read_bytes()
    assert hashlib.sha256(data).hexdigest() == course.sha256
    assert len(data) == course.size_bytes
    assert data[:2] == b"PK"

    stamp = dest.stat().st_mtime_ns
    assert not client.download_package(
        course.course_id, course.version, dest, course.sha256, etag=course.sha256
    )
    assert recorder.responses[-1].status_code == 304
    assert recorder.responses[-1].request.headers["If-None-Match"] == f'"{course.sha256}"'
    assert dest.read_bytes() == data and dest.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


def test_a_package_with_the_wrong_sha256_leaves_nothing(
    hub: HubProcess, member: Member, make_client: MakeClient, tmp_path: Path
) -> None:
    client, _recorder = make_client(hub.base_url, member.api_key)
    course = first_course(client)
    dest = tmp_path / "package.zip"
    with pytest.raises(ContractViolation, match="damaged") as caught:
        client.download_package(course.course_id, course.version, dest, "0" * 64)
    assert "/package" in caught.value.call
    assert list(tmp_path.iterdir()) == []


def test_missing_package_is_refused(
    hub: HubProcess, member: Member, make_client: MakeClient, tmp_path: Path
) -> None:
    client, _recorder = make_client(hub.base_url, member.api_key)
    with pytest.raises(HubRejected) as caught:
        client.download_package("no-such-course", 1, tmp_path / "x.zip", "0" * 64)
    assert caught.value.status == 404
    assert list(tmp_path.iterdir()) == []


def test_contribution_replay_conflict_amendment_and_reconcile(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    original = submission("2026-01")
    key = new_key()
    receipt = client.submit_contribution(original, key)
    assert (receipt.period, receipt.sequence, receipt.amount) == ("2026-01", 0, original.amount)
    assert recorder.responses[-1].request.headers[IDEMPOTENCY_KEY_HEADER] == key

    replay = client.submit_contribution(original, key)
    assert replay == receipt
    assert recorder.responses[-1].headers["Idempotent-Replayed"] == "true"

    with pytest.raises(HubConflict) as conflict:
        client.submit_contribution(submission("2026-01", "13000.00"), new_key())
    assert conflict.value.status == 409
    assert conflict.value.problem_type == ProblemType.PERIOD_ALREADY_SUBMITTED
    assert conflict.value.extensions["next_sequence"] == 1
    assert "amendment" in (conflict.value.detail or "")

    with pytest.raises(HubRejected) as reused:
        client.submit_contribution(submission("2026-01", "14000.00"), key)
    assert reused.value.status == 422
    assert reused.value.problem_type == ProblemType.IDEMPOTENCY_KEY_REUSED

    amendment = client.submit_contribution(submission("2026-01", "13000.00", sequence=1), new_key())
    assert amendment.sequence == 1

    held = client.contributions_for("2026-01")
    assert held.period == "2026-01"
    assert [r.receipt_id for r in held.receipts] == [receipt.receipt_id, amendment.receipt_id]
    assert client.contributions_for("2026-02").receipts == ()
    assert recorder.sleeps == []  # 409 and 422 are not retried


def test_post_needs_an_idempotency_key(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    with pytest.raises(ValueError, match="Idempotency-Key"):
        client.submit_contribution(submission("2026-01"), "")
    assert recorder.requests == 0


def test_completions_are_accepted_and_replayed(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, _recorder = make_client(hub.base_url, member.api_key)
    batch = TrainingCompletionsSubmission.model_validate(completions(3))
    key = new_key()
    receipt = client.submit_completions(batch, key)
    assert set(receipt.accepted) == {c.completion_id for c in batch.completions}
    assert client.submit_completions(batch, key) == receipt


def test_fund_statement(hub: HubProcess, member: Member, make_client: MakeClient) -> None:
    client, _recorder = make_client(hub.base_url, member.api_key)
    sent = submission("2025-11", "1000.00")
    client.submit_contribution(sent, new_key())
    statement = client.fund("2025-11", "2025-11")
    assert (statement.period_from, statement.period_to) == ("2025-11", "2025-11")
    assert statement.total == sent.amount
    assert sum(part.amount for part in statement.parts) == statement.total
    assert client.fund().period_from.endswith("-01")
    with pytest.raises(HubRejected) as caught:
        client.fund("2026-02", "2026-01")
    assert caught.value.status == 422


# --- refusals and failures ----------------------------------------------------------------------


def test_a_revoked_key_is_rejected_once_and_never_retried(
    hub: HubProcess, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(hub.base_url, member.api_key)
    client.clinic()
    code, _out, err = run_admin(hub.db_url, "revoke-key", "--clinic", member.clinic_id)
    assert code == 0, err

    with pytest.raises(AuthenticationRejected) as caught:
        client.clinic()
    assert recorder.requests == 2
    assert caught.value.status == 401
    assert "new API key" in str(caught.value)
    assert "clinicdesk federation connect" in str(caught.value)

    with pytest.raises(AuthenticationRejected):
        client.submit_contribution(submission("2026-01"), new_key())
    assert recorder.requests == 3
    assert recorder.sleeps == []


def test_connection_refused_is_retried_then_unreachable(make_client: MakeClient) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    client, recorder = make_client(closed, "some-key", max_attempts=5)
    with pytest.raises(HubUnreachable) as caught:
        client.clinic()
    assert recorder.sleeps == BACKOFF_AT_HALF
    assert recorder.requests == 0
    assert caught.value.call == "GET /v1/clinic"
    assert "could not be reached" in str(caught.value)


def test_a_post_to_a_closed_port_is_retried_too(make_client: MakeClient) -> None:
    client, recorder = make_client(f"http://127.0.0.1:{free_port()}", "k", max_attempts=3)
    with pytest.raises(HubUnreachable):
        client.submit_contribution(submission("2026-01"), new_key())
    assert recorder.sleeps == BACKOFF_AT_HALF[:2]


def test_plain_http_to_another_computer_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="HTTPS"):
        HubClient("http://hub.example.org", "some-key")


# --- injected faults --------------------------------------------------------------------------


def test_503_is_retried_after_its_retry_after(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    proxy.plan(Fault.STATUS_503, Fault.STATUS_503)
    assert client.clinic().clinic_id == member.clinic_id
    assert recorder.sleeps == [2.0, 2.0]  # Retry-After: 2 beats 0.25 and 0.5
    assert [r.status_code for r in recorder.responses] == [503, 503, 200]


def test_500_and_429_are_retried_with_backoff(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    proxy.plan(Fault.STATUS_500, Fault.STATUS_429, Fault.STATUS_500)
    assert client.clinic().clinic_id == member.clinic_id
    # The 429's Retry-After is a date in the past: no extra wait.
    assert recorder.sleeps == BACKOFF_AT_HALF[:3]
    assert len(proxy.seen) == 4


def test_5xx_on_every_attempt_is_unavailable(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key, max_attempts=3)
    proxy.plan(Fault.STATUS_503, Fault.STATUS_500, Fault.STATUS_503)
    with pytest.raises(HubUnavailable) as caught:
        client.clinic()
    assert caught.value.status == 503
    assert caught.value.retry_after == 2.0
    assert recorder.sleeps == [2.0, 0.5]
    assert proxy.pending == 0


def test_a_long_retry_after_is_left_to_the_next_sync(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    proxy.plan(Fault.STATUS_503_LONG)
    with pytest.raises(HubUnavailable) as caught:
        client.clinic()
    assert caught.value.retry_after == 3600.0
    assert recorder.sleeps == []  # not an hour blocked inside one call
    assert len(proxy.seen) == 1


@pytest.mark.parametrize("fault", [Fault.MALFORMED, Fault.SCHEMA_VIOLATION])
def test_a_body_outside_the_contract_is_a_contract_violation(
    proxy: FaultProxy, member: Member, make_client: MakeClient, fault: Fault
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    proxy.plan(fault)
    with pytest.raises(ContractViolation) as caught:
        client.clinic()
    assert caught.value.call == "GET /v1/clinic"
    assert "GET /v1/clinic" in str(caught.value)
    assert "contract" in str(caught.value)
    assert recorder.sleeps == []  # not retried: the same answer would come back
    assert client.clinic().clinic_id == member.clinic_id  # the fault has cleared


@pytest.mark.parametrize("fault", [Fault.RESET, Fault.TRUNCATED])
def test_a_lost_or_cut_answer_to_a_get_is_retried(
    proxy: FaultProxy, member: Member, make_client: MakeClient, fault: Fault
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    proxy.plan(fault)
    assert client.clinic().clinic_id == member.clinic_id
    assert recorder.sleeps == [0.25]
    assert len(proxy.seen) == 2


def test_a_contribution_whose_answer_was_lost_is_recorded_once(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    sent = submission("2026-03")
    proxy.plan(Fault.DROP_AFTER_FORWARD, Fault.STATUS_503)
    receipt = client.submit_contribution(sent, "contribution-2026-03-0")
    assert recorder.sleeps == [0.25, 2.0]
    posts = [seen for seen in proxy.seen if seen.method == "POST"]
    assert len(posts) == 3
    assert {seen.headers[IDEMPOTENCY_KEY_HEADER] for seen in posts} == {"contribution-2026-03-0"}
    assert recorder.responses[-1].headers["Idempotent-Replayed"] == "true"

    held = client.contributions_for("2026-03")
    assert [r.receipt_id for r in held.receipts] == [receipt.receipt_id]


def test_a_completions_post_is_retried_after_a_reset(
    proxy: FaultProxy, member: Member, make_client: MakeClient
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    batch = TrainingCompletionsSubmission.model_validate(completions(2))
    proxy.plan(Fault.RESET)
    receipt = client.submit_completions(batch, new_key())
    assert len(receipt.accepted) == 2
    assert recorder.sleeps == [0.25]


def test_a_package_changed_in_transit_is_refused_and_a_reset_is_retried(
    proxy: FaultProxy, member: Member, make_client: MakeClient, tmp_path: Path
) -> None:
    client, recorder = make_client(proxy.base_url, member.api_key)
    course = first_course(client)
    dest = tmp_path / "course.zip"
    proxy.plan(Fault.CORRUPT_BODY)
    with pytest.raises(ContractViolation, match="damaged"):
        client.download_package(course.course_id, course.version, dest, course.sha256)
    assert list(tmp_path.iterdir()) == []

    proxy.plan(Fault.RESET, Fault.TRUNCATED)
    assert client.download_package(course.course_id, course.version, dest, course.sha256)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == course.sha256
    assert recorder.sleeps == [0.25, 0.5]
    assert list(tmp_path.iterdir()) == [dest]


# --- the main path on PostgreSQL ----------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    with running_hub("postgresql", tmp_path_factory.mktemp("hub-postgresql")) as server:
        yield server


def test_main_path_on_postgresql(
    pg_hub: HubProcess, make_client: MakeClient, tmp_path: Path
) -> None:
    pg_hub.mark_log()
    member = add_member(pg_hub, "Hillview Community Clinic")
    client, recorder = make_client(pg_hub.base_url, member.api_key)
    assert client.clinic().clinic_id == member.clinic_id
    page = client.standards_page(None, limit=100)
    assert len(page.upserts) == SEEDED_STANDARDS and not page.has_more
    course = first_course(client)
    dest = tmp_path / "course.zip"
    assert client.download_package(course.course_id, course.version, dest, course.sha256)
    assert not client.download_package(
        course.course_id, course.version, dest, course.sha256, etag=course.sha256
    )
    key = new_key()
    receipt = client.submit_contribution(submission("2026-01"), key)
    assert client.submit_contribution(submission("2026-01"), key) == receipt
    with pytest.raises(HubConflict):
        client.submit_contribution(submission("2026-01"), new_key())
    assert client.contributions_for("2026-01").receipts == (receipt,)
    batch = TrainingCompletionsSubmission.model_validate(completions(1))
    assert len(client.submit_completions(batch, new_key()).accepted) == 1
    assert client.fund("2026-01", "2026-01").total == receipt.amount
    assert recorder.sleeps == []
    problems = pg_hub.log_problems()
    assert not problems, "The hub logged:\n" + "\n".join(problems)
