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
- Standards documents and course manifests forbid unknown fields even though they arrive in
  responses. A care-gap rule that this program only half understands must not compute gaps
  or money: an older ClinicDesk refuses the document (and the person is told to update)
  rather than guess.
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
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal, TypeAlias
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from clinicdesk.domain.roles import Role

API_VERSION = "v1"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
PROBLEM_JSON = "application/problem+json"

# --------------------------------------------------------------------------------------
# Base classes
# --------------------------------------------------------------------------------------


class RequestModel(BaseModel):
    """A body the clinic sends: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseModel(BaseModel):
    """A body the hub sends: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class DocumentModel(BaseModel):
    """Published content with rules the program acts on: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------
# Scalar types
# --------------------------------------------------------------------------------------

CENT = Decimal("0.01")
MONEY_MAX = Decimal("999999999999.99")  # Numeric(14, 2)
FRACTION_STEP = Decimal("0.0001")

_MONEY_TEXT = re.compile(r"\d{1,12}(\.\d{1,2})?")
_FRACTION_TEXT = re.compile(r"(0(\.\d{1,4})?|1(\.0{1,4})?)")
_DECIMAL_TEXT = re.compile(r"-?\d{1,12}(\.\d{1,6})?")
_PERIOD_TEXT = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def _refuse_numbers(value: object, what: str, example: str) -> None:
    if isinstance(value, bool | int | float):
        raise ValueError(f"{what} must be written as a string such as {example!r}, not as a number")


def _parse_money(value: object) -> Decimal:
    _refuse_numbers(value, "a money amount", "1234.50")
    if isinstance(value, str):
        if not _MONEY_TEXT.fullmatch(value):
            raise ValueError(
                "a money amount must be digits with at most two decimals, "
                f"such as '1234.50' (got {value!r})"
            )
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    else:
        raise ValueError("a money amount must be a string such as '1234.50'")
    if not amount.is_finite() or amount < 0 or amount > MONEY_MAX:
        raise ValueError(f"a money amount must be between 0.00 and {MONEY_MAX}")
    if amount.quantize(CENT) != amount:
        raise ValueError("a money amount has at most two decimals (whole cents)")
    return amount.quantize(CENT)


def _parse_fraction(value: object) -> Decimal:
    _refuse_numbers(value, "a fraction", "0.0300")
    if isinstance(value, str):
        if not _FRACTION_TEXT.fullmatch(value):
            raise ValueError(
                "a fraction must be between 0 and 1 with at most four decimals, "
                f"such as '0.0300' (got {value!r})"
            )
        fraction = Decimal(value)
    elif isinstance(value, Decimal):
        fraction = value
    else:
        raise ValueError("a fraction must be a string such as '0.0300'")
    if not fraction.is_finite() or not Decimal(0) <= fraction <= Decimal(1):
        raise ValueError("a fraction must be between 0 and 1")
    if fraction.quantize(FRACTION_STEP) != fraction:
        raise ValueError("a fraction has at most four decimals")
    return fraction.quantize(FRACTION_STEP)


def _parse_decimal_text(value: object) -> Decimal:
    _refuse_numbers(value, "a measured value", "8.0")
    text = format(value, "f") if isinstance(value, Decimal) and value.is_finite() else value
    if isinstance(text, str) and _DECIMAL_TEXT.fullmatch(text):
        return Decimal(text)
    raise ValueError(f"a measured value must be a decimal string such as '8.0' (got {value!r})")


def _parse_period(value: object) -> str:
    if not isinstance(value, str) or not _PERIOD_TEXT.fullmatch(value):
        raise ValueError(
            f"a period is a calendar month written YYYY-MM, such as 2025-03 (got {value!r})"
        )
    if int(value[:4]) < 1900:
        raise ValueError(f"the period {value} is not a plausible month")
    return value


Money = Annotated[
    Decimal,
    PlainValidator(_parse_money),
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,12}\.\d{2}$",
            "description": "Amount in the federation's currency, two decimals",
            "examples": ["1234.50"],
        }
    ),
]
"""A non-negative amount of money in whole cents."""

Fraction = Annotated[
    Decimal,
    PlainValidator(_parse_fraction),
    PlainSerializer(lambda fraction: f"{fraction:.4f}", return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(0\.\d{4}|1\.0000)$",
            "description": "A fraction from 0 to 1, four decimals",
            "examples": ["0.0300"],
        }
    ),
]
"""A share from 0 to 1 with at most four decimals (0.0001 = one hundredth of a percent)."""

DecimalText = Annotated[
    Decimal,
    PlainValidator(_parse_decimal_text),
    PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,12}(\.\d{1,6})?$", "examples": ["8.0"]}),
]
"""A measured quantity written as a decimal string (never a float)."""

Period = Annotated[
    str,
    PlainValidator(_parse_period),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "examples": ["2025-03"]}
    ),
]
"""A calendar month, "YYYY-MM"."""

Identifier = Annotated[
    str,
    Field(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"),
]
"""Id of a standard or course: lower-case words joined by '-' or '.', e.g. "care-gap.flu"."""

Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Label = Annotated[str, Field(min_length=1, max_length=120)]
Markdown = Annotated[str, Field(min_length=1, max_length=100_000)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]


def half_up_cents(value: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero: the contract's one rounding rule."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _require_unique(values: Iterable[object], what: str) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!s} is listed twice")
        seen.add(value)


# --------------------------------------------------------------------------------------
# Coded concepts
# --------------------------------------------------------------------------------------


class CodeSystem(enum.StrEnum):
    """The code systems a standard may use, by their FHIR URIs."""

    SNOMED_CT = "http://snomed.info/sct"
    LOINC = "http://loinc.org"
    ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
    CVX = "http://hl7.org/fhir/sid/cvx"
    RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
    CPT = "http://www.ama-assn.org/go/cpt"


_CODE_FORMS: dict[CodeSystem, re.Pattern[str]] = {
    CodeSystem.SNOMED_CT: re.compile(r"[1-9]\d{5,17}"),
    CodeSystem.LOINC: re.compile(r"\d{1,7}-\d"),
    CodeSystem.ICD_10_CM: re.compile(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?"),
    CodeSystem.CVX: re.compile(r"\d{1,3}"),
    CodeSystem.RXNORM: re.compile(r"\d{1,8}"),
    CodeSystem.CPT: re.compile(r"\d{4}[0-9A-Z]"),
}
_ICD_10_CM_PREFIX = re.compile(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{0,3})?")

# Verhoeff tables: the check digit of every SNOMED CT identifier.
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)


def _verhoeff_permutations() -> tuple[tuple[int, ...], ...]:
    """Row i is the generating permutation applied i times."""
    step = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)
    rows = [tuple(range(10))]
    for _ in range(7):
        rows.append(tuple(rows[-1][step[j]] for j in range(10)))
    return tuple(rows)


_VERHOEFF_P = _verhoeff_permutations()


def _verhoeff_valid(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def code_problem(system: CodeSystem, code: str) -> str | None:
    """Why `code` cannot be a code of `system`, or None when it is well formed.

    Catches typing slips: SNOMED CT identifiers carry a Verhoeff check digit and a
    concept partition, LOINC codes a mod-10 check digit after the hyphen."""
    if not _CODE_FORMS[system].fullmatch(code):
        return f"{code!r} is not written like a {system.name} code"
    if system is CodeSystem.SNOMED_CT:
        if code[-3:-1] not in ("00", "10"):
            return f"{code!r} is a SNOMED CT identifier but not of a concept"
        if not _verhoeff_valid(code):
            return f"{code!r} fails the SNOMED CT check digit: is it mistyped?"
    if system is CodeSystem.LOINC:
        number, check = code.split("-")
        if _luhn_check_digit(number) != int(check):
            return f"{code!r} fails the LOINC check digit: is it mistyped?"
    return None


def _icd10_key(code: str) -> str:
    return code.replace(".", "").upper()


class Code(DocumentModel):
    code: str = Field(min_length=1, max_length=40)
    display: str = Field(min_length=1, max_length=300)


class ConceptSet(DocumentModel):
    """Codes of one system. A recorded code matches when the systems are equal and the
    code is listed, or (ICD-10-CM only, where codes are hierarchical) starts with a listed
    prefix. ICD-10-CM codes are compared without their dot, so "E11.9" and "E119" are the
    same code; every other system compares codes exactly."""

    system: CodeSystem
    codes: tuple[Code, ...] = ()
    prefixes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> ConceptSet:
        if not self.codes and not self.prefixes:
            raise ValueError(f"the concept set for {self.system} lists no codes")
        for entry in self.codes:
            problem = code_problem(self.system, entry.code)
            if problem:
                raise ValueError(problem)
        _require_unique((entry.code for entry in self.codes), "the code")
        if self.prefixes:
            if self.system is not CodeSystem.ICD_10_CM:
                raise ValueError("code prefixes are allowed only for ICD-10-CM")
            for prefix in self.prefixes:
                if not _ICD_10_CM_PREFIX.fullmatch(prefix):
                    raise ValueError(
                        f"{prefix!r} is not an ICD-10-CM category such as 'E11' or 'E11.3'"
                    )
            _require_unique(self.prefixes, "the prefix")
        return self

    def matches(self, system: str, code: str) -> bool:
        if system != self.system.value:
            return False
        if self.system is CodeSystem.ICD_10_CM:
            key = _icd10_key(code)
            return any(_icd10_key(entry.code) == key for entry in self.codes) or any(
                key.startswith(_icd10_key(prefix)) for prefix in self.prefixes
            )
        return any(entry.code == code for entry in self.codes)


def _check_concept_list(sets: tuple[ConceptSet, ...], where: str) -> None:
    if not sets:
        raise ValueError(f"{where} needs at least one concept set")
    _require_unique((concept_set.system.value for concept_set in sets), f"{where}: the system")


def concepts_match(sets: Iterable[ConceptSet], system: str, code: str) -> bool:
    return any(concept_set.matches(system, code) for concept_set in sets)


# --------------------------------------------------------------------------------------
# Standards
# --------------------------------------------------------------------------------------


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
            _check_concept_list(self.conditions, "eligibility conditions")
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
        _check_concept_list(self.concepts, f"exclusion {self.label!r}")
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
        _check_concept_list(self.concepts, f"way {self.label!r}")
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
        _require_unique((way.label for way in self.satisfied_by), "the way")
        _require_unique((exclusion.label for exclusion in self.exclusions), "the exclusion")
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
        _require_unique(self.roles, "the role")
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
        _require_unique(self.contributable_categories, "the category")
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
        _require_unique((share.part for share in self.parts), "the part")
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


class PolicyStandard(_StandardBase):
    """Prose only: there is nothing to compute."""

    kind: Literal[StandardKind.POLICY] = StandardKind.POLICY


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
        _require_unique(self.options, f"question {self.id!r}: the option")
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
        _require_unique((question.id for question in self.questions), "the question")
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

    @model_validator(mode="after")
    def _check(self) -> CourseManifest:
        if not self.roles:
            raise ValueError("a course is meant for at least one role")
        _require_unique(self.roles, "the role")
        if not self.sections:
            raise ValueError("a course has at least one section")
        _require_unique(self.sections, "the section")
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
        _require_unique(self.contributable_categories, "the category")
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
        _require_unique((c.completion_id for c in self.completions), "the completion")
        _require_unique((r.completion_id for r in self.revocations), "the revocation of")
        _require_unique((c.requirement_id for c in self.census), "the census of")
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
