"""What every published document and every body of the federation contract is made of:
a strict pydantic base and the typed scalar fields (money, fractions, periods, ids).

Pydantic is allowed in the domain on purpose: these are value types with their own
validation, not persistence or transport; the federation contract (`federation/schemas`)
builds its request and response bodies from them.

- Money is `Decimal`, written as a JSON *string* with exactly two decimals ("1234.50").
  JSON numbers are refused for money: most JSON parsers turn them into binary floats.
- Fractions (the contribution rate, fund shares) are `Decimal` strings with at most four
  decimals, from 0 to 1 ("0.0300").
- A period is a calendar month, "YYYY-MM".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from clinicdesk.domain.money import (
    MONEY_MAX,
    TOO_PRECISE,
    MoneyError,
    check_money,
    round_cents,
)
from clinicdesk.i18n import _


class DocumentModel(BaseModel):
    """Published content with rules the program acts on: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------
# Scalar types
# --------------------------------------------------------------------------------------

FRACTION_STEP = Decimal("0.0001")

# [0-9], never \d: Python's \d (and pydantic's regex engine's) admits every script's digits,
# which Decimal() and int() then read as numbers ("١٢٣" is 123). The published patterns
# below say [0-9] too, so no regex engine can read them another way.
_MONEY_TEXT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
_FRACTION_TEXT = re.compile(r"(0(\.[0-9]{1,4})?|1(\.0{1,4})?)")
_DECIMAL_TEXT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,6})?")
_PERIOD_TEXT = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def _refuse_numbers(value: object, what: str, example: str) -> None:
    if isinstance(value, bool | int | float):
        raise ValueError(
            _("{what} must be written as a string such as {example!r}, not as a number").format(
                what=what, example=example
            )
        )


def _parse_money(value: object) -> Decimal:
    """The wire form is stricter than what people type (no signs, no thousands
    separators); the amount itself is checked by the one money rule (domain/money)."""
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
    try:
        return check_money(amount)
    except MoneyError as error:
        if error.reason == TOO_PRECISE:
            raise ValueError("a money amount has at most two decimals (whole cents)") from None
        raise ValueError(f"a money amount must be between 0.00 and {MONEY_MAX}") from None


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
            "pattern": r"^[0-9]{1,12}\.[0-9]{2}$",
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
            "pattern": r"^(0\.[0-9]{4}|1\.0000)$",
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
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]{1,12}(\.[0-9]{1,6})?$", "examples": ["8.0"]}
    ),
]
"""A measured quantity written as a decimal string (never a float)."""

Period = Annotated[
    str,
    PlainValidator(_parse_period),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$", "examples": ["2025-03"]}
    ),
]
"""A calendar month, "YYYY-MM"."""

Identifier = Annotated[
    str,
    Field(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"),
]
"""Id of a standard or course: lower-case words joined by '-' or '.', e.g. "care-gap.flu"."""

Title = Annotated[str, Field(min_length=1, max_length=200)]
Label = Annotated[str, Field(min_length=1, max_length=120)]
Markdown = Annotated[str, Field(min_length=1, max_length=100_000)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]


def half_up_cents(value: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero: the contract's one rounding rule."""
    return round_cents(value)


def require_unique(values: Iterable[object], what: str) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(_("{what} {value!s} is listed twice").format(what=what, value=value))
        seen.add(value)
