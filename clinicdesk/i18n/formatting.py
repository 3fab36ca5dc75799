"""Dates, numbers and money as people read them in the current language, through Babel
(the CLDR's formats: `3 dic 2026` and `1.234,50` in Spanish, `Dec 3, 2026` and `1,234.50` in
English). Never by hand: a format is the locale's, not ours.

What a machine reads (CSV exports, federation payloads, file names, the audit trail) keeps
ISO dates and plain decimals; only text for people comes through here."""

from __future__ import annotations

import locale as _os_locale
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from clinicdesk.i18n import language, supported

# Amounts carry no currency sign: a clinic works in one currency, and the statement says
# which once. Two decimals always, grouped as the locale groups.
_MONEY_PATTERN = "#,##0.00"


@cache
def _locale_for(code: str, system: str | None) -> Locale:
    """The locale for a language: with the computer's region when it speaks that language
    (es_MX on a Mexican computer), else the language's own default."""
    if system and supported(system) == code:
        try:
            return Locale.parse(system.split(".")[0].replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            pass
    return Locale.parse(code)


def current_locale() -> Locale:
    try:
        system = _os_locale.getlocale()[0]
    except ValueError:
        system = None
    return _locale_for(language(), system)


def format_date(day: date | None, length: str = "medium") -> str:
    """A day (`length`: short, medium, long, full); "" for none."""
    if day is None:
        return ""
    return _date_text(day, length, current_locale())


@lru_cache(maxsize=8192)
def _date_text(day: date, length: str, locale: Locale) -> str:
    """Babel's pattern work costs tens of microseconds a day, and a table repaints the same
    few hundred days on every keystroke of a filter: each is written once per language."""
    return str(babel_dates.format_date(day, format=length, locale=locale))


def format_datetime(moment: datetime | None, length: str = "medium", seconds: bool = False) -> str:
    """A moment as given (the caller converts to local time), to the minute or second."""
    if moment is None:
        return ""
    loc = current_locale()
    day = babel_dates.format_date(moment.date(), format=length, locale=loc)
    clock = babel_dates.format_time(
        moment.time(), format="medium" if seconds else "short", locale=loc
    )
    return f"{day} {clock}"


def format_month(year: int, month: int) -> str:
    """A calendar month: `December 2026`, `diciembre de 2026`."""
    return str(babel_dates.format_skeleton("yMMMM", date(year, month, 1), locale=current_locale()))


def format_period(period: str) -> str:
    """A month written `YYYY-MM` (a revenue month, an invoice's month) as the language
    names it, `November 2026`; any other text as it is."""
    year, dash, month = period.partition("-")
    if dash and len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return format_month(int(year), int(month))
    return period


def format_money(amount: Decimal | None, *, sign: bool = False) -> str:
    """An amount to the cent, grouped (`1,234.50`; `1.234,50` in Spanish); `sign` writes
    `+` before a positive amount, as a change is shown."""
    if amount is None:
        return ""
    text = str(babel_numbers.format_decimal(amount, format=_MONEY_PATTERN, locale=current_locale()))
    if sign and amount > 0:
        text = babel_numbers.get_plus_sign_symbol(current_locale()) + text
    return text


def format_number(value: int | Decimal) -> str:
    """A count or quantity, grouped as the locale groups."""
    return str(babel_numbers.format_decimal(value, locale=current_locale()))


def format_percent(rate: Decimal) -> str:
    """A rate given as a fraction, every digit it has (`0.025` -> `2.5%`, `2,5 %`)."""
    return str(
        babel_numbers.format_percent(rate, locale=current_locale(), decimal_quantization=False)
    )
