"""The demo clinic's member register: a few hundred members over several years of share
history (subscriptions, instalments, transfers, redemptions, leavers, a suspension) and
one recorded patronage dividend. Written in bulk for speed; every ledger is built to
pass the same rules a manager's entries pass (a test replays them through the rules)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, insert, select, text

from clinicdesk.db.models_members import (
    DividendAllocation,
    DividendShare,
    Member,
    MemberRegisterCounter,
    ShareClass,
    ShareEvent,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import audit, ensure_permission
from clinicdesk.services.members import ensure_defaults

_ORGS = ["Valley Growers Co-op", "Riverside Credit Union", "Northgate School District"]
_START = date(2019, 1, 7)
_DIVIDEND_YEAR = 2025


def create_register(
    uow: UnitOfWork,
    rng: random.Random,
    actor: Principal,
    first_names: list[str],
    last_names: list[str],
    *,
    size: int = 300,
) -> int:
    """Add `size` members with their ledgers; returns the number of ledger entries."""
    ensure_permission(actor, Permission.MANAGE_MEMBERS)
    ensure_defaults(uow)
    classes = {c.code: c for c in uow.session.execute(select(ShareClass)).scalars()}
    a, b = classes["A"], classes["B"]
    by = actor.username
    member_rows: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    event_id = 0
    span = (date(2026, 9, 30) - _START).days

    def add(
        member_id: int,
        kind: rules.EntryType,
        on: date,
        share_class: ShareClass | None,
        quantity: int = 0,
        amount: Decimal = rules.ZERO,
        **extra: object,
    ) -> int:
        nonlocal event_id
        event_id += 1
        events.append(
            {
                "id": event_id,
                "member_id": member_id,
                "type": kind.value,
                "effective_on": on,
                "share_class_id": share_class.id if share_class else None,
                "quantity": quantity,
                "amount": amount,
                "created_by": by,
                **extra,
            }
        )
        return event_id

    applied_days = sorted(rng.randrange(span) for _ in range(size))
    approved: list[tuple[int, date, str]] = []  # (member id, approved on, class) still holding
    for number, offset in enumerate(applied_days, start=1):
        applied = _START + timedelta(days=offset)
        roll = rng.random()
        member_class = (
            "patient"
            if roll < 0.7
            else "worker"
            if roll < 0.82
            else "community"
            if roll < 0.97
            else "anchor"
        )
        family, given = rng.choice(last_names), rng.choice(first_names)
        organisation = rng.choice(_ORGS) if member_class == "anchor" else None
        pending = applied > date(2026, 8, 1) and rng.random() < 0.6
        approved_on = None if pending else applied + timedelta(days=rng.randint(10, 45))
        member_rows.append(
            {
                "id": number,
                "uuid": f"00000000-0000-4000-8000-{number:012d}",
                "register_no": number,
                "member_class": member_class,
                "family_name": family,
                "given_names": given,
                "organisation_name": organisation,
                "name_key": fold(f"{family} {given} {organisation or ''}"),
                "email": f"{given.lower()}.{number}@example.org",
                "applied_on": applied,
                "approved_on": approved_on,
                "approval_ref": f"Board {approved_on:%Y/%m}" if approved_on else None,
                "consent_bylaws_at": _at(applied),
                "consent_data_at": _at(applied),
                "consent_risk_at": _at(applied),
                "version": 1,
            }
        )
        if approved_on is None:
            continue
        shares = a.min_holding + (rng.randint(0, 4) if rng.random() < 0.3 else 0)
        price = Decimal(a.unit_price)
        add(
            number,
            rules.EntryType.SUBSCRIBE,
            approved_on,
            a,
            shares,
            price * shares,
            approval_ref=f"Board {approved_on:%Y/%m}",
        )
        if rng.random() < 0.75:
            add(number, rules.EntryType.PAY, approved_on, a, 0, price * shares)
        else:  # two instalments, the second a few months later (or still owed)
            half = (price * shares / 2).quantize(rules.CENT)
            add(number, rules.EntryType.PAY, approved_on, a, 0, half)
            second = approved_on + timedelta(days=rng.randint(60, 200))
            if second < date(2026, 10, 1):
                add(number, rules.EntryType.PAY, second, a, 0, price * shares - half)
        if member_class != "patient" and rng.random() < 0.5:
            count = rng.randint(1, 20) if member_class == "anchor" else rng.randint(1, 5)
            on = approved_on + timedelta(days=rng.randint(0, 90))
            add(number, rules.EntryType.SUBSCRIBE, on, b, count, Decimal(b.unit_price) * count)
            add(number, rules.EntryType.PAY, on, b, 0, Decimal(b.unit_price) * count)
        approved.append((number, approved_on, member_class))

    # A few leavers: everything is redeemed on the end date. Only fully paid members.
    fully_paid = _fully_paid(events, classes)
    leavers = [m for m in approved if m[0] in fully_paid and rng.random() < 0.06]
    for number, approved_on, _cls in leavers:
        end = approved_on + timedelta(days=rng.randint(200, 1200))
        if end > date(2026, 10, 31):
            continue
        for code, (shares, _paid) in fully_paid[number].items():
            share_class = classes[code]
            add(
                number,
                rules.EntryType.REDEEM,
                end,
                share_class,
                shares,
                Decimal(share_class.unit_price) * shares,
                note="Redeemed on leaving",
            )
        row = member_rows[number - 1]
        row["end_on"] = end
        row["leave_reason"] = rng.choice(["Moved away", "Resigned", "Deceased"])
    # A few transfers of B shares between workers and community members still in.
    staying = [m for m in approved if "end_on" not in member_rows[m[0] - 1]]
    holders = [m for m in staying if "B" in fully_paid.get(m[0], {})]
    takers = [m for m in staying if m[2] in ("worker", "community", "anchor")]
    for giver, approved_on, _cls in holders[:6]:
        receiver = rng.choice(takers)
        if receiver[0] == giver:
            continue
        on = max(approved_on, receiver[1]) + timedelta(days=200)
        if on > date(2026, 10, 31):
            continue
        out = add(
            giver,
            rules.EntryType.TRANSFER_OUT,
            on,
            b,
            1,
            Decimal(b.unit_price),
            counterpart_member_id=receiver[0],
            approval_ref=f"Board {on:%Y/%m}",
        )
        add(
            receiver[0],
            rules.EntryType.TRANSFER_IN,
            on,
            b,
            1,
            Decimal(b.unit_price),
            counterpart_member_id=giver,
            approval_ref=f"Board {on:%Y/%m}",
            linked_id=out,
        )
    # One suspension, later lifted.
    if staying:
        number, approved_on, _cls = staying[len(staying) // 3]
        add(
            number,
            rules.EntryType.SUSPEND,
            approved_on + timedelta(days=100),
            None,
            note="Fees unpaid",
        )
        add(number, rules.EntryType.REINSTATE, approved_on + timedelta(days=160), None)

    session = uow.session
    session.execute(insert(Member), member_rows)
    # A second leg's linked_id names an earlier row of the same batch.
    session.execute(insert(ShareEvent), [{"linked_id": None, **e} for e in events])
    if uow.dialect == "postgresql":  # explicit ids: move the sequences past them
        for table in ("member", "share_event"):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    session.execute(delete(MemberRegisterCounter))
    session.execute(insert(MemberRegisterCounter).values(id=1, last_number=size))
    _dividend(uow, actor, member_rows, events, classes)
    audit.record(
        uow, actor, "member.demo", "register", "demo", {"members": size, "entries": len(events)}
    )
    return len(events)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0)


def _entries(
    events: list[dict[str, object]], classes: dict[str, ShareClass]
) -> dict[int, list[rules.Entry]]:
    """The generated events as the rules see them, per member id."""
    code_of = {c.id: code for code, c in classes.items()}
    ledgers: dict[int, list[rules.Entry]] = {}
    for e in events:
        class_id = e["share_class_id"]
        ledgers.setdefault(_int(e["member_id"]), []).append(
            rules.Entry(
                _int(e["id"]),
                rules.EntryType(str(e["type"])),
                _day(e["effective_on"]),
                code_of[_int(class_id)] if class_id is not None else None,
                _int(e["quantity"]),
                Decimal(str(e["amount"])),
            )
        )
    return ledgers


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _day(value: object) -> date:
    assert isinstance(value, date)
    return value


def _fully_paid(
    events: list[dict[str, object]], classes: dict[str, ShareClass]
) -> dict[int, dict[str, tuple[int, Decimal]]]:
    """Members all of whose shares are paid up (today): class code -> (shares, paid)."""
    result: dict[int, dict[str, tuple[int, Decimal]]] = {}
    for member, entries in _entries(events, classes).items():
        held = rules.holdings(entries)
        if all(h.paid == h.subscribed for h in held.values()):
            result[member] = {code: (h.shares, h.paid) for code, h in held.items()}
    return result


def _dividend(
    uow: UnitOfWork,
    actor: Principal,
    member_rows: list[dict[str, object]],
    events: list[dict[str, object]],
    classes: dict[str, ShareClass],
) -> None:
    """The 2025 patronage dividend, by paid-up capital at the end of the year."""
    ledgers = _entries(events, classes)
    year_end = date(_DIVIDEND_YEAR, 12, 31)
    bases = {}
    for row in member_rows:
        number = _int(row["register_no"])
        ended = row.get("end_on")
        if row["approved_on"] is None or (ended is not None and _day(ended) <= year_end):
            continue
        bases[number] = rules.paid_up_capital(ledgers.get(number, []), year_end)
    split = rules.allocate_dividend(Decimal("18500.00"), bases, Decimal("50.00"))
    allocation = DividendAllocation(
        title=f"Patronage dividend {_DIVIDEND_YEAR}",
        year=_DIVIDEND_YEAR,
        declared_on=date(_DIVIDEND_YEAR + 1, 4, 15),
        surplus=split.surplus,
        threshold=split.threshold,
        basis_label="Paid-up share capital at the end of the year",
        rounding_rule=rules.ROUNDING_RULE,
        approval_ref=f"AGM {_DIVIDEND_YEAR + 1}",
        created_by=actor.username,
    )
    uow.session.add(allocation)
    uow.flush()
    uow.session.execute(
        insert(DividendShare),
        [
            {
                "allocation_id": allocation.id,
                "member_id": part.register_no,  # demo members' ids equal their numbers
                "basis": part.basis,
                "amount": part.amount,
            }
            for part in split.parts
        ],
    )
