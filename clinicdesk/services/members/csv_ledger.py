"""The share history of a legacy register file, checked by the ledger rules a whole file
at a time (the member import in csv_io.py).

A register of tens of thousands of rows repeats a few dates, amounts, numbers and types:
each column's distinct texts are parsed once and the rows then replayed in date order,
every entry through its member's LedgerReplay (the one fast form of the ledger rules),
straight into the columns the bulk writer inserts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Protocol, TypeVar

from clinicdesk.domain.members import EntryType, LedgerReplay, MemberRuleError, ShareClassRule
from clinicdesk.domain.money import MoneyError, parse_money
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import N_, _
from clinicdesk.services.members.common import _clean
from clinicdesk.services.members.ledger import _price, _require_approved

_T = TypeVar("_T")


class ReplayedMember(Protocol):
    register_no: int
    approved_on: date | None
    replay: LedgerReplay


# One entry to insert: register number, type, date, share class, quantity, amount,
# counterpart's register number, approval reference, and `linked`, the position of a
# transfer's first leg. A plain tuple: a NamedTuple's constructor is a Python call per
# row, and the bulk writer only unpacks them.
Entry = tuple[int, EntryType, date, str, int, Decimal, int | None, str | None, int | None]


# A payment or subscription ready to replay: type, share class, quantity, amount, approval
# reference.
_Ready = tuple[EntryType, str, int, Decimal, str | None]


class _Parsed(dict[str, _T]):
    """`parse` of a text (stripped), by the text: worked out once per distinct text on
    first use (a register repeats its dates, amounts, numbers and types), then a plain
    dict look-up."""

    __slots__ = ("_parse",)

    def __init__(self, parse: Callable[[str], _T]) -> None:
        super().__init__()
        self._parse = parse

    def __missing__(self, text: str) -> _T:
        value = self[text] = self._parse(text.strip())
        return value


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def date_or_error(text: str) -> date | str:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return N_("is not a date (YYYY-MM-DD)")  # translated where it is shown


def _amount_or_error(text: str) -> Decimal | str:
    try:
        return parse_money(text)
    except MoneyError as error:
        return str(error)


def check_share_rows(
    names: Sequence[str],
    rows: Sequence[Sequence[str]],
    lines: Sequence[int],
    members: Mapping[int, ReplayedMember],
    classes: Mapping[str, ShareClassRule],
    leaves_on: Mapping[int, date],
    errors: list[str],
) -> tuple[list[Entry], int]:
    """Check the share rows (`rows`, starting on `lines`) against the members and each
    other in date order (file order within a day), as entering them by hand one by one
    would; each refusal goes to `errors` as "line N: what is wrong". The entries of the
    rows accepted in the order they are written (date, then file line; a transfer's two
    legs one after the other), and how many rows that is."""
    width = len(names)
    at = {name: i for i, name in enumerate(names) if name}
    wanted = ("register_no", "effective_on", "type", "share_class", "quantity", "amount",
              "counterpart_register_no", "approval_ref")  # fmt: skip
    if any(name not in at for name in wanted):  # a missing column reads as blank
        rows = [[*fields[:width], ""] for fields in rows]
    number_at, day_at, kind_at, code_at, quantity_at, amount_at, counterpart_at, ref_at = (
        at.get(name, width) for name in wanted
    )
    # Each column's distinct texts parsed once, on first use: the rows are read in place
    # (a column copied out of 40,000 rows costs more than the look-ups it would save).
    numbers = _Parsed(_int_or_none)
    kinds = _Parsed(str.lower)
    member_of = _Parsed(lambda t: None if (n := _int_or_none(t)) is None else members.get(n))
    member_of.update(zip(map(str, members), members.values(), strict=True))  # as written
    class_of = _Parsed(lambda t: (t.upper(), classes.get(t.upper())))  # code, its rule
    quantities = _Parsed(_int_or_none)
    amounts = _Parsed(_amount_or_error)
    counterparts = _Parsed(_int_or_none)
    refs = _Parsed(lambda t: _clean(t or "legacy register", 100))
    parsed_days = _Parsed(lambda t: date_or_error(t) if t else "")
    days = list(map(parsed_days.__getitem__, map(itemgetter(day_at), rows)))

    dated: list[int] = []
    if set(map(type, days)) == {date}:  # every row dated, the common case: found in C
        dated = list(range(len(days)))
    else:
        for i, day in enumerate(days):
            if type(day) is date:
                dated.append(i)
            elif isinstance(day, str) and day:
                errors.append(
                    _("line {lines}: effective_on “{raw_days}” {day}").format(
                        lines=lines[i], raw_days=rows[i][day_at].strip(), day=_(day)
                    )
                )
            else:
                errors.append(_("line {lines}: effective_on is missing").format(lines=lines[i]))
    dated.sort(key=days.__getitem__)  # stable: file order within a day

    ledger: list[Entry] = []
    append = ledger.append
    priced: dict[tuple[str, int], Decimal | str] = {}
    pay, subscribe, redeem = EntryType.PAY, EntryType.SUBSCRIBE, EntryType.REDEEM
    out, into = EntryType.TRANSFER_OUT, EntryType.TRANSFER_IN

    def whole(values: _Parsed[int | None], text: str, what: str) -> int:
        value = values[text]
        if value is None:
            raise _Refused(
                _("{what} “{raw}” is not a whole number").format(what=what, raw=text.strip())
            )
        return value

    def money(text: str, share_class: ShareClassRule | None = None, quantity: int = 0) -> Decimal:
        """The amount in `text`; with `share_class`, when it has none, `quantity` shares'
        price."""
        amount = amounts[text]
        if share_class is not None and not text.strip():
            key = (share_class.code, quantity)
            # (priced once; a look-up, not a test against "": a Decimal compared with
            # text asks the numbers ABCs what the text is)
            known = priced.get(key)
            if known is None:
                known = priced[key] = _amount_or_error(str(_price(share_class, quantity)))
            amount = known
        if isinstance(amount, str):
            raise _Refused(_("the amount {amount}").format(amount=amount))
        return amount

    # A payment or subscription as its type, share class, quantity, amount and approval
    # reference say, worked out once per combination of those texts (a register repeats
    # a few): the entry ready to replay, or None when a field is refused or another type
    # (the row goes the general way below, which names the field at fault).
    what = itemgetter(kind_at, code_at, quantity_at, amount_at, ref_at)
    ready: dict[tuple[str, ...], _Ready | None] = {}

    def prepare(texts: tuple[str, ...]) -> _Ready | None:
        kind_text, code_text, quantity_text, amount_text, ref_text = texts
        code, share_class = class_of[code_text]
        kind = kinds[kind_text]
        if share_class is None:
            return None
        if kind == "pay":
            amount = amounts[amount_text]
            return (pay, code, 0, amount, None) if type(amount) is Decimal else None
        quantity = quantities[quantity_text]
        if kind != "subscribe" or quantity is None:
            return None
        try:
            amount = money(amount_text, share_class, max(quantity, 0))
        except _Refused:
            return None
        return (subscribe, code, quantity, amount, refs[ref_text])

    def refused_by_rules(line: int, who: ReplayedMember, error: MemberRuleError) -> None:
        errors.append(
            _("line {line}: Member {register_no}: {message}").format(
                line=line, register_no=who.register_no, message=error.message
            )
        )

    # Per row, the look-ups first: `whole`, `money` and `_require_approved` are called
    # only when what was looked up is missing or refused (to say why, or to price).
    accepted = 0
    for i in dated:
        fields = rows[i]
        day = days[i]
        assert type(day) is date
        member = member_of[fields[number_at]]
        texts = what(fields)
        try:
            entry = ready[texts]
        except KeyError:
            entry = ready[texts] = prepare(texts)
        if entry is not None and member is not None:
            entry_type, code, shares, value, ref = entry
            approved_on = member.approved_on
            if entry_type is pay or (approved_on is not None and approved_on <= day):
                try:
                    member.replay.add(entry_type, day, code, shares, value)
                except MemberRuleError as error:
                    refused_by_rules(lines[i], member, error)
                    continue
                append((member.register_no, entry_type, day, code, shares, value, None, ref, None))
                accepted += 1
                continue
        who: ReplayedMember | None = None
        try:
            if member is None:
                raise _Refused(
                    _("no member row for register number {number}").format(
                        number=whole(numbers, fields[number_at], "register_no")
                    )
                )
            number = member.register_no
            code, share_class = class_of[fields[code_at]]
            if share_class is None:
                raise _Refused(
                    _("unknown share class “{code}”").format(code=fields[code_at].strip())
                )
            kind = kinds[fields[kind_at]]
            who = member
            if kind == "pay":
                amount = amounts[fields[amount_at]]
                if type(amount) is not Decimal:
                    amount = money(fields[amount_at])
                member.replay.add(pay, day, code, 0, amount)
                append((number, pay, day, code, 0, amount, None, None, None))
            elif kind == "subscribe":
                if member.approved_on is None or member.approved_on > day:
                    _require_approved(member, day)
                quantity = quantities[fields[quantity_at]]
                if quantity is None:
                    quantity = whole(quantities, fields[quantity_at], "quantity")
                amount = amounts[fields[amount_at]]
                if type(amount) is not Decimal:  # blank (priced by the class) or refused
                    amount = money(fields[amount_at], share_class, max(quantity, 0))
                ref = refs[fields[ref_at]]
                member.replay.add(subscribe, day, code, quantity, amount)
                append((number, subscribe, day, code, quantity, amount, None, ref, None))
            elif kind == "redeem":
                quantity = whole(quantities, fields[quantity_at], "quantity")
                amount = _price(share_class, quantity)
                ref = refs[fields[ref_at]]
                member.replay.add(redeem, day, code, quantity, amount,
                                  leaving=leaves_on.get(number) == day)  # fmt: skip
                append((number, redeem, day, code, quantity, amount, None, ref, None))
            elif kind == "transfer":
                to_number = whole(counterparts, fields[counterpart_at], "counterpart_register_no")
                receiver = members.get(to_number)
                if receiver is None or to_number == number:
                    raise _Refused(
                        _("no member {to_number} to transfer to").format(to_number=to_number)
                    )
                _require_approved(receiver, day)
                quantity = whole(quantities, fields[quantity_at], "quantity")
                amount = _price(share_class, quantity)
                ref = refs[fields[ref_at]]
                who = member
                member.replay.add(out, day, code, quantity, amount)
                who = receiver
                receiver.replay.add(into, day, code, quantity, amount)
                first = len(ledger)
                append((number, out, day, code, quantity, amount, to_number, ref, None))
                append((to_number, into, day, code, quantity, amount, number, ref, first))
            else:
                raise _Refused(
                    _("type must be subscribe, pay, transfer or redeem, not “{kind}”").format(
                        kind=kind.strip()
                    )
                )
            accepted += 1
        except _Refused as error:
            errors.append(_("line {line}: {error}").format(line=lines[i], error=error))
        except MemberRuleError as error:
            assert who is not None
            refused_by_rules(lines[i], who, error)
        except ValidationError as error:
            errors.append(_("line {line}: {message}").format(line=lines[i], message=error.message))
    return ledger, accepted


class _Refused(Exception):
    """A share row refused before the ledger rules see it; the text says why."""
