"""LedgerReplay (running totals, used by the legacy import) gives check_new_entry's
verdict and message on every entry of a ledger replayed in date order."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinicdesk.domain import members as m
from clinicdesk.domain.members import Entry, EntryType, LedgerReplay, MemberDates, ShareClassRule

CLASSES = {
    "A": ShareClassRule("A", Decimal("25.00"), 2, frozenset({"patient", "worker"})),
    "B": ShareClassRule("B", Decimal("100.00"), 0, frozenset({"worker"})),
    "C": ShareClassRule("C", Decimal("0.00"), 1, frozenset({"patient", "worker"})),
}
APPLIED = date(2020, 1, 1)
TYPES = [
    EntryType.SUBSCRIBE,
    EntryType.PAY,
    EntryType.REDEEM,
    EntryType.TRANSFER_OUT,
    EntryType.TRANSFER_IN,
    EntryType.CONVERT_OUT,
    EntryType.CONVERT_IN,
]

entries = st.lists(
    st.tuples(
        st.sampled_from(TYPES),
        st.integers(min_value=-3, max_value=40),  # days after applying (some before)
        st.sampled_from(["A", "B", "C", "Z"]),
        st.integers(min_value=-1, max_value=5),  # quantity
        # amounts in cents, and equal ones written otherwise ("25", "50.000"): the same
        # value, but not the same text in a message
        st.sampled_from(
            ["0.00", "25.00", "50.00", "12.50", "100.00", "-5.00", "0.001", "25", "50.000"]
        ),
        st.booleans(),  # priced by the class, or the amount as drawn
        st.booleans(),  # leaving
    ),
    max_size=30,
)


def _verdict(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except m.MemberRuleError as error:
        return f"{error.message} [{error.field}]"
    return "accepted"


@settings(max_examples=400, deadline=None)
@given(
    drawn=entries,
    member_class=st.sampled_from(["patient", "worker"]),
    left_after=st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
)
def test_the_replay_gives_check_new_entrys_verdict_on_every_entry(
    drawn: list[tuple[EntryType, int, str, int, str, bool, bool]],
    member_class: str,
    left_after: int | None,
) -> None:
    end_on = APPLIED + timedelta(days=left_after) if left_after is not None else None
    dates = MemberDates(APPLIED, APPLIED, end_on)
    # twice, as two members with the same history: the second meets the entries the
    # first had accepted (which the replay remembers) and must still get every verdict
    for replay in (LedgerReplay(dates, member_class, CLASSES) for _ in range(2)):
        _replay_checked(replay, drawn, dates, member_class)


def _replay_checked(
    replay: LedgerReplay,
    drawn: list[tuple[EntryType, int, str, int, str, bool, bool]],
    dates: MemberDates,
    member_class: str,
) -> None:
    accepted: list[Entry] = []
    for kind, offset, code, quantity, text, priced, leaving in sorted(drawn, key=lambda d: d[1]):
        day = APPLIED + timedelta(days=offset)
        rule = CLASSES.get(code)
        amount = Decimal(text)
        if priced and rule is not None and kind is not EntryType.PAY:
            amount = (rule.unit_price * quantity).quantize(Decimal("0.01"))
        entry = Entry(len(accepted) + 1, kind, day, code, quantity, amount)
        expected = _verdict(
            lambda e=entry, lv=leaving: m.check_new_entry(
                e, accepted, dates=dates, member_class=member_class, classes=CLASSES, leaving=lv
            )
        )
        got = _verdict(
            lambda e=entry, lv=leaving: replay.add(
                e.type, e.effective_on, e.share_class, e.quantity, e.amount, leaving=lv
            )
        )
        assert got == expected, (entry, leaving)
        if expected == "accepted":
            accepted.append(entry)


def test_a_class_left_below_its_minimum_on_leaving_refuses_a_later_ordinary_entry() -> None:
    """check_new_entry looks at every class on the entry's date, so the replay must too."""
    dates = MemberDates(APPLIED, APPLIED)
    replay = LedgerReplay(dates, "worker", CLASSES)
    replay.add(EntryType.SUBSCRIBE, APPLIED, "A", 3, Decimal("75.00"))
    replay.add(EntryType.PAY, APPLIED, "A", 0, Decimal("75.00"))
    replay.add(EntryType.REDEEM, APPLIED, "A", 2, Decimal("50.00"), leaving=True)
    with pytest.raises(m.MemberRuleError, match="leave 1 class A shares on 2020-01-01"):
        replay.add(EntryType.SUBSCRIBE, APPLIED, "B", 1, Decimal("100.00"))


def test_entries_out_of_date_order_are_a_programming_error() -> None:
    replay = LedgerReplay(MemberDates(APPLIED, APPLIED), "worker", CLASSES)
    replay.add(EntryType.SUBSCRIBE, APPLIED + timedelta(days=2), "A", 2, Decimal("50.00"))
    with pytest.raises(ValueError, match="date order"):
        replay.add(EntryType.PAY, APPLIED, "A", 0, Decimal("50.00"))


def test_a_remembered_entry_is_refused_again_when_its_quantity_is_not_a_number() -> None:
    """True equals 1 as a key, but a share count of True is not a whole number."""
    for quantity in (1, True):
        replay = LedgerReplay(MemberDates(APPLIED, APPLIED), "worker", CLASSES)
        verdict = _verdict(
            lambda r=replay, q=quantity: r.add(
                EntryType.SUBSCRIBE, APPLIED, "B", q, Decimal("100.00")
            )
        )
        refused = "The number of shares must be a whole number. [quantity]"
        assert verdict == (refused if isinstance(quantity, bool) else "accepted")


def test_a_holding_reached_through_an_amount_not_in_cents_is_not_remembered() -> None:
    """50.000 is 50.00, but a total it went into reads 100.000 in a later message: what
    a member who paid 50.000 was left with must not be handed to one who paid 50.00."""
    dates = MemberDates(APPLIED, APPLIED)
    for first_payment in ("50.000", "50.00"):
        drawn = [
            (EntryType.SUBSCRIBE, 0, "B", 1, "100.00", False, False),
            (EntryType.PAY, 0, "B", 0, first_payment, False, False),
            (EntryType.PAY, 0, "B", 0, "50.00", False, False),
            (EntryType.PAY, 0, "B", 0, "0.01", False, False),  # refused: shows what is unpaid
        ]
        _replay_checked(LedgerReplay(dates, "worker", CLASSES), drawn, dates, "worker")
