"""Dates and values as sources write them, read into what ClinicDesk stores: `date`,
naive UTC `datetime`, `Decimal` (never float), with plausibility checks.

Sources write dates with any offset (-05:00, +13:00, Z) or only a year ("2012");
decimals with 17 fractional digits; now and then a negative weight or a birth in 2190.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

EARLIEST = date(1880, 1, 1)
# stored as Numeric(18, 6): twelve digits before the point
_MAX_VALUE = Decimal("1e12")
_SIX_PLACES = Decimal("0.000001")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


class BadValue(ValueError):
    """A value that cannot be read or is not plausible; the message is the reason."""


def today() -> date:
    return datetime.now(UTC).date()


def parse_date(text: object) -> tuple[date, bool]:
    """A FHIR date or dateTime as the calendar date it was written in (the source's
    local day). Returns (date, partial): a year or year-month only is taken as its first
    day and flagged."""
    if not isinstance(text, str):
        raise BadValue("no date")
    return _parse_date_text(text)


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> tuple[date, bool]:
    """parse_date of a text, remembered: a source repeats its days (a visit's date on
    every result of the visit). A refusal is raised again each time."""
    value = text.strip()
    if not value:
        raise BadValue("no date")
    match = _DATE.match(value)
    if match:
        year, month, day = match.groups()
        try:
            parsed = date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise BadValue("impossible date") from None
        return parsed, day is None
    match = _DATETIME.match(value)
    if not match:
        raise BadValue("unreadable date")
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), False
    except ValueError:
        raise BadValue("impossible date") from None


def parse_datetime(text: object) -> tuple[datetime, bool]:
    """A FHIR dateTime as naive UTC. A date without a time is midnight UTC of that day;
    a time without an offset is taken as UTC. Returns (datetime, partial)."""
    if not isinstance(text, str) or not text.strip():
        raise BadValue("no date")
    value = text.strip()
    if _DATE.match(value):
        only_day, partial = parse_date(value)
        return datetime(only_day.year, only_day.month, only_day.day), partial
    match = _DATETIME.match(value)
    if not match:
        raise BadValue("unreadable date")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        raise BadValue("impossible date") from None
    if offset and offset != "Z":
        moment -= _offset(offset)
    return moment, False


@lru_cache(maxsize=256)
def _offset(offset: str) -> timedelta:
    """A time zone offset ("-05:00", "+1300") as the time it adds to UTC, remembered (a
    source writes a few). A refusal is raised again each time."""
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if shift > timedelta(hours=14):
        raise BadValue("impossible time zone")
    return sign * shift


# A day no later than this one is never in the future: the clock only moves on. Most
# dates checked are, so they need not read the clock.
_PAST = today()


def check_date(day: date, what: str, *, latest: date | None = None) -> None:
    """Refuse dates before 1880 or in the future (a day of slack for time zones)."""
    if day < EARLIEST:
        raise BadValue(f"{what} before 1880")
    if latest is None:
        if day <= _PAST:
            return
        latest = today() + timedelta(days=1)
    if day > latest:
        raise BadValue(f"{what} in the future")


def to_decimal(raw: object) -> Decimal:
    """A JSON or CSV number as Decimal rounded to the six places the database keeps.
    JSON numbers arrive as Decimal (the readers parse floats as Decimal), never float."""
    if isinstance(raw, bool) or raw is None:
        raise BadValue("not a number")
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except InvalidOperation:
        raise BadValue("not a number") from None
    if not value.is_finite():
        raise BadValue("not a finite number")
    if abs(value) >= _MAX_VALUE:
        raise BadValue("value too large to keep")
    return value.quantize(_SIX_PLACES, rounding=ROUND_HALF_EVEN)


# Units whose quantities cannot be negative (mass, length, rates, pressures, counts…).
_NON_NEGATIVE_UNITS = {
    "kg", "g", "mg", "[lb_av]", "lb", "lbs", "cm", "m", "mm", "[in_i]", "in",
    "/min", "{beats}/min", "{breaths}/min", "mm[hg]", "%", "kg/m2", "{score}",
    "mg/dl", "g/dl", "10*3/ul", "10*6/ul", "10*9/l", "10*12/l", "fl", "pg",
    "meq/l", "u/l", "[iu]/l", "ml/min", "ml/min/{1.73_m2}", "l", "ml", "ug/l", "ng/ml",
    "k", "cel", "[degf]", "s", "min", "h", "d", "wk", "mo", "a", "{count}", "1",
}  # fmt: skip


def check_quantity(value: Decimal, unit: str | None) -> None:
    """Refuse quantities no body can have: negative masses, lengths, rates, pressures,
    percentages, scores, or percentages above 100."""
    key = (unit or "").strip().lower()
    if value < 0 and key in _NON_NEGATIVE_UNITS:
        raise BadValue(f"negative value in {unit}")
    if key == "%" and value > 100:
        raise BadValue("percentage above 100")
