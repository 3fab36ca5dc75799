"""What the member services share: defaults, loading members, their ledgers and share classes,
and turning a member into a row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from clinicdesk.db.models import Setting
from clinicdesk.db.models_members import (
    Member,
    MemberClass,
    MemberRegisterCounter,
    ShareClass,
    ShareEvent,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import (
    Entry,
    EntryType,
    MemberDates,
    MemberRuleError,
    ShareClassRule,
    VotingRule,
)
from clinicdesk.domain.money import ZERO
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.services.members.results import HoldingInfo, MemberRow, ShareClassInfo

DEFAULT_MEMBER_CLASSES = [
    ("patient", "Patient member", False),
    ("worker", "Worker member", False),
    ("community", "Community member", False),
    ("anchor", "Anchor-organisation member", True),
]
DEFAULT_SHARE_CLASSES = [
    ("A", "Membership share", Decimal("25.00"), 2, "patient,worker,community,anchor"),
    ("B", "Investment share", Decimal("100.00"), 0, "worker,community,anchor"),
]
VOTING_RULE_KEY = "members.voting_rule"
CERTIFICATE_KEY = "members.certificate_secret"


def _invalid(error: MemberRuleError) -> ValidationError:
    return ValidationError(error.message, field=error.field)


def display_name(family: str, given: str, organisation: str | None) -> str:
    person = f"{family}, {given}" if given else family
    return f"{organisation} ({person})" if organisation else person


def _name(member: Member) -> str:
    return display_name(member.family_name, member.given_names, member.organisation_name)


def _insert_ignore(uow: UnitOfWork, model: type, key: str, values: dict[str, object]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two workstations racing to add the same row both
    succeed (PostgreSQL makes the second wait for the first, then skip)."""
    dialect = postgresql if uow.dialect == "postgresql" else sqlite
    uow.session.execute(
        dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=[key])
    )


def ensure_defaults(uow: UnitOfWork) -> None:
    """The default member and share classes, on a register that has none yet."""
    session = uow.session
    if session.execute(select(func.count()).select_from(MemberClass)).scalar_one() == 0:
        for code, name, org in DEFAULT_MEMBER_CLASSES:
            _insert_ignore(
                uow, MemberClass, "code", {"code": code, "name": name, "is_organisation": org}
            )
    if session.execute(select(func.count()).select_from(ShareClass)).scalar_one() == 0:
        for code, name, price, minimum, eligible in DEFAULT_SHARE_CLASSES:
            _insert_ignore(
                uow,
                ShareClass,
                "code",
                {
                    "code": code,
                    "name": name,
                    "unit_price": price,
                    "min_holding": minimum,
                    "eligible_member_classes": eligible,
                },
            )


def _share_classes(uow: UnitOfWork) -> dict[str, ShareClass]:
    rows = uow.session.execute(select(ShareClass).order_by(ShareClass.code)).scalars()
    return {row.code: row for row in rows}


def _rules(classes: Mapping[str, ShareClass]) -> dict[str, ShareClassRule]:
    return {
        code: ShareClassRule(
            code,
            Decimal(row.unit_price),
            row.min_holding,
            frozenset(c for c in row.eligible_member_classes.split(",") if c),
        )
        for code, row in classes.items()
    }


def _share_class_info(row: ShareClass) -> ShareClassInfo:
    return ShareClassInfo(
        row.code,
        row.name,
        Decimal(row.unit_price),
        row.min_holding,
        tuple(c for c in row.eligible_member_classes.split(",") if c),
    )


def voting_rule(uow: UnitOfWork) -> VotingRule:
    row = uow.session.get(Setting, VOTING_RULE_KEY)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return VotingRule(
        require_paid_minimum=bool(value.get("require_paid_minimum", True)),
        min_days_approved=int(value.get("min_days_approved", 0)),
    )


def _dates(member: Member) -> MemberDates:
    return MemberDates(member.applied_on, member.approved_on, member.end_on, member.cancelled_on)


def _left_on(member: Member) -> date | None:
    ends = [d for d in (member.end_on, member.cancelled_on) if d is not None]
    return min(ends) if ends else None


