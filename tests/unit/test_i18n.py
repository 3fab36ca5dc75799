"""The language: chosen from the person, the workstation or the operating system; dates,
numbers and money as each language writes them (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from clinicdesk import i18n
from clinicdesk.i18n import formatting


@pytest.fixture
def no_language_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (i18n.LANGUAGE_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LANG", "es_MX.UTF-8", "es"),
        ("LANGUAGE", "es:en", "es"),
        ("LC_ALL", "fr_FR.UTF-8", "en"),  # not shipped: English
        ("LANG", "C", "en"),
        ("LANG", "es-AR", "es"),
    ],
)
def test_the_operating_system_language(no_language_env, variable, value, expected) -> None:
    no_language_env.setenv(variable, value)
    assert i18n.system_language() == expected


def test_the_workstation_setting_comes_before_the_operating_system(no_language_env) -> None:
    no_language_env.setenv("LANG", "en_US.UTF-8")
    no_language_env.setenv(i18n.LANGUAGE_ENV, "es")
    assert i18n.system_language() == "es"


def test_spanish_messages_come_from_the_compiled_catalogue() -> None:
    source = "ClinicDesk does not speak {language}. Choose one of: {choices}."
    assert i18n._(source) == source
    assert i18n.set_language("es") == "es"
    spanish = i18n._(source)
    assert spanish != source and "{language}" in spanish and "{choices}" in spanish
    assert i18n.set_language("en") == "en"
    assert i18n._(source) == source


def test_an_unknown_language_follows_the_system(no_language_env) -> None:
    no_language_env.setenv("LANG", "es_ES.UTF-8")
    assert i18n.set_language("klingon") == "es"
    assert i18n.set_language(None) == "es"


def test_formats_follow_the_language() -> None:
    day, amount = date(2026, 12, 3), Decimal("-1234.50")
    i18n.set_language("en")
    assert formatting.format_date(day) == "Dec 3, 2026"
    assert formatting.format_money(amount) == "-1,234.50"
    assert formatting.format_money(Decimal("5"), sign=True) == "+5.00"
    assert formatting.format_number(100000) == "100,000"
    assert formatting.format_month(2026, 12) == "December 2026"
    assert formatting.format_period("2026-11") == "November 2026"
    for not_a_month in ("2026-13", "2026", "11-2026", "draft"):
        assert formatting.format_period(not_a_month) == not_a_month
    i18n.set_language("es")
    assert formatting.format_period("2026-11") == "noviembre de 2026"
    assert formatting.format_date(day) == "3 dic 2026"
    assert formatting.format_money(amount) == "-1.234,50"
    assert formatting.format_number(100000) == "100.000"
    assert formatting.format_month(2026, 12) == "diciembre de 2026"
    assert formatting.format_percent(Decimal("0.025")).replace("\xa0", " ") == "2,5 %"
    assert formatting.format_datetime(datetime(2026, 12, 3, 14, 5)) == "3 dic 2026 14:05"
    assert formatting.format_date(None) == formatting.format_money(None) == ""
