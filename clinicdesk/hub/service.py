"""What the hub does, without HTTP: the admin commands and the API both call these.

Bodies are the contract's pydantic models (`clinicdesk.federation.schemas`). Refusals a
clinic's program must understand are `Refusal`s carrying their HTTP status and problem
type; the operator's mistakes are the usual ClinicDeskErrors.

API keys: a key is 32 random bytes from `secrets` (256 bits), shown once and stored as
its SHA-256. A fast hash is enough here, unlike for passwords: nobody can guess through
2^256 keys, so there is nothing for a slow hash (scrypt, argon2) to slow down, and a fast
one lets every request find its key through a unique index instead of trying each hash.

Idempotency: a POST's successful response is stored with the clinic, the key, the
operation and the SHA-256 of the canonical request body, in the same transaction as what
it created. A replay gets the stored bytes; the same key with another body (or on the
other endpoint) is refused. Refusals are not stored, so a corrected request may reuse the
key. The key is claimed (inserted) first, so two copies of a request racing each other
meet on its unique index: the second waits for the first to commit, fails, starts again
and finds the first one's response. Different requests racing for the same thing (two
originals for one month) meet on that thing's unique constraint the same way and the
loser, starting again, is refused as if it had come second.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import LargeBinary, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinicdesk.db.models import utcnow
from clinicdesk.errors import ClinicDeskError, ConflictError, NotFoundError, ValidationError
from clinicdesk.federation import packages
from clinicdesk.federation.schemas import (
    ClinicContributionRate,
    ClinicInfo,
    ContributionRateStandard,
    ContributionReceipt,
    ContributionsForPeriod,
    ContributionSubmission,
    CoursesPage,
    CourseVersionInfo,
    FundAllocationStandard,
    FundPartAmount,
    FundStatement,
    ProblemField,
    ProblemType,
    StandardDocument,
    StandardKind,
    StandardRetirement,
    StandardsPage,
    TrainingCompletion,
    TrainingCompletionsReceipt,
    TrainingCompletionsSubmission,
    standard_adapter,
)
from clinicdesk.hub.db import HubDatabase, lock_change_feed
from clinicdesk.hub.models import (
    HubApiKey,
    HubChange,
    HubClinic,
    HubContribution,
    HubCourseVersion,
    HubIdempotencyRecord,
    HubStandard,
    HubTrainingCompletion,
)
from clinicdesk.hub.training import apply_revocations, store_census

API_KEY_PREFIX = "cdhub_"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
PACKAGE_SLICE_BYTES = 256 * 1024
_CURSOR_TEXT = re.compile(r"\d{1,18}")
_IDEMPOTENT_ATTEMPTS = 4

# Problem types the contract's ProblemType does not list yet (see the hub's report).
AMENDMENT_OUT_OF_SEQUENCE = "urn:clinicdesk:problem:amendment-out-of-sequence"
COMPLETION_CONFLICT = "urn:clinicdesk:problem:completion-conflict"

STANDARDS = "standards"
COURSES = "courses"
PUBLISH = "publish"
RETIRE = "retire"


class Refusal(ClinicDeskError):
    """A request the hub refuses, as an RFC 9457 problem: `status`, `problem_type`,
    `title`, the message as `detail`, and extension members in `extensions`."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        problem_type: str = "about:blank",
        headers: dict[str, str] | None = None,
        errors: Sequence[ProblemField] = (),
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.problem_type = problem_type
        self.headers = headers or {}
        self.errors = tuple(errors)
        self.extensions = extensions


def _unauthorized(detail: str) -> Refusal:
    return Refusal(
        401,
        "Unauthorized",
        detail,
        problem_type=ProblemType.UNAUTHORIZED,
        headers={"WWW-Authenticate": 'Bearer realm="clinicdesk-hub"'},
    )


def _not_found(detail: str) -> Refusal:
    return Refusal(404, "Not Found", detail, problem_type=ProblemType.NOT_FOUND)


def _invalid(detail: str, field_name: str) -> Refusal:
    return Refusal(
        422,
        "Unprocessable Content",
        detail,
        problem_type=ProblemType.VALIDATION,
        errors=(ProblemField(field=field_name, message=detail),),
    )


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def today_utc() -> date:
    return datetime.now(UTC).date()


