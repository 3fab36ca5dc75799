"""The member register's rules: holdings, status, votes, validation, dividends and
certificate codes, with property tests for the two sums that must always hold."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinicdesk.domain import members as m
from clinicdesk.domain.members import Entry, EntryType, MemberDates, ShareClassRule, Status

A = ShareClassRule("A", Decimal("25.00"), 2, frozenset({"patient", "worker"}))
B = ShareClassRule("B", Decimal("100.00"), 1, frozenset({"worker"}))
CLASSES = {"A": A, "B": B}
JOINED = date(2020, 1, 10)
APPROVED = MemberDates(applied_on=JOINED, approved_on=date(2020, 2, 1))


def e(
    id_: int,
    type_: EntryType,
    day: date,
    code: str | None = "A",
    quantity: int = 0,
    amount: str = "0.00",
    reverses: int | None = None,
) -> Entry:
    return Entry(id_, type_, day, code, quantity, Decimal(amount), reverses)


LEDGER = [
    e(1, EntryType.SUBSCRIBE, date(2020, 1, 10), quantity=4, amount="100.00"),
    e(2, EntryType.PAY, date(2020, 3, 1), amount="50.00"),
    e(3, EntryType.PAY, date(2021, 3, 1), amount="50.00"),
    e(4, EntryType.REDEEM, date(2022, 6, 1), quantity=1, amount="25.00"),
]


def test_holdings_as_of_dates() -> None:
    assert m.holdings(LEDGER, date(2019, 12, 31)) == {}
    h = m.holdings(LEDGER, date(2020, 6, 1))["A"]
    assert (h.shares, h.subscribed, h.paid) == (4, Decimal("100.00"), Decimal("50.00"))
    assert h.fully_paid_shares(A.unit_price) == 2
    h = m.holdings(LEDGER)["A"]
    assert (h.shares, h.subscribed, h.paid) == (3, Decimal("75.00"), Decimal("75.00"))
    assert m.paid_up_capital(LEDGER, date(2021, 12, 31)) == Decimal("100.00")


def test_a_reversal_undoes_its_entry_from_its_own_date() -> None:
    ledger = [*LEDGER, e(5, EntryType.REVERSAL, date(2022, 7, 1), None, reverses=4)]
    assert m.holdings(ledger, date(2022, 6, 15))["A"].shares == 3
    assert m.holdings(ledger, date(2022, 7, 1))["A"].shares == 4


def test_status_over_time() -> None:
    dates = MemberDates(JOINED, date(2020, 2, 1), end_on=date(2023, 1, 1))
    ledger = [
        *LEDGER,
        e(10, EntryType.SUSPEND, date(2021, 1, 1), None),
        e(11, EntryType.REINSTATE, date(2021, 2, 1), None),
    ]
    assert m.status(dates, ledger, date(2020, 1, 5)) is Status.APPLICANT
    assert m.status(dates, ledger, date(2020, 1, 20)) is Status.APPLICANT
    assert m.status(dates, ledger, date(2020, 2, 1)) is Status.ACTIVE
    assert m.status(dates, ledger, date(2021, 1, 15)) is Status.SUSPENDED
    assert m.status(dates, ledger, date(2021, 2, 1)) is Status.ACTIVE
    assert m.status(dates, ledger, date(2023, 1, 1)) is Status.FORMER
    # cancellation kept apart from the end date; whichever comes first ends membership
    cancelled = MemberDates(JOINED, date(2020, 2, 1), cancelled_on=date(2022, 1, 1))
    assert m.status(cancelled, ledger, date(2022, 1, 1)) is Status.FORMER


def test_voting_needs_the_minimum_fully_paid() -> None:
    assert not m.may_vote(APPROVED, "patient", LEDGER, CLASSES, date(2020, 2, 15))  # 0 paid
    assert m.may_vote(APPROVED, "patient", LEDGER, CLASSES, date(2020, 3, 1))  # 2 paid
    lenient = m.VotingRule(require_paid_minimum=False)
    assert m.may_vote(APPROVED, "patient", LEDGER, CLASSES, date(2020, 2, 15), lenient)
    waiting = m.VotingRule(min_days_approved=365)
    assert not m.may_vote(APPROVED, "patient", LEDGER, CLASSES, date(2020, 3, 1), waiting)
    assert m.may_vote(APPROVED, "patient", LEDGER, CLASSES, date(2021, 2, 1), waiting)
    applicant = MemberDates(JOINED)
    assert not m.may_vote(applicant, "patient", LEDGER, CLASSES, date(2021, 2, 1))


def check(entry: Entry, existing: list[Entry] = LEDGER, **kw: object) -> None:
    m.check_new_entry(
        entry, existing, dates=APPROVED, member_class="patient", classes=CLASSES, **kw
    )


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (e(9, EntryType.TRANSFER_OUT, date(2023, 1, 1), quantity=5, amount="125.00"), "holds 3"),
        (e(9, EntryType.REDEEM, date(2023, 1, 1), quantity=2, amount="50.00"), "below the minimum"),
        (e(9, EntryType.PAY, date(2019, 1, 1), amount="5.00"), "before the member applied"),
        (e(9, EntryType.PAY, date(2020, 4, 1), amount="-5.00"), "cannot be negative"),
        (e(9, EntryType.SUBSCRIBE, date(2023, 1, 1), quantity=-1, amount="0"), "negative"),
        (e(9, EntryType.SUBSCRIBE, date(2023, 1, 1), "B", 1, "100.00"), "not open to patient"),
        (e(9, EntryType.SUBSCRIBE, date(2023, 1, 1), "Z", 1, "100.00"), "Unknown share class"),
        (e(9, EntryType.SUBSCRIBE, date(2023, 1, 1), quantity=2, amount="49.00"), "come to 50"),
        (e(9, EntryType.PAY, date(2020, 4, 1), amount="60.00"), "more than the 50.00"),
        (e(9, EntryType.REDEEM, date(2020, 4, 1), quantity=2, amount="50.00"), "on 2022-06-01"),
        (e(9, EntryType.REVERSAL, date(2023, 1, 1), None, reverses=77), "does not belong"),
    ],
)
def test_bad_entries_are_refused_with_a_clear_message(entry: Entry, words: str) -> None:
    with pytest.raises(m.MemberRuleError, match=words):
        check(entry)


def test_only_fully_paid_shares_leave() -> None:
    ledger = [e(1, EntryType.SUBSCRIBE, JOINED, quantity=6, amount="150.00")]
    ledger.append(e(2, EntryType.PAY, JOINED, amount="75.00"))
    with pytest.raises(m.MemberRuleError, match="Only 3 of the member's 6"):
        check(e(3, EntryType.TRANSFER_OUT, JOINED, quantity=4, amount="100.00"), ledger)
    check(e(3, EntryType.TRANSFER_OUT, JOINED, quantity=3, amount="75.00"), ledger)


def test_a_backdated_entry_may_not_break_later_history() -> None:
    # Redeeming 1 share in 2021 leaves 3, and the 2022 redemption then leaves 2: fine.
    check(e(9, EntryType.REDEEM, date(2021, 6, 1), quantity=1, amount="25.00"))
    # Redeeming 2 leaves 2, and the 2022 redemption would then leave 1: refused.
    with pytest.raises(m.MemberRuleError, match="below the minimum holding of 2"):
        check(e(9, EntryType.REDEEM, date(2021, 6, 1), quantity=2, amount="50.00"))


def test_leaving_may_redeem_everything() -> None:
    check(e(9, EntryType.REDEEM, date(2023, 1, 1), quantity=3, amount="75.00"), leaving=True)


def test_reversals_once_only() -> None:
    ledger = [*LEDGER, e(5, EntryType.REVERSAL, date(2022, 7, 1), None, reverses=4)]
    with pytest.raises(m.MemberRuleError, match="already been reversed"):
        check(e(6, EntryType.REVERSAL, date(2022, 8, 1), None, reverses=4), ledger)
    with pytest.raises(m.MemberRuleError, match="cannot itself be reversed"):
        check(e(6, EntryType.REVERSAL, date(2022, 8, 1), None, reverses=5), ledger)


def test_dividend_largest_remainder_with_ties_to_lower_number() -> None:
    split = m.allocate_dividend(
        Decimal("100.00"),
        {3: Decimal(1), 1: Decimal(1), 2: Decimal(1), 4: Decimal("0.5")},
        Decimal("1"),
    )
    assert [(p.register_no, p.amount) for p in split.parts] == [
        (1, Decimal("33.34")),
        (2, Decimal("33.33")),
        (3, Decimal("33.33")),
    ]
    assert split.below_threshold == [4]
    assert split.total == Decimal("100.00")


def test_dividend_refusals() -> None:
    with pytest.raises(m.MemberRuleError, match="negative"):
        m.allocate_dividend(Decimal("-1.00"), {1: Decimal(1)})
    with pytest.raises(m.MemberRuleError, match="nobody"):
        m.allocate_dividend(Decimal("10.00"), {1: Decimal(1)}, Decimal("5"))
    with pytest.raises(m.MemberRuleError, match="negative patronage"):
        m.allocate_dividend(Decimal("10.00"), {1: Decimal(-1)})


def test_certificate_codes_verify_and_forgeries_do_not() -> None:
    facts = m.CertificateFacts(42, "A", 10, date(2025, 12, 31))
    code = m.certificate_code(b"secret", facts)
    assert code.startswith("M000042-A-10-20251231-")
    assert m.parse_certificate_code(b"secret", code.lower()) == facts
    with pytest.raises(m.MemberRuleError, match="does not verify"):
        m.parse_certificate_code(b"secret", code.replace("-10-", "-11-"))
    with pytest.raises(m.MemberRuleError, match="does not verify"):
        m.parse_certificate_code(b"other", code)
    with pytest.raises(m.MemberRuleError, match="not a ClinicDesk"):
        m.parse_certificate_code(b"secret", "hello")


# --- properties ------------------------------------------------------------------------------

operations = st.lists(
    st.tuples(
        st.sampled_from(["subscribe", "pay", "redeem", "transfer_out", "reverse"]),
        st.integers(min_value=0, max_value=800),  # day offset
        st.integers(min_value=1, max_value=6),  # quantity
        st.sampled_from(["A", "B"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_holdings_always_equal_the_sum_of_the_accepted_ledger(ops: list[tuple]) -> None:
    """Whatever is attempted, the accepted entries' holdings equal the plain sum of their
    effects, never go negative, and paid never exceeds subscribed."""
    ledger: list[Entry] = []
    dates = MemberDates(JOINED, JOINED)
    for n, (kind, offset, quantity, code) in enumerate(ops, start=1):
        day = JOINED + timedelta(days=offset)
        price = CLASSES[code].unit_price
        if kind == "subscribe":
            entry = e(n, EntryType.SUBSCRIBE, day, code, quantity, str(price * quantity))
        elif kind == "pay":
            entry = e(n, EntryType.PAY, day, code, 0, str(price * quantity))
        elif kind == "redeem":
            entry = e(n, EntryType.REDEEM, day, code, quantity, str(price * quantity))
        elif kind == "transfer_out":
            entry = e(n, EntryType.TRANSFER_OUT, day, code, quantity, str(price * quantity))
        else:
            if not ledger:
                continue
            target = ledger[quantity % len(ledger)]
            entry = e(
                n, EntryType.REVERSAL, max(day, target.effective_on), None, reverses=target.id
            )
        try:
            m.check_new_entry(entry, ledger, dates=dates, member_class="worker", classes=CLASSES)
        except m.MemberRuleError:
            continue
        ledger.append(entry)
    by_id = {x.id: x for x in ledger}
    for as_of in [JOINED + timedelta(days=d) for d in (0, 100, 400, 800)]:
        derived = m.holdings(ledger, as_of)
        for code in CLASSES:
            shares = subscribed = paid = Decimal(0)
            for x in ledger:
                if x.effective_on > as_of:
                    continue
                sign = 1
                base = x
                if x.type is EntryType.REVERSAL:
                    sign, base = -1, by_id[x.reverses_id]  # type: ignore[index]
                if base.share_class != code:
                    continue
                qs, ss, ps = m._EFFECT_SIGNS[base.type]
                shares += sign * qs * base.quantity
                subscribed += sign * ss * base.amount
                paid += sign * ps * base.amount
            h = derived.get(code, m.Holding(code))
            assert (h.shares, h.subscribed, h.paid) == (shares, subscribed, paid)
            assert h.shares >= 0 and 0 <= h.paid <= h.subscribed


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
    st.dictionaries(
        st.integers(min_value=1, max_value=5000),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2),
        min_size=1,
        max_size=60,
    ),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2),
)
def test_dividends_always_sum_to_the_surplus(
    surplus: Decimal, bases: dict[int, Decimal], threshold: Decimal
) -> None:
    try:
        split = m.allocate_dividend(surplus, bases, threshold)
    except m.MemberRuleError:
        assert all(b <= 0 or b < threshold for b in bases.values())
        return
    assert split.total == surplus
    assert all(p.amount >= 0 and p.amount == p.amount.quantize(m.CENT) for p in split.parts)
    assert all(bases[n] < threshold or bases[n] == 0 for n in split.below_threshold)
    # no one is more than a cent away from their exact proportional share
    total = sum(p.basis for p in split.parts)
    for p in split.parts:
        assert abs(p.amount - surplus * p.basis / total) < Decimal("0.01")
