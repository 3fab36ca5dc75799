"""The one money rule (domain/money.py): what is read, what is refused and why, and that
what is written reads back to the same amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinicdesk.domain import money
from clinicdesk.domain.money import MoneyError, check_money, format_money, parse_money

cents = st.integers(min_value=0, max_value=int(money.MONEY_MAX * 100)).map(
    lambda c: Decimal(c).scaleb(-2)
)
separators = st.sampled_from(money.THOUSANDS_SEPARATORS)


def _grouped(amount: Decimal, sep: str) -> str:
    whole, fraction = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    return sep.join([whole, *groups]) + "." + fraction


@given(cents, st.booleans())
def test_what_is_written_reads_back_to_the_same_amount(amount: Decimal, grouping: bool) -> None:
    text = format_money(amount, grouping=grouping)
    parsed = parse_money(text)
    assert parsed == amount and parsed.as_tuple().exponent == -2
    assert format_money(parsed, grouping=grouping) == text


@given(cents, separators)
def test_any_thousands_separator_in_correct_groups_is_read(amount: Decimal, sep: str) -> None:
    assert parse_money(_grouped(amount, sep)) == amount
    assert parse_money(f"  {_grouped(amount, sep)}\t") == amount


@given(st.integers(1000, 10**11), separators, st.integers(1, 2))
def test_a_separator_outside_a_thousands_group_is_refused(whole: int, sep: str, cut: int) -> None:
    # The separator moved one or two digits off the thousands boundary.
    digits = str(whole)
    at = len(digits) - 3 + cut
    text = digits[:at] + sep + digits[at:]
    with pytest.raises(MoneyError) as refused:
        parse_money(text)
    assert refused.value.reason == money.NOT_AN_AMOUNT


@given(cents, st.sampled_from([",", " "]))
def test_two_kinds_of_separator_in_one_amount_are_refused(amount: Decimal, other: str) -> None:
    text = _grouped(amount + 1_000_000, "\u202f")
    mixed = text.replace("\u202f", other, 1)
    with pytest.raises(MoneyError):
        parse_money(mixed)


@given(
    st.integers(0, 10**6),
    st.sampled_from(["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"]),
)
def test_digits_of_other_scripts_are_refused(number: int, script: str) -> None:
    text = "".join(script[int(d)] for d in str(number))
    assert Decimal(text) == number  # Python's Decimal would take them
    with pytest.raises(MoneyError, match="not an amount"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        (" 0.07 ", "0.07"),
        ("+3.10", "3.10"),
        (".5", "0.50"),
        ("1,234.50", "1234.50"),
        ("1 234 567.01", "1234567.01"),
        ("1\u00a0000", "1000.00"),
        ("999,999,999,999.99", "999999999999.99"),
    ],
)
def test_good_amounts_are_whole_cents(text: str, value: str) -> None:
    amount = parse_money(text)
    assert amount == Decimal(value) and amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", money.NOT_AN_AMOUNT),
        (".", money.NOT_AN_AMOUNT),
        ("1.", money.NOT_AN_AMOUNT),
        ("abc", money.NOT_AN_AMOUNT),
        ("12,50", money.NOT_AN_AMOUNT),  # a decimal comma is not guessed at
        ("1,2345", money.NOT_AN_AMOUNT),
        ("1234,567", money.NOT_AN_AMOUNT),
        (",123", money.NOT_AN_AMOUNT),
        ("1,,234", money.NOT_AN_AMOUNT),
        ("1.234,50", money.NOT_AN_AMOUNT),
        ("1.2.3", money.NOT_AN_AMOUNT),
        ("1e5", money.NOT_AN_AMOUNT),
        ("NaN", money.NOT_AN_AMOUNT),
        ("Infinity", money.NOT_AN_AMOUNT),
        ("--5", money.NOT_AN_AMOUNT),
        ("-5.00", money.NEGATIVE),
        ("-0.01", money.NEGATIVE),
        ("1.005", money.TOO_PRECISE),
        ("0.001", money.TOO_PRECISE),
        ("1000000000000.00", money.TOO_LARGE),
        ("1" * 40, money.TOO_LARGE),  # more digits than Decimal's context holds
        ("9" * 30 + ".01", money.TOO_LARGE),
    ],
)
def test_bad_amounts_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money(text)
    assert refused.value.reason == reason
    assert f"“{text.strip()}” {reason}" in str(refused.value)


def test_negative_amounts_only_where_the_caller_allows_them() -> None:
    assert parse_money("-1,234.5", allow_negative=True) == Decimal("-1234.50")
    assert format_money(Decimal("-1234.5"), sign=True) == "-1,234.50"
    assert format_money(Decimal("3"), sign=True, grouping=False) == "+3.00"


@given(st.integers(-(10**12), 10**12))
def test_half_cents_round_away_from_zero(tenths_of_cents: int) -> None:
    value = Decimal(tenths_of_cents).scaleb(-3)
    rounded = money.round_cents(value)
    assert abs(rounded - value) <= Decimal("0.005")
    if abs(tenths_of_cents) % 10 == 5:
        assert abs(rounded) > abs(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), 1.5, True, "1.50"])
def test_only_finite_decimals_are_checked_as_money(value: object) -> None:
    with pytest.raises(MoneyError, match="not an amount"):
        check_money(value)  # type: ignore[arg-type]
