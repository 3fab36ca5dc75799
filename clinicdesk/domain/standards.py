"""The standards the federation publishes and this program acts on (DESIGN §4): care gaps,
training requirements, contribution rates, fund allocations and policies, as typed
documents with their rules.

They forbid unknown fields even though they arrive from the hub: a care-gap rule that this
program only half understands must not compute gaps or money; an older ClinicDesk refuses
the document (and the person is told to update) rather than guess. Pydantic is allowed in
the domain for these value types (see the domain contract in pyproject.toml).
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, TypeAlias

from pydantic import (
    Field,
    TypeAdapter,
    model_validator,
)

from clinicdesk.domain.codes import ConceptSet, check_concept_list
from clinicdesk.domain.documents import (
    DecimalText,
    DocumentModel,
    Fraction,
    Identifier,
    Label,
    Markdown,
    Title,
    Version,
    half_up_cents,
    require_unique,
)
from clinicdesk.domain.money import CENT
from clinicdesk.domain.roles import Role
from clinicdesk.domain.translations import LanguageCode, StandardTranslation, translations_field


class StandardKind(enum.StrEnum):
    CARE_GAP = "care_gap"
    TRAINING_REQUIREMENT = "training_requirement"
    CONTRIBUTION_RATE = "contribution_rate"
    FUND_ALLOCATION = "fund_allocation"
    POLICY = "policy"


class EventKind(enum.StrEnum):
    """The kinds of clinical event ClinicDesk records (DESIGN §4)."""

    CONDITION = "condition"
    OBSERVATION = "observation"
    PROCEDURE = "procedure"
    IMMUNIZATION = "immunization"
    MEDICATION = "medication"


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


class Eligibility(DocumentModel):
    """Who the gap applies to. Ages are whole years on the as-of date, both ends included.
    `conditions`: the patient must have at least one matching condition recorded on or
    before the as-of date and not resolved before it; empty means no condition needed."""

    min_age_years: int | None = Field(default=None, ge=0, le=130)
    max_age_years: int | None = Field(default=None, ge=0, le=130)
    sex: Sex | None = None
    conditions: tuple[ConceptSet, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Eligibility:
        if (
            self.min_age_years is not None
            and self.max_age_years is not None
            and self.min_age_years > self.max_age_years
        ):
            raise ValueError("min_age_years is above max_age_years")
        if self.conditions:
            check_concept_list(self.conditions, "eligibility conditions")
        return self


class Exclusion(DocumentModel):
    """A patient with a matching event is not counted (e.g. a hysterectomy removing the
    cervix for cervical screening). `within_months`: only events in that many months
    before the as-of date count; null means any time."""

    label: Label
    event_kind: EventKind
    concepts: tuple[ConceptSet, ...]
    within_months: int | None = Field(default=None, ge=1, le=1200)

    @model_validator(mode="after")
    def _check(self) -> Exclusion:
        check_concept_list(self.concepts, f"exclusion {self.label!r}")
        return self


class ValueThreshold(DocumentModel):
    """A result the measure wants, e.g. HbA1c < 8 %. Units are UCUM and must match the
    recorded unit exactly; a result without a value, or in another unit, does not count."""

    comparator: Literal["<", "<=", ">", ">="]
    value: DecimalText
    unit: str = Field(min_length=1, max_length=40)

    def accepts(self, value: Decimal, unit: str) -> bool:
        if unit != self.unit:
            return False
        match self.comparator:
            case "<":
                return value < self.value
            case "<=":
                return value <= self.value
            case ">":
                return value > self.value
            case ">=":
                return value >= self.value
        raise AssertionError(self.comparator)  # pragma: no cover - Literal is exhaustive


class SatisfyingEvent(DocumentModel):
    """One way to close the gap, with its own interval: a colonoscopy lasts ten years, a
    stool test one. `interval_months` null means once in a lifetime. `min_age_years`: the
    event counts only if the patient was at least that old on its date. With `value`, only
    the most recent matching result inside the interval counts, and it must meet the
    threshold (a control measure). A medication counts on every day it is active."""

    label: Label
    event_kind: EventKind
    concepts: tuple[ConceptSet, ...]
    interval_months: int | None = Field(ge=1, le=1200)
    min_age_years: int | None = Field(default=None, ge=0, le=130)
    value: ValueThreshold | None = None

    @model_validator(mode="after")
    def _check(self) -> SatisfyingEvent:
        check_concept_list(self.concepts, f"way {self.label!r}")
        if self.value is not None and self.event_kind is not EventKind.OBSERVATION:
            raise ValueError(f"way {self.label!r}: only an observation can have a value")
        return self


class CareGapRule(DocumentModel):
    """An eligible, not excluded patient has the gap *open* unless one of `satisfied_by`
    has an event recent enough. The gap stays closed while any way is current, so it falls
    due on the *latest* due date the ways give, and is *due soon* from `due_soon_days`
    before that. resources/standards/README.md spells out the evaluation."""

    eligibility: Eligibility
    exclusions: tuple[Exclusion, ...] = ()
    satisfied_by: tuple[SatisfyingEvent, ...]
    due_soon_days: int = Field(ge=0, le=365)

    @model_validator(mode="after")
    def _check(self) -> CareGapRule:
        if not self.satisfied_by:
            raise ValueError("a care gap needs at least one way to satisfy it")
        require_unique((way.label for way in self.satisfied_by), "the way")
        require_unique((exclusion.label for exclusion in self.exclusions), "the exclusion")
        return self


class TrainingRequirementRule(DocumentModel):
    """Staff in any of `roles` complete `course_id`, again every `recurrence_months`
    (null: once). New staff have `grace_days` from their start to do it."""

    roles: tuple[Role, ...]
    course_id: Identifier
    recurrence_months: int | None = Field(ge=1, le=120)
    grace_days: int = Field(ge=0, le=365)

    @model_validator(mode="after")
    def _check(self) -> TrainingRequirementRule:
        if not self.roles:
            raise ValueError("a training requirement applies to at least one role")
        require_unique(self.roles, "the role")
        return self


class RevenueCategory(enum.StrEnum):
    MEMBER_FEES = "member_fees"
    ANCHOR_CONTRACTS = "anchor_contracts"
    FEE_FOR_SERVICE = "fee_for_service"
    GRANTS = "grants"
    OTHER = "other"


class ContributionRateRule(DocumentModel):
    """Contribution = rate x (sum of the month's revenue in the contributable categories),
    rounded half up to the cent; due on `due_day` of the following month (1-28, so the day
    exists in every month)."""

    rate: Fraction
    contributable_categories: tuple[RevenueCategory, ...]
    due_day: int = Field(ge=1, le=28)
    rounding: Literal["half_up_to_cent"]

    @model_validator(mode="after")
    def _check(self) -> ContributionRateRule:
        if not self.contributable_categories:
            raise ValueError("at least one revenue category must be contributable")
        require_unique(self.contributable_categories, "the category")
        return self

    def contributable_base(self, revenue: dict[RevenueCategory, Decimal]) -> Decimal:
        return sum(
            (revenue.get(category, Decimal(0)) for category in self.contributable_categories),
            Decimal("0.00"),
        )

    def contribution(self, base: Decimal) -> Decimal:
        return half_up_cents(base * self.rate)


class FundPart(enum.StrEnum):
    SHARED_TECHNOLOGY = "shared_technology"
    TRAINING = "training"
    REGIONAL_DEVELOPMENT = "regional_development"
    RESERVE = "reserve"
    MEMBER_DIVIDEND = "member_dividend"


class FundShare(DocumentModel):
    part: FundPart
    fraction: Fraction


def split_by_largest_remainder(total: Decimal, fractions: list[Decimal]) -> list[Decimal]:
    """Split `total` (whole cents) by `fractions` (summing to 1) into whole cents that add
    up exactly: each part gets its share rounded down, then the cents left over go one each
    to the parts with the largest remainders; equal remainders go to the part listed first.
    """
    cents = int(total.quantize(CENT) * 100)
    exact = [cents * fraction for fraction in fractions]
    floors = [int(share) for share in exact]  # shares are non-negative: int() rounds down
    leftover = cents - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [Decimal(share).scaleb(-2) for share in floors]


class FundAllocationRule(DocumentModel):
    """How the fund is divided. Fractions sum to exactly 1. Amounts are split in whole
    cents by the largest-remainder method (`split_by_largest_remainder`): ties go to the
    part listed first, so the order of `parts` matters."""

    parts: tuple[FundShare, ...]
    leftover_cents: Literal["largest_remainder"]

    @model_validator(mode="after")
    def _check(self) -> FundAllocationRule:
        if not self.parts:
            raise ValueError("the fund allocation lists no parts")
        require_unique((share.part for share in self.parts), "the part")
        total = sum((share.fraction for share in self.parts), Decimal(0))
        if total != 1:
            raise ValueError(f"the fund shares add up to {total}, not exactly 1")
        return self

    def allocate(self, total: Decimal) -> dict[FundPart, Decimal]:
        amounts = split_by_largest_remainder(total, [share.fraction for share in self.parts])
        return {share.part: amount for share, amount in zip(self.parts, amounts, strict=True)}


class _StandardBase(DocumentModel):
    """What every standard has. It applies from `effective_from` (inclusive) until
    `effective_to` (exclusive: the first day it no longer applies); a newer version of the
    same id normally starts on the day the older one ends."""

    id: Identifier
    version: Version
    kind: StandardKind
    title: Title
    body: Markdown
    effective_from: date
    effective_to: date | None = None
    translations: dict[LanguageCode, StandardTranslation] = translations_field()

    @model_validator(mode="after")
    def _check_dates(self) -> _StandardBase:
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError(
                f"effective_to ({self.effective_to}) must be after effective_from "
                f"({self.effective_from})"
            )
        return self

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class CareGapStandard(_StandardBase):
    kind: Literal[StandardKind.CARE_GAP] = StandardKind.CARE_GAP
    rule: CareGapRule


class TrainingRequirementStandard(_StandardBase):
    kind: Literal[StandardKind.TRAINING_REQUIREMENT] = StandardKind.TRAINING_REQUIREMENT
    rule: TrainingRequirementRule


class ContributionRateStandard(_StandardBase):
    kind: Literal[StandardKind.CONTRIBUTION_RATE] = StandardKind.CONTRIBUTION_RATE
    rule: ContributionRateRule


class FundAllocationStandard(_StandardBase):
    kind: Literal[StandardKind.FUND_ALLOCATION] = StandardKind.FUND_ALLOCATION
    rule: FundAllocationRule


EVERYONE: Literal["everyone"] = "everyone"


class PolicyRule(DocumentModel):
    """Who must acknowledge a policy, and how soon: `acknowledged_by` is "everyone" or a
    list of job roles; each person has `within_days` from the day the version takes effect
    (or from their own start, if later) to acknowledge it. A new version needs a new
    acknowledgement (clinicdesk.domain.policies has the arithmetic)."""

    acknowledged_by: Literal["everyone"] | tuple[Role, ...]
    within_days: int = Field(ge=1, le=365)

    @model_validator(mode="after")
    def _check(self) -> PolicyRule:
        if not isinstance(self.acknowledged_by, str):
            if not self.acknowledged_by:
                raise ValueError('acknowledged_by lists at least one role, or is "everyone"')
            require_unique(self.acknowledged_by, "the role")
        return self

    @property
    def everyone(self) -> bool:
        return isinstance(self.acknowledged_by, str)

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles that must acknowledge; empty when everyone must."""
        return () if isinstance(self.acknowledged_by, str) else self.acknowledged_by


DEFAULT_POLICY_RULE = PolicyRule(acknowledged_by=EVERYONE, within_days=30)
"""What a policy published before acknowledgements existed (no `rule`) means."""


class PolicyStandard(_StandardBase):
    """Prose, and who must acknowledge it by when. `rule` is optional so that documents
    published before it existed still read: they mean everyone, within 30 days."""

    kind: Literal[StandardKind.POLICY] = StandardKind.POLICY
    rule: PolicyRule | None = None

    @property
    def acknowledgement(self) -> PolicyRule:
        return self.rule if self.rule is not None else DEFAULT_POLICY_RULE


StandardDocument: TypeAlias = Annotated[
    CareGapStandard
    | TrainingRequirementStandard
    | ContributionRateStandard
    | FundAllocationStandard
    | PolicyStandard,
    Field(discriminator="kind"),
]

standard_adapter: TypeAdapter[StandardDocument] = TypeAdapter(StandardDocument)


def parse_standard_json(text: str | bytes) -> StandardDocument:
    """One standards document from JSON; raises pydantic.ValidationError."""
    return standard_adapter.validate_json(text)
