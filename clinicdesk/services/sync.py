"""The sync engine: one full cycle with the federation hub (DESIGN §6).

A use case: it drives the federation adapters (client, credentials, schemas) and stores
what comes of each call through the services and the database below it; nothing it
calls calls back up into it.

Order: push the outbox first, so the clinic's contributions go out even when pulls are
slow; then send the audit trail's head (services/audit_anchor: the hub keeps a copy a
database administrator cannot rewrite); then pull standards and courses, page by page,
each page stored with its cursor in one committed unit of work; then download the course
packages not stored yet.

Every state change is committed right after the call it follows, so a crash mid-run
never sends again what the hub acknowledged; the idempotency key covers the window
between the hub's commit and ours.

What a failure does:

- `HubUnreachable` (no connection): the run stops; messages are left as they were, due
  at the next run. An outage of the clinic's line is not the message's fault, so it does
  not count towards `dead`. For a contribution, the engine first asks the hub for the
  period's receipts (the POST may have arrived and only the answer been lost).
- `HubUnavailable` (5xx/429 after the client's retries): the same reconciliation, then
  the message is marked failed with back-off (honouring Retry-After); pushing stops for
  this run, pulls are still tried.
- `AuthenticationRejected`: the run stops at once, nothing is marked failed.
- `HubConflict` / `HubRejected`: the hub will never take this message as it is: it is
  marked dead with the hub's detail, for a person to look at.
- `ContractViolation`: counted as a failed attempt (dead after `max_attempts`).
"""

from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn, Protocol, TypeVar

import pydantic

from clinicdesk.db import outbox
from clinicdesk.db.models import SyncCursor
from clinicdesk.db.outbox import OutboxInfo, OutboxState
from clinicdesk.db.unit_of_work import Database, UnitOfWork
from clinicdesk.errors import ValidationError
from clinicdesk.federation import credentials
from clinicdesk.federation.address import configured_ca_bundle
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.errors import (
    AuthenticationRejected,
    HubConflict,
    HubError,
    HubRejected,
    HubUnavailable,
    HubUnreachable,
)
from clinicdesk.federation.schemas import (
    ContributionSubmission,
    PolicyCountsSubmission,
    TrainingCompletionsSubmission,
)
from clinicdesk.i18n import N_, _
from clinicdesk.i18n.formatting import format_money
from clinicdesk.services import audit_anchor, federation_link, revenue
from clinicdesk.services import federation_store as store

log = logging.getLogger(__name__)

CONTRIBUTION = "contribution"
TRAINING_COMPLETIONS = "training_completions"
POLICY_COUNTS = "policy_counts"
PACKAGES = "packages"

RETRY_BASE_S = 60.0
RETRY_CAP_S = 6 * 3600.0
_SYNC_MAX_ATTEMPTS_PER_CALL = 3


class ProgressLike(Protocol):
    """What `ui.tasks.Progress` offers; any object with these two methods will do."""

    def report(self, done: int, total: int, text: str) -> None: ...

    def check_cancelled(self) -> None: ...


class _Page(Protocol):
    @property
    def next_cursor(self) -> str: ...

    @property
    def has_more(self) -> bool: ...


PageT = TypeVar("PageT", bound=_Page)

ClientFactory = Callable[[str, str, str], HubClient]
"""(hub URL, federation clinic id, API key) -> a client for that hub."""


def default_client(hub_url: str, clinic_id: str, api_key: str) -> HubClient:
    """The client a sync uses: a few quick retries per call; the outbox's own back-off
    spreads attempts across runs."""
    return HubClient(
        hub_url,
        api_key,
        ca_bundle=configured_ca_bundle(),
        max_attempts=_SYNC_MAX_ATTEMPTS_PER_CALL,
    )


