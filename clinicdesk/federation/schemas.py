"""The federation API, version 1: every body that crosses the wire, as pydantic models.

This module is the single source of truth of the contract (DESIGN §5). The hub serves these
models, the client parses them, and `resources/federation-openapi.json` is generated from
them.

Conventions, and why:

- Bodies the clinic *sends* (contributions, training completions) forbid unknown fields.
  A field that is not in the contract is refused before anything leaves the clinic, so no
  patient data can ride along in a payload.
- Bodies the hub *sends* ignore unknown fields, so the hub can add to them without breaking
  clinics that have not updated yet.
- Standards documents (`clinicdesk.domain.standards`, re-exported here) and course
  manifests forbid unknown fields even though they arrive in responses. A care-gap rule
  that this program only half understands must not compute gaps or money: an older
  ClinicDesk refuses the document (and the person is told to update) rather than guess.
- Money is `Decimal`, written as a JSON *string* with exactly two decimals ("1234.50").
  JSON numbers are refused for money: most JSON parsers turn them into binary floats.
- Fractions (the contribution rate, fund shares) are `Decimal` strings with at most four
  decimals, from 0 to 1 ("0.0300").
- A period is a calendar month, "YYYY-MM".
- Dates are ISO dates; instants carry a UTC offset.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, NamedTuple
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

# The standards documents, coded concepts and typed fields belong to the domain (the
# care-gap, training and contribution rules evaluate them); the contract carries them as
# they are, so they are re-exported here as part of it.
from clinicdesk.domain.codes import (
    CodeSystem as CodeSystem,
)
from clinicdesk.domain.codes import (
    ConceptSet as ConceptSet,
)
from clinicdesk.domain.codes import (
    concepts_match as concepts_match,
)
from clinicdesk.domain.documents import (
    DocumentModel as DocumentModel,
)
from clinicdesk.domain.documents import (
    Fraction as Fraction,
)
from clinicdesk.domain.documents import (
    Identifier as Identifier,
)
from clinicdesk.domain.documents import (
    Markdown as Markdown,
)
from clinicdesk.domain.documents import (
    Money as Money,
)
from clinicdesk.domain.documents import (
    Period as Period,
)
from clinicdesk.domain.documents import (
    Title as Title,
)
from clinicdesk.domain.documents import (
    Version as Version,
)
from clinicdesk.domain.documents import (
    half_up_cents as half_up_cents,
)
from clinicdesk.domain.documents import (
    require_unique as require_unique,
)
from clinicdesk.domain.roles import Role
from clinicdesk.domain.standards import (
    CareGapRule as CareGapRule,
)
from clinicdesk.domain.standards import (
    CareGapStandard as CareGapStandard,
)
from clinicdesk.domain.standards import (
    ContributionRateRule as ContributionRateRule,
)
from clinicdesk.domain.standards import (
    ContributionRateStandard as ContributionRateStandard,
)
from clinicdesk.domain.standards import (
    EventKind as EventKind,
)
from clinicdesk.domain.standards import (
    FundAllocationRule as FundAllocationRule,
)
from clinicdesk.domain.standards import (
    FundAllocationStandard as FundAllocationStandard,
)
from clinicdesk.domain.standards import (
    FundPart as FundPart,
)
from clinicdesk.domain.standards import (
    PolicyRule as PolicyRule,
)
from clinicdesk.domain.standards import (
    PolicyStandard as PolicyStandard,
)
from clinicdesk.domain.standards import (
    RevenueCategory as RevenueCategory,
)
from clinicdesk.domain.standards import (
    SatisfyingEvent as SatisfyingEvent,
)
from clinicdesk.domain.standards import (
    StandardDocument as StandardDocument,
)
from clinicdesk.domain.standards import (
    StandardKind as StandardKind,
)
from clinicdesk.domain.standards import (
    TrainingRequirementRule as TrainingRequirementRule,
)
from clinicdesk.domain.standards import (
    TrainingRequirementStandard as TrainingRequirementStandard,
)
from clinicdesk.domain.standards import (
    ValueThreshold as ValueThreshold,
)
from clinicdesk.domain.standards import (
    parse_standard_json as parse_standard_json,
)
from clinicdesk.domain.standards import (
    split_by_largest_remainder as split_by_largest_remainder,
)
from clinicdesk.domain.standards import (
    standard_adapter as standard_adapter,
)
from clinicdesk.domain.translations import CourseTranslation as CourseTranslation
from clinicdesk.domain.translations import LanguageCode as LanguageCode
from clinicdesk.domain.translations import StandardTranslation as StandardTranslation
from clinicdesk.domain.translations import translations_field

API_VERSION = "v1"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
# The hub may publish the current ClinicDesk release on every answer (`hub serve
# --client-version … --client-download-url …`): a clinic's program learns of an update
# with no request of its own. The version is a dotted release number; the address https.
CLIENT_VERSION_HEADER = "ClinicDesk-Client-Version"
CLIENT_DOWNLOAD_HEADER = "ClinicDesk-Client-Download"
PROBLEM_JSON = "application/problem+json"
# What the clinic's program reads beyond the first v1 contract, named on every request
# (comma-separated). The hub leaves out what a program does not name: a standard's
# `translations` would make a program from before them refuse the whole page (a standard
# is a document with rules, so its unknown fields are refused).
FEATURES_HEADER = "ClinicDesk-Features"
TRANSLATIONS_FEATURE = "translations"
CLIENT_FEATURES = (TRANSLATIONS_FEATURE,)

# --------------------------------------------------------------------------------------
# Base classes
# --------------------------------------------------------------------------------------


class RequestModel(BaseModel):
    """A body the clinic sends: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ClientRelease(NamedTuple):
    """The release the hub publishes (CLIENT_VERSION_HEADER, CLIENT_DOWNLOAD_HEADER)."""

    version: str
    download_url: str | None


