"""The anchor-contract rules (domain/anchors.py): proration tables for both rules on the
1st, 15th, 16th and last day and in a leap February, a month's lines from dated
enrolments, age bands, dependants, the minimum fee, credit notes for late leavers, the
invoice state and the proposal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clinicdesk.domain.anchors import (
    MINIMUM_KEY,
    AgeBand,
    AnchorRuleError,
    ContractTerms,
    DependantsRule,
    Enrolment,
    InvoiceState,
    ProposalInput,
    ProrationRule,
    ageing_bucket,
    check_bands,
    credit_lines,
    invoice_state,
    month_lines,
    parse_band,
    proposal,
    total_of,
)
from clinicdesk.domain.revenue import Period

D = Decimal
RATE = D("100.00")
MARCH = Period(2026, 3)  # 31 days
APRIL = Period(2026, 4)  # 30 days
LEAP_FEB = Period(2028, 2)  # 29 days
FEB = Period(2027, 2)  # 28 days


def _charge(rule: ProrationRule, period: Period, start: date, end: date | None) -> Decimal:
    terms = ContractTerms(RATE, date(2020, 1, 1), proration=rule)
    lines = month_lines(terms, period, [Enrolment("1", "Ann", None, start, end)])
    return total_of(lines)


# (period, start, end, by days, whole month if enrolled on or before the 15th)
TABLE = [
    # joining
    (MARCH, date(2026, 3, 1), None, "100.00", "100.00"),
    (MARCH, date(2026, 3, 15), None, "54.84", "100.00"),  # 17/31
    (MARCH, date(2026, 3, 16), None, "51.61", "0.00"),  # 16/31
    (MARCH, date(2026, 3, 31), None, "3.23", "0.00"),  # 1/31
    (APRIL, date(2026, 4, 15), None, "53.33", "100.00"),  # 16/30
    (APRIL, date(2026, 4, 16), None, "50.00", "0.00"),  # 15/30
    (APRIL, date(2026, 4, 30), None, "3.33", "0.00"),
    # leaving (the end day is the last day covered)
    (MARCH, date(2026, 1, 1), date(2026, 3, 1), "3.23", "0.00"),
    (MARCH, date(2026, 1, 1), date(2026, 3, 14), "45.16", "0.00"),
    (MARCH, date(2026, 1, 1), date(2026, 3, 15), "48.39", "100.00"),
    (MARCH, date(2026, 1, 1), date(2026, 3, 16), "51.61", "100.00"),
    (MARCH, date(2026, 1, 1), date(2026, 3, 31), "100.00", "100.00"),
    # leap February: 29 days
    (LEAP_FEB, date(2028, 2, 1), None, "100.00", "100.00"),
    (LEAP_FEB, date(2028, 2, 15), None, "51.72", "100.00"),  # 15/29
    (LEAP_FEB, date(2028, 2, 16), None, "48.28", "0.00"),  # 14/29
    (LEAP_FEB, date(2028, 2, 29), None, "3.45", "0.00"),  # 1/29
    (LEAP_FEB, date(2027, 1, 1), date(2028, 2, 28), "96.55", "100.00"),
    (LEAP_FEB, date(2027, 1, 1), date(2028, 2, 29), "100.00", "100.00"),
    (FEB, date(2027, 2, 15), None, "50.00", "100.00"),  # 14/28
    (FEB, date(2027, 2, 28), None, "3.57", "0.00"),
    # inside the month both ways; outside it
    (MARCH, date(2026, 3, 10), date(2026, 3, 20), "35.48", "100.00"),  # 11/31
    (MARCH, date(2026, 3, 16), date(2026, 3, 20), "16.13", "0.00"),
    (MARCH, date(2026, 4, 1), None, "0.00", "0.00"),
    (MARCH, date(2026, 1, 1), date(2026, 2, 28), "0.00", "0.00"),
]


@pytest.mark.parametrize(("period", "start", "end", "by_days", "mid_month"), TABLE)
def test_proration_table(
    period: Period, start: date, end: date | None, by_days: str, mid_month: str
) -> None:
    assert _charge(ProrationRule.DAYS, period, start, end) == D(by_days)
    assert _charge(ProrationRule.MID_MONTH, period, start, end) == D(mid_month)


def test_contract_dates_limit_the_coverage() -> None:
    terms = ContractTerms(RATE, date(2026, 3, 16), date(2026, 4, 15))
    people = [Enrolment("1", "Ann", None, date(2025, 1, 1))]
    assert total_of(month_lines(terms, MARCH, people)) == D("51.61")
    assert total_of(month_lines(terms, APRIL, people)) == D("50.00")
    assert month_lines(terms, Period(2026, 5), people) == []
    assert month_lines(terms, Period(2026, 2), people) == []


def test_lines_per_person_bands_dependants_and_the_minimum() -> None:
    bands = check_bands([parse_band("65+=150.00"), parse_band("0-17=40.00")])
    terms = ContractTerms(
        D("80.00"),
        date(2026, 1, 1),
        dependants=DependantsRule.FREE,
        minimum_fee=D("500.00"),
        bands=tuple(bands),
    )
    people = [
        Enrolment("1", "Zed Old", date(1960, 3, 2), date(2026, 1, 1)),  # 66 on 1 March
        Enrolment("2", "Amy Kid", date(2015, 6, 1), date(2026, 1, 1), dependant=True),
        Enrolment("3", "Bob Mid", date(1990, 1, 1), date(2026, 1, 1)),
        Enrolment("4", "Cy Teen", date(2008, 3, 2), date(2026, 1, 1)),  # 17 on 1 March
        Enrolment("5", "Cy Teen", date(2008, 3, 2), date(2026, 3, 20)),  # second spell
    ]
    lines = month_lines(terms, MARCH, people)
    assert [(line.description, line.amount) for line in lines] == [
        ("Amy Kid (dependant)", D("0.00")),
        ("Bob Mid", D("80.00")),
        ("Cy Teen", D("40.00")),
        ("Cy Teen", D("15.48")),  # 12/31 of 40.00
        ("Zed Old", D("150.00")),
        ("Minimum monthly fee 500.00", D("214.52")),
    ]
    assert lines[-1].key == MINIMUM_KEY
    assert total_of(lines) == D("500.00")
    # the same person twice in a month is one line
    same = [
        Enrolment("9", "Di", None, date(2026, 3, 1), date(2026, 3, 10)),
        Enrolment("9", "Di", None, date(2026, 3, 21), None),
    ]
    (line,) = month_lines(ContractTerms(D("31.00"), date(2026, 1, 1)), MARCH, same)
    assert (line.days, line.amount) == (21, D("21.00"))


def test_dependants_excluded_and_billed() -> None:
    people = [
        Enrolment("1", "Emp", None, date(2026, 1, 1)),
        Enrolment("2", "Kid", None, date(2026, 1, 1), dependant=True),
    ]
    excluded = ContractTerms(RATE, date(2026, 1, 1), dependants=DependantsRule.EXCLUDED)
    billed = ContractTerms(RATE, date(2026, 1, 1), dependants=DependantsRule.BILLED)
    assert [line.key for line in month_lines(excluded, MARCH, people)] == ["1"]
    assert total_of(month_lines(billed, MARCH, people)) == D("200.00")


def test_bad_terms_are_refused() -> None:
    with pytest.raises(AnchorRuleError, match="overlap"):
        check_bands([AgeBand(0, 20, RATE), AgeBand(18, 30, RATE)])
    with pytest.raises(AnchorRuleError, match="before it starts"):
        ContractTerms(RATE, date(2026, 3, 1), date(2026, 2, 1))
    with pytest.raises(AnchorRuleError, match="not an age band"):
        parse_band("0-17")
    with pytest.raises(AnchorRuleError, match="before it starts"):
        month_lines(
            ContractTerms(RATE, date(2026, 1, 1)),
            MARCH,
            [Enrolment("1", "A", None, date(2026, 3, 5), date(2026, 3, 1))],
        )


def test_a_retroactive_leaver_is_credited() -> None:
    terms = ContractTerms(RATE, date(2026, 1, 1), minimum_fee=D("150.00"))
    before = [
        Enrolment("1", "Ann", None, date(2026, 1, 1)),
        Enrolment("2", "Ben", None, date(2026, 1, 1)),
    ]
    billed_lines = month_lines(terms, MARCH, before)
    billed = {line.key: line.amount for line in billed_lines}
    names = {line.key: line.description for line in billed_lines}
    # Ben left on 10 March, reported in April
    after = [before[0], Enrolment("2", "Ben", None, date(2026, 1, 1), date(2026, 3, 10))]
    credits = credit_lines(billed, month_lines(terms, MARCH, after), names)
    # Ben: 32.26 due instead of 100.00; the minimum takes back 17.74 of the credit
    assert [(c.key, c.amount) for c in credits] == [("2", D("-67.74")), (MINIMUM_KEY, D("17.74"))]
    assert total_of(credits) == D("-50.00")
    # nothing changed, or the minimum swallows the whole credit: no credit note
    assert credit_lines(billed, billed_lines, names) == []
    floor = ContractTerms(RATE, date(2026, 1, 1), minimum_fee=D("200.00"))
    floor_billed = {line.key: line.amount for line in month_lines(floor, MARCH, before)}
    assert credit_lines(floor_billed, month_lines(floor, MARCH, after), names) == []


TODAY = date(2026, 5, 20)
DUE = date(2026, 5, 15)


@pytest.mark.parametrize(
    ("status", "credited", "paid", "due", "state"),
    [
        ("draft", "0", "0", DUE, InvoiceState.DRAFT),
        ("void", "0", "0", DUE, InvoiceState.VOID),
        ("issued", "0", "0", date(2026, 5, 31), InvoiceState.ISSUED),
        ("issued", "0", "40", date(2026, 5, 31), InvoiceState.PARTLY_PAID),
        ("issued", "0", "100", DUE, InvoiceState.PAID),
        ("issued", "30", "70", DUE, InvoiceState.PAID),
        ("issued", "0", "120", DUE, InvoiceState.PAID),
        ("issued", "0", "0", DUE, InvoiceState.OVERDUE),
        ("issued", "0", "99.99", DUE, InvoiceState.OVERDUE),
        ("issued", "0", "0", TODAY, InvoiceState.ISSUED),  # due today: not yet late
    ],
)
def test_invoice_state(
    status: str, credited: str, paid: str, due: date, state: InvoiceState
) -> None:
    assert invoice_state(status, D("100.00"), D(credited), D(paid), due, TODAY) is state


def test_ageing_buckets() -> None:
    assert [ageing_bucket(DUE, date(2026, 5, d)) for d in (10, 15, 16)] == [
        "current",
        "current",
        "1-30",
    ]
    assert ageing_bucket(DUE, date(2026, 6, 14)) == "1-30"
    assert ageing_bucket(DUE, date(2026, 6, 15)) == "31-60"
    assert ageing_bucket(DUE, date(2026, 8, 13)) == "61-90"  # 90 days late
    assert ageing_bucket(DUE, date(2026, 8, 14)) == "90+"


def test_proposal() -> None:
    result = proposal(ProposalInput(120, D("550.00"), D("85.00"), D("210.00")))
    assert result.current_yearly == D("792000.00")
    assert result.clinic_yearly == D("122400.00")
    assert result.wrap_yearly == D("302400.00")
    assert result.proposed_yearly == D("424800.00")
    assert result.saving_yearly == D("367200.00")
    assert result.saving_per_employee_yearly == D("3060.00")
    assert result.saving_share == D("0.4636")
    with pytest.raises(AnchorRuleError, match="at least one employee"):
        proposal(ProposalInput(0, D("1"), D("1"), D("1")))