def retry_delay(attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
    """Seconds before the outbox tries a message again after its `attempt`-th failure
    (1 for the first): exponential from a minute, capped at six hours, with "equal
    jitter" (half fixed, half random) so that a delay never collapses to nothing; never
    less than the hub's Retry-After."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    ceiling = min(RETRY_CAP_S, RETRY_BASE_S * (1 << min(attempt - 1, 32)))
    delay = ceiling / 2 + rng() * ceiling / 2
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return delay


@dataclass
class SyncReport:
    """What one cycle did. `pending` and `dead` are the outbox's totals after the run;
    `pushed` and `failed` count this run's sends."""

    pulled: dict[str, int] = field(
        default_factory=lambda: {outbox.STANDARDS: 0, outbox.COURSES: 0, PACKAGES: 0}
    )
    pushed: int = 0
    failed: int = 0
    dead: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)
    audit_head: int | None = None
    """The audit event whose head the hub now holds (None: none sent)."""
    hub_reachable: bool = True
    authentication_rejected: bool = False
    client_release: str | None = None
    """The ClinicDesk release the hub publishes (None: it published none)."""

    @property
    def hub_usable(self) -> bool:
        return self.hub_reachable and not self.authentication_rejected

    @property
    def exit_code(self) -> int:
        """0 all done; 2 items remain pending or dead (or something failed); 1 the hub
        could not be used at all."""
        if not self.hub_usable:
            return 1
        if self.pending or self.dead or self.errors:
            return 2
        return 0

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["hub_usable"] = self.hub_usable
        return data


class _Stop(Exception):
    """Internal: end the run (hub unreachable or key refused); already reported."""


# What the progress line says while a resource is pulled.
_RECEIVING = {
    outbox.STANDARDS: N_("Receiving standards from the federation"),
    outbox.COURSES: N_("Receiving courses from the federation"),
}
_RECEIVING_OTHER = N_("Receiving updates from the federation")


def _describe(error: HubError) -> str:
    return f"{error.message} {error.hint}" if error.hint else error.message