class ResponseModel(BaseModel):
    """A body the hub sends: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

# --------------------------------------------------------------------------------------
# Course packages
# --------------------------------------------------------------------------------------

MEMBER_NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
SECTION_SUFFIXES = (".md", ".html")


def member_name_problem(name: str) -> str | None:
    """Why `name` cannot be a file in a course package, or None when it is safe: relative,
    forward slashes, plain ASCII parts, no '..', at most three levels."""
    parts = name.split("/")
    if len(name) > 200 or len(parts) > 3:
        return f"{name!r} is too long or too deep"
    for part in parts:
        if part in ("", ".", "..") or not MEMBER_NAME_PART.fullmatch(part) or ".." in part:
            return f"{name!r} is not a safe file name inside a package"
    return None


def _section_name(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a section is a file name")
    problem = member_name_problem(value)
    if problem:
        raise ValueError(problem)
    if not value.lower().endswith(SECTION_SUFFIXES):
        raise ValueError(f"section {value!r} must be a Markdown (.md) or HTML (.html) file")
    return value


SectionName = Annotated[
    str,
    PlainValidator(_section_name),
    WithJsonSchema({"type": "string", "examples": ["01-introduction.md"]}),
]


class QuizQuestion(DocumentModel):
    id: Identifier
    text: str = Field(min_length=1, max_length=1000)
    options: tuple[Annotated[str, Field(min_length=1, max_length=500)], ...]
    answer: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _check(self) -> QuizQuestion:
        if not 2 <= len(self.options) <= 6:
            raise ValueError(f"question {self.id!r} needs 2 to 6 options")
        require_unique(self.options, f"question {self.id!r}: the option")
        if self.answer not in self.options:
            raise ValueError(f"question {self.id!r}: the answer is not one of the options")
        return self


class Quiz(DocumentModel):
    pass_mark_percent: int = Field(ge=1, le=100)
    questions: tuple[QuizQuestion, ...]

    @model_validator(mode="after")
    def _check(self) -> Quiz:
        if not 1 <= len(self.questions) <= 50:
            raise ValueError("a quiz has 1 to 50 questions")
        require_unique((question.id for question in self.questions), "the question")
        return self

    def passed(self, answers: dict[str, str]) -> bool:
        right = sum(1 for q in self.questions if answers.get(q.id) == q.answer)
        return right * 100 >= self.pass_mark_percent * len(self.questions)


class CourseManifest(DocumentModel):
    """`course.json` at the root of a course package. Sections are shown in this order;
    images are referenced from the sections by relative path."""

    id: Identifier
    version: Version
    title: Title
    summary: str = Field(min_length=1, max_length=1000)
    minutes: int = Field(ge=1, le=600)
    roles: tuple[Role, ...]
    sections: tuple[SectionName, ...]
    quiz: Quiz | None = None
    translations: dict[LanguageCode, CourseTranslation] = translations_field()

    @model_validator(mode="after")
    def _check(self) -> CourseManifest:
        if not self.roles:
            raise ValueError("a course is meant for at least one role")
        require_unique(self.roles, "the role")
        if not self.sections:
            raise ValueError("a course has at least one section")
        require_unique(self.sections, "the section")
        return self


# --------------------------------------------------------------------------------------
# GET /v1/clinic
# --------------------------------------------------------------------------------------


class StandardRef(RequestModel):
    """Which standard, at which version, a figure was computed with."""

    id: Identifier
    version: Version


class ClinicContributionRate(ResponseModel):
    standard_id: Identifier
    version: Version
    rate: Fraction
    contributable_categories: tuple[RevenueCategory, ...]
    due_day: int = Field(ge=1, le=28)


class ClinicInfo(ResponseModel):
    clinic_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    contribution_rate: ClinicContributionRate


# --------------------------------------------------------------------------------------
# GET /v1/standards?cursor= and GET /v1/courses?cursor=
# --------------------------------------------------------------------------------------


class StandardRetirement(ResponseModel):
    """The standard no longer applies from `retired_on`; `version` null means every
    version of it."""

    id: Identifier
    version: Version | None = None
    retired_on: date


class StandardsPage(ResponseModel):
    """Changes since the cursor. Store `next_cursor` once the page is committed; fetch
    again at once while `has_more`."""

    upserts: tuple[StandardDocument, ...] = ()
    retirements: tuple[StandardRetirement, ...] = ()
    next_cursor: str = Field(min_length=1, max_length=500)
    has_more: bool


def _package_url(value: object) -> str:
    if not isinstance(value, str) or not (
        value.startswith("/") or value.startswith("https://") or value.startswith("http://")
    ):
        raise ValueError("package_url must be an absolute URL or a path from the hub's root")
    if len(value) > 2000 or any(char.isspace() for char in value):
        raise ValueError("package_url is not a usable URL")
    return value


class CourseVersionInfo(ResponseModel):
    course_id: Identifier
    version: Version
    title: Title
    package_url: Annotated[str, PlainValidator(_package_url), WithJsonSchema({"type": "string"})]
    sha256: Sha256Hex
    size_bytes: int = Field(ge=1)
    published_at: AwareDatetime


class CoursesPage(ResponseModel):
    versions: tuple[CourseVersionInfo, ...] = ()
    next_cursor: str = Field(min_length=1, max_length=500)
    has_more: bool


# --------------------------------------------------------------------------------------
# POST /v1/contributions, GET /v1/contributions/{period}
# --------------------------------------------------------------------------------------


class AmendmentReason(enum.StrEnum):
    """Why a month is submitted again. A closed list, not free text, so nothing personal
    can be typed into a payload."""

    REVENUE_CORRECTED = "revenue_corrected"
    LATE_REVENUE = "late_revenue"
    CATEGORY_CORRECTED = "category_corrected"
    RATE_CORRECTED = "rate_corrected"
    OTHER = "other"


class ContributionSubmission(RequestModel):
    """A month's contribution. Sequence 0 is the original; 1, 2, … are amendments, each of
    which restates the whole month (it is not a difference). Every revenue category is
    reported, zero if there was none. Sent with an Idempotency-Key header. Holds only
    clinic-level totals: no patient, member or staff data."""

    period: Period
    sequence: int = Field(ge=0, le=999)
    amendment_reason: AmendmentReason | None = None
    revenue_by_category: dict[RevenueCategory, Money]
    contributable_categories: tuple[RevenueCategory, ...]
    contributable_base: Money
    rate_standard: StandardRef
    rate: Fraction
    amount: Money

    @model_validator(mode="after")
    def _check(self) -> ContributionSubmission:
        if self.sequence == 0 and self.amendment_reason is not None:
            raise ValueError("the original submission (sequence 0) has no amendment reason")
        if self.sequence > 0 and self.amendment_reason is None:
            raise ValueError("an amendment (sequence 1 or more) needs an amendment reason")
        missing = [c.value for c in RevenueCategory if c not in self.revenue_by_category]
        if missing:
            raise ValueError(f"revenue is missing for: {', '.join(missing)} (send 0.00)")
        if not self.contributable_categories:
            raise ValueError("at least one revenue category must be contributable")
        require_unique(self.contributable_categories, "the category")
        base = sum(
            (self.revenue_by_category[c] for c in self.contributable_categories),
            Decimal("0.00"),
        )
        if base != self.contributable_base:
            raise ValueError(
                f"contributable_base {self.contributable_base} is not the sum of the "
                f"contributable categories ({base})"
            )
        expected = half_up_cents(self.contributable_base * self.rate)
        if self.amount != expected:
            raise ValueError(
                f"amount {self.amount} is not rate x base rounded to the cent ({expected})"
            )
        return self


class ContributionReceipt(ResponseModel):
    receipt_id: str = Field(min_length=1, max_length=100)
    received_at: AwareDatetime
    period: Period
    sequence: int = Field(ge=0, le=999)
    amount: Money


class ContributionsForPeriod(ResponseModel):
    """Every receipt the hub holds for a period, oldest sequence first — what a client that
    lost a response reconciles against."""

    period: Period
    receipts: tuple[ContributionReceipt, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> ContributionsForPeriod:
        for receipt in self.receipts:
            if receipt.period != self.period:
                raise ValueError(f"receipt {receipt.receipt_id} is for {receipt.period}")
        return self


# --------------------------------------------------------------------------------------
# POST /v1/training-completions
# --------------------------------------------------------------------------------------

StaffRef = UUID
"""The staff member as an opaque, random id the clinic keeps per person. Never a name,
user name or e-mail: the hub counts completions per role and course, it does not need to
know who anyone is, and the clinic can map the id back locally when it must."""


class TrainingCompletion(RequestModel):
    """One completion. `requirement` names the federation's training requirement (standard
    id and version) it was recorded under; null from clinics older than this field.
    Completions of a clinic's own local requirements are not sent. `course_version` is the
    version of the in-app course taken, or 1 for a certificate from outside."""

    completion_id: UUID
    staff_ref: StaffRef
    course_id: Identifier
    course_version: Version
    completed_on: date
    expires_on: date | None = None
    certificate_code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{5,39}$")
    requirement: StandardRef | None = None

    @model_validator(mode="after")
    def _check(self) -> TrainingCompletion:
        if self.expires_on is not None and self.expires_on <= self.completed_on:
            raise ValueError("expires_on must be after completed_on")
        return self


class TrainingRevocation(RequestModel):
    """A completion sent earlier no longer counts from `revoked_on`. The reason stays in
    the clinic (it may name a person)."""

    completion_id: UUID
    revoked_on: date


class RequirementCensus(RequestModel):
    """How many of the clinic's staff a federation requirement applies to on `as_of`, and
    how many of them hold a current completion: counts only, so the hub can report the
    federation-wide completion rate without knowing who anyone is."""

    requirement_id: Identifier
    as_of: date
    applicable: int = Field(ge=0, le=100_000)
    current: int = Field(ge=0, le=100_000)

    @model_validator(mode="after")
    def _check(self) -> RequirementCensus:
        if self.current > self.applicable:
            raise ValueError("current cannot be more than applicable")
        return self


class TrainingCompletionsSubmission(RequestModel):
    """Staff completions and revocations, with the clinic's census of the requirements
    concerned; sent with an Idempotency-Key header. No patient data."""

    completions: tuple[TrainingCompletion, ...] = ()
    revocations: tuple[TrainingRevocation, ...] = ()
    census: tuple[RequirementCensus, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> TrainingCompletionsSubmission:
        items = len(self.completions) + len(self.revocations)
        if not 1 <= items <= 500:
            raise ValueError("send 1 to 500 completions and revocations at a time")
        if len(self.census) > 200:
            raise ValueError("send at most 200 census lines at a time")
        require_unique((c.completion_id for c in self.completions), "the completion")
        require_unique((r.completion_id for r in self.revocations), "the revocation of")
        require_unique((c.requirement_id for c in self.census), "the census of")
        return self


class TrainingCompletionsReceipt(ResponseModel):
    receipt_id: str = Field(min_length=1, max_length=100)
    received_at: AwareDatetime
    accepted: tuple[UUID, ...]


# --------------------------------------------------------------------------------------
# GET /v1/fund
# --------------------------------------------------------------------------------------


class FundPartAmount(ResponseModel):
    part: FundPart
    fraction: Fraction
    amount: Money


class FundStatement(ResponseModel):
    """How the contributions received for `period_from`..`period_to` (inclusive) were
    divided, under which fund-allocation standard."""

    standard_id: Identifier
    version: Version
    period_from: Period
    period_to: Period
    total: Money
    parts: tuple[FundPartAmount, ...]

    @model_validator(mode="after")
    def _check(self) -> FundStatement:
        if self.period_from > self.period_to:
            raise ValueError("period_from is after period_to")
        if sum((p.fraction for p in self.parts), Decimal(0)) != 1:
            raise ValueError("the fund shares do not add up to 1")
        if sum((p.amount for p in self.parts), Decimal(0)) != self.total:
            raise ValueError("the part amounts do not add up to the total")
        return self


# --------------------------------------------------------------------------------------
# Errors: RFC 9457 problem details (application/problem+json)
# --------------------------------------------------------------------------------------


class ProblemType(enum.StrEnum):
    """`type` URIs for the hub's known refusals."""

    VALIDATION = "urn:clinicdesk:problem:validation"
    IDEMPOTENCY_KEY_REUSED = "urn:clinicdesk:problem:idempotency-key-reused"
    PERIOD_ALREADY_SUBMITTED = "urn:clinicdesk:problem:period-already-submitted"
    UNAUTHORIZED = "urn:clinicdesk:problem:unauthorized"
    NOT_FOUND = "urn:clinicdesk:problem:not-found"


