"""Patronage dividends: the basis per member, allocating a declared surplus, reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select, text

from clinicdesk.db.models_clinical import Encounter
from clinicdesk.db.models_members import DividendAllocation, DividendShare, Member
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import MemberRuleError
from clinicdesk.domain.money import CENT, ZERO
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import _clean, _entries_for, _invalid, _name, _today
from clinicdesk.services.members.results import DividendInfo

BASIS_KINDS = {
    "paid_capital": "Paid-up share capital at the end of the year",
    "visits": "Visits to the clinic in the year (linked patient)",
}


def patronage_basis(uow: UnitOfWork, kind: str, year: int) -> dict[int, Decimal]:
    """Each member's basis for the year, by register number: members active at some
    point in the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    members = (
        uow.session.execute(
            select(Member).where(
                Member.approved_on.is_not(None),
                Member.approved_on <= end,
                or_(Member.end_on.is_(None), Member.end_on >= start),
                or_(Member.cancelled_on.is_(None), Member.cancelled_on >= start),
            )
        )
        .scalars()
        .all()
    )
    if kind == "visits":
        linked = {m.patient_id: m.register_no for m in members if m.patient_id}
        counts = dict(
            uow.session.execute(
                select(Encounter.patient_id, func.count(Encounter.id))
                .where(
                    Encounter.patient_id.in_(list(linked)),
                    Encounter.start_at >= datetime(year, 1, 1),
                    Encounter.start_at < datetime(year + 1, 1, 1),
                )
                .group_by(Encounter.patient_id)
            ).all()
        )
        return {
            m.register_no: Decimal(counts.get(m.patient_id, 0) if m.patient_id else 0)
            for m in members
        }
    if kind == "paid_capital":
        entries = _entries_for(uow, [m.id for m in members])
        return {m.register_no: rules.paid_up_capital(entries.get(m.id, []), end) for m in members}
    raise ValidationError(
        _("Unknown patronage basis “{kind}”. Choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(BASIS_KINDS)
        ),
        field="basis",
    )


@requires(Permission.MANAGE_MEMBERS)
def allocate_dividend(
    uow: UnitOfWork,
    actor: Principal,
    title: str,
    year: int,
    surplus: Decimal,
    basis: str | Mapping[int, Decimal],
    *,
    threshold: Decimal = ZERO,
    declared_on: date | None = None,
    approval_ref: str | None = None,
    record: bool = True,
) -> DividendInfo:
    """Split `surplus` by the patronage basis (a kind from BASIS_KINDS, or explicit bases
    by register number). With `record=False` it is a preview and nothing is stored."""
    if not title.strip():
        raise ValidationError(_("Give the dividend a title."), field="title")
    if record:
        _refuse_if_recorded(uow, title, year)
    if isinstance(basis, str):
        bases = patronage_basis(uow, basis, year)
        label = BASIS_KINDS[basis]
    else:
        bases, label = dict(basis), "Given bases"
    try:
        split = rules.allocate_dividend(surplus, bases, threshold)
    except MemberRuleError as error:
        raise _invalid(error) from None
    members = {
        m.register_no: m
        for m in uow.session.execute(
            select(Member).where(Member.register_no.in_([p.register_no for p in split.parts]))
        ).scalars()
    }
    missing = [p.register_no for p in split.parts if p.register_no not in members]
    if missing:
        raise ValidationError(
            _("No such members: {missing}.").format(missing=", ".join(map(str, missing)))
        )
    day = declared_on or _today()
    allocation_id: int | None = None
    if record:
        allocation = DividendAllocation(
            title=title.strip()[:200],
            year=year,
            declared_on=day,
            surplus=split.surplus,
            threshold=split.threshold,
            basis_label=label,
            rounding_rule=rules.ROUNDING_RULE,
            approval_ref=_clean(approval_ref, 100),
            created_by=actor.username,
        )
        uow.session.add(allocation)
        uow.flush()
        allocation_id = allocation.id
        for part in split.parts:
            uow.session.add(
                DividendShare(
                    allocation_id=allocation.id,
                    member_id=members[part.register_no].id,
                    basis=part.basis.quantize(CENT),
                    amount=part.amount,
                )
            )
        audit.record(
            uow,
            actor,
            "dividend.allocate",
            "dividend",
            allocation.id,
            {"surplus": str(split.surplus), "members": len(split.parts), "year": year},
        )
        uow.commit()
    return DividendInfo(
        id=allocation_id,
        title=title.strip(),
        year=year,
        declared_on=day,
        surplus=split.surplus,
        threshold=split.threshold,
        basis_label=label,
        rounding_rule=rules.ROUNDING_RULE,
        approval_ref=_clean(approval_ref, 100),
        parts=[
            (p.register_no, _name(members[p.register_no]), p.basis, p.amount) for p in split.parts
        ],
        below_threshold=split.below_threshold,
    )


