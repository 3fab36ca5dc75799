"""The revenue arithmetic (domain/revenue.py) and the fund split it relies on: periods,
amounts as the revenue entry reads them (the rule itself: test_money.py), the
contributable base, half-up rounding at every half cent, amendment
deltas, and allocations that add up exactly to the contribution."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinicdesk.domain import revenue as rules
from clinicdesk.domain.money import round_cents
from clinicdesk.domain.revenue import CATEGORY_CODES, Line, Period, RevenueInputError
from clinicdesk.federation.schemas import FundAllocationRule, split_by_largest_remainder

cents = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c).scaleb(-2))
rates = st.integers(min_value=0, max_value=10_000).map(lambda r: Decimal(r).scaleb(-4))
categories = st.sampled_from(CATEGORY_CODES)
lines = st.lists(
    st.builds(Line, categories, st.sampled_from(["", "clinic A", "clinic B"]), cents),
    max_size=20,
)

# --- periods --------------------------------------------------------------------------


def test_period_parses_and_prints() -> None:
    assert str(Period.parse(" 2026-03 ")) == "2026-03"
    assert Period.parse("2026-12").next() == Period(2027, 1)
    assert Period.parse("2026-01").previous() == Period(2025, 12)
    assert Period(2026, 3).due_date(15) == date(2026, 4, 15)
    assert Period(2026, 12).due_date(15) == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-13", "01 to 12"),
        ("2026-00", "01 to 12"),
        ("March 2026", "YYYY-MM"),
        ("2026/03", "YYYY-MM"),
        ("26-03", "YYYY-MM"),
        ("", "YYYY-MM"),
    ],
)
def test_bad_periods_are_refused_clearly(text: str, words: str) -> None:
    with pytest.raises(RevenueInputError, match=words):
        Period.parse(text)


def test_a_future_period_is_refused_and_the_current_month_is_not() -> None:
    today = date(2026, 3, 10)
    assert Period.parse("2026-03", today=today) == Period(2026, 3)
    with pytest.raises(RevenueInputError, match="future"):
        Period.parse("2026-04", today=today)


@given(st.integers(1900, 9998), st.integers(1, 12))
def test_period_round_trips_and_steps(year: int, month: int) -> None:
    period = Period(year, month)
    assert Period.parse(str(period)) == period
    assert period.next().previous() == period
    assert period < period.next()
    assert rules.months_between(period, period.next()) == [period, period.next()]


# --- amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5.00", "negative"),
        ("-0.01", "negative"),
        ("abc", "not an amount"),
        ("12,50", "not an amount"),
        ("1e5", "not an amount"),
        ("NaN", "not an amount"),
        ("", "not an amount"),
        ("1.005", "more than two decimals"),
        ("0.001", "more than two decimals"),
        ("1000000000000.00", "larger"),
    ],
)
def test_bad_amounts_are_refused_clearly(text: str, words: str) -> None:
    with pytest.raises(RevenueInputError, match=words):
        rules.make_line("other", "", text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", "12.00"), ("12.5", "12.50"), (" 0.07 ", "0.07"), ("+3.10", "3.10"), (".5", "0.50")],
)
def test_good_amounts_are_whole_cents(text: str, value: str) -> None:
    amount = rules.make_line("other", "", text).amount
    assert amount == Decimal(value) and amount.as_tuple().exponent == -2


@given(cents)
def test_any_whole_cent_amount_parses_back_to_itself(amount: Decimal) -> None:
    assert rules.make_line("other", "", str(amount)).amount == amount


def test_lines_and_categories() -> None:
    assert rules.parse_line("member_fees=12.00") == Line("member_fees", "", Decimal("12.00"))
    assert rules.parse_line("Fee-for-service/Walk-in  clinic=3") == Line(
        "fee_for_service", "Walk-in clinic", Decimal("3.00")
    )
    assert rules.parse_category("Member fees") == "member_fees"
    with pytest.raises(RevenueInputError, match="not a revenue category"):
        rules.parse_line("donations=5")
    with pytest.raises(RevenueInputError, match="CATEGORY=AMOUNT"):
        rules.parse_line("member_fees 5")


# --- base, contribution, rounding -------------------------------------------------------


def test_base_from_mixed_contributable_and_other_lines() -> None:
    totals = rules.totals_by_category(
        [
            Line("member_fees", "", Decimal("100.00")),
            Line("grants", "", Decimal("999.99")),
            Line("fee_for_service", "a", Decimal("0.50")),
            Line("fee_for_service", "b", Decimal("0.25")),
            Line("other", "", Decimal("7.00")),
        ]
    )
    assert rules.contributable_base(totals, ["member_fees", "fee_for_service"]) == Decimal("100.75")


@pytest.mark.parametrize(
    ("base", "rate", "expected"),
    [
        ("0.50", "0.0300", "0.02"),  # 0.015 -> 0.02: a half cent goes up
        ("0.49", "0.0300", "0.01"),  # 0.0147
        ("16.50", "0.0300", "0.50"),  # 0.495 -> 0.50
        ("16.49", "0.0300", "0.49"),  # 0.4947
        ("0.01", "0.5000", "0.01"),  # 0.005 -> 0.01
        ("18500.49", "0.0300", "555.01"),  # 555.0147
    ],
)
def test_contribution_rounds_half_up_to_the_cent(base: str, rate: str, expected: str) -> None:
    assert rules.contribution(Decimal(base), Decimal(rate)) == Decimal(expected)


@given(st.integers(0, 10**9), rates)
def test_every_half_cent_rounds_up(whole_cents: int, rate: Decimal) -> None:
    # A product exactly on a half cent always rounds away from zero.
    exact_half = Decimal(whole_cents).scaleb(-2) + Decimal("0.005")
    assert round_cents(exact_half) == Decimal(whole_cents + 1).scaleb(-2)


@given(cents, rates)
def test_contribution_is_within_half_a_cent_of_the_exact_product(
    base: Decimal, rate: Decimal
) -> None:
    amount = rules.contribution(base, rate)
    assert amount.as_tuple().exponent == -2
    exact = base * rate
    assert abs(amount - exact) <= Decimal("0.005")
    if amount - exact == Decimal("-0.005"):
        pytest.fail("a half cent was rounded down")


@given(lines, st.sets(categories))
def test_base_is_the_sum_of_contributable_lines(items: list[Line], contributable: set[str]) -> None:
    totals = rules.totals_by_category(items)
    assert set(totals) == set(CATEGORY_CODES)
    expected = sum((i.amount for i in items if i.category in contributable), Decimal("0.00"))
    assert rules.contributable_base(totals, contributable) == expected
    merged = rules.merge_lines(items)
    assert rules.totals_by_category(merged) == totals
    assert len({(m.category, m.label) for m in merged}) == len(merged)


# --- amendments ---------------------------------------------------------------------------


@given(lines, lines, rates, st.sets(categories, min_size=1))
def test_amendment_delta_nets_to_the_corrected_totals(
    before_lines: list[Line], after_lines: list[Line], rate: Decimal, contributable: set[str]
) -> None:
    before = rules.totals_by_category(before_lines)
    after = rules.totals_by_category(after_lines)
    before_amount = rules.contribution(rules.contributable_base(before, contributable), rate)
    after_amount = rules.contribution(rules.contributable_base(after, contributable), rate)
    delta = rules.amendment_delta(before, after, before_amount, after_amount, contributable)
    for code in CATEGORY_CODES:
        assert before[code] + delta.by_category.get(code, Decimal(0)) == after[code]
    assert set(delta.by_category) == {c for c in CATEGORY_CODES if before[c] != after[c]}
    assert rules.contributable_base(before, contributable) + delta.base == (
        rules.contributable_base(after, contributable)
    )
    assert before_amount + delta.amount == after_amount


# --- fund allocation (the contract's split, reused) ---------------------------------------

fractions = st.lists(st.integers(0, 10_000), min_size=1, max_size=6).filter(lambda xs: sum(xs) > 0)


def _fractions_summing_to_one(weights: list[int]) -> list[Decimal]:
    total = sum(weights)
    parts = [Decimal(w * 10_000 // total).scaleb(-4) for w in weights]
    parts[0] += Decimal(1) - sum(parts)
    return parts


@given(cents, fractions)
def test_allocation_parts_add_up_exactly_to_the_contribution(
    amount: Decimal, weights: list[int]
) -> None:
    shares = _fractions_summing_to_one(weights)
    parts = split_by_largest_remainder(amount, shares)
    assert sum(parts, Decimal("0.00")) == amount
    for part, share in zip(parts, shares, strict=True):
        # Each part is its exact share rounded down, or that plus one leftover cent.
        assert abs(part - amount * share) < Decimal("0.01")
        assert part >= 0 and part.as_tuple().exponent == -2


def test_the_leftover_cent_goes_to_the_largest_remainder_then_the_first_listed() -> None:
    rule = FundAllocationRule.model_validate(
        {
            "parts": [
                {"part": "shared_technology", "fraction": "0.3500"},
                {"part": "training", "fraction": "0.2000"},
                {"part": "regional_development", "fraction": "0.2000"},
                {"part": "reserve", "fraction": "0.1500"},
                {"part": "member_dividend", "fraction": "0.1000"},
            ],
            "leftover_cents": "largest_remainder",
        }
    )
    # 0.07: exact shares 2.45, 1.4, 1.4, 1.05, 0.7 cents -> floors 2,1,1,1,0 = 5 cents;
    # two left: largest remainders are 0.7 (dividend) and 0.45 (technology).
    split = {p.value: a for p, a in rule.allocate(Decimal("0.07")).items()}
    assert split == {
        "shared_technology": Decimal("0.03"),
        "training": Decimal("0.01"),
        "regional_development": Decimal("0.01"),
        "reserve": Decimal("0.01"),
        "member_dividend": Decimal("0.01"),
    }
    # 0.01: remainders 0.35, 0.2, 0.2, 0.15, 0.1 -> the cent goes to technology; with equal
    # remainders (training and regional development) the one listed first would win.
    split = {p.value: a for p, a in rule.allocate(Decimal("0.01")).items()}
    assert split["shared_technology"] == Decimal("0.01")
    assert sum(split.values()) == Decimal("0.01")
    split = {p.value: a for p, a in rule.allocate(Decimal("0.02")).items()}
    assert (split["shared_technology"], split["training"]) == (Decimal("0.01"), Decimal("0.01"))
