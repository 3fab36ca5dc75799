"""Anchor-organisation contracts (issue #15): what a month of a direct-care contract
costs, person by person. Pure Python and `Decimal`; no float anywhere.

The rules, as a contract states them:

- **Coverage** of a person in a month is the days of that month inside both their
  enrolment (`start_on` to `end_on`, both days included; no `end_on` = still enrolled)
  and the contract (its own start and end).
- **Proration** is a contract setting:
  - `days`: the month's rate x covered days / days in the month, rounded half up to the
    cent (a full month is exactly the rate, whatever its length; 29 February counts);
  - `mid_month`: the whole month if the person is covered on its 15th, nothing otherwise
    — so joining on or before the 15th is charged the whole month, joining on the 16th
    is free that month, and leaving on or after the 15th is charged the whole month.
- **The rate** is the contract's PMPM, or the rate of the age band the person is in on
  the 1st of the month when the contract has bands.
- **Dependants**: `billed` at the same rate as the employee, `free` (covered, shown on
  the invoice at 0.00), or `excluded` (not covered: no line at all).
- **Minimum monthly fee**: when the people's lines add up to less, one more line tops
  the month up to the minimum (only for a month the contract is in force).
- **Credit notes**: when an invoiced month is worked out again (a leaver reported late),
  every line that should now be less is credited by the difference, with the minimum
  top-up worked out again; a credit note is made only when the net is a credit.
- **Invoice state** comes from what was issued, credited and paid, and the due date:
  draft, issued, partly paid, paid, overdue (unpaid past its due date, even in part),
  void.
"""

from __future__ import annotations

import calendar
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clinicdesk.domain.money import ZERO, MoneyError, parse_money, round_cents
from clinicdesk.domain.revenue import Period
from clinicdesk.i18n import _

MINIMUM_KEY = "minimum"
"""The line key of the minimum-fee top-up (people's lines are keyed by their own key)."""

MID_MONTH_DAY = 15


class AnchorRuleError(ValueError):
    """Contract terms or dates that cannot be used; the message says which and why."""


class ProrationRule(enum.StrEnum):
    DAYS = "days"
    MID_MONTH = "mid_month"

    @property
    def label(self) -> str:
        return {
            ProrationRule.DAYS: _("by days enrolled"),
            ProrationRule.MID_MONTH: _("whole month if enrolled on or before the 15th"),
        }[self]


class DependantsRule(enum.StrEnum):
    BILLED = "billed"
    FREE = "free"
    EXCLUDED = "excluded"

    @property
    def label(self) -> str:
        return {
            DependantsRule.BILLED: _("dependants billed at the same rate"),
            DependantsRule.FREE: _("dependants covered free of charge"),
            DependantsRule.EXCLUDED: _("dependants not covered"),
        }[self]


class OrganisationKind(enum.StrEnum):
    EMPLOYER = "employer"
    COOP = "coop"
    SCHOOL_DISTRICT = "school_district"
    PUBLIC_BODY = "public_body"
    NGO = "ngo"

    @property
    def label(self) -> str:
        return {
            OrganisationKind.EMPLOYER: _("Employer"),
            OrganisationKind.COOP: _("Co-operative"),
            OrganisationKind.SCHOOL_DISTRICT: _("School district"),
            OrganisationKind.PUBLIC_BODY: _("Public body"),
            OrganisationKind.NGO: _("NGO"),
        }[self]


