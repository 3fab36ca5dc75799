"""Monthly revenue arithmetic: periods, amounts, the contributable base, the contribution
and the difference an amendment makes. Pure Python and `Decimal`; no float anywhere.

The fund allocation of a contribution is the contract's largest-remainder split
(`federation.schemas.split_by_largest_remainder`, used through the fund-allocation
standard): each part gets its share rounded down to the cent, then the cents left over go
one each to the parts with the largest remainders, ties to the part listed first. It is
not repeated here, so the clinic and the hub can never split one contribution two ways.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clinicdesk.domain.money import (
    CENT,
    NEGATIVE,
    ZERO,
    MoneyError,
    check_money,
    parse_money,
    round_cents,
)
from clinicdesk.i18n import N_, _

CATEGORY_CODES: tuple[str, ...] = (
    "member_fees",
    "anchor_contracts",
    "fee_for_service",
    "grants",
    "other",
)
"""The federation's revenue categories, by their stable codes, in the order shown."""

CATEGORY_NAMES: dict[str, str] = {
    "member_fees": N_("Member fees"),
    "anchor_contracts": N_("Anchor-organisation contracts"),
    "fee_for_service": N_("Fee-for-service"),
    "grants": N_("Grants"),
    "other": N_("Other revenue"),
}


def category_name(code: str) -> str:
    """A category as people read it, in their language (its code when unknown)."""
    return _(CATEGORY_NAMES[code]) if code in CATEGORY_NAMES else code


MAX_LABEL_CHARS = 200

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


class RevenueInputError(ValueError):
    """Input a person typed or imported that cannot be accepted; the message says why."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise RevenueInputError(_("There is no month {month}.").format(month=self.month))
        if not 1900 <= self.year <= 9999:
            raise RevenueInputError(
                _("The year {year} is not a plausible year.").format(year=self.year)
            )

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> Period:
        """'YYYY-MM'. With `today`, a month after today's is refused: its revenue cannot
        be known yet."""
        cleaned = text.strip()
        match = _PERIOD.fullmatch(cleaned)
        if match is None:
            raise RevenueInputError(
                _("“{cleaned}” is not a month. Write it as YYYY-MM, for example 2026-03.").format(
                    cleaned=cleaned
                )
            )
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise RevenueInputError(
                _("“{cleaned}”: the month must be 01 to 12.").format(cleaned=cleaned)
            )
        period = cls(year, month)
        if today is not None and period > cls.of(today):
            raise RevenueInputError(
                _(
                    "{period} is in the future; revenue can be entered from the month itself on."
                ).format(period=period)
            )
        return period

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def due_date(self, due_day: int) -> date:
        """The submission is due on `due_day` (1-28) of the following month."""
        if not 1 <= due_day <= 28:
            raise RevenueInputError(
                _("A due day is 1 to 28, not {due_day}.").format(due_day=due_day)
            )
        following = self.next()
        return date(following.year, following.month, due_day)


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from `first` to `last`, both included (empty if first > last)."""
    months: list[Period] = []
    current = first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def _amount(value: str | Decimal) -> Decimal:
    """A revenue amount by the one money rule (`domain.money`): zero or more, whole cents."""
    try:
        return parse_money(value) if isinstance(value, str) else check_money(value)
    except MoneyError as error:
        hint = (
            " (enter a refund by lowering the month's amount)" if error.reason == NEGATIVE else ""
        )
        raise RevenueInputError(f"{error}{hint}") from None


def parse_category(text: str) -> str:
    """A category code, from its code or its English name, in any case."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key in CATEGORY_CODES:
        return key
    for code, name in CATEGORY_NAMES.items():
        if text.strip().lower() == name.lower():
            return code
    raise RevenueInputError(
        _("“{text}” is not a revenue category. The categories are: {value}.").format(
            text=text.strip(), value=", ".join(CATEGORY_CODES)
        )
    )


@dataclass(frozen=True)
class Line:
    """One revenue line: a category and an optional sub-line label ("" for the category
    itself), with its amount."""

    category: str
    label: str
    amount: Decimal


def parse_line(text: str) -> Line:
    """'CATEGORY=AMOUNT' or 'CATEGORY/LABEL=AMOUNT' (a clinic's own sub-line)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise RevenueInputError(
            _(
                "“{text}” is not a line. Write CATEGORY=AMOUNT, for example "
                "member_fees=1200.00, or CATEGORY/SUB-LINE=AMOUNT."
            ).format(text=text)
        )
    category_text, _slash, label = key.partition("/")
    return make_line(category_text, label, value)


def make_line(category: str, label: str, amount: str | Decimal) -> Line:
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        raise RevenueInputError(
            _("A sub-line name is {MAX_LABEL_CHARS} characters at most.").format(
                MAX_LABEL_CHARS=MAX_LABEL_CHARS
            )
        )
    return Line(parse_category(category), label, _amount(amount))


def merge_lines(lines: Iterable[Line]) -> list[Line]:
    """One line per (category, label), amounts added up, in category order then label."""
    totals: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        key = (line.category, line.label)
        totals[key] = totals.get(key, ZERO) + line.amount
    order = {code: i for i, code in enumerate(CATEGORY_CODES)}
    return [
        Line(category, label, amount)
        for (category, label), amount in sorted(
            totals.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]


def totals_by_category(lines: Iterable[Line]) -> dict[str, Decimal]:
    """Every category, 0.00 where there is no line."""
    totals = dict.fromkeys(CATEGORY_CODES, ZERO)
    for line in lines:
        totals[line.category] += line.amount
    return totals


def contributable_base(totals: Mapping[str, Decimal], contributable: Collection[str]) -> Decimal:
    """The sum of the contributable categories' revenue."""
    return sum((totals.get(code, ZERO) for code in contributable), ZERO).quantize(CENT)


def contribution(base: Decimal, rate: Decimal) -> Decimal:
    """Contributable base x rate, rounded half up to the cent."""
    if base < 0:
        raise RevenueInputError(_("The contributable base cannot be negative."))
    if not 0 <= rate <= 1:
        raise RevenueInputError(
            _("A contribution rate is between 0 and 1, not {rate}.").format(rate=rate)
        )
    return round_cents(base * rate)


@dataclass(frozen=True)
class Delta:
    """What an amendment changes against the figures it restates."""

    by_category: dict[str, Decimal]  # only the categories whose total changed
    base: Decimal
    amount: Decimal


def amendment_delta(
    before: Mapping[str, Decimal],
    after: Mapping[str, Decimal],
    before_amount: Decimal,
    after_amount: Decimal,
    contributable: Collection[str],
) -> Delta:
    """The changes by category (after - before), in the base and in the contribution.
    Adding the delta to the earlier figures gives exactly the corrected ones."""
    changed = {
        code: after.get(code, ZERO) - before.get(code, ZERO)
        for code in CATEGORY_CODES
        if after.get(code, ZERO) != before.get(code, ZERO)
    }
    base = contributable_base(after, contributable) - contributable_base(before, contributable)
    return Delta(changed, base, after_amount - before_amount)
