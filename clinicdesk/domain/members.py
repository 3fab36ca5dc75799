"""The member register's rules, derived from an append-only share ledger.

Nothing here is stored: holdings, paid-up capital, status and voting rights are computed
from a member's ledger entries (and the dates on the member record) as of any day, so the
register printed for a past balance-sheet date is exactly what the ledger said then.

Each ledger entry touches one member and one share class:

| type          | shares | subscribed | paid   |
|---------------|--------|------------|--------|
| subscribe     | +q     | +amount    |        |
| pay           |        |            | +amount|
| transfer_in   | +q     | +amount    | +amount|
| transfer_out  | −q     | −amount    | −amount|
| convert_in    | +q     | +amount    | +amount|
| convert_out   | −q     | −amount    | −amount|
| redeem        | −q     | −amount    | −amount|
| reversal      | the opposite of the entry it reverses                 |
| suspend / reinstate | no money; they change the status                |

Only fully paid shares leave a holding (transfer, conversion, redemption): a share that
is not paid up cannot be handed on or bought back. A transfer is two entries (out on the
giver, in on the receiver) naming each other; a conversion is two entries on one member.
A correction is a reversing entry, never an edit.

Patronage dividends: `allocate_dividend` splits a surplus in proportion to each member's
basis; members below the threshold get nothing; every share is rounded down to the cent
and the leftover cents go one each to the largest remainders, ties to the lower register
number (the largest-remainder rule), so the parts always sum exactly to the surplus.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from typing import Any

from clinicdesk.domain.money import CENT, ZERO, MoneyError, check_money
from clinicdesk.domain.signing import mac_matches, mac_text
from clinicdesk.i18n import N_, _


class MemberRuleError(ValueError):
    """A ledger operation or allocation the rules refuse. `field` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class EntryType(enum.StrEnum):
    SUBSCRIBE = "subscribe"
    PAY = "pay"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    REDEEM = "redeem"
    CONVERT_OUT = "convert_out"
    CONVERT_IN = "convert_in"
    REVERSAL = "reversal"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"

    @property
    def label(self) -> str:
        return _(_ENTRY_LABELS[self])


_ENTRY_LABELS = {
    EntryType.SUBSCRIBE: N_("Subscription"),
    EntryType.PAY: N_("Payment"),
    EntryType.TRANSFER_OUT: N_("Transfer out"),
    EntryType.TRANSFER_IN: N_("Transfer in"),
    EntryType.REDEEM: N_("Redemption"),
    EntryType.CONVERT_OUT: N_("Conversion out"),
    EntryType.CONVERT_IN: N_("Conversion in"),
    EntryType.REVERSAL: N_("Reversal"),
    EntryType.SUSPEND: N_("Suspension"),
    EntryType.REINSTATE: N_("Reinstatement"),
}

# (shares, subscribed, paid) signs of each type's effect.
_EFFECT_SIGNS: dict[EntryType, tuple[int, int, int]] = {
    EntryType.SUBSCRIBE: (1, 1, 0),
    EntryType.PAY: (0, 0, 1),
    EntryType.TRANSFER_IN: (1, 1, 1),
    EntryType.TRANSFER_OUT: (-1, -1, -1),
    EntryType.CONVERT_IN: (1, 1, 1),
    EntryType.CONVERT_OUT: (-1, -1, -1),
    EntryType.REDEEM: (-1, -1, -1),
    EntryType.SUSPEND: (0, 0, 0),
    EntryType.REINSTATE: (0, 0, 0),
}
OUTGOING = frozenset({EntryType.TRANSFER_OUT, EntryType.CONVERT_OUT, EntryType.REDEEM})
_INCOMING = frozenset({EntryType.SUBSCRIBE, EntryType.TRANSFER_IN, EntryType.CONVERT_IN})


class Status(enum.StrEnum):
    APPLICANT = "applicant"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    FORMER = "former"


@dataclass(frozen=True)
class ShareClassRule:
    code: str
    unit_price: Decimal
    min_holding: int
    eligible_member_classes: frozenset[str]


@dataclass(frozen=True)
class Entry:
    """One ledger row as the rules see it. `share_class` is None for suspend/reinstate."""

    id: int
    type: EntryType
    effective_on: date
    share_class: str | None
    quantity: int = 0
    amount: Decimal = ZERO
    reverses_id: int | None = None