# Serialises recording a year's dividends on PostgreSQL (pg_advisory_xact_lock(key, year));
# any constant will do as long as no other advisory lock of the clinic uses it.
_DIVIDEND_LOCK = 0x436C4476


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _refuse_if_recorded(uow: UnitOfWork, title: str, year: int) -> None:
    """A dividend is recorded once per year and title: recording it again (a retried
    command, a second click, two managers at once) would pay every member twice. The
    check holds the write lock until the allocation is committed: SQLite's unit of work
    already holds it (BEGIN IMMEDIATE); on PostgreSQL a transaction-scoped advisory lock
    per year makes a second recorder wait, then see the first one's row."""
    if uow.dialect == "postgresql":
        uow.session.execute(
            text("SELECT pg_advisory_xact_lock(:key, :year)"),
            {"key": _DIVIDEND_LOCK, "year": year},
        )
    key = _title_key(title)
    for existing in uow.session.execute(
        select(DividendAllocation).where(DividendAllocation.year == year)
    ).scalars():
        if _title_key(existing.title) == key:
            raise ConflictError(
                _(
                    "The dividend “{title}” for {year} is already recorded (allocation "
                    "{id}, declared on {declared_on}, surplus "
                    "{surplus}); it was not recorded again."
                ).format(
                    title=existing.title,
                    year=year,
                    id=existing.id,
                    declared_on=format_date(existing.declared_on),
                    surplus=existing.surplus,
                ),
                hint=_(
                    "Recording it twice would pay every member twice. To declare another "
                    "dividend for the same year, give it another title (--title)."
                ),
            )


@requires(Permission.VIEW_MEMBERS)
def list_dividends(uow: UnitOfWork, actor: Principal) -> list[DividendInfo]:
    allocations = (
        uow.session.execute(select(DividendAllocation).order_by(DividendAllocation.declared_on))
        .scalars()
        .all()
    )
    return [_dividend_info(uow, a) for a in allocations]


def _dividend_info(uow: UnitOfWork, allocation: DividendAllocation) -> DividendInfo:
    rows = uow.session.execute(
        select(DividendShare, Member)
        .join(Member, Member.id == DividendShare.member_id)
        .where(DividendShare.allocation_id == allocation.id)
        .order_by(Member.register_no)
    ).all()
    return DividendInfo(
        id=allocation.id,
        title=allocation.title,
        year=allocation.year,
        declared_on=allocation.declared_on,
        surplus=Decimal(allocation.surplus),
        threshold=Decimal(allocation.threshold),
        basis_label=allocation.basis_label,
        rounding_rule=allocation.rounding_rule,
        approval_ref=allocation.approval_ref,
        parts=[(m.register_no, _name(m), Decimal(s.basis), Decimal(s.amount)) for s, m in rows],
        below_threshold=[],
    )


@requires(Permission.VIEW_MEMBERS)
def dividend(uow: UnitOfWork, actor: Principal, allocation_id: int) -> DividendInfo:
    """One recorded allocation with every member's part (for the notices). Audited."""
    allocation = uow.session.get(DividendAllocation, allocation_id)
    if allocation is None:
        raise NotFoundError(
            _("There is no dividend allocation {allocation_id}.").format(
                allocation_id=allocation_id
            )
        )
    info = _dividend_info(uow, allocation)
    audit.record(uow, actor, "dividend.view", "dividend", allocation_id)
    uow.commit()
    return info