def _entries_for(uow: UnitOfWork, member_ids: Iterable[int]) -> dict[int, list[Entry]]:
    """Ledger entries as the rules see them, per member, in id order."""
    ids = list(member_ids)
    result: dict[int, list[Entry]] = defaultdict(list)
    if not ids:
        return result
    code_of = {
        row.id: row.code
        for row in uow.session.execute(select(ShareClass.id, ShareClass.code)).all()
    }
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = uow.session.execute(
            select(
                ShareEvent.id,
                ShareEvent.member_id,
                ShareEvent.type,
                ShareEvent.effective_on,
                ShareEvent.share_class_id,
                ShareEvent.quantity,
                ShareEvent.amount,
                ShareEvent.reverses_id,
            )
            .where(ShareEvent.member_id.in_(chunk))
            .order_by(ShareEvent.id)
        ).all()
        for row in rows:
            result[row.member_id].append(
                Entry(
                    row.id,
                    EntryType(row.type),
                    row.effective_on,
                    code_of.get(row.share_class_id) if row.share_class_id else None,
                    row.quantity,
                    Decimal(row.amount),
                    row.reverses_id,
                )
            )
    return result


def _holding_infos(entries: Sequence[Entry], as_of: date) -> list[HoldingInfo]:
    return [
        HoldingInfo(h.share_class, h.shares, h.subscribed, h.paid)
        for h in rules.holdings(entries, as_of).values()
    ]


def _get_member(uow: UnitOfWork, member_id: int, *, lock: bool = False) -> Member:
    query = select(Member).where(Member.id == member_id)
    if lock:
        query = query.with_for_update()
    member = uow.session.execute(query).scalar_one_or_none()
    if member is None:
        raise NotFoundError(
            _("There is no member with id {member_id}.").format(member_id=member_id)
        )
    return member


def _by_register_no(uow: UnitOfWork, register_no: int) -> Member:
    member = uow.session.execute(
        select(Member).where(Member.register_no == register_no)
    ).scalar_one_or_none()
    if member is None:
        raise NotFoundError(
            _("There is no member number {register_no} in the register.").format(
                register_no=register_no
            )
        )
    return member


def _check_version(member: Member, expected_version: int | None) -> None:
    if expected_version is not None and member.version != expected_version:
        raise ConflictError(
            _("Member {register_no} was changed by someone else meanwhile.").format(
                register_no=member.register_no
            ),
            hint=_("Your change was not saved. Look at the member again and redo it."),
        )


def _next_register_no(uow: UnitOfWork, *, at_least: int = 0) -> int:
    """Hand out the next register number. The counter row is created once (insert or
    nothing, safe when two workstations race) and bumped with an UPDATE, which holds a
    row lock (PostgreSQL) or the write lock (SQLite) until the transaction ends."""
    session = uow.session
    exists = session.execute(
        select(MemberRegisterCounter.id).where(MemberRegisterCounter.id == 1)
    ).scalar_one_or_none()
    if exists is None:
        start = session.execute(select(func.coalesce(func.max(Member.register_no), 0))).scalar_one()
        _insert_ignore(uow, MemberRegisterCounter, "id", {"id": 1, "last_number": start})
    session.execute(
        update(MemberRegisterCounter)
        .where(MemberRegisterCounter.id == 1)
        .values(last_number=func.max(MemberRegisterCounter.last_number + 1, at_least))
        if uow.dialect == "sqlite"
        else update(MemberRegisterCounter)
        .where(MemberRegisterCounter.id == 1)
        .values(last_number=func.greatest(MemberRegisterCounter.last_number + 1, at_least))
    )
    number = session.execute(
        select(MemberRegisterCounter.last_number).where(MemberRegisterCounter.id == 1)
    ).scalar_one()
    return int(number)


def _last_register_no(uow: UnitOfWork) -> int:
    counted = (
        uow.session.execute(
            select(MemberRegisterCounter.last_number).where(MemberRegisterCounter.id == 1)
        ).scalar_one_or_none()
        or 0
    )
    stored = uow.session.execute(
        select(func.coalesce(func.max(Member.register_no), 0))
    ).scalar_one()
    return max(int(counted), int(stored))


def _clean(text: str | None, limit: int = 200) -> str | None:
    value = (text or "").strip()
    return value[:limit] if value else None


def _today() -> date:
    return date.today()


def _row(member: Member, entries: Sequence[Entry], as_of: date) -> MemberRow:
    held = rules.holdings(entries, as_of)
    return MemberRow(
        id=member.id,
        register_no=member.register_no,
        name=_name(member),
        member_class=member.member_class,
        status=rules.status(_dates(member), entries, as_of),
        shares=sum(h.shares for h in held.values()),
        paid_up=sum((h.paid for h in held.values()), ZERO),
        applied_on=member.applied_on,
        approved_on=member.approved_on,
        left_on=_left_on(member),
        version=member.version,
    )
