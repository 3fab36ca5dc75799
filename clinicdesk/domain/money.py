"""Money: the one way ClinicDesk reads, checks, rounds and shows an amount.

An amount of money is a `decimal.Decimal` in whole cents (exponent -2), from zero to
`MONEY_MAX` (what `Numeric(14, 2)` stores); never a float. Every door that takes an amount
(the revenue entry, the member dialogs, the command line, a CSV import, the federation
contract) goes through this module, so an amount typed in one place means the same in
every other.

The one rule for reading typed text (`parse_money`):

- `.` is the decimal point, with one or two digits after it (`12.5`, `12.50`, `.50`);
  three or more decimals are refused, never rounded away.
- `,`, a space, a no-break space (U+00A0), a narrow no-break space (U+202F) or a thin
  space (U+2009) may separate thousands, and only thousands: groups of exactly three
  digits after a first group of one to three, one kind of separator in one amount
  (`1,234,567.50`, `1 234 567.50`). So `12,50` (a decimal comma) and `1,2345` are refused
  rather than guessed at.
- Only the ASCII digits 0-9: other scripts' digits, exponents (`1e5`), `NaN` and
  `Infinity` are refused. A leading `+` is allowed; a leading `-` only where the caller
  allows negative amounts.
- Surrounding white space is ignored.

`format_money` writes what `parse_money` reads back to the same value; `round_cents`
rounds half up (away from zero), the federation's one rounding rule.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from clinicdesk.i18n import N_, _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_MAX = Decimal("999999999999.99")  # Numeric(14, 2)

THOUSANDS_SEPARATORS = (",", " ", "\u00a0", "\u202f", "\u2009")
"""What may separate groups of thousands; `.` is always the decimal point."""

_DIGITS = "[0-9]"  # not \d: that would admit every script's digits
_UNGROUPED = re.compile(rf"({_DIGITS}+)?(?:\.({_DIGITS}+))?")
_GROUPED = {
    sep: re.compile(rf"({_DIGITS}{{1,3}}(?:{re.escape(sep)}{_DIGITS}{{3}})+)(?:\.({_DIGITS}+))?")
    for sep in THOUSANDS_SEPARATORS
}

EXAMPLE = "1234.50"


NOT_AN_AMOUNT = "is not an amount"
NEGATIVE = "cannot be negative"
TOO_PRECISE = "has more than two decimals"
TOO_LARGE = "is larger than the largest amount stored"


class MoneyError(ValueError):
    """An amount that cannot be accepted. `reason` is one of the phrases above, so a caller
    can say it in its own words ("The payment cannot be negative"); the message says it
    about the text as typed, with what to do."""

    def __init__(self, shown: str, reason: str) -> None:
        self.shown = shown
        self.reason = reason
        super().__init__(_(_MESSAGES[reason]).format(shown=shown, example=EXAMPLE, max=MONEY_MAX))


# The whole sentence for each reason, so that a translation can order it as it must.
_MESSAGES = {
    NOT_AN_AMOUNT: N_(
        "“{shown}” is not an amount. Write digits with a point before the cents, for "
        "example {example} or 1,234.50."
    ),
    NEGATIVE: N_("“{shown}” cannot be negative; amounts are zero or more."),
    TOO_PRECISE: N_("“{shown}” has more than two decimals; amounts are in whole cents."),
    TOO_LARGE: N_("“{shown}” is larger than the largest amount stored ({max})."),
}


def _digits(body: str, shown: str) -> str:
    """The amount's digits and point, thousands separators removed, if `body` follows the rule."""
    match = _UNGROUPED.fullmatch(body)
    if match is None:
        for pattern in _GROUPED.values():
            match = pattern.fullmatch(body)
            if match is not None:
                break
        else:
            raise MoneyError(shown, NOT_AN_AMOUNT)
    whole, fraction = match.group(1), match.group(2)
    if not whole and not fraction:
        raise MoneyError(shown, NOT_AN_AMOUNT)
    if fraction is not None and len(fraction) > 2:
        raise MoneyError(shown, TOO_PRECISE)
    whole = "".join(ch for ch in whole or "0" if ch in "0123456789")
    return f"{whole}.{fraction or '0'}"


def parse_money(text: str, *, allow_negative: bool = False) -> Decimal:
    """Typed text as an amount in whole cents, by the module's one separator rule."""
    shown = text.strip()
    body = shown
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    try:
        value = Decimal(_digits(body, shown))
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        raise MoneyError(shown, NOT_AN_AMOUNT) from None
    if negative and not allow_negative:
        raise MoneyError(shown, NEGATIVE)
    return check_money(-value if negative else value, shown=shown, allow_negative=allow_negative)


def check_money(
    value: Decimal, *, shown: str | None = None, allow_negative: bool = False
) -> Decimal:
    """A `Decimal` checked as an amount (finite, whole cents, in range) and set to cents."""
    shown = str(value) if shown is None else shown
    if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite():
        raise MoneyError(shown, NOT_AN_AMOUNT)
    if value < 0 and not allow_negative:
        raise MoneyError(shown, NEGATIVE)
    if abs(value) > MONEY_MAX:  # first: quantizing a huge number would overflow the context
        raise MoneyError(shown, TOO_LARGE)
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(shown, TOO_PRECISE)
    return value.quantize(CENT)


def round_cents(value: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero (the federation's one rounding rule)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, *, grouping: bool = True, sign: bool = False) -> str:
    """An amount as people read it: `1,234.50` (`1234.50` without grouping); `sign` writes
    `+` before a positive amount, as a change is shown."""
    if grouping:
        return f"{amount:+,.2f}" if sign else f"{amount:,.2f}"
    return f"{amount:+.2f}" if sign else f"{amount:.2f}"