@dataclass(frozen=True)
class Holding:
    share_class: str
    shares: int = 0
    subscribed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        return self.subscribed - self.paid

    def fully_paid_shares(self, unit_price: Decimal) -> int:
        if unit_price <= 0:
            return self.shares
        return min(self.shares, int(self.paid // unit_price))


@dataclass(frozen=True)
class MemberDates:
    """The dates on the member record that the status depends on."""

    applied_on: date
    approved_on: date | None = None
    end_on: date | None = None
    cancelled_on: date | None = None

    def left_by(self, as_of: date) -> bool:
        ends = [d for d in (self.end_on, self.cancelled_on) if d is not None]
        return bool(ends) and min(ends) <= as_of


@dataclass(frozen=True)
class VotingRule:
    """Who may vote (one member, one vote): an active member who, if `require_paid_minimum`,
    holds the minimum holding of some share class open to their member class fully paid,
    and has been approved for at least `min_days_approved` days."""

    require_paid_minimum: bool = True
    min_days_approved: int = 0

    def describe(self) -> str:
        parts = [_("active member")]
        if self.require_paid_minimum:
            parts.append(_("minimum holding fully paid"))
        if self.min_days_approved:
            parts.append(
                _("approved at least {days} days before").format(days=self.min_days_approved)
            )
        return ", ".join(parts)


# --- deriving ------------------------------------------------------------------------------


def _signed_effect(entry: Entry, by_id: Mapping[int, Entry]) -> tuple[int, Decimal, Decimal]:
    if entry.type is EntryType.REVERSAL:
        original = by_id.get(entry.reverses_id) if entry.reverses_id is not None else None
        if original is None:
            raise MemberRuleError(
                _("Reversal {id} names no entry it reverses.").format(id=entry.id)
            )
        q, s, p = _signed_effect(original, by_id)
        return -q, -s, -p
    qs, ss, ps = _EFFECT_SIGNS[entry.type]
    return qs * entry.quantity, ss * entry.amount, ps * entry.amount


def _class_of(entry: Entry, by_id: Mapping[int, Entry]) -> str | None:
    if entry.type is EntryType.REVERSAL and entry.reverses_id is not None:
        original = by_id.get(entry.reverses_id)
        return None if original is None else original.share_class
    return entry.share_class


def holdings(entries: Iterable[Entry], as_of: date | None = None) -> dict[str, Holding]:
    """Holdings per share class from the entries effective on or before `as_of` (all when
    None). Classes whose holding is all zero are left out."""
    all_entries = entries if isinstance(entries, list) else list(entries)
    by_id: dict[int, Entry] | None = None  # looked up only to resolve a reversal
    totals: dict[str, list[Any]] = {}  # code -> [shares, subscribed, paid]
    for entry in all_entries:
        if as_of is not None and entry.effective_on > as_of:
            continue
        if entry.type is EntryType.REVERSAL:
            if by_id is None:
                by_id = {e.id: e for e in all_entries}
            code = _class_of(entry, by_id)
            if code is None:
                continue
            q, s, p = _signed_effect(entry, by_id)
        else:
            code = entry.share_class
            if code is None:
                continue
            qs, ss, ps = _EFFECT_SIGNS[entry.type]
            q, s, p = qs * entry.quantity, ss * entry.amount, ps * entry.amount
        total = totals.get(code)
        if total is None:
            totals[code] = [q, ZERO + s, ZERO + p]
        else:
            total[0] += q
            total[1] += s
            total[2] += p
    return {
        code: Holding(code, shares, subscribed, paid)
        for code, (shares, subscribed, paid) in sorted(totals.items())
        if shares or subscribed or paid
    }


def paid_up_capital(entries: Iterable[Entry], as_of: date | None = None) -> Decimal:
    return sum((h.paid for h in holdings(entries, as_of).values()), ZERO)


def is_suspended(entries: Iterable[Entry], as_of: date) -> bool:
    """The latest suspend/reinstate on or before `as_of` (not itself reversed) decides."""
    all_entries = list(entries)
    reversed_ids = {
        e.reverses_id
        for e in all_entries
        if e.type is EntryType.REVERSAL and e.effective_on <= as_of
    }
    flags = [
        e
        for e in all_entries
        if e.type in (EntryType.SUSPEND, EntryType.REINSTATE)
        and e.effective_on <= as_of
        and e.id not in reversed_ids
    ]
    if not flags:
        return False
    latest = max(flags, key=lambda e: (e.effective_on, e.id))
    return latest.type is EntryType.SUSPEND


def status(dates: MemberDates, entries: Iterable[Entry], as_of: date) -> Status:
    """Former once ended or cancelled; applicant until the board approved (or before the
    application); suspended while a suspension stands; active otherwise."""
    if dates.left_by(as_of):
        return Status.FORMER
    if dates.applied_on > as_of or dates.approved_on is None or dates.approved_on > as_of:
        return Status.APPLICANT
    if is_suspended(entries, as_of):
        return Status.SUSPENDED
    return Status.ACTIVE


def may_vote(
    dates: MemberDates,
    member_class: str,
    entries: Iterable[Entry],
    classes: Mapping[str, ShareClassRule],
    as_of: date,
    rule: VotingRule = VotingRule(),  # frozen, so sharing the default is safe
) -> bool:
    all_entries = list(entries)
    if status(dates, all_entries, as_of) is not Status.ACTIVE:
        return False
    assert dates.approved_on is not None
    if (as_of - dates.approved_on).days < rule.min_days_approved:
        return False
    if not rule.require_paid_minimum:
        return True
    held = holdings(all_entries, as_of)
    for code, share_class in classes.items():
        if member_class not in share_class.eligible_member_classes:
            continue
        minimum = max(share_class.min_holding, 1)
        holding = held.get(code)
        if holding is not None and holding.fully_paid_shares(share_class.unit_price) >= minimum:
            return True
    return False


# --- validating -----------------------------------------------------------------------------


def _money(value: Decimal, what: str, *, allow_zero: bool = False) -> Decimal:
    try:
        amount = check_money(value)
    except MoneyError as error:
        raise MemberRuleError(
            _("The {what} {reason} ({shown}).").format(
                what=what, reason=error.reason, shown=error.shown
            ),
            field="amount",
        ) from None
    if amount == 0 and not allow_zero:
        raise MemberRuleError(
            _("The {what} must be more than zero.").format(what=what), field="amount"
        )
    return amount


def _quantity(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise MemberRuleError(_("The number of shares must be a whole number."), field="quantity")
    if quantity < 0:
        raise MemberRuleError(
            _("The number of shares cannot be negative ({quantity}).").format(quantity=quantity),
            field="quantity",
        )
    if quantity == 0:
        raise MemberRuleError(_("The number of shares must be at least 1."), field="quantity")
    return quantity


def check_new_entry(
    entry: Entry,
    existing: Sequence[Entry],
    *,
    dates: MemberDates,
    member_class: str,
    classes: Mapping[str, ShareClassRule],
    leaving: bool = False,
) -> None:
    """Refuse an entry the rules do not allow for this member, with a message a manager
    can act on. `leaving` allows a holding to fall to nothing (below the minimum)."""
    if entry.effective_on < dates.applied_on:
        raise MemberRuleError(
            _("The date {effective_on} is before the member applied ({applied_on}).").format(
                effective_on=entry.effective_on.isoformat(), applied_on=dates.applied_on.isoformat()
            ),
            field="effective_on",
        )
    if dates.left_by(entry.effective_on) and entry.type is not EntryType.REVERSAL:
        raise MemberRuleError(
            _("The member had left by then; no share operations after leaving."),
            field="effective_on",
        )
    by_id = {e.id: e for e in existing}
    if entry.type is EntryType.REVERSAL:
        original = by_id.get(entry.reverses_id) if entry.reverses_id is not None else None
        if original is None:
            raise MemberRuleError(_("That ledger entry does not belong to this member."))
        if original.type is EntryType.REVERSAL:
            raise MemberRuleError(
                _("A reversal cannot itself be reversed; record the operation again.")
            )
        if any(e.type is EntryType.REVERSAL and e.reverses_id == original.id for e in existing):
            raise MemberRuleError(_("Entry {id} has already been reversed.").format(id=original.id))
        if entry.effective_on < original.effective_on:
            raise MemberRuleError(
                _("A reversal cannot be dated before the entry it reverses."), field="effective_on"
            )
    elif entry.type in (EntryType.SUSPEND, EntryType.REINSTATE):
        suspended = is_suspended(existing, entry.effective_on)
        if entry.type is EntryType.SUSPEND and suspended:
            raise MemberRuleError(_("The member is already suspended then."))
        if entry.type is EntryType.REINSTATE and not suspended:
            raise MemberRuleError(_("The member is not suspended then."))
        return
    else:
        code = entry.share_class
        if code is None or code not in classes:
            raise MemberRuleError(
                _("Unknown share class “{code}”.").format(code=code), field="share_class"
            )
        share_class = classes[code]
        if entry.type in (EntryType.SUBSCRIBE, EntryType.TRANSFER_IN, EntryType.CONVERT_IN) and (
            member_class not in share_class.eligible_member_classes
        ):
            raise MemberRuleError(
                _("Share class {code} is not open to {member_class} members.").format(
                    code=code, member_class=member_class
                ),
                field="share_class",
            )
        if entry.type is EntryType.PAY:
            _money(entry.amount, "payment")
        else:
            _quantity(entry.quantity)
            _money(entry.amount, "amount", allow_zero=share_class.unit_price == 0)
            expected = (share_class.unit_price * entry.quantity).quantize(CENT)
            if entry.amount != expected:
                raise MemberRuleError(
                    _(
                        "{quantity} shares of class {code} at {unit_price} come to "
                        "{expected}, not {amount}."
                    ).format(
                        quantity=entry.quantity,
                        code=code,
                        unit_price=share_class.unit_price,
                        expected=expected,
                        amount=entry.amount,
                    ),
                    field="amount",
                )
        before = holdings(existing, entry.effective_on).get(code, Holding(code))
        if entry.type is EntryType.PAY and entry.amount > before.unpaid:
            raise MemberRuleError(
                _(
                    "A payment of {amount} is more than the {unpaid} still "
                    "unpaid on class {code} shares."
                ).format(amount=entry.amount, unpaid=before.unpaid, code=code),
                field="amount",
            )
        if entry.type in OUTGOING:
            free = before.fully_paid_shares(share_class.unit_price)
            if entry.quantity > before.shares:
                raise MemberRuleError(
                    _(
                        "The member holds {shares} class {code} shares, fewer than {quantity}."
                    ).format(shares=before.shares, code=code, quantity=entry.quantity),
                    field="quantity",
                )
            if entry.quantity > free:
                raise MemberRuleError(
                    _(
                        "Only {free} of the member's {shares} class {code} shares "
                        "are fully paid; only those can be transferred, converted or "
                        "redeemed."
                    ).format(free=free, shares=before.shares, code=code),
                    field="quantity",
                )
    out_code = entry.share_class
    if entry.type in OUTGOING and not leaving and out_code is not None and out_code in classes:
        minimum = classes[out_code].min_holding
        left = holdings([*existing, entry], entry.effective_on).get(out_code)
        remaining = left.shares if left else 0
        if remaining < minimum:
            raise MemberRuleError(
                _(
                    "This would leave {remaining} class {out_code} shares, below "
                    "the minimum holding of {minimum}; a member who gives up all "
                    "shares leaves."
                ).format(remaining=remaining, out_code=out_code, minimum=minimum),
                field="quantity",
            )
    # The whole ledger must stay consistent after this entry, on every later date too.
    after = [*existing, entry]
    dates_to_check = sorted(
        {entry.effective_on}
        | {e.effective_on for e in existing if e.effective_on > entry.effective_on}
    )
    for day in dates_to_check:
        for code, holding in holdings(after, day).items():
            rule = classes.get(code)
            if holding.shares < 0 or holding.paid < 0 or holding.paid > holding.subscribed:
                raise MemberRuleError(
                    _(
                        "This would leave the class {code} holding inconsistent on "
                        "{day} ({shares} shares, {paid} paid of {subscribed})."
                    ).format(
                        code=code,
                        day=day.isoformat(),
                        shares=holding.shares,
                        paid=holding.paid,
                        subscribed=holding.subscribed,
                    ),
                )
            if rule is not None and not leaving and 0 < holding.shares < rule.min_holding:
                raise MemberRuleError(
                    _(
                        "This would leave {shares} class {code} shares on {day}, "
                        "below the minimum holding of {min_holding}."
                    ).format(
                        shares=holding.shares,
                        code=code,
                        day=day.isoformat(),
                        min_holding=rule.min_holding,
                    ),
                    field="quantity",
                )


class LedgerReplay:
    """One member's ledger checked entry by entry in date order, giving `check_new_entry`'s
    verdict (and message) on each entry against the entries accepted before it, from
    running totals instead of re-deriving the holdings each time: the legacy import
    replays a whole register this way. Entries must come in date order (so none is
    dated after the one being checked); reversals and suspensions are not replayed.

    A register's members repeat a few histories (subscribe two shares, pay for them…):
    an entry the rules accepted is remembered with the holding it met and the holding it
    left (`_ACCEPTED`), so the same entry met by the same holding again, in a member of
    the same class, is accepted without working the rules out again — the verdict and
    what is left depend on nothing else while no other class is below its minimum, the
    date is in order, within the membership, and every amount is in whole cents (so the
    totals' text in a later message is the same too)."""

    __slots__ = (
        "_below", "_cents", "_classes", "_dates", "_last", "_left_on", "_member_class",
        "_totals",
    )  # fmt: skip

    def __init__(
        self, dates: MemberDates, member_class: str, classes: Mapping[str, ShareClassRule]
    ) -> None:
        self._dates = dates
        # dates.left_by, once (the earlier end; no list made: a register builds thousands)
        end_on, cancelled_on = dates.end_on, dates.cancelled_on
        if end_on is None or (cancelled_on is not None and cancelled_on < end_on):
            end_on = cancelled_on
        self._left_on = end_on
        self._member_class = member_class
        self._classes = classes
        self._totals: dict[str, tuple[int, Decimal, Decimal]] = {}  # shares, subscribed, paid
        self._below: set[str] = set()  # classes holding more than none, fewer than the minimum
        self._last = date.min
        self._cents = True  # every total so far in whole cents (exponent -2)

    def add(
        self,
        entry_type: EntryType,
        day: date,
        code: str | None,
        quantity: int,
        amount: Decimal,
        *,
        leaving: bool = False,
    ) -> None:
        """Accept the entry, or raise MemberRuleError as `check_new_entry` would."""
        dates = self._dates
        key: tuple[Any, ...] | None = None
        if (
            not self._below
            and self._cents
            and code is not None
            and type(entry_type) is EntryType
            and type(quantity) is int
            and type(amount) is Decimal
            and amount.same_quantum(CENT)  # also False for NaN and infinity
            and self._last <= day
            and dates.applied_on <= day
            and (self._left_on is None or day < self._left_on)
        ):
            key = (entry_type, code, quantity, amount, leaving, self._member_class,
                   self._totals.get(code, _NOTHING))  # fmt: skip
            seen = _ACCEPTED.get(key)
            if seen is not None and seen[0] is self._classes.get(code):
                self._totals[code] = seen[1]
                if seen[2]:
                    self._below.add(code)
                self._last = day
                return
        rule = _REPLAYED.get(entry_type)
        if rule is None:
            raise ValueError(f"a {entry_type} entry is not replayed")
        if day < self._last:
            raise ValueError("entries are replayed in date order")
        if day < dates.applied_on:
            raise MemberRuleError(
                _("The date {day} is before the member applied ({applied_on}).").format(
                    day=day.isoformat(), applied_on=dates.applied_on.isoformat()
                ),
                field="effective_on",
            )
        if self._left_on is not None and self._left_on <= day:
            raise MemberRuleError(
                _("The member had left by then; no share operations after leaving."),
                field="effective_on",
            )
        share_class = self._classes.get(code) if code is not None else None
        if code is None or share_class is None:
            raise MemberRuleError(
                _("Unknown share class “{code}”.").format(code=code), field="share_class"
            )
        qs, ss, ps, outgoing, incoming = rule
        if incoming and self._member_class not in share_class.eligible_member_classes:
            raise MemberRuleError(
                _("Share class {code} is not open to {member_class} members.").format(
                    code=code, member_class=self._member_class
                ),
                field="share_class",
            )
        price = share_class.unit_price
        # _checked_money's verdict, without its call for an amount it already accepted
        # (finite first: a signalling NaN cannot be hashed)
        known = type(amount) is Decimal and amount.is_finite() and amount in _CHECKED
        if entry_type is EntryType.PAY:
            if not known or not amount:
                _checked_money(amount, "payment")
        else:
            if type(quantity) is not int or quantity <= 0:
                _quantity(quantity)
            if not known or (not amount and price != 0):
                _checked_money(amount, "amount", allow_zero=price == 0)
            expected = _priced(price, quantity)
            if amount != expected:
                raise MemberRuleError(
                    _(
                        "{quantity} shares of class {code} at {price} come to "
                        "{expected}, not {amount}."
                    ).format(
                        quantity=quantity, code=code, price=price, expected=expected, amount=amount
                    ),
                    field="amount",
                )
        shares, subscribed, paid = self._totals.get(code, _NOTHING)
        if entry_type is EntryType.PAY and amount > subscribed - paid:
            raise MemberRuleError(
                _(
                    "A payment of {amount} is more than the {value} still unpaid "
                    "on class {code} shares."
                ).format(amount=amount, value=subscribed - paid, code=code),
                field="amount",
            )
        if outgoing:
            free = shares if price <= 0 else min(shares, int(paid // price))
            if quantity > shares:
                raise MemberRuleError(
                    _(
                        "The member holds {shares} class {code} shares, fewer than {quantity}."
                    ).format(shares=shares, code=code, quantity=quantity),
                    field="quantity",
                )
            if quantity > free:
                raise MemberRuleError(
                    _(
                        "Only {free} of the member's {shares} class {code} shares "
                        "are fully paid; only those can be transferred, converted or "
                        "redeemed."
                    ).format(free=free, shares=shares, code=code),
                    field="quantity",
                )
        after = (shares + qs * quantity, subscribed + ss * amount, paid + ps * amount)
        if outgoing and not leaving and after[0] < share_class.min_holding:
            raise MemberRuleError(
                _(
                    "This would leave {after} class {code} shares, below the "
                    "minimum holding of {min_holding}; a member who gives up all "
                    "shares leaves."
                ).format(after=after[0], code=code, min_holding=share_class.min_holding),
                field="quantity",
            )
        # As check_new_entry's look at every class on the entry's date: only this class
        # changed, but another may sit below its minimum after a leaving redemption.
        for other in sorted(self._below | {code}) if self._below else (code,):
            held = after if other == code else self._totals[other]
            if held == _NOTHING:
                continue
            if held[0] < 0 or held[2] < 0 or held[2] > held[1]:
                raise MemberRuleError(
                    _(
                        "This would leave the class {other} holding inconsistent on "
                        "{day} ({held} shares, {held2} paid of {held3})."
                    ).format(
                        other=other, day=day.isoformat(), held=held[0], held2=held[2], held3=held[1]
                    ),
                )
            minimum = self._classes[other].min_holding
            if not leaving and 0 < held[0] < minimum:
                raise MemberRuleError(
                    _(
                        "This would leave {held} class {other} shares on {day}, "
                        "below the minimum holding of {minimum}."
                    ).format(held=held[0], other=other, day=day.isoformat(), minimum=minimum),
                    field="quantity",
                )
        self._totals[code] = after
        below = 0 < after[0] < share_class.min_holding
        if below:
            self._below.add(code)
        elif self._below:
            self._below.discard(code)
        self._last = day
        if key is not None:
            if len(_ACCEPTED) >= _ACCEPTED_MAX:
                _ACCEPTED.clear()
            _ACCEPTED[key] = (share_class, after, below)
        elif self._cents and not (type(amount) is Decimal and amount.same_quantum(CENT)):
            self._cents = False


# What the replay needs of each type it replays: the signs of its effect on (shares,
# subscribed, paid), whether shares leave the holding, whether they arrive (the class
# must be open to the member's class).
_REPLAYED: dict[EntryType, tuple[int, int, int, bool, bool]] = {
    kind: (*signs, kind in OUTGOING, kind in _INCOMING)
    for kind, signs in _EFFECT_SIGNS.items()
    if kind not in (EntryType.SUSPEND, EntryType.REINSTATE)
}
_NOTHING = (0, ZERO, ZERO)
# Entries the replay accepted: (type, class code, quantity, amount, leaving, member class,
# the class's holding before) -> (the class's rule then, the holding after, whether that
# is below the minimum). Bounded like _CHECKED.
_ACCEPTED: dict[tuple[Any, ...], tuple[ShareClassRule, tuple[int, Decimal, Decimal], bool]] = {}
_ACCEPTED_MAX = 65536
# Amounts `_money` accepted (its verdict depends only on the value, and a ledger repeats
# a few amounts): a replay checks each distinct amount once. Bounded by the distinct
# valid amounts seen; cleared when it grows past _CHECKED_MAX.
_CHECKED: set[Decimal] = set()
_CHECKED_MAX = 65536


def _checked_money(amount: Decimal, what: str, *, allow_zero: bool = False) -> None:
    """`_money(amount, what, allow_zero=…)`, remembering the amounts it accepted."""
    if type(amount) is Decimal and amount.is_finite() and amount in _CHECKED:
        if amount == 0 and not allow_zero:
            _money(amount, what, allow_zero=allow_zero)
        return
    _money(amount, what, allow_zero=allow_zero)
    if len(_CHECKED) >= _CHECKED_MAX:
        _CHECKED.clear()
    _CHECKED.add(amount)


@lru_cache(maxsize=4096)
def _priced(price: Decimal, quantity: int) -> Decimal:
    return (price * quantity).quantize(CENT)


# --- dividends ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DividendPart:
    register_no: int
    basis: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DividendSplit:
    surplus: Decimal
    threshold: Decimal
    parts: list[DividendPart] = field(default_factory=list)
    below_threshold: list[int] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.parts), ZERO)


ROUNDING_RULE = (
    "Each member's share is the surplus times their basis over the total basis, rounded "
    "down to the cent; the cents left over go one each to the members with the largest "
    "remainders, ties to the lower register number."
)


def allocate_dividend(
    surplus: Decimal, bases: Mapping[int, Decimal], threshold: Decimal = ZERO
) -> DividendSplit:
    """Split `surplus` among register numbers in proportion to `bases`, leaving out bases
    below `threshold` (and zero bases). The parts sum exactly to the surplus."""
    surplus = _money(surplus, "surplus")
    threshold = _money(threshold, "threshold", allow_zero=True)
    for number, basis in bases.items():
        if basis < 0:
            raise MemberRuleError(
                _("Member {number} has a negative patronage basis ({basis}).").format(
                    number=number, basis=basis
                ),
                field="basis",
            )
    eligible = {n: b for n, b in bases.items() if b > 0 and b >= threshold}
    below = sorted(n for n in bases if n not in eligible)
    total_basis = sum(eligible.values(), Decimal(0))
    if not eligible:
        raise MemberRuleError(
            _(
                "No member has a basis above zero that reaches the "
                "threshold, so there is nobody to allocate the surplus to."
            ),
            field="threshold",
        )
    cents = int(surplus / CENT)
    floors: dict[int, int] = {}
    remainders: dict[int, Decimal] = {}
    for number, basis in eligible.items():
        exact = Decimal(cents) * basis / total_basis
        whole = int(exact.to_integral_value(rounding=ROUND_DOWN))
        floors[number] = whole
        remainders[number] = exact - whole
    leftover = cents - sum(floors.values())
    order = sorted(eligible, key=lambda n: (-remainders[n], n))
    for number in order[:leftover]:
        floors[number] += 1
    parts = [
        DividendPart(number, eligible[number], (Decimal(floors[number]) * CENT).quantize(CENT))
        for number in sorted(eligible)
    ]
    return DividendSplit(surplus, threshold, parts, below)


# --- share certificates ----------------------------------------------------------------------

_CODE = re.compile(r"^M(\d+)-([A-Z0-9]+)-(\d+)-(\d{8})-([A-Z2-7]{16})$")


@dataclass(frozen=True)
class CertificateFacts:
    register_no: int
    share_class: str
    shares: int
    as_of: date


def _message(facts: CertificateFacts) -> str:
    return f"{facts.register_no}|{facts.share_class}|{facts.shares}|{facts.as_of.isoformat()}"


def certificate_code(secret: bytes, facts: CertificateFacts) -> str:
    """A code printed on a certificate that names what it certifies and carries an HMAC
    over it, so a forged or altered certificate does not verify."""
    return (
        f"M{facts.register_no:06d}-{facts.share_class.upper()}-{facts.shares}-"
        f"{facts.as_of:%Y%m%d}-{mac_text(secret, _message(facts))}"
    )


def parse_certificate_code(secret: bytes, code: str) -> CertificateFacts:
    """The facts a genuine code certifies; MemberRuleError for a malformed or forged one."""
    match = _CODE.match(code.strip().upper())
    if match is None:
        raise MemberRuleError(_("That is not a ClinicDesk share certificate code."), field="code")
    number, share_class, shares, day, mac = match.groups()
    try:
        as_of = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise MemberRuleError(_("The code's date is not a date."), field="code") from None
    facts = CertificateFacts(int(number), share_class, int(shares), as_of)
    if not mac_matches(secret, _message(facts), mac):
        raise MemberRuleError(
            _(
                "The code does not verify: this certificate was not issued "
                "by this clinic or was altered."
            ),
            field="code",
        )
    return facts
