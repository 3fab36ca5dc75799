"""Share operations on the append-only ledger: subscribe, pay, transfer, redeem, convert,
suspend, reverse and leave; each checked by the domain rules and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select

from clinicdesk.db.models import utcnow
from clinicdesk.db.models_members import Member, ShareClass, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import (
    Entry,
    EntryType,
    MemberDates,
    MemberRuleError,
    ShareClassRule,
)
from clinicdesk.domain.money import CENT, ZERO
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import (
    _by_register_no,
    _check_version,
    _clean,
    _dates,
    _entries_for,
    _get_member,
    _left_on,
    _row,
    _rules,
    _share_classes,
    _today,
)
from clinicdesk.services.members.results import MemberRow


def _append(
    uow: UnitOfWork,
    actor: Principal,
    member: Member,
    entry_type: EntryType,
    effective_on: date,
    share_class: ShareClass | None,
    quantity: int,
    amount: Decimal,
    *,
    classes: Mapping[str, ShareClass],
    counterpart: Member | None = None,
    approval_ref: str | None = None,
    note: str | None = None,
    reverses_id: int | None = None,
    linked_id: int | None = None,
    leaving: bool = False,
    existing: list[Entry] | None = None,
) -> ShareEvent:
    """Check one entry against the member's whole ledger and append it."""
    if existing is None:
        existing = _entries_for(uow, [member.id])[member.id]
    candidate = Entry(
        -1,
        entry_type,
        effective_on,
        share_class.code if share_class is not None else None,
        quantity,
        amount,
        reverses_id,
    )
    _check_entry(
        member.register_no,
        candidate,
        existing,
        dates=_dates(member),
        member_class=member.member_class,
        classes=_rules(classes),
        leaving=leaving,
    )
    event = ShareEvent(
        member_id=member.id,
        type=entry_type.value,
        effective_on=effective_on,
        share_class_id=share_class.id if share_class is not None else None,
        quantity=quantity,
        amount=amount,
        counterpart_member_id=counterpart.id if counterpart is not None else None,
        approval_ref=_clean(approval_ref, 100),
        note=_clean(note, 500),
        reverses_id=reverses_id,
        linked_id=linked_id,
        created_by=actor.username,
    )
    uow.session.add(event)
    uow.flush()
    existing.append(
        Entry(
            event.id,
            entry_type,
            effective_on,
            candidate.share_class,
            quantity,
            amount,
            reverses_id,
        )
    )
    return event


def _check_entry(
    register_no: int,
    candidate: Entry,
    existing: Sequence[Entry],
    *,
    dates: MemberDates,
    member_class: str,
    classes: Mapping[str, ShareClassRule],
    leaving: bool,
) -> None:
    """The rules' verdict on one entry, as a manager reads it (no database: the legacy
    import checks a whole file's history this way before it writes anything)."""
    try:
        rules.check_new_entry(
            candidate,
            existing,
            dates=dates,
            member_class=member_class,
            classes=classes,
            leaving=leaving,
        )
    except MemberRuleError as error:
        raise ValidationError(
            _("Member {register_no}: {message}").format(
                register_no=register_no, message=error.message
            ),
            field=error.field,
        ) from None


class _Approvable(Protocol):
    @property
    def register_no(self) -> int: ...
    @property
    def approved_on(self) -> date | None: ...


class _Priced(Protocol):
    @property
    def unit_price(self) -> Decimal: ...


def _share_class(classes: Mapping[str, ShareClass], code: str) -> ShareClass:
    row = classes.get(code.strip().upper())
    if row is None:
        raise ValidationError(
            _("Unknown share class “{code}”. Classes are: {classes}.").format(
                code=code, classes=", ".join(sorted(classes))
            ),
            field="share_class",
        )
    return row


def _require_approved(member: _Approvable, effective_on: date) -> None:
    if member.approved_on is None or member.approved_on > effective_on:
        raise ValidationError(
            _(
                "Member {register_no} was not approved by the board by "
                "{effective_on}; shares count only after approval."
            ).format(register_no=member.register_no, effective_on=format_date(effective_on)),
            field="effective_on",
        )


def _price(share_class: _Priced, quantity: int) -> Decimal:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError(_("The number of shares must be a whole number."), field="quantity")
    return (Decimal(share_class.unit_price) * quantity).quantize(CENT)


def _audit_entry(
    uow: UnitOfWork, actor: Principal, member: Member, event: ShareEvent, code: str | None
) -> None:
    audit.record(
        uow,
        actor,
        f"share.{event.type}",
        "member",
        member.register_no,
        {
            "event": event.id,
            "on": event.effective_on.isoformat(),
            "class": code,
            "quantity": event.quantity,
            "amount": str(event.amount),
            "ref": event.approval_ref,
        },
    )


def _member_for_change(
    uow: UnitOfWork,
    member_id: int,
    expected_version: int | None,
    *,
    approved_by: date | None = None,
) -> Member:
    """The member, locked, still at the version the person saw (and, for an entry on
    `approved_by`, approved by then)."""
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    if approved_by is not None:
        _require_approved(member, approved_by)
    return member