class SyncEngine:
    """One cycle per `run_once`; holds no session or connection between runs."""

    def __init__(
        self,
        db: Database,
        client_factory: ClientFactory = default_client,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_attempts: int = 8,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts is 1 or more")
        self._db = db
        self._client_factory = client_factory
        self._now = now
        self._max_attempts = max_attempts
        self._rng = rng

    def run_once(self, progress: ProgressLike | None = None) -> SyncReport:
        """Queue today's policy counts, push, pull standards, pull courses, download
        packages. Raises ConfigurationError (not connected, no key) before any request is
        made."""
        with self._db.uow(read_only=True) as uow:
            link = federation_link.require_link(uow)
        api_key = credentials.load_api_key(link.hub_url, link.clinic_id)
        report = SyncReport()
        client = self._client_factory(link.hub_url, link.clinic_id, api_key)
        try:
            try:
                self._queue_policy_counts()
                self._push(client, report, progress)
                self._push_audit_head(client, report)
                self._pull_standards(client, report, progress)
                self._pull_courses(client, report, progress)
                self._download_packages(client, report, progress)
            except _Stop:
                pass
        finally:
            client.close()
        self._note_client_release(client, report)
        with self._db.uow(read_only=True) as uow:
            counts = outbox.outbox_counts(uow)
        report.pending = counts[OutboxState.PENDING] + counts[OutboxState.FAILED]
        report.dead = counts[OutboxState.DEAD]
        log.info(
            "Sync with %s: pulled %s, pushed %d, failed %d, pending %d, dead %d",
            link.hub_url,
            report.pulled,
            report.pushed,
            report.failed,
            report.pending,
            report.dead,
        )
        return report

    def _note_client_release(self, client: HubClient, report: SyncReport) -> None:
        """Keep the release the hub published, when it changed, for Today and the
        Federation area to tell a manager (federation_link.link_status)."""
        release = getattr(client, "client_release", None)  # a stand-in client has none
        if release is None:
            return
        report.client_release = release.version
        with self._db.uow() as uow:
            row = uow.session.get(SyncCursor, outbox.CLIENT_RELEASE)
            if row is not None and (row.cursor, row.etag) == tuple(release):
                return
            outbox.set_cursor(
                uow, outbox.CLIENT_RELEASE, release.version, etag=release.download_url
            )
            uow.commit()

    # --- push ------------------------------------------------------------------------------

    def _queue_policy_counts(self) -> None:
        """Today's policy counts, once per policy version and day (services/policies)."""
        # Imported here: the policies read staff through the training services, which
        # import this module for their outbox kind.
        from clinicdesk.services.policies.counts import queue_daily_counts

        with self._db.uow() as uow:
            if queue_daily_counts(uow, self._now().astimezone().date()):
                uow.commit()

    def _push(self, client: HubClient, report: SyncReport, progress: ProgressLike | None) -> None:
        """Batches of due messages until none is due: once an aggregate's head is sent,
        its next message is due in the next batch, so order within an aggregate holds.
        Every send leaves its message sent, failed with a later attempt, or dead, so no
        message comes round twice in one run."""
        tried: set[int] = set()
        while True:
            with self._db.uow(read_only=True) as uow:
                due = [m for m in outbox.due_messages(uow, self._now()) if m.id not in tried]
            if not due:
                return
            for message in due:
                if progress is not None:
                    progress.check_cancelled()
                    progress.report(
                        len(tried),
                        len(tried) + len(due),
                        _("Sending to the federation ({kind})").format(kind=message.kind),
                    )
                tried.add(message.id)
                if not self._send(client, message, report):
                    return

    def _send(self, client: HubClient, message: OutboxInfo, report: SyncReport) -> bool:
        """Send one message and commit what came of it. False: stop pushing this run."""
        try:
            receipt: pydantic.BaseModel
            if message.kind == CONTRIBUTION:
                submission = ContributionSubmission.model_validate(message.payload)
                receipt = client.submit_contribution(submission, message.idempotency_key)
            elif message.kind == TRAINING_COMPLETIONS:
                batch = TrainingCompletionsSubmission.model_validate(message.payload)
                receipt = client.submit_completions(batch, message.idempotency_key)
            elif message.kind == POLICY_COUNTS:
                counts = PolicyCountsSubmission.model_validate(message.payload)
                receipt = client.submit_policy_counts(counts, message.idempotency_key)
            else:
                self._dead(
                    message,
                    _("ClinicDesk does not know how to send “{kind}”.").format(kind=message.kind),
                )
                report.failed += 1
                report.errors.append(
                    _("Outbox message {number}: unknown kind “{kind}”.").format(
                        number=message.id, kind=message.kind
                    )
                )
                return True
        except pydantic.ValidationError as error:
            self._dead(
                message, _("The stored request is no longer valid: {error}").format(error=error)
            )
            report.failed += 1
            report.errors.append(
                _("Outbox message {number} is not a valid request.").format(number=message.id)
            )
            return True
        except AuthenticationRejected as error:
            self._refused(report, error)
        except (HubUnreachable, HubUnavailable) as error:
            return self._after_lost_answer(client, message, report, error)
        except (HubConflict, HubRejected) as error:
            self._dead(message, _describe(error))
            report.failed += 1
            report.errors.append(
                _("Outbox message {number}: {problem}").format(
                    number=message.id, problem=error.message
                )
            )
            return True
        except HubError as error:  # ContractViolation: the answer could not be read
            self._failed(message, _describe(error), None)
            report.failed += 1
            report.errors.append(error.message)
            return True
        self._sent(message, receipt)
        report.pushed += 1
        return True

    def _after_lost_answer(
        self,
        client: HubClient,
        message: OutboxInfo,
        report: SyncReport,
        error: HubUnreachable | HubUnavailable,
    ) -> bool:
        """No answer to a send. A contribution may have arrived all the same: ask the hub
        for the period's receipts before deciding it failed."""
        reached_later = False
        if message.kind == CONTRIBUTION:
            try:
                outcome = self._reconcile(client, message)
            except AuthenticationRejected as refused:
                self._refused(report, refused)
            except HubError as again:
                log.info("Reconciling outbox message %d failed: %s", message.id, again.message)
            else:
                reached_later = True
                if outcome == "sent":
                    report.pushed += 1
                    return True
                if outcome == "dead":
                    report.failed += 1
                    report.errors.append(
                        _(
                            "Outbox message {number}: the hub already holds a different "
                            "submission for its period and sequence."
                        ).format(number=message.id)
                    )
                    return True
        if isinstance(error, HubUnreachable) and not reached_later:
            self._unreachable(report, error)
        retry_after = error.retry_after if isinstance(error, HubUnavailable) else None
        self._failed(message, _describe(error), retry_after)
        report.failed += 1
        report.errors.append(error.message)
        return False

    def _reconcile(self, client: HubClient, message: OutboxInfo) -> str | None:
        """Look for this message's period and sequence among the hub's receipts: "sent"
        (it had arrived; marked sent with the receipt), "dead" (the hub holds a different
        submission for them), None (it never arrived)."""
        submission = ContributionSubmission.model_validate(message.payload)
        held = client.contributions_for(submission.period)
        for receipt in held.receipts:
            if receipt.sequence != submission.sequence:
                continue
            if receipt.amount != submission.amount:
                self._dead(
                    message,
                    _(
                        "The hub already holds {period} sequence {sequence} with the amount "
                        "{held}, not {amount}; send an amendment instead."
                    ).format(
                        period=submission.period,
                        sequence=submission.sequence,
                        held=format_money(receipt.amount),
                        amount=format_money(submission.amount),
                    ),
                )
                return "dead"
            log.info(
                "Outbox message %d had reached the hub (receipt %s); marked sent",
                message.id,
                receipt.receipt_id,
            )
            self._sent(message, receipt)
            return "sent"
        return None

    def _sent(self, message: OutboxInfo, receipt: pydantic.BaseModel) -> None:
        """Mark the message sent and, for a month's contribution, store the receipt with
        its submission, in one transaction."""
        with self._db.uow() as uow:
            outbox.mark_sent(uow, message.id, receipt)
            if message.kind == CONTRIBUTION:
                revenue.record_receipt(uow, message.id, receipt)
            uow.commit()

    def _failed(self, message: OutboxInfo, error: str, retry_after: float | None) -> None:
        delay = retry_delay(message.attempts + 1, retry_after, self._rng)
        with self._db.uow() as uow:
            outbox.mark_failed(
                uow,
                message.id,
                error,
                self._now() + timedelta(seconds=delay),
                self._max_attempts,
            )
            uow.commit()

    def _dead(self, message: OutboxInfo, error: str) -> None:
        """Mark the message dead at once: sending it again cannot succeed."""
        with self._db.uow() as uow:
            outbox.mark_failed(uow, message.id, error, self._now(), max_attempts=1)
            uow.commit()

    def _push_audit_head(self, client: HubClient, report: SyncReport) -> None:
        try:
            receipt = audit_anchor.push_head(self._db, client)
        except AuthenticationRejected as error:
            self._refused(report, error)
        except HubUnreachable as error:
            self._unreachable(report, error)
        except HubError as error:
            report.errors.append(
                _("The audit trail's head was not sent: {problem}").format(problem=error.message)
            )
            return
        if receipt is None:
            return
        report.audit_head = receipt.seq
        if not receipt.accepted:
            report.errors.append(
                _(
                    "The hub flagged this clinic's audit trail: {conflict}. "
                    "An administrator runs `clinicdesk audit verify`."
                ).format(conflict=receipt.conflict)
            )

    # --- pull ------------------------------------------------------------------------------

    def _pull_standards(
        self, client: HubClient, report: SyncReport, progress: ProgressLike | None
    ) -> None:
        self._pull(
            outbox.STANDARDS,
            report,
            progress,
            fetch=client.standards_page,
            apply=store.apply_standards_page,
            size=lambda page: len(page.upserts) + len(page.retirements),
        )

    def _pull_courses(
        self, client: HubClient, report: SyncReport, progress: ProgressLike | None
    ) -> None:
        self._pull(
            outbox.COURSES,
            report,
            progress,
            fetch=client.courses_page,
            apply=store.apply_courses_page,
            size=lambda page: len(page.versions),
        )

    def _pull(
        self,
        resource: str,
        report: SyncReport,
        progress: ProgressLike | None,
        *,
        fetch: Callable[[str | None], PageT],
        apply: Callable[[UnitOfWork, PageT], object],
        size: Callable[[PageT], int],
    ) -> None:
        """Pages until the hub says there are no more; each page and its cursor in one
        committed unit of work, so a failure resumes after the last stored page."""
        with self._db.uow(read_only=True) as uow:
            cursor = outbox.get_cursor(uow, resource)
        pages = 0
        while True:
            if progress is not None:
                progress.check_cancelled()
                progress.report(pages, 0, _(_RECEIVING.get(resource, _RECEIVING_OTHER)))
            try:
                page = fetch(cursor)
            except AuthenticationRejected as error:
                self._refused(report, error)
            except HubUnreachable as error:
                self._record_error(resource, error.message)
                self._unreachable(report, error)
            except HubError as error:
                self._record_error(resource, error.message)
                report.errors.append(error.message)
                return
            with self._db.uow() as uow:
                apply(uow, page)
                uow.commit()
            pages += 1
            report.pulled[resource] += size(page)
            cursor = page.next_cursor
            if not page.has_more:
                return

    def _download_packages(
        self, client: HubClient, report: SyncReport, progress: ProgressLike | None
    ) -> None:
        with self._db.uow(read_only=True) as uow:
            wanted = store.courses_to_download(uow)
        if not wanted:
            return
        with tempfile.TemporaryDirectory(prefix="clinicdesk-packages-") as folder:
            for done, course in enumerate(wanted):
                if progress is not None:
                    progress.check_cancelled()
                    progress.report(
                        done,
                        len(wanted),
                        _("Downloading the course {course}").format(course=course.course_id),
                    )
                target = Path(folder) / f"{course.course_id}-{course.version}.zip"
                try:
                    fetched = client.download_package(
                        course.course_id, course.version, target, course.sha256, etag=course.etag
                    )
                except AuthenticationRejected as error:
                    self._refused(report, error)
                except HubUnreachable as error:
                    self._record_error(outbox.COURSES, error.message)
                    self._unreachable(report, error)
                except HubError as error:
                    self._record_error(outbox.COURSES, error.message)
                    report.errors.append(error.message)
                    continue
                if not fetched:
                    continue
                try:
                    with self._db.uow() as uow:
                        store.store_package(
                            uow, course.course_id, course.version, target.read_bytes()
                        )
                        uow.commit()
                except ValidationError as error:
                    message = _(
                        "The package of {course} version {version} was not used: {problem}"
                    ).format(course=course.course_id, version=course.version, problem=error.message)
                    self._record_error(outbox.COURSES, message)
                    report.errors.append(message)
                    continue
                finally:
                    target.unlink(missing_ok=True)
                report.pulled[PACKAGES] += 1

    # --- stopping --------------------------------------------------------------------------

    def _record_error(self, resource: str, message: str) -> None:
        with self._db.uow() as uow:
            outbox.record_sync_error(uow, resource, message)
            uow.commit()

    def _refused(self, report: SyncReport, error: AuthenticationRejected) -> NoReturn:
        report.authentication_rejected = True
        report.errors.append(_describe(error))
        raise _Stop from error

    def _unreachable(self, report: SyncReport, error: HubUnreachable) -> NoReturn:
        report.hub_reachable = False
        report.errors.append(_describe(error))
        raise _Stop from error