class InvoiceState(enum.StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    VOID = "void"


# --- dates -------------------------------------------------------------------------------


def days_in(period: Period) -> int:
    return calendar.monthrange(period.year, period.month)[1]


def last_day(period: Period) -> date:
    return date(period.year, period.month, days_in(period))


def covered_days(period: Period, start_on: date, end_on: date | None) -> tuple[date, date] | None:
    """The first and last day of `period` inside [start_on, end_on], or None."""
    if end_on is not None and end_on < start_on:
        raise AnchorRuleError(
            _("An enrolment cannot end ({end_on}) before it starts ({start_on}).").format(
                end_on=end_on.isoformat(), start_on=start_on.isoformat()
            )
        )
    first = max(start_on, period.first_day)
    last = min(end_on, last_day(period)) if end_on is not None else last_day(period)
    return (first, last) if first <= last else None


def prorated(
    rate: Decimal, rule: ProrationRule, period: Period, first: date, last: date
) -> Decimal:
    """What `rate` for a whole month comes to for the covered days `first`..`last`."""
    total = days_in(period)
    if rule is ProrationRule.MID_MONTH:
        return rate if first.day <= MID_MONTH_DAY <= last.day else ZERO
    days = (last - first).days + 1
    if days == total:
        return rate
    return round_cents(rate * days / total)


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# --- contract terms ----------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    """A rate for ages `min_age` to `max_age` (both included; None: no upper bound)."""

    min_age: int
    max_age: int | None
    rate: Decimal

    def holds(self, age: int) -> bool:
        return self.min_age <= age and (self.max_age is None or age <= self.max_age)

    def __str__(self) -> str:
        upper = f"-{self.max_age}" if self.max_age is not None else "+"
        return f"{self.min_age}{upper}={self.rate}"


def parse_band(text: str) -> AgeBand:
    """'0-17=45.00' or '65+=120.00'."""
    ages, sep, amount = text.partition("=")
    if not sep:
        raise AnchorRuleError(
            _("“{text}” is not an age band. Write it as 0-17=45.00 or 65+=120.00.").format(
                text=text
            )
        )
    ages = ages.strip()
    try:
        if ages.endswith("+"):
            low, high = int(ages[:-1]), None
        else:
            low_text, dash, high_text = ages.partition("-")
            if not dash:
                raise ValueError
            low, high = int(low_text), int(high_text)
    except ValueError:
        raise AnchorRuleError(
            _("“{ages}” is not an age range. Write it as 0-17 or 65+.").format(ages=ages)
        ) from None
    try:
        rate = parse_money(amount)
    except MoneyError as error:
        raise AnchorRuleError(
            _("The rate of the band {ages}: {error}").format(ages=ages, error=error)
        ) from None
    return AgeBand(low, high, rate)


def check_bands(bands: Sequence[AgeBand]) -> list[AgeBand]:
    """The bands sorted by age; overlapping or inverted bands are refused."""
    ordered = sorted(bands, key=lambda b: b.min_age)
    for band in ordered:
        if band.min_age < 0 or (band.max_age is not None and band.max_age < band.min_age):
            raise AnchorRuleError(
                _("The age band {band} runs backwards or below 0.").format(band=band)
            )
    for before, after in itertools.pairwise(ordered):
        if before.max_age is None or before.max_age >= after.min_age:
            raise AnchorRuleError(
                _("The age bands {before} and {after} overlap.").format(before=before, after=after)
            )
    return ordered


@dataclass(frozen=True)
class ContractTerms:
    """What a contract says about money."""

    pmpm: Decimal
    start_on: date
    end_on: date | None = None
    proration: ProrationRule = ProrationRule.DAYS
    dependants: DependantsRule = DependantsRule.BILLED
    minimum_fee: Decimal = ZERO
    bands: tuple[AgeBand, ...] = ()

    def __post_init__(self) -> None:
        if self.end_on is not None and self.end_on < self.start_on:
            raise AnchorRuleError(
                _("A contract cannot end ({end_on}) before it starts ({start_on}).").format(
                    end_on=self.end_on.isoformat(), start_on=self.start_on.isoformat()
                )
            )
        if self.pmpm < 0 or self.minimum_fee < 0:
            raise AnchorRuleError(_("A rate or a minimum fee cannot be negative."))

    def in_force(self, period: Period) -> tuple[date, date] | None:
        return covered_days(period, self.start_on, self.end_on)

    def rate_for(self, birth_date: date | None, period: Period) -> Decimal:
        if not self.bands or birth_date is None:
            return self.pmpm
        age = age_on(birth_date, period.first_day)
        for band in self.bands:
            if band.holds(age):
                return band.rate
        return self.pmpm


# --- a month's invoice lines -------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """One dated enrolment of one person under a contract."""

    key: str  # who, stably: the enrolment's person (patient) id as text
    name: str
    birth_date: date | None
    start_on: date
    end_on: date | None = None
    dependant: bool = False


@dataclass(frozen=True)
class LineDraft:
    """One line of a month's invoice: a person-month (or the minimum-fee top-up)."""

    key: str
    description: str
    first_day: date | None
    last_day: date | None
    days: int
    rate: Decimal
    amount: Decimal


def month_lines(
    terms: ContractTerms, period: Period, enrolments: Iterable[Enrolment]
) -> list[LineDraft]:
    """The lines of `period`'s invoice: one per person covered that month (several
    enrolments of one person in the month add up), then the minimum-fee top-up if due.
    Empty when the contract is not in force that month."""
    in_force = terms.in_force(period)
    if in_force is None:
        return []
    start, end = in_force
    by_key: dict[str, LineDraft] = {}
    for person in enrolments:
        if person.dependant and terms.dependants is DependantsRule.EXCLUDED:
            continue
        if person.end_on is not None and person.end_on < person.start_on:
            raise AnchorRuleError(
                _("The enrolment of {name} ends ({end_on}) before it starts ({start_on}).").format(
                    name=person.name,
                    end_on=person.end_on.isoformat(),
                    start_on=person.start_on.isoformat(),
                )
            )
        first = max(person.start_on, start)
        last = min(person.end_on, end) if person.end_on is not None else end
        if first > last:
            continue
        rate = terms.rate_for(person.birth_date, period)
        if person.dependant and terms.dependants is DependantsRule.FREE:
            rate = ZERO
        amount = prorated(rate, terms.proration, period, first, last)
        days = (last - first).days + 1
        earlier = by_key.get(person.key)
        if earlier is not None:
            assert earlier.first_day is not None and earlier.last_day is not None
            amount += earlier.amount
            days += earlier.days
            first, last = min(first, earlier.first_day), max(last, earlier.last_day)
        suffix = " (dependant)" if person.dependant else ""
        by_key[person.key] = LineDraft(
            person.key, f"{person.name}{suffix}", first, last, days, rate, amount
        )
    lines = sorted(by_key.values(), key=lambda line: (line.description.casefold(), line.key))
    return with_minimum(lines, terms.minimum_fee)


def with_minimum(lines: list[LineDraft], minimum: Decimal) -> list[LineDraft]:
    total = sum((line.amount for line in lines), ZERO)
    if total >= minimum:
        return lines
    top_up = minimum - total
    return [
        *lines,
        LineDraft(MINIMUM_KEY, f"Minimum monthly fee {minimum}", None, None, 0, top_up, top_up),
    ]


def total_of(lines: Iterable[LineDraft]) -> Decimal:
    return sum((line.amount for line in lines), ZERO)


def credit_lines(
    billed: Mapping[str, Decimal], due: Sequence[LineDraft], names: Mapping[str, str]
) -> list[LineDraft]:
    """The lines of a credit note for a month already invoiced: `billed` is what was
    charged per line key so far (the invoice less earlier credit notes), `due` the month
    worked out again. Every key charged more than is now due is credited the difference;
    the minimum top-up is worked out again (it may grow and take back part of the
    credit). Empty when nothing is to be credited on balance."""
    due_by_key = {line.key: line.amount for line in due}
    credits = [
        LineDraft(
            key,
            f"Credit: {names.get(key, key)}",
            None,
            None,
            0,
            ZERO,
            due_by_key.get(key, ZERO) - amount,
        )
        for key, amount in sorted(billed.items())
        if key != MINIMUM_KEY and due_by_key.get(key, ZERO) < amount
    ]
    if not credits:
        return []
    minimum_change = due_by_key.get(MINIMUM_KEY, ZERO) - billed.get(MINIMUM_KEY, ZERO)
    if minimum_change:
        credits.append(
            LineDraft(
                MINIMUM_KEY,
                "Minimum monthly fee, worked out again",
                None,
                None,
                0,
                ZERO,
                minimum_change,
            )
        )
    return credits if total_of(credits) < 0 else []


# --- invoice state and ageing ------------------------------------------------------------


def invoice_state(
    status: str,
    total: Decimal,
    credited: Decimal,
    paid: Decimal,
    due_on: date | None,
    today: date,
) -> InvoiceState:
    """`status` is what is stored (draft, issued, void); the rest follows from the money:
    `credited` is the credit notes' total (a positive amount), `paid` the payments'."""
    if status == InvoiceState.DRAFT:
        return InvoiceState.DRAFT
    if status == InvoiceState.VOID:
        return InvoiceState.VOID
    owed = total - credited - paid
    if owed <= 0:
        return InvoiceState.PAID
    if due_on is not None and today > due_on:
        return InvoiceState.OVERDUE
    if paid > 0:
        return InvoiceState.PARTLY_PAID
    return InvoiceState.ISSUED


AGEING_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


def ageing_bucket(due_on: date, today: date) -> str:
    """Where an unpaid balance falls by days past its due date."""
    late = (today - due_on).days
    if late <= 0:
        return "current"
    if late <= 30:
        return "1-30"
    if late <= 60:
        return "31-60"
    if late <= 90:
        return "61-90"
    return "90+"


# --- the proposal ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInput:
    """The pitch to an employer, every amount per employee per month."""

    employees: int
    current_spend: Decimal  # what the employer pays today for coverage that under-delivers
    pmpm: Decimal  # the clinic's rate
    wrap_cost: Decimal  # a catastrophic / wrap-around plan beside the clinic


@dataclass(frozen=True)
class Proposal:
    inputs: ProposalInput
    current_yearly: Decimal
    proposed_yearly: Decimal
    clinic_yearly: Decimal
    wrap_yearly: Decimal
    saving_yearly: Decimal
    saving_per_employee_yearly: Decimal
    saving_share: Decimal  # of today's spend, 0..1 (negative: it would cost more)


def proposal(inputs: ProposalInput) -> Proposal:
    if inputs.employees <= 0:
        raise AnchorRuleError(_("A proposal is for at least one employee."))
    if min(inputs.current_spend, inputs.pmpm, inputs.wrap_cost) < 0:
        raise AnchorRuleError(_("The amounts of a proposal cannot be negative."))
    months = 12 * inputs.employees
    current = round_cents(inputs.current_spend * months)
    clinic = round_cents(inputs.pmpm * months)
    wrap = round_cents(inputs.wrap_cost * months)
    proposed = clinic + wrap
    saving = current - proposed
    share = (saving / current).quantize(Decimal("0.0001")) if current else ZERO
    return Proposal(
        inputs,
        current,
        proposed,
        clinic,
        wrap,
        saving,
        round_cents(saving / inputs.employees),
        share,
    )