def _after_change(uow: UnitOfWork, member: Member) -> MemberRow:
    member.updated_at = utcnow()  # bumps the version: the member's record changed
    uow.flush()
    uow.commit()
    entries = _entries_for(uow, [member.id])[member.id]
    return _row(member, entries, _today())


def _priced_entry(
    uow: UnitOfWork,
    actor: Principal,
    member: Member,
    entry_type: EntryType,
    share_class: str,
    quantity: int,
    effective_on: date,
    approval_ref: str | None,
) -> MemberRow:
    """A subscription or redemption at the class's unit price: appended, audited, and
    the member's row as it now stands."""
    classes = _share_classes(uow)
    row = _share_class(classes, share_class)
    event = _append(
        uow,
        actor,
        member,
        entry_type,
        effective_on,
        row,
        quantity,
        _price(row, quantity),
        classes=classes,
        approval_ref=approval_ref,
    )
    _audit_entry(uow, actor, member, event, row.code)
    return _after_change(uow, member)


@requires(Permission.MANAGE_MEMBERS)
def subscribe(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    share_class: str,
    quantity: int,
    effective_on: date,
    *,
    approval_ref: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    member = _member_for_change(uow, member_id, expected_version, approved_by=effective_on)
    return _priced_entry(
        uow, actor, member, EntryType.SUBSCRIBE, share_class, quantity, effective_on, approval_ref
    )


@requires(Permission.MANAGE_MEMBERS)
def pay(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    share_class: str,
    amount: Decimal,
    effective_on: date,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    member = _member_for_change(uow, member_id, expected_version)
    classes = _share_classes(uow)
    row = _share_class(classes, share_class)
    event = _append(
        uow, actor, member, EntryType.PAY, effective_on, row, 0, amount, classes=classes, note=note
    )
    _audit_entry(uow, actor, member, event, row.code)
    return _after_change(uow, member)


@requires(Permission.MANAGE_MEMBERS)
def transfer(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    to_register_no: int,
    share_class: str,
    quantity: int,
    effective_on: date,
    *,
    approval_ref: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    """Move fully paid shares to another (approved) member: two linked entries."""
    receiver_id = _by_register_no(uow, to_register_no).id
    if receiver_id == member_id:
        raise ValidationError(_("A member cannot transfer shares to themselves."), field="to")
    # Lock both members' rows in id order, so two opposite transfers cannot deadlock.
    locked = {m: _get_member(uow, m, lock=True) for m in sorted((member_id, receiver_id))}
    giver, receiver = locked[member_id], locked[receiver_id]
    _check_version(giver, expected_version)
    _require_approved(receiver, effective_on)
    if not (approval_ref or "").strip():
        raise ValidationError(_("Give the board approval for the transfer."), field="approval_ref")
    classes = _share_classes(uow)
    row = _share_class(classes, share_class)
    amount = _price(row, quantity)
    out = _append(
        uow,
        actor,
        giver,
        EntryType.TRANSFER_OUT,
        effective_on,
        row,
        quantity,
        amount,
        classes=classes,
        counterpart=receiver,
        approval_ref=approval_ref,
    )
    into = _append(
        uow,
        actor,
        receiver,
        EntryType.TRANSFER_IN,
        effective_on,
        row,
        quantity,
        amount,
        classes=classes,
        counterpart=giver,
        approval_ref=approval_ref,
        linked_id=out.id,
    )
    _audit_entry(uow, actor, giver, out, row.code)
    _audit_entry(uow, actor, receiver, into, row.code)
    receiver.updated_at = utcnow()
    return _after_change(uow, giver)


@requires(Permission.MANAGE_MEMBERS)
def redeem(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    share_class: str,
    quantity: int,
    effective_on: date,
    *,
    approval_ref: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    """Buy fully paid shares back at their unit price (the member keeps the minimum)."""
    member = _member_for_change(uow, member_id, expected_version)
    if not (approval_ref or "").strip():
        raise ValidationError(
            _("Give the board approval for the redemption."), field="approval_ref"
        )
    return _priced_entry(
        uow, actor, member, EntryType.REDEEM, share_class, quantity, effective_on, approval_ref
    )


@requires(Permission.MANAGE_MEMBERS)
def convert(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    from_class: str,
    to_class: str,
    quantity: int,
    effective_on: date,
    *,
    approval_ref: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    """Exchange fully paid shares of one class for shares of another of the same value."""
    member = _member_for_change(uow, member_id, expected_version)
    classes = _share_classes(uow)
    source, target = _share_class(classes, from_class), _share_class(classes, to_class)
    if source.id == target.id:
        raise ValidationError(_("Choose two different share classes."), field="to_class")
    value = _price(source, quantity)
    price = Decimal(target.unit_price)
    if price <= 0 or value % price != 0:
        raise ValidationError(
            _(
                "{quantity} class {code} shares ({amount}) do not buy a whole number of "
                "class {code2} shares at {price}."
            ).format(
                quantity=quantity, code=source.code, amount=value, code2=target.code, price=price
            ),
            field="quantity",
        )
    out = _append(
        uow,
        actor,
        member,
        EntryType.CONVERT_OUT,
        effective_on,
        source,
        quantity,
        value,
        classes=classes,
        approval_ref=approval_ref,
    )
    into = _append(
        uow,
        actor,
        member,
        EntryType.CONVERT_IN,
        effective_on,
        target,
        int(value // price),
        value,
        classes=classes,
        approval_ref=approval_ref,
        linked_id=out.id,
    )
    _audit_entry(uow, actor, member, out, source.code)
    _audit_entry(uow, actor, member, into, target.code)
    return _after_change(uow, member)


@requires(Permission.MANAGE_MEMBERS)
def set_suspended(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    suspended: bool,
    effective_on: date,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    member = _member_for_change(uow, member_id, expected_version, approved_by=effective_on)
    entry_type = EntryType.SUSPEND if suspended else EntryType.REINSTATE
    event = _append(
        uow, actor, member, entry_type, effective_on, None, 0, ZERO, classes={}, note=note
    )
    _audit_entry(uow, actor, member, event, None)
    return _after_change(uow, member)


@requires(Permission.MANAGE_MEMBERS)
def reverse(
    uow: UnitOfWork,
    actor: Principal,
    event_id: int,
    effective_on: date,
    reason: str,
) -> MemberRow:
    """Correct a ledger entry with a reversing entry (both legs of a transfer or a
    conversion). The original stays in the ledger."""
    original = uow.session.get(ShareEvent, event_id)
    if original is None:
        raise NotFoundError(_("There is no ledger entry {event_id}.").format(event_id=event_id))
    if not (reason or "").strip():
        raise ValidationError(_("Say why the entry is reversed."), field="reason")
    legs = [original]
    if original.linked_id is not None:
        first = uow.session.get(ShareEvent, original.linked_id)
        assert first is not None
        legs = [first, original]
    else:
        second = uow.session.execute(
            select(ShareEvent).where(ShareEvent.linked_id == original.id)
        ).scalar_one_or_none()
        if second is not None:
            legs = [original, second]
    classes = _share_classes(uow)
    for member_id in sorted({leg.member_id for leg in legs}):  # lock in id order
        _get_member(uow, member_id, lock=True)
    # Reverse the receiving leg first, so the giver's holding is never checked without it.
    for leg in reversed(legs):
        member = _get_member(uow, leg.member_id)
        event = _append(
            uow,
            actor,
            member,
            EntryType.REVERSAL,
            effective_on,
            None,
            0,
            ZERO,
            classes=classes,
            note=reason,
            reverses_id=leg.id,
            leaving=_left_on(member) is not None,
        )
        _audit_entry(uow, actor, member, event, None)
        member.updated_at = utcnow()
    first_member = _get_member(uow, legs[0].member_id)
    return _after_change(uow, first_member)


@requires(Permission.MANAGE_MEMBERS)
def leave(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    end_on: date,
    reason: str,
    *,
    cancelled: bool = False,
    approval_ref: str | None = None,
    expected_version: int | None = None,
) -> MemberRow:
    """End a membership (or cancel it: `cancelled` records the board's cancellation date
    instead of the end date). Fully paid shares are redeemed on that date; shares that
    are not paid up must be paid or reversed first."""
    member = _member_for_change(uow, member_id, expected_version)
    if _left_on(member) is not None:
        raise ValidationError(
            _("Member {register_no} has already left.").format(register_no=member.register_no)
        )
    if end_on < member.applied_on:
        raise ValidationError(
            _("The end date is before the member applied ({applied_on}).").format(
                applied_on=format_date(member.applied_on)
            ),
            field="end_on",
        )
    text = (reason or "").strip()
    if not text:
        raise ValidationError(_("Give the reason for leaving."), field="reason")
    classes = _share_classes(uow)
    existing = _entries_for(uow, [member.id])[member.id]
    later = [e for e in existing if e.effective_on > end_on]
    if later:
        raise ValidationError(
            _("The ledger has entries after {end_on}; choose a later date.").format(
                end_on=format_date(end_on)
            ),
            field="end_on",
        )
    for code, holding in rules.holdings(existing, end_on).items():
        row = classes[code]
        if holding.paid != holding.subscribed:
            raise ValidationError(
                _("Member {register_no} still owes {unpaid} on class {code} shares.").format(
                    register_no=member.register_no, unpaid=holding.unpaid, code=code
                ),
                hint=_("Record the payment, or reverse the subscription, before they leave."),
            )
        if holding.shares:
            event = _append(
                uow,
                actor,
                member,
                EntryType.REDEEM,
                end_on,
                row,
                holding.shares,
                _price(row, holding.shares),
                classes=classes,
                approval_ref=approval_ref,
                note="Redeemed on leaving",
                leaving=True,
                existing=existing,
            )
            _audit_entry(uow, actor, member, event, code)
    if cancelled:
        member.cancelled_on = end_on
    else:
        member.end_on = end_on
    member.leave_reason = text[:500]
    audit.record(
        uow,
        actor,
        "member.leave",
        "member",
        member.register_no,
        {"on": end_on.isoformat(), "cancelled": cancelled, "reason": member.leave_reason},
    )
    return _after_change(uow, member)
