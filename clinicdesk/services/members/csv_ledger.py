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
from typing import NamedTuple, Protocol, TypeVar

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


class Entry(NamedTuple):
    """One entry to insert. `linked` is the position of a transfer's first leg."""

    register_no: int
    type: EntryType
    effective_on: date
    share_class: str
    quantity: int
    amount: Decimal
    counterpart: int | None
    approval_ref: str | None
    linked: int | None


def _parsed(texts: Sequence[str], parse: Callable[[str], _T]) -> list[_T]:
    """`parse` of every text (stripped), called once per distinct text."""
    seen = {text: parse(text.strip()) for text in set(texts)}
    return [seen[text] for text in texts]


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
    at = {name: i for i, name in enumerate(names) if name}

    def column(name: str) -> list[str]:
        index = at.get(name)
        return [row[index] for row in rows] if index is not None else [""] * len(rows)

    raw_numbers = column("register_no")
    numbers = _parsed(raw_numbers, _int_or_none)
    raw_days = column("effective_on")
    days = _parsed(raw_days, lambda t: date_or_error(t) if t else "")
    kinds = _parsed(column("type"), str.lower)
    raw_codes = column("share_class")
    codes = _parsed(raw_codes, str.upper)
    raw_quantities = column("quantity")
    quantities = _parsed(raw_quantities, _int_or_none)
    raw_amounts = [text.strip() for text in column("amount")]
    amounts = _parsed(raw_amounts, _amount_or_error)
    raw_counterparts = column("counterpart_register_no")
    counterparts = _parsed(raw_counterparts, _int_or_none)
    refs = _parsed(column("approval_ref"), lambda t: _clean(t or "legacy register", 100))

    dated: list[int] = []
    for i, day in enumerate(days):
        if type(day) is date:
            dated.append(i)
        elif isinstance(day, str) and day:
            errors.append(
                _("line {lines}: effective_on “{raw_days}” {day}").format(
                    lines=lines[i], raw_days=raw_days[i].strip(), day=_(day)
                )
            )
        else:
            errors.append(_("line {lines}: effective_on is missing").format(lines=lines[i]))
    dated.sort(key=days.__getitem__)  # stable: file order within a day

    ledger: list[Entry] = []
    priced: dict[tuple[str, int], Decimal | str] = {}

    def add(
        who: ReplayedMember,
        kind: EntryType,
        day: date,
        code: str,
        quantity: int,
        amount: Decimal,
        counterpart: int | None,
        ref: str | None,
        linked: int | None,
        leaving: bool,
    ) -> int:
        """One entry checked against `who`'s ledger so far (MemberRuleError if the rules
        refuse it) and added; its position."""
        who.replay.add(kind, day, code, quantity, amount, leaving=leaving)
        ledger.append(
            Entry(who.register_no, kind, day, code, quantity, amount, counterpart, ref, linked)
        )
        return len(ledger) - 1

    def whole(values: list[int | None], raw: list[str], what: str, i: int) -> int:
        value = values[i]
        if value is None:
            raise _Refused(
                _("{what} “{raw}” is not a whole number").format(what=what, raw=raw[i].strip())
            )
        return value

    def money(i: int, share_class: ShareClassRule | None = None, quantity: int = 0) -> Decimal:
        """The row's amount; with `share_class`, when it has none, `quantity` shares'
        price."""
        amount = amounts[i]
        if share_class is not None and not raw_amounts[i]:
            key = (share_class.code, quantity)
            amount = priced.get(key, "")
            if amount == "":
                amount = priced[key] = _amount_or_error(str(_price(share_class, quantity)))
        if isinstance(amount, str):
            raise _Refused(_("the amount {amount}").format(amount=amount))
        return amount

    accepted = 0
    for i in dated:
        line = lines[i]
        day = days[i]
        assert type(day) is date
        who: ReplayedMember | None = None
        try:
            number = whole(numbers, raw_numbers, "register_no", i)
            member = members.get(number)
            if member is None:
                raise _Refused(
                    _("no member row for register number {number}").format(number=number)
                )
            code = codes[i]
            share_class = classes.get(code)
            if share_class is None:
                raise _Refused(_("unknown share class “{code}”").format(code=raw_codes[i].strip()))
            kind = kinds[i]
            if kind == "pay":
                who = member
                add(member, EntryType.PAY, day, code, 0, money(i), None, None,
                    None, False)  # fmt: skip
            elif kind == "subscribe":
                _require_approved(member, day)
                quantity = whole(quantities, raw_quantities, "quantity", i)
                amount = money(i, share_class, max(quantity, 0))
                who = member
                add(member, EntryType.SUBSCRIBE, day, code, quantity, amount, None, refs[i],
                    None, False)  # fmt: skip
            elif kind == "redeem":
                quantity = whole(quantities, raw_quantities, "quantity", i)
                who = member
                add(member, EntryType.REDEEM, day, code, quantity, _price(share_class, quantity),
                    None, refs[i], None, leaves_on.get(number) == day)  # fmt: skip
            elif kind == "transfer":
                to_number = whole(counterparts, raw_counterparts, "counterpart_register_no", i)
                receiver = members.get(to_number)
                if receiver is None or to_number == number:
                    raise _Refused(
                        _("no member {to_number} to transfer to").format(to_number=to_number)
                    )
                _require_approved(receiver, day)
                quantity = whole(quantities, raw_quantities, "quantity", i)
                amount = _price(share_class, quantity)
                who = member
                out = add(member, EntryType.TRANSFER_OUT, day, code, quantity, amount,
                          to_number, refs[i], None, False)  # fmt: skip
                who = receiver
                add(receiver, EntryType.TRANSFER_IN, day, code, quantity, amount, number,
                    refs[i], out, False)  # fmt: skip
            else:
                raise _Refused(
                    _("type must be subscribe, pay, transfer or redeem, not “{kind}”").format(
                        kind=kind.strip()
                    )
                )
            accepted += 1
        except _Refused as error:
            errors.append(_("line {line}: {error}").format(line=line, error=error))
        except MemberRuleError as error:
            assert who is not None
            errors.append(
                _("line {line}: Member {register_no}: {message}").format(
                    line=line, register_no=who.register_no, message=error.message
                )
            )
        except ValidationError as error:
            errors.append(_("line {line}: {message}").format(line=line, message=error.message))
    return ledger, accepted


class _Refused(Exception):
    """A share row refused before the ledger rules see it; the text says why."""
