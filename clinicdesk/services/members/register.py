"""Reading: the paged member list, one member's detail (audited), the register and the
voter list as of any date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import DividendAllocation, DividendShare, Member, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import Entry, EntryType, Status
from clinicdesk.domain.money import ZERO
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import (
    _by_register_no,
    _dates,
    _entries_for,
    _get_member,
    _holding_infos,
    _left_on,
    _name,
    _row,
    _rules,
    _share_class_info,
    _share_classes,
    _today,
    voting_rule,
)
from clinicdesk.services.members.results import (
    DividendLine,
    LedgerLine,
    MemberDetail,
    MemberRow,
    Register,
    RegisterLine,
)


def _search(query: Select[Any], text: str) -> Select[Any]:
    needle = text.strip()
    if not needle:
        return query
    if needle.isdigit():
        return query.where(Member.register_no == int(needle))
    key = fold(needle)
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return query.where(
        and_(
            Member.name_key >= key,
            Member.name_key < key + "\uffff",
            Member.name_key.like(f"{escaped}%", escape="\\"),
        )
    )


def _latest_flag(day: date) -> Any:
    """The type of a member's latest suspend/reinstate on or before `day` that was not
    itself reversed by then: the rule of `members.is_suspended`, in SQL."""
    flag, undo = aliased(ShareEvent), aliased(ShareEvent)
    reversed_by_then = (
        select(undo.id)
        .where(
            undo.reverses_id == flag.id,
            undo.type == EntryType.REVERSAL.value,
            undo.effective_on <= day,
        )
        .exists()
    )
    return (
        select(flag.type)
        .where(
            flag.member_id == Member.id,
            flag.type.in_([EntryType.SUSPEND.value, EntryType.REINSTATE.value]),
            flag.effective_on <= day,
            ~reversed_by_then,
        )
        .order_by(flag.effective_on.desc(), flag.id.desc())
        .limit(1)
        .correlate(Member)
        .scalar_subquery()
    )


def _with_status(query: Select[Any], status: Status | None, day: date) -> Select[Any]:
    """Members whose status on `day` is `status`, by the rules of `members.status`."""
    if status is None:
        return query
    left = or_(
        and_(Member.end_on.is_not(None), Member.end_on <= day),
        and_(Member.cancelled_on.is_not(None), Member.cancelled_on <= day),
    )
    if status is Status.FORMER:
        return query.where(left)
    applicant = or_(Member.applied_on > day, Member.approved_on.is_(None), Member.approved_on > day)
    if status is Status.APPLICANT:
        return query.where(~left, applicant)
    suspended = func.coalesce(_latest_flag(day), "") == EntryType.SUSPEND.value
    if status is Status.SUSPENDED:
        return query.where(~left, ~applicant, suspended)
    return query.where(~left, ~applicant, ~suspended)


@requires(Permission.VIEW_MEMBERS)
def count_members(
    uow: UnitOfWork,
    actor: Principal,
    text: str = "",
    *,
    status: Status | None = None,
    as_of: date | None = None,
) -> int:
    query = _with_status(_search(select(func.count(Member.id)), text), status, as_of or _today())
    return int(uow.session.execute(query).scalar_one())


@requires(Permission.VIEW_MEMBERS)
def list_members(
    uow: UnitOfWork,
    actor: Principal,
    text: str = "",
    *,
    offset: int = 0,
    limit: int = 200,
    order: str = "name",
    as_of: date | None = None,
    status: Status | None = None,
) -> list[MemberRow]:
    """One page of members whose name starts with `text` (or whose register number it
    is), ordered by name or register number, with holdings and status as of `as_of`;
    only those of one `status` when it is given."""
    day = as_of or _today()
    query = _with_status(_search(select(Member), text), status, day)
    if order == "register_no":
        query = query.order_by(Member.register_no)
    else:
        query = query.order_by(Member.name_key, Member.register_no)
    members = uow.session.execute(query.offset(offset).limit(limit)).scalars().all()
    entries = _entries_for(uow, [m.id for m in members])
    return [_row(m, entries.get(m.id, []), day) for m in members]


def _ledger_lines(uow: UnitOfWork, member: Member) -> list[LedgerLine]:
    events = (
        uow.session.execute(
            select(ShareEvent)
            .where(ShareEvent.member_id == member.id)
            .order_by(ShareEvent.effective_on, ShareEvent.id)
        )
        .scalars()
        .all()
    )
    code_of = {row.id: row.code for row in _share_classes(uow).values()}
    others = {e.counterpart_member_id for e in events if e.counterpart_member_id}
    names = {
        m.id: (m.register_no, _name(m))
        for m in uow.session.execute(select(Member).where(Member.id.in_(others))).scalars()
    }
    by_id = {e.id: e for e in events}
    reversed_by = {e.reverses_id: e.id for e in events if e.reverses_id}
    entries: list[Entry] = []
    lines: list[LedgerLine] = []
    for event in events:
        reversed_event = by_id.get(event.reverses_id) if event.reverses_id else None
        class_id = reversed_event.share_class_id if reversed_event else event.share_class_id
        code = code_of.get(class_id) if class_id else None
        entry = Entry(
            event.id,
            EntryType(event.type),
            event.effective_on,
            code_of.get(event.share_class_id) if event.share_class_id else None,
            event.quantity,
            Decimal(event.amount),
            event.reverses_id,
        )
        entries.append(entry)
        held = rules.holdings(entries).get(code) if code else None
        counterpart = names.get(event.counterpart_member_id or -1)
        lines.append(
            LedgerLine(
                id=event.id,
                type=EntryType(event.type),
                effective_on=event.effective_on,
                share_class=code,
                quantity=event.quantity,
                amount=Decimal(event.amount),
                counterpart_register_no=counterpart[0] if counterpart else None,
                counterpart_name=counterpart[1] if counterpart else None,
                approval_ref=event.approval_ref,
                note=event.note,
                reverses_id=event.reverses_id,
                reversed_by_id=reversed_by.get(event.id),
                created_by=event.created_by,
                created_at=event.created_at,
                shares_after=held.shares if held else 0,
            )
        )
    return lines


def _dividend_lines(uow: UnitOfWork, member_id: int) -> list[DividendLine]:
    rows = uow.session.execute(
        select(DividendShare, DividendAllocation)
        .join(DividendAllocation, DividendAllocation.id == DividendShare.allocation_id)
        .where(DividendShare.member_id == member_id)
        .order_by(DividendAllocation.declared_on)
    ).all()
    return [
        DividendLine(a.id, a.title, a.year, a.declared_on, Decimal(s.basis), Decimal(s.amount))
        for s, a in rows
    ]


def _detail(uow: UnitOfWork, member: Member, as_of: date) -> MemberDetail:
    entries = _entries_for(uow, [member.id])[member.id]
    classes = _rules(_share_classes(uow))
    held = _holding_infos(entries, as_of)
    patient_mrn = (
        uow.session.execute(select(Patient.mrn).where(Patient.id == member.patient_id)).scalar()
        if member.patient_id
        else None
    )
    username = (
        uow.session.execute(select(User.username).where(User.id == member.user_id)).scalar()
        if member.user_id
        else None
    )
    return MemberDetail(
        id=member.id,
        uuid=member.uuid,
        register_no=member.register_no,
        name=_name(member),
        family_name=member.family_name,
        given_names=member.given_names,
        organisation_name=member.organisation_name,
        member_class=member.member_class,
        birth_date=member.birth_date,
        email=member.email,
        phone=member.phone,
        address=member.address,
        patient_id=member.patient_id,
        patient_mrn=patient_mrn,
        user_id=member.user_id,
        username=username,
        consent_bylaws_at=member.consent_bylaws_at,
        consent_data_at=member.consent_data_at,
        consent_risk_at=member.consent_risk_at,
        applied_on=member.applied_on,
        approved_on=member.approved_on,
        approval_ref=member.approval_ref,
        end_on=member.end_on,
        cancelled_on=member.cancelled_on,
        leave_reason=member.leave_reason,
        version=member.version,
        as_of=as_of,
        status=rules.status(_dates(member), entries, as_of),
        may_vote=rules.may_vote(
            _dates(member), member.member_class, entries, classes, as_of, voting_rule(uow)
        ),
        holdings=held,
        paid_up=sum((h.paid for h in held), ZERO),
        ledger=_ledger_lines(uow, member),
        dividends=_dividend_lines(uow, member.id),
    )


@requires(Permission.VIEW_MEMBERS)
def member_detail(
    uow: UnitOfWork, actor: Principal, member_id: int, *, as_of: date | None = None
) -> MemberDetail:
    """One member with the ledger as a timeline. Recorded in the audit trail."""
    member = _get_member(uow, member_id)
    detail = _detail(uow, member, as_of or _today())
    audit.record(uow, actor, "member.view", "member", member.register_no)
    uow.commit()
    return detail


@requires(Permission.VIEW_MEMBERS)
def find_member(uow: UnitOfWork, actor: Principal, register_no: int) -> MemberRow:
    member = _by_register_no(uow, register_no)
    entries = _entries_for(uow, [member.id])[member.id]
    return _row(member, entries, _today())


def _register(uow: UnitOfWork, as_of: date, *, include_former: bool, voters_only: bool) -> Register:
    from clinicdesk.services.setup import clinic_info

    classes = _share_classes(uow)
    rule_map = _rules(classes)
    rule = voting_rule(uow)
    members = (
        uow.session.execute(
            select(Member).where(Member.applied_on <= as_of).order_by(Member.register_no)
        )
        .scalars()
        .all()
    )
    entries = _entries_for(uow, [m.id for m in members])
    lines: list[RegisterLine] = []
    for member in members:
        mine = [e for e in entries.get(member.id, []) if e.effective_on <= as_of]
        state = rules.status(_dates(member), mine, as_of)
        if state is Status.FORMER and not include_former:
            continue
        votes = rules.may_vote(_dates(member), member.member_class, mine, rule_map, as_of, rule)
        if voters_only and not votes:
            continue
        held = _holding_infos(mine, as_of)
        left = _left_on(member)
        lines.append(
            RegisterLine(
                register_no=member.register_no,
                name=_name(member),
                member_class=member.member_class,
                status=state,
                applied_on=member.applied_on,
                approved_on=member.approved_on
                if member.approved_on and member.approved_on <= as_of
                else None,
                left_on=left if left is not None and left <= as_of else None,
                holdings=held,
                shares=sum(h.shares for h in held),
                paid_up=sum((h.paid for h in held), ZERO),
                may_vote=votes,
            )
        )
    clinic = clinic_info(uow)
    return Register(
        as_of=as_of,
        clinic_name=clinic.name if clinic else "",
        lines=lines,
        voting_rule=rule.describe(),
        share_classes=[_share_class_info(r) for r in classes.values()],
    )


@requires(Permission.VIEW_MEMBERS)
def register_as_of(
    uow: UnitOfWork,
    actor: Principal,
    as_of: date,
    *,
    include_former: bool = False,
    purpose: str = "view",
) -> Register:
    """The register as the ledger stood at the end of `as_of`. Audited, with what it is
    for (view, pdf, json)."""
    register = _register(uow, as_of, include_former=include_former, voters_only=False)
    audit.record(
        uow,
        actor,
        "member.register",
        "register",
        as_of.isoformat(),
        {"lines": len(register.lines), "include_former": include_former, "purpose": purpose},
    )
    uow.commit()
    return register


@requires(Permission.VIEW_MEMBERS)
def voters_as_of(
    uow: UnitOfWork, actor: Principal, as_of: date, *, purpose: str = "view"
) -> Register:
    """Members entitled to vote at the end of `as_of` (one member, one vote). Audited."""
    register = _register(uow, as_of, include_former=False, voters_only=True)
    audit.record(
        uow,
        actor,
        "member.voters",
        "register",
        as_of.isoformat(),
        {"voters": len(register.lines), "purpose": purpose},
    )
    uow.commit()
    return register