class ProblemField(ResponseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457. Extension members are kept (the RFC allows any), `errors` is ours: what
    was wrong with which field of a refused body."""

    model_config = ConfigDict(extra="allow", frozen=True)

    type: str = "about:blank"
    title: str = Field(min_length=1, max_length=200)
    status: int = Field(ge=400, le=599)
    detail: str | None = None
    instance: str | None = None
    errors: tuple[ProblemField, ...] = ()


# --------------------------------------------------------------------------------------
# POST /v1/audit-heads, GET /v1/audit-heads/latest (in their own module, built on the base
# classes above; import them from here, never from schemas_audit directly)
# --------------------------------------------------------------------------------------

from clinicdesk.federation.schemas_audit import (  # noqa: E402
    AuditHead as AuditHead,
)
from clinicdesk.federation.schemas_audit import (  # noqa: E402
    AuditHeadReceipt as AuditHeadReceipt,
)
from clinicdesk.federation.schemas_audit import (  # noqa: E402
    AuditHeadStatus as AuditHeadStatus,
)
from clinicdesk.federation.schemas_policies import (  # noqa: E402
    PolicyCountsReceipt as PolicyCountsReceipt,
)
from clinicdesk.federation.schemas_policies import (  # noqa: E402
    PolicyCountsSubmission as PolicyCountsSubmission,
)