def canonical_json(model: BaseModel) -> str:
    """One spelling per meaning: what idempotency compares and what is stored."""
    return json.dumps(
        model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- clinics and keys -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicRef:
    pk: int
    clinic_id: str
    name: str


@dataclass(frozen=True)
class ClinicSummary:
    clinic_id: str
    name: str
    created_at: datetime
    active_keys: int


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def add_clinic(db: HubDatabase, name: str) -> tuple[ClinicRef, str]:
    """A new member clinic and its first API key (returned once, stored hashed)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationError("A clinic's name is 1 to 200 characters.", field="name")
    api_key = new_api_key()

    def work(session: Session) -> ClinicRef:
        clinic = HubClinic(clinic_id=str(uuid.uuid4()), name=name)
        session.add(clinic)
        session.flush()
        session.add(HubApiKey(clinic_pk=clinic.id, key_sha256=hash_key(api_key)))
        return ClinicRef(clinic.id, clinic.clinic_id, clinic.name)

    return db.write(work), api_key


def _clinic_by_id(session: Session, clinic_id: str) -> HubClinic:
    clinic = session.scalar(select(HubClinic).where(HubClinic.clinic_id == clinic_id))
    if clinic is None:
        raise NotFoundError(
            f"There is no clinic {clinic_id} on this hub.",
            hint="`clinicdesk hub clinics` lists the clinics and their ids.",
        )
    return clinic


def issue_key(db: HubDatabase, clinic_id: str) -> str:
    """Another API key for a clinic (say, after its old one was revoked)."""
    api_key = new_api_key()

    def work(session: Session) -> None:
        clinic = _clinic_by_id(session, clinic_id)
        session.add(HubApiKey(clinic_pk=clinic.id, key_sha256=hash_key(api_key)))

    db.write(work)
    return api_key


def revoke_keys(db: HubDatabase, clinic_id: str) -> int:
    """Revoke every active key of a clinic; returns how many were active."""

    def work(session: Session) -> int:
        clinic = _clinic_by_id(session, clinic_id)
        keys = session.scalars(
            select(HubApiKey).where(
                HubApiKey.clinic_pk == clinic.id, HubApiKey.revoked_at.is_(None)
            )
        ).all()
        now = utcnow()
        for key in keys:
            key.revoked_at = now
        return len(keys)

    return db.write(work)


def list_clinics(db: HubDatabase) -> list[ClinicSummary]:
    with db.read() as session:
        active = (
            select(HubApiKey.clinic_pk, func.count().label("n"))
            .where(HubApiKey.revoked_at.is_(None))
            .group_by(HubApiKey.clinic_pk)
            .subquery()
        )
        rows = session.execute(
            select(HubClinic, func.coalesce(active.c.n, 0))
            .outerjoin(active, active.c.clinic_pk == HubClinic.id)
            .order_by(HubClinic.created_at, HubClinic.id)
        ).all()
        return [
            ClinicSummary(clinic.clinic_id, clinic.name, _aware(clinic.created_at), int(count))
            for clinic, count in rows
        ]


def authenticate(db: HubDatabase, api_key: str | None) -> ClinicRef:
    if not api_key:
        raise _unauthorized(
            "The request carries no API key. Send the clinic's key as "
            "'Authorization: Bearer <key>'."
        )
    with db.read() as session:
        row = session.execute(
            select(HubApiKey, HubClinic)
            .join(HubClinic, HubClinic.id == HubApiKey.clinic_pk)
            .where(HubApiKey.key_sha256 == hash_key(api_key))
        ).first()
    if row is None:
        raise _unauthorized(
            "This API key is not known to the hub. Check the key in the clinic's "
            "federation settings."
        )
    key, clinic = row
    if key.revoked_at is not None:
        raise _unauthorized(
            f"This API key was revoked on {key.revoked_at:%Y-%m-%d}. Ask the federation "
            "for a new key."
        )
    return ClinicRef(clinic.id, clinic.clinic_id, clinic.name)


# --- standards in force -----------------------------------------------------------------------


def _in_force(session: Session, kind: StandardKind, day: date) -> HubStandard | None:
    """The version of `kind` that applies on `day`: the latest to start, then the highest."""
    return session.scalars(
        select(HubStandard)
        .where(
            HubStandard.kind == kind.value,
            HubStandard.effective_from <= day,
            (HubStandard.effective_to.is_(None)) | (HubStandard.effective_to > day),
            (HubStandard.retired_on.is_(None)) | (HubStandard.retired_on > day),
        )
        .order_by(HubStandard.effective_from.desc(), HubStandard.version.desc())
        .limit(1)
    ).first()


def clinic_info(db: HubDatabase, clinic: ClinicRef, day: date | None = None) -> ClinicInfo:
    with db.read() as session:
        row = _in_force(session, StandardKind.CONTRIBUTION_RATE, day or today_utc())
    if row is None:
        raise Refusal(
            503,
            "Service Unavailable",
            "The federation has no contribution rate in force. The hub's operator must "
            "publish one (clinicdesk hub seed, or hub publish-standard).",
        )
    document = standard_adapter.validate_json(row.document)
    assert isinstance(document, ContributionRateStandard)
    return ClinicInfo(
        clinic_id=clinic.clinic_id,
        name=clinic.name,
        contribution_rate=ClinicContributionRate(
            standard_id=document.id,
            version=document.version,
            rate=document.rule.rate,
            contributable_categories=document.rule.contributable_categories,
            due_day=document.rule.due_day,
        ),
    )


# --- publishing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    item_id: str
    version: int
    new: bool  # False: the very same content was already published
    sha256: str | None = None


def publish_standard(db: HubDatabase, document: StandardDocument) -> Published:
    """Publish a standard version. Publishing the same document again changes nothing;
    other content under a published id and version is refused (a change is a new
    version)."""
    canonical = standard_adapter.dump_json(document).decode("utf-8")

    def work(session: Session) -> Published:
        lock_change_feed(session)
        existing = session.scalar(
            select(HubStandard).where(
                HubStandard.standard_id == document.id, HubStandard.version == document.version
            )
        )
        if existing is not None:
            if existing.document != canonical:
                raise ConflictError(
                    f"Version {document.version} of {document.id} is already published with "
                    "other content.",
                    hint=f"A change is a new version: publish it as version "
                    f"{document.version + 1} or later.",
                )
            return Published(document.id, document.version, new=False)
        session.add(
            HubStandard(
                standard_id=document.id,
                version=document.version,
                kind=document.kind.value,
                effective_from=document.effective_from,
                effective_to=document.effective_to,
                document=canonical,
            )
        )
        session.add(
            HubChange(
                resource=STANDARDS, action=PUBLISH, item_id=document.id, version=document.version
            )
        )
        return Published(document.id, document.version, new=True)

    return db.write(work)


def retire_standard(
    db: HubDatabase, standard_id: str, version: int | None, retired_on: date
) -> Published:
    """Retire one version of a standard, or all of them (`version` None), from a day on."""

    def work(session: Session) -> Published:
        lock_change_feed(session)
        query = select(HubStandard).where(HubStandard.standard_id == standard_id)
        if version is not None:
            query = query.where(HubStandard.version == version)
        rows = session.scalars(query).all()
        if not rows:
            which = standard_id if version is None else f"version {version} of {standard_id}"
            raise NotFoundError(f"There is no published {which} to retire.")
        if all(row.retired_on == retired_on for row in rows):
            return Published(standard_id, version or 0, new=False)
        for row in rows:
            row.retired_on = retired_on
        session.add(
            HubChange(
                resource=STANDARDS,
                action=RETIRE,
                item_id=standard_id,
                version=version,
                retired_on=retired_on,
            )
        )
        return Published(standard_id, version or 0, new=True)

    return db.write(work)


def publish_course(db: HubDatabase, data: bytes) -> Published:
    """Publish a course package (checked exactly as a clinic will check it)."""
    package = packages.open_package(data)
    manifest = package.manifest

    def work(session: Session) -> Published:
        lock_change_feed(session)
        existing = session.scalar(
            select(HubCourseVersion).where(
                HubCourseVersion.course_id == manifest.id,
                HubCourseVersion.version == manifest.version,
            )
        )
        if existing is not None:
            if existing.sha256 != package.sha256:
                raise ConflictError(
                    f"Version {manifest.version} of the course {manifest.id} is already "
                    "published with other content.",
                    hint=f'A changed course is a new version: set "version": '
                    f"{manifest.version + 1} in course.json and build it again.",
                )
            return Published(manifest.id, manifest.version, new=False, sha256=package.sha256)
        session.add(
            HubCourseVersion(
                course_id=manifest.id,
                version=manifest.version,
                title=manifest.title,
                sha256=package.sha256,
                size_bytes=len(data),
                package=data,
            )
        )
        session.add(
            HubChange(
                resource=COURSES, action=PUBLISH, item_id=manifest.id, version=manifest.version
            )
        )
        return Published(manifest.id, manifest.version, new=True, sha256=package.sha256)

    return db.write(work)


@dataclass(frozen=True)
class SeedSummary:
    standards: list[Published] = field(default_factory=list)
    courses: list[Published] = field(default_factory=list)


def seed(db: HubDatabase, resources: Path) -> SeedSummary:
    """Publish the default standards and build and publish every course folder."""
    summary = SeedSummary()
    for document in packages.load_standards(resources / "standards"):
        summary.standards.append(publish_standard(db, document))
    for manifest in sorted((resources / "courses").glob("*/course.json")):
        summary.courses.append(publish_course(db, packages.build_package(manifest.parent)))
    if not summary.courses:
        raise ValidationError(f"No course folders found in {resources / 'courses'}.")
    return summary


# --- change feeds -------------------------------------------------------------------------------


def _parse_cursor(session: Session, cursor: str | None) -> int:
    if not cursor:
        return 0
    if not _CURSOR_TEXT.fullmatch(cursor) or int(cursor) > (
        session.scalar(select(func.max(HubChange.seq))) or 0
    ):
        raise _invalid(
            f"The cursor {cursor[:40]!r} was not issued by this hub. Forget the stored cursor "
            "and sync from the start.",
            "cursor",
        )
    return int(cursor)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise _invalid(f"limit must be from 1 to {MAX_PAGE_SIZE}.", "limit")


def standards_page(db: HubDatabase, cursor: str | None, limit: int) -> StandardsPage:
    """The standards changes after `cursor`, oldest first."""
    _check_limit(limit)
    with db.read() as session:
        after = _parse_cursor(session, cursor)
        rows = session.execute(
            select(HubChange, HubStandard.document)
            .outerjoin(
                HubStandard,
                (HubStandard.standard_id == HubChange.item_id)
                & (HubStandard.version == HubChange.version)
                & (HubChange.action == PUBLISH),
            )
            .where(HubChange.resource == STANDARDS, HubChange.seq > after)
            .order_by(HubChange.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    upserts: list[StandardDocument] = []
    retirements: list[StandardRetirement] = []
    for change, document in rows:
        if change.action == PUBLISH:
            upserts.append(standard_adapter.validate_json(document))
        else:
            assert change.retired_on is not None
            retirements.append(
                StandardRetirement(
                    id=change.item_id, version=change.version, retired_on=change.retired_on
                )
            )
    return StandardsPage(
        upserts=tuple(upserts),
        retirements=tuple(retirements),
        next_cursor=str(rows[-1][0].seq if rows else after),
        has_more=has_more,
    )


def package_path(course_id: str, version: int) -> str:
    return f"/v1/courses/{course_id}/versions/{version}/package"


def courses_page(db: HubDatabase, cursor: str | None, limit: int) -> CoursesPage:
    """The course versions published after `cursor`, oldest first."""
    _check_limit(limit)
    with db.read() as session:
        after = _parse_cursor(session, cursor)
        rows = session.execute(
            select(HubChange, HubCourseVersion)
            .join(
                HubCourseVersion,
                (HubCourseVersion.course_id == HubChange.item_id)
                & (HubCourseVersion.version == HubChange.version),
            )
            .where(HubChange.resource == COURSES, HubChange.seq > after)
            .order_by(HubChange.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return CoursesPage(
        versions=tuple(
            CourseVersionInfo(
                course_id=course.course_id,
                version=course.version,
                title=course.title,
                package_url=package_path(course.course_id, course.version),
                sha256=course.sha256,
                size_bytes=course.size_bytes,
                published_at=_aware(course.published_at),
            )
            for _change, course in rows
        ),
        next_cursor=str(rows[-1][0].seq if rows else after),
        has_more=has_more,
    )


@dataclass(frozen=True)
class PackageInfo:
    pk: int
    sha256: str
    size_bytes: int


def course_package(db: HubDatabase, course_id: str, version: int) -> PackageInfo:
    with db.read() as session:
        row = session.scalar(
            select(HubCourseVersion).where(
                HubCourseVersion.course_id == course_id, HubCourseVersion.version == version
            )
        )
    if row is None:
        raise _not_found(f"The hub has no version {version} of the course {course_id}.")
    return PackageInfo(row.id, row.sha256, row.size_bytes)


def package_slices(db: HubDatabase, package: PackageInfo) -> Iterator[bytes]:
    """The zip in slices read straight from the database, so a download holds one slice
    in memory, not the package. Versions never change once published."""
    offset = 0
    while offset < package.size_bytes:
        with db.read() as session:
            piece = session.scalar(
                select(
                    func.substr(
                        HubCourseVersion.package,
                        offset + 1,
                        PACKAGE_SLICE_BYTES,
                        type_=LargeBinary,
                    )
                ).where(HubCourseVersion.id == package.pk)
            )
        if not piece:
            raise RuntimeError(f"course package {package.pk} ended at byte {offset}")
        yield bytes(piece)
        offset += len(piece)


# --- idempotent POSTs -------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    replayed: bool


def _idempotent(
    db: HubDatabase,
    clinic: ClinicRef,
    key: str,
    operation: str,
    body: BaseModel,
    work: Callable[[Session], tuple[int, bytes]],
) -> StoredResponse:
    request_sha256 = _sha256(canonical_json(body))

    def attempt(session: Session) -> StoredResponse:
        record = session.scalar(
            select(HubIdempotencyRecord).where(
                HubIdempotencyRecord.clinic_pk == clinic.pk,
                HubIdempotencyRecord.idempotency_key == key,
            )
        )
        if record is not None:
            if record.operation != operation or record.request_sha256 != request_sha256:
                raise Refusal(
                    422,
                    "Idempotency key reused",
                    f"The Idempotency-Key {key!r} was already used for a different request "
                    f"({record.operation}, at {record.created_at:%Y-%m-%d %H:%M} UTC). "
                    "Use a new key for a new request.",
                    problem_type=ProblemType.IDEMPOTENCY_KEY_REUSED,
                )
            return StoredResponse(record.status_code, bytes(record.response_body), replayed=True)
        # Claim the key before doing anything: a concurrent copy of this request now waits
        # on the unique index until this transaction ends, then fails and replays it.
        record = HubIdempotencyRecord(
            clinic_pk=clinic.pk,
            idempotency_key=key,
            operation=operation,
            request_sha256=request_sha256,
            status_code=0,
            response_body=b"",
        )
        session.add(record)
        session.flush()
        record.status_code, record.response_body = work(session)
        return StoredResponse(record.status_code, record.response_body, replayed=False)

    for _ in range(_IDEMPOTENT_ATTEMPTS):
        try:
            return db.write(attempt)
        except IntegrityError:
            # A concurrent request stored this key, or took what this one was about to
            # take; the next attempt sees what it committed.
            continue
    raise Refusal(
        409,
        "Conflict",
        "The request clashed with others arriving at the same time. Send it again with "
        "the same Idempotency-Key.",
    )


def _receipt(row: HubContribution) -> ContributionReceipt:
    return ContributionReceipt(
        receipt_id=row.receipt_id,
        received_at=_aware(row.received_at),
        period=row.period,
        sequence=row.sequence,
        amount=row.amount,
    )


def submit_contribution(
    db: HubDatabase, clinic: ClinicRef, key: str, submission: ContributionSubmission
) -> StoredResponse:
    """Record a month's original (sequence 0) or its next amendment."""

    def work(session: Session) -> tuple[int, bytes]:
        latest = session.scalar(
            select(func.max(HubContribution.sequence)).where(
                HubContribution.clinic_pk == clinic.pk,
                HubContribution.period == submission.period,
            )
        )
        _check_sequence(submission, latest)
        row = HubContribution(
            receipt_id=str(uuid.uuid4()),
            clinic_pk=clinic.pk,
            period=submission.period,
            sequence=submission.sequence,
            amendment_reason=(
                submission.amendment_reason.value if submission.amendment_reason else None
            ),
            contributable_base=submission.contributable_base,
            rate=submission.rate,
            rate_standard_id=submission.rate_standard.id,
            rate_standard_version=submission.rate_standard.version,
            amount=submission.amount,
            submission=canonical_json(submission),
            received_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return 201, _receipt(row).model_dump_json().encode("utf-8")

    return _idempotent(db, clinic, key, "POST /v1/contributions", submission, work)


def _check_sequence(submission: ContributionSubmission, latest: int | None) -> None:
    period = submission.period
    if submission.sequence == 0:
        if latest is not None:
            raise Refusal(
                409,
                "Period already submitted",
                f"The contribution for {period} was already received (latest sequence "
                f"{latest}). To correct it, send an amendment with sequence {latest + 1} "
                "that restates the whole month.",
                problem_type=ProblemType.PERIOD_ALREADY_SUBMITTED,
                period=period,
                next_sequence=latest + 1,
            )
        return
    if latest is None:
        raise Refusal(
            409,
            "Amendment out of sequence",
            f"There is no original contribution for {period} to amend. Send the original "
            "(sequence 0) first.",
            problem_type=AMENDMENT_OUT_OF_SEQUENCE,
            period=period,
            next_sequence=0,
        )
    if submission.sequence != latest + 1:
        raise Refusal(
            409,
            "Amendment out of sequence",
            f"The next amendment for {period} is sequence {latest + 1}, not "
            f"{submission.sequence}. Check GET /v1/contributions/{period} for what the hub "
            "holds.",
            problem_type=AMENDMENT_OUT_OF_SEQUENCE,
            period=period,
            next_sequence=latest + 1,
        )


def contributions_for_period(
    db: HubDatabase, clinic: ClinicRef, period: str
) -> ContributionsForPeriod:
    with db.read() as session:
        rows = session.scalars(
            select(HubContribution)
            .where(HubContribution.clinic_pk == clinic.pk, HubContribution.period == period)
            .order_by(HubContribution.sequence)
        ).all()
        return ContributionsForPeriod(period=period, receipts=tuple(_receipt(r) for r in rows))


def _completion_fields(item: TrainingCompletion) -> tuple[object, ...]:
    return (
        str(item.staff_ref),
        item.course_id,
        item.course_version,
        item.completed_on,
        item.expires_on,
        item.certificate_code,
        item.requirement.id if item.requirement else None,
        item.requirement.version if item.requirement else None,
    )


def submit_completions(
    db: HubDatabase, clinic: ClinicRef, key: str, submission: TrainingCompletionsSubmission
) -> StoredResponse:
    """Record staff completions. A completion the hub already holds, unchanged, is
    accepted again without a second row; one that differs is refused."""

    def work(session: Session) -> tuple[int, bytes]:
        ids = [str(item.completion_id) for item in submission.completions]
        held = {
            row.completion_id: row
            for row in session.scalars(
                select(HubTrainingCompletion).where(
                    HubTrainingCompletion.clinic_pk == clinic.pk,
                    HubTrainingCompletion.completion_id.in_(ids),
                )
            )
        }
        receipt_id = str(uuid.uuid4())
        received_at = utcnow()
        for item in submission.completions:
            row = held.get(str(item.completion_id))
            if row is None:
                session.add(
                    HubTrainingCompletion(
                        clinic_pk=clinic.pk,
                        completion_id=str(item.completion_id),
                        staff_ref=str(item.staff_ref),
                        course_id=item.course_id,
                        course_version=item.course_version,
                        completed_on=item.completed_on,
                        expires_on=item.expires_on,
                        certificate_code=item.certificate_code,
                        requirement_id=item.requirement.id if item.requirement else None,
                        requirement_version=item.requirement.version if item.requirement else None,
                        receipt_id=receipt_id,
                        received_at=received_at,
                    )
                )
            elif _row_fields(row) != _completion_fields(item):
                raise Refusal(
                    409,
                    "Completion already received",
                    f"The completion {item.completion_id} was already received with other "
                    "details. A completion is never changed; record a new one.",
                    problem_type=COMPLETION_CONFLICT,
                    completion_id=str(item.completion_id),
                )
        session.flush()
        unknown = apply_revocations(session, clinic.pk, submission)
        if unknown:
            raise Refusal(
                422,
                "Unknown completion",
                f"The completion {unknown[0]} to revoke was never received.",
                problem_type=ProblemType.VALIDATION,
                completion_id=unknown[0],
            )
        store_census(session, clinic.pk, submission, received_at)
        receipt = TrainingCompletionsReceipt(
            receipt_id=receipt_id,
            received_at=_aware(received_at),
            accepted=tuple(item.completion_id for item in submission.completions)
            + tuple(item.completion_id for item in submission.revocations),
        )
        return 201, receipt.model_dump_json().encode("utf-8")

    return _idempotent(db, clinic, key, "POST /v1/training-completions", submission, work)


def _row_fields(row: HubTrainingCompletion) -> tuple[object, ...]:
    return (
        row.staff_ref,
        row.course_id,
        row.course_version,
        row.completed_on,
        row.expires_on,
        row.certificate_code,
        row.requirement_id,
        row.requirement_version,
    )


# --- the fund ------------------------------------------------------------------------------


def default_fund_range(day: date) -> tuple[str, str]:
    """January to the current month of `day`'s year."""
    return f"{day.year:04d}-01", f"{day.year:04d}-{day.month:02d}"


def fund_statement(
    db: HubDatabase,
    clinic: ClinicRef,
    period_from: str,
    period_to: str,
    day: date | None = None,
) -> FundStatement:
    """How this clinic's contributions for the periods were divided, under the fund
    allocation in force on `day`. Each month counts once, at its latest amendment."""
    if period_from > period_to:
        raise _invalid(f"period_from {period_from} is after period_to {period_to}.", "period_from")
    with db.read() as session:
        standard = _in_force(session, StandardKind.FUND_ALLOCATION, day or today_utc())
        if standard is None:
            raise _not_found("The federation has no fund allocation in force.")
        rows = session.execute(
            select(HubContribution.period, HubContribution.sequence, HubContribution.amount)
            .where(
                HubContribution.clinic_pk == clinic.pk,
                HubContribution.period >= period_from,
                HubContribution.period <= period_to,
            )
            .order_by(HubContribution.period, HubContribution.sequence)
        ).all()
    latest: dict[str, Decimal] = {}
    for period, _sequence, amount in rows:
        latest[period] = amount  # ordered by sequence: the last one wins
    total = sum(latest.values(), Decimal("0.00"))
    document = standard_adapter.validate_json(standard.document)
    assert isinstance(document, FundAllocationStandard)
    amounts = document.rule.allocate(total)
    return FundStatement(
        standard_id=document.id,
        version=document.version,
        period_from=period_from,
        period_to=period_to,
        total=total,
        parts=tuple(
            FundPartAmount(part=share.part, fraction=share.fraction, amount=amounts[share.part])
            for share in document.rule.parts
        ),
    )


# --- operator's listing -------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionRecord:
    clinic_id: str
    clinic_name: str
    period: str
    sequence: int
    amendment_reason: str | None
    contributable_base: Decimal
    rate: Decimal
    amount: Decimal
    receipt_id: str
    received_at: datetime


def list_contributions(db: HubDatabase, clinic_id: str | None = None) -> list[ContributionRecord]:
    with db.read() as session:
        query = select(HubContribution, HubClinic).join(
            HubClinic, HubClinic.id == HubContribution.clinic_pk
        )
        if clinic_id is not None:
            query = query.where(HubClinic.id == _clinic_by_id(session, clinic_id).id)
        rows = session.execute(
            query.order_by(
                HubClinic.name, HubClinic.id, HubContribution.period, HubContribution.sequence
            )
        ).all()
        return [
            ContributionRecord(
                clinic_id=clinic.clinic_id,
                clinic_name=clinic.name,
                period=row.period,
                sequence=row.sequence,
                amendment_reason=row.amendment_reason,
                contributable_base=row.contributable_base,
                rate=row.rate,
                amount=row.amount,
                receipt_id=row.receipt_id,
                received_at=_aware(row.received_at),
            )
            for row, clinic in rows
        ]
