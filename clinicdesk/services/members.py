"""The member register: enrol and approve members, record share operations on the
append-only ledger, read the register, voters and holdings as of any date, record
patronage dividends, export and import the register, and issue share certificates.

Front desk enrol applicants (ENROL_MEMBERS); managers approve them and record share
operations and dividends (MANAGE_MEMBERS); both may look (VIEW_MEMBERS); clinicians may
not. Every view of one member, every change and every export is in the audit trail. The
paged list used for filter-as-you-type is not audited per keystroke: opening a member
is.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from clinicdesk.db.models import Setting, User, utcnow
from clinicdesk.db.models_clinical import Encounter, Patient
from clinicdesk.db.models_members import (
    DividendAllocation,
    DividendShare,
    Member,
    MemberClass,
    MemberRegisterCounter,
    ShareClass,
    ShareEvent,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import (
    CENT,
    ZERO,
    Entry,
    EntryType,
    MemberDates,
    MemberRuleError,
    ShareClassRule,
    Status,
    VotingRule,
)
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, NotFoundError, StorageError, ValidationError
from clinicdesk.services import audit, requires
from clinicdesk.services.settings import clinic_secret

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

# --- plain results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberClassInfo:
    code: str
    name: str
    is_organisation: bool


@dataclass(frozen=True)
class ShareClassInfo:
    code: str
    name: str
    unit_price: Decimal
    min_holding: int
    eligible_member_classes: tuple[str, ...]


@dataclass(frozen=True)
class HoldingInfo:
    share_class: str
    shares: int
    subscribed: Decimal
    paid: Decimal

    @property
    def unpaid(self) -> Decimal:
        return self.subscribed - self.paid


@dataclass(frozen=True)
class MemberRow:
    """One line of the member list (status and holdings as of `as_of`)."""

    id: int
    register_no: int
    name: str
    member_class: str
    status: Status
    shares: int
    paid_up: Decimal
    applied_on: date
    approved_on: date | None
    left_on: date | None
    version: int


@dataclass(frozen=True)
class LedgerLine:
    id: int
    type: EntryType
    effective_on: date
    share_class: str | None
    quantity: int
    amount: Decimal
    counterpart_register_no: int | None
    counterpart_name: str | None
    approval_ref: str | None
    note: str | None
    reverses_id: int | None
    reversed_by_id: int | None
    created_by: str
    created_at: datetime
    shares_after: int  # in this entry's class, after every entry up to this one

    @property
    def label(self) -> str:
        return self.type.label


@dataclass(frozen=True)
class DividendLine:
    allocation_id: int
    title: str
    year: int
    declared_on: date
    basis: Decimal
    amount: Decimal


@dataclass(frozen=True)
class MemberDetail:
    id: int
    uuid: str
    register_no: int
    name: str
    family_name: str
    given_names: str
    organisation_name: str | None
    member_class: str
    birth_date: date | None
    email: str | None
    phone: str | None
    address: str | None
    patient_id: int | None
    patient_mrn: str | None
    user_id: int | None
    username: str | None
    consent_bylaws_at: datetime | None
    consent_data_at: datetime | None
    consent_risk_at: datetime | None
    applied_on: date
    approved_on: date | None
    approval_ref: str | None
    end_on: date | None
    cancelled_on: date | None
    leave_reason: str | None
    version: int
    as_of: date
    status: Status
    may_vote: bool
    holdings: list[HoldingInfo]
    paid_up: Decimal
    ledger: list[LedgerLine]
    dividends: list[DividendLine]


@dataclass(frozen=True)
class RegisterLine:
    register_no: int
    name: str
    member_class: str
    status: Status
    applied_on: date
    approved_on: date | None
    left_on: date | None
    holdings: list[HoldingInfo]
    shares: int
    paid_up: Decimal
    may_vote: bool

    def as_json(self) -> dict[str, object]:
        return {
            "register_no": self.register_no,
            "name": self.name,
            "member_class": self.member_class,
            "status": self.status.value,
            "applied_on": self.applied_on.isoformat(),
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "left_on": self.left_on.isoformat() if self.left_on else None,
            "holdings": {
                h.share_class: {
                    "shares": h.shares,
                    "subscribed": str(h.subscribed),
                    "paid": str(h.paid),
                }
                for h in self.holdings
            },
            "shares": self.shares,
            "paid_up": str(self.paid_up),
            "may_vote": self.may_vote,
        }


@dataclass(frozen=True)
class Register:
    as_of: date
    clinic_name: str
    lines: list[RegisterLine]
    voting_rule: str
    share_classes: list[ShareClassInfo]

    @property
    def total_paid_up(self) -> Decimal:
        return sum((line.paid_up for line in self.lines), ZERO)

    @property
    def total_shares(self) -> int:
        return sum(line.shares for line in self.lines)


@dataclass(frozen=True)
class DividendInfo:
    id: int | None  # None for a preview
    title: str
    year: int
    declared_on: date
    surplus: Decimal
    threshold: Decimal
    basis_label: str
    rounding_rule: str
    approval_ref: str | None
    parts: list[tuple[int, str, Decimal, Decimal]]  # register_no, name, basis, amount
    below_threshold: list[int]

    @property
    def total(self) -> Decimal:
        return sum((p[3] for p in self.parts), ZERO)


@dataclass(frozen=True)
class Certificate:
    register_no: int
    name: str
    share_class: str
    share_class_name: str
    shares: int
    paid: Decimal
    as_of: date
    code: str
    clinic_name: str


@dataclass(frozen=True)
class CertificateCheck:
    register_no: int
    name: str
    share_class: str
    shares: int
    as_of: date
    held_then: int  # what the ledger says the member held that day
    held_now: int

    @property
    def matches_ledger(self) -> bool:
        return self.held_then == self.shares


@dataclass
class ImportReport:
    members: int = 0
    entries: int = 0
    committed: bool = False
    errors: list[str] = field(default_factory=list)
    first_register_no: int | None = None
    last_register_no: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class EnrolRequest:
    family_name: str
    given_names: str
    member_class: str
    applied_on: date
    organisation_name: str | None = None
    birth_date: date | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    patient_id: int | None = None
    user_id: int | None = None
    consent_bylaws: bool = False
    consent_data: bool = False
    consent_risk: bool = False


# --- helpers --------------------------------------------------------------------------------


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
        raise NotFoundError(f"There is no member with id {member_id}.")
    return member


def _by_register_no(uow: UnitOfWork, register_no: int) -> Member:
    member = uow.session.execute(
        select(Member).where(Member.register_no == register_no)
    ).scalar_one_or_none()
    if member is None:
        raise NotFoundError(f"There is no member number {register_no} in the register.")
    return member


def _check_version(member: Member, expected_version: int | None) -> None:
    if expected_version is not None and member.version != expected_version:
        raise ConflictError(
            f"Member {member.register_no} was changed by someone else meanwhile.",
            hint="Your change was not saved. Look at the member again and redo it.",
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


# --- classes -----------------------------------------------------------------------------------


@requires(Permission.VIEW_MEMBERS)
def list_member_classes(uow: UnitOfWork, actor: Principal) -> list[MemberClassInfo]:
    rows = uow.session.execute(select(MemberClass).order_by(MemberClass.code)).scalars().all()
    if not rows:
        return [MemberClassInfo(c, n, o) for c, n, o in DEFAULT_MEMBER_CLASSES]
    return [MemberClassInfo(r.code, r.name, r.is_organisation) for r in rows]


@requires(Permission.VIEW_MEMBERS)
def list_share_classes(uow: UnitOfWork, actor: Principal) -> list[ShareClassInfo]:
    rows = _share_classes(uow)
    if not rows:
        return [
            ShareClassInfo(c, n, p, m, tuple(e.split(",")))
            for c, n, p, m, e in DEFAULT_SHARE_CLASSES
        ]
    return [_share_class_info(r) for r in rows.values()]


@requires(Permission.MANAGE_MEMBERS)
def define_member_class(
    uow: UnitOfWork, actor: Principal, code: str, name: str, *, is_organisation: bool = False
) -> MemberClassInfo:
    ensure_defaults(uow)
    key = code.strip().lower()
    if not key.isidentifier() or len(key) > 32:
        raise ValidationError(f"“{code}” cannot be a member class code.", field="code")
    row = uow.session.get(MemberClass, key)
    if row is None:
        row = MemberClass(code=key, name=name.strip() or key, is_organisation=is_organisation)
        uow.session.add(row)
    else:
        row.name, row.is_organisation = name.strip() or key, is_organisation
    audit.record(uow, actor, "member_class.define", "member_class", key, {"name": row.name})
    uow.commit()
    return MemberClassInfo(row.code, row.name, row.is_organisation)


@requires(Permission.MANAGE_MEMBERS)
def define_share_class(
    uow: UnitOfWork,
    actor: Principal,
    code: str,
    name: str,
    unit_price: Decimal,
    min_holding: int,
    eligible_member_classes: Sequence[str],
) -> ShareClassInfo:
    """Add a share class, or change one that nobody holds yet (a price change on shares
    already issued would rewrite history)."""
    ensure_defaults(uow)
    key = code.strip().upper()
    if not key.isalnum() or len(key) > 16:
        raise ValidationError(f"“{code}” cannot be a share class code.", field="code")
    try:
        rules._money(unit_price, "unit price", allow_zero=True)
    except MemberRuleError as error:
        raise _invalid(error) from None
    if min_holding < 0:
        raise ValidationError("The minimum holding cannot be negative.", field="min_holding")
    known = {r.code for r in uow.session.execute(select(MemberClass)).scalars()}
    eligible = [c.strip().lower() for c in eligible_member_classes if c.strip()]
    unknown = [c for c in eligible if c not in known]
    if unknown or not eligible:
        raise ValidationError(
            f"Unknown member classes: {', '.join(unknown)}."
            if unknown
            else "Name who may hold this class.",
            field="eligible_member_classes",
        )
    row = _share_classes(uow).get(key)
    if row is None:
        row = ShareClass(code=key)
        uow.session.add(row)
    else:
        used = uow.session.execute(
            select(func.count(ShareEvent.id)).where(ShareEvent.share_class_id == row.id)
        ).scalar_one()
        if used and Decimal(row.unit_price) != unit_price:
            raise ValidationError(
                f"Shares of class {key} have been issued, so its price cannot change.",
                hint="Define a new share class and convert holdings to it.",
            )
    row.name = name.strip() or key
    row.unit_price = unit_price
    row.min_holding = min_holding
    row.eligible_member_classes = ",".join(eligible)
    uow.flush()
    audit.record(
        uow,
        actor,
        "share_class.define",
        "share_class",
        key,
        {"unit_price": str(unit_price), "min_holding": min_holding, "eligible": eligible},
    )
    uow.commit()
    return _share_class_info(row)


@requires(Permission.MANAGE_MEMBERS)
def set_voting_rule(uow: UnitOfWork, actor: Principal, rule: VotingRule) -> VotingRule:
    value: dict[str, object] = {
        "require_paid_minimum": rule.require_paid_minimum,
        "min_days_approved": rule.min_days_approved,
    }
    row = uow.session.get(Setting, VOTING_RULE_KEY)
    if row is None:
        uow.session.add(Setting(key=VOTING_RULE_KEY, value=value, updated_by=actor.username))
    else:
        row.value, row.updated_by = value, actor.username
    audit.record(uow, actor, "members.voting_rule", "setting", VOTING_RULE_KEY, value)
    uow.commit()
    return rule


# --- enrol and approve -------------------------------------------------------------------------


def _validate_request(uow: UnitOfWork, request: EnrolRequest) -> None:
    if not request.family_name.strip():
        raise ValidationError("Give the member's family name.", field="family_name")
    classes = {r.code: r for r in uow.session.execute(select(MemberClass)).scalars()}
    member_class = classes.get(request.member_class)
    if member_class is None:
        raise ValidationError(
            f"Unknown member class “{request.member_class}”. Classes are: "
            f"{', '.join(sorted(classes))}.",
            field="member_class",
        )
    if member_class.is_organisation and not (request.organisation_name or "").strip():
        raise ValidationError(
            "An anchor-organisation member needs the organisation's name.",
            field="organisation_name",
        )
    if request.applied_on > _today():
        raise ValidationError("The application date is in the future.", field="applied_on")
    if request.birth_date is not None and request.birth_date > request.applied_on:
        raise ValidationError("The birth date is after the application.", field="birth_date")
    if not request.consent_bylaws or not request.consent_data:
        raise ValidationError(
            "A member must accept the bylaws and the data policy.",
            field="consent_bylaws" if not request.consent_bylaws else "consent_data",
        )
    if request.patient_id is not None:
        if uow.session.get(Patient, request.patient_id) is None:
            raise ValidationError("That patient does not exist.", field="patient_id")
        taken = uow.session.execute(
            select(Member.register_no).where(Member.patient_id == request.patient_id)
        ).scalar_one_or_none()
        if taken is not None:
            raise ValidationError(f"That patient is already member {taken}.", field="patient_id")
    if request.user_id is not None and uow.session.get(User, request.user_id) is None:
        raise ValidationError("That user does not exist.", field="user_id")


def _new_member(
    uow: UnitOfWork, request: EnrolRequest, register_no: int, *, consent_at: datetime
) -> Member:
    member = Member(
        register_no=register_no,
        member_class=request.member_class,
        family_name=request.family_name.strip(),
        given_names=request.given_names.strip(),
        organisation_name=_clean(request.organisation_name),
        name_key=fold(
            f"{request.family_name} {request.given_names} {request.organisation_name or ''}"
        ),
        birth_date=request.birth_date,
        email=_clean(request.email),
        phone=_clean(request.phone, 64),
        address=_clean(request.address, 2000),
        patient_id=request.patient_id,
        user_id=request.user_id,
        consent_bylaws_at=consent_at if request.consent_bylaws else None,
        consent_data_at=consent_at if request.consent_data else None,
        consent_risk_at=consent_at if request.consent_risk else None,
        applied_on=request.applied_on,
    )
    uow.session.add(member)
    uow.flush()
    return member


@requires(Permission.ENROL_MEMBERS)
def enrol(uow: UnitOfWork, actor: Principal, request: EnrolRequest) -> MemberRow:
    """Enter an applicant in the register with the next register number. Shares count
    only once the board has approved the member."""
    ensure_defaults(uow)
    _validate_request(uow, request)
    number = _next_register_no(uow)
    member = _new_member(uow, request, number, consent_at=utcnow())
    audit.record(
        uow,
        actor,
        "member.enrol",
        "member",
        member.register_no,
        {"class": member.member_class, "applied_on": member.applied_on.isoformat()},
    )
    uow.commit()
    return _row(member, [], _today())


@requires(Permission.MANAGE_MEMBERS)
def approve(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    approved_on: date,
    minute_ref: str,
    *,
    expected_version: int | None = None,
) -> MemberRow:
    member = _get_member(uow, member_id)
    _check_version(member, expected_version)
    if member.approved_on is not None:
        raise ValidationError(
            f"Member {member.register_no} was already approved on {member.approved_on.isoformat()}."
        )
    if _left_on(member) is not None:
        raise ValidationError(f"Member {member.register_no} has left the cooperative.")
    if approved_on < member.applied_on:
        raise ValidationError(
            f"The approval date is before the member applied ({member.applied_on.isoformat()}).",
            field="approved_on",
        )
    if approved_on > _today():
        raise ValidationError("The approval date is in the future.", field="approved_on")
    ref = (minute_ref or "").strip()
    if not ref:
        raise ValidationError("Give the board minute that approved the member.", field="minute_ref")
    member.approved_on = approved_on
    member.approval_ref = ref[:100]
    uow.flush()
    audit.record(
        uow,
        actor,
        "member.approve",
        "member",
        member.register_no,
        {"approved_on": approved_on.isoformat(), "minute": member.approval_ref},
    )
    uow.commit()
    entries = _entries_for(uow, [member.id])[member.id]
    return _row(member, entries, _today())


# --- the ledger --------------------------------------------------------------------------------


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
    try:
        rules.check_new_entry(
            candidate,
            existing,
            dates=_dates(member),
            member_class=member.member_class,
            classes=_rules(classes),
            leaving=leaving,
        )
    except MemberRuleError as error:
        raise ValidationError(
            f"Member {member.register_no}: {error.message}", field=error.field
        ) from None
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


def _share_class(classes: Mapping[str, ShareClass], code: str) -> ShareClass:
    row = classes.get(code.strip().upper())
    if row is None:
        raise ValidationError(
            f"Unknown share class “{code}”. Classes are: {', '.join(sorted(classes))}.",
            field="share_class",
        )
    return row


def _require_approved(member: Member, effective_on: date) -> None:
    if member.approved_on is None or member.approved_on > effective_on:
        raise ValidationError(
            f"Member {member.register_no} was not approved by the board by "
            f"{effective_on.isoformat()}; shares count only after approval.",
            field="effective_on",
        )


def _price(share_class: ShareClass, quantity: int) -> Decimal:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError("The number of shares must be a whole number.", field="quantity")
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    _require_approved(member, effective_on)
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
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
        raise ValidationError("A member cannot transfer shares to themselves.", field="to")
    # Lock both members' rows in id order, so two opposite transfers cannot deadlock.
    locked = {m: _get_member(uow, m, lock=True) for m in sorted((member_id, receiver_id))}
    giver, receiver = locked[member_id], locked[receiver_id]
    _check_version(giver, expected_version)
    _require_approved(receiver, effective_on)
    if not (approval_ref or "").strip():
        raise ValidationError("Give the board approval for the transfer.", field="approval_ref")
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    if not (approval_ref or "").strip():
        raise ValidationError("Give the board approval for the redemption.", field="approval_ref")
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    classes = _share_classes(uow)
    source, target = _share_class(classes, from_class), _share_class(classes, to_class)
    if source.id == target.id:
        raise ValidationError("Choose two different share classes.", field="to_class")
    value = _price(source, quantity)
    price = Decimal(target.unit_price)
    if price <= 0 or value % price != 0:
        raise ValidationError(
            f"{quantity} class {source.code} shares ({value}) do not buy a whole number of "
            f"class {target.code} shares at {price}.",
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    _require_approved(member, effective_on)
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
        raise NotFoundError(f"There is no ledger entry {event_id}.")
    if not (reason or "").strip():
        raise ValidationError("Say why the entry is reversed.", field="reason")
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
    member = _get_member(uow, member_id, lock=True)
    _check_version(member, expected_version)
    if _left_on(member) is not None:
        raise ValidationError(f"Member {member.register_no} has already left.")
    if end_on < member.applied_on:
        raise ValidationError(
            f"The end date is before the member applied ({member.applied_on.isoformat()}).",
            field="end_on",
        )
    text = (reason or "").strip()
    if not text:
        raise ValidationError("Give the reason for leaving.", field="reason")
    classes = _share_classes(uow)
    existing = _entries_for(uow, [member.id])[member.id]
    later = [e for e in existing if e.effective_on > end_on]
    if later:
        raise ValidationError(
            f"The ledger has entries after {end_on.isoformat()}; choose a later date.",
            field="end_on",
        )
    for code, holding in rules.holdings(existing, end_on).items():
        row = classes[code]
        if holding.paid != holding.subscribed:
            raise ValidationError(
                f"Member {member.register_no} still owes {holding.unpaid} on class {code} shares.",
                hint="Record the payment, or reverse the subscription, before they leave.",
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


# --- reading -----------------------------------------------------------------------------------


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


@requires(Permission.VIEW_MEMBERS)
def count_members(uow: UnitOfWork, actor: Principal, text: str = "") -> int:
    query = _search(select(func.count(Member.id)), text)
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
) -> list[MemberRow]:
    """One page of members whose name starts with `text` (or whose register number it
    is), ordered by name or register number, with holdings and status as of `as_of`."""
    day = as_of or _today()
    query = _search(select(Member), text)
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


# --- dividends ---------------------------------------------------------------------------------

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
        f"Unknown patronage basis “{kind}”. Choose one of: {', '.join(BASIS_KINDS)}.",
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
        raise ValidationError("Give the dividend a title.", field="title")
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
        raise ValidationError(f"No such members: {', '.join(map(str, missing))}.")
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
        raise NotFoundError(f"There is no dividend allocation {allocation_id}.")
    info = _dividend_info(uow, allocation)
    audit.record(uow, actor, "dividend.view", "dividend", allocation_id)
    uow.commit()
    return info


# --- certificates ------------------------------------------------------------------------------


def _certificate_secret(uow: UnitOfWork, *, create: bool) -> bytes | None:
    return clinic_secret(uow, CERTIFICATE_KEY, create=create)


@requires(Permission.MANAGE_MEMBERS)
def issue_certificate(
    uow: UnitOfWork, actor: Principal, member_id: int, share_class: str, as_of: date
) -> Certificate:
    member = _get_member(uow, member_id)
    classes = _share_classes(uow)
    row = _share_class(classes, share_class)
    entries = _entries_for(uow, [member.id])[member.id]
    holding = rules.holdings(entries, as_of).get(row.code)
    if holding is None or holding.shares == 0:
        raise ValidationError(
            f"Member {member.register_no} held no class {row.code} shares on {as_of.isoformat()}.",
            field="share_class",
        )
    secret = _certificate_secret(uow, create=True)
    assert secret is not None
    facts = rules.CertificateFacts(member.register_no, row.code, holding.shares, as_of)
    code = rules.certificate_code(secret, facts)
    audit.record(uow, actor, "member.certificate", "member", member.register_no, {"code": code})
    uow.commit()
    from clinicdesk.services.setup import clinic_info

    clinic = clinic_info(uow)
    return Certificate(
        member.register_no,
        _name(member),
        row.code,
        row.name,
        holding.shares,
        holding.paid,
        as_of,
        code,
        clinic.name if clinic else "",
    )


@requires(Permission.VIEW_MEMBERS)
def verify_certificate(uow: UnitOfWork, actor: Principal, code: str) -> CertificateCheck:
    """Check a certificate code: genuine (the HMAC) and what the ledger says."""
    secret = _certificate_secret(uow, create=False)
    if secret is None:
        raise ValidationError("This clinic has issued no share certificates.", field="code")
    try:
        facts = rules.parse_certificate_code(secret, code)
    except MemberRuleError as error:
        raise _invalid(error) from None
    member = _by_register_no(uow, facts.register_no)
    entries = _entries_for(uow, [member.id])[member.id]
    then = rules.holdings(entries, facts.as_of).get(facts.share_class)
    now = rules.holdings(entries, _today()).get(facts.share_class)
    audit.record(uow, actor, "member.certificate_verify", "member", member.register_no)
    uow.commit()
    return CertificateCheck(
        facts.register_no,
        _name(member),
        facts.share_class,
        facts.shares,
        facts.as_of,
        then.shares if then else 0,
        now.shares if now else 0,
    )


# --- CSV export and import ---------------------------------------------------------------------

EXPORT_HEADER = [
    "register_no",
    "name",
    "member_class",
    "status",
    "applied_on",
    "approved_on",
    "left_on",
    "shares",
    "paid_up",
    "may_vote",
    "holdings",
]


@requires(Permission.VIEW_MEMBERS)
def export_csv(
    uow: UnitOfWork, actor: Principal, path: Path, as_of: date, *, include_former: bool = True
) -> int:
    """Write the register as of a date to a CSV file (atomically). Audited."""
    target = Path(path)
    register = _register(uow, as_of, include_former=include_former, voters_only=False)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_HEADER)
            for line in register.lines:
                writer.writerow(
                    [
                        line.register_no,
                        line.name,
                        line.member_class,
                        line.status.value,
                        line.applied_on.isoformat(),
                        line.approved_on.isoformat() if line.approved_on else "",
                        line.left_on.isoformat() if line.left_on else "",
                        line.shares,
                        str(line.paid_up),
                        "yes" if line.may_vote else "no",
                        " ".join(f"{h.share_class}:{h.shares}/{h.paid}" for h in line.holdings),
                    ]
                )
        tmp.replace(target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"Could not write {target}: {error.strerror or error}",
            hint="Choose another folder or free some disk space.",
        ) from error
    audit.record(
        uow,
        actor,
        "member.export",
        "register",
        as_of.isoformat(),
        {"rows": len(register.lines), "file": target.name},
    )
    uow.commit()
    return len(register.lines)


IMPORT_COLUMNS = [
    "record",  # member | share
    "register_no",
    "family_name",
    "given_names",
    "organisation_name",
    "member_class",
    "email",
    "phone",
    "applied_on",
    "approved_on",
    "approval_ref",
    "end_on",
    "leave_reason",
    "type",  # subscribe | pay | transfer | redeem
    "effective_on",
    "share_class",
    "quantity",
    "amount",
    "counterpart_register_no",
]


class _Rejected(Exception):
    pass


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("record", "register_no") if c not in (reader.fieldnames or [])]
            if missing:
                raise ValidationError(
                    f"The file has no column {', '.join(missing)}.",
                    hint=f"The columns are: {', '.join(IMPORT_COLUMNS)}.",
                )
            for row in reader:
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
    except FileNotFoundError:
        raise ValidationError(f"There is no file {path}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not a UTF-8 text file.") from None
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror or error}") from error


def _parse_date(text: str, what: str, line: int, *, required: bool = True) -> date | None:
    if not text:
        if required:
            raise _Rejected(f"line {line}: {what} is missing")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Rejected(f"line {line}: {what} “{text}” is not a date (YYYY-MM-DD)") from None


def _parse_int(text: str, what: str, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise _Rejected(f"line {line}: {what} “{text}” is not a whole number") from None


def _parse_money(text: str, line: int) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Rejected(f"line {line}: amount “{text}” is not an amount") from None
    if value < 0:
        raise _Rejected(f"line {line}: the amount cannot be negative ({text})")
    return value


@requires(Permission.MANAGE_MEMBERS)
def import_csv(
    uow: UnitOfWork, actor: Principal, path: Path, *, commit: bool = False
) -> ImportReport:
    """Import a legacy register: member rows and their share history. Members are entered
    in register-number order and the share history replayed in date order, each entry
    checked like one made by hand. With `commit=False` (the preview) everything is done
    and rolled back; with `commit=True` it is stored only if nothing was refused."""
    report = ImportReport()
    member_rows: list[tuple[int, dict[str, str]]] = []
    share_rows: list[tuple[int, dict[str, str]]] = []
    for line, row in _csv_rows(Path(path)):
        kind = row.get("record", "").lower()
        if kind == "member":
            member_rows.append((line, row))
        elif kind in ("share", "ledger"):
            share_rows.append((line, row))
        else:
            report.errors.append(f"line {line}: record must be member or share, not “{kind}”")
    ensure_defaults(uow)
    member_classes = {r.code for r in uow.session.execute(select(MemberClass)).scalars()}
    classes = _share_classes(uow)
    # Members, by register number; the numbers must be new and unique.
    numbers: dict[int, int] = {}
    parsed: list[tuple[int, int, dict[str, str]]] = []
    last = _last_register_no(uow)
    for line, row in member_rows:
        try:
            number = _parse_int(row.get("register_no", ""), "register_no", line)
            if number <= 0:
                raise _Rejected(f"line {line}: register_no must be positive")
            if number in numbers:
                raise _Rejected(
                    f"line {line}: register number {number} is already used on line "
                    f"{numbers[number]}"
                )
            if number <= last:
                raise _Rejected(
                    f"line {line}: register number {number} has already been handed out in "
                    f"this register (numbers up to {last} are taken and never reused)"
                )
            if row.get("member_class", "").lower() not in member_classes:
                raise _Rejected(
                    f"line {line}: unknown member class “{row.get('member_class', '')}” "
                    f"(classes: {', '.join(sorted(member_classes))})"
                )
            numbers[number] = line
            parsed.append((number, line, row))
        except _Rejected as error:
            report.errors.append(str(error))
    members: dict[int, Member] = {}
    leaves_on: dict[int, date] = {}
    leave_reasons: dict[int, str | None] = {}
    consent_at = utcnow()
    for number, line, row in sorted(parsed):
        try:
            applied = _parse_date(row.get("applied_on", ""), "applied_on", line)
            assert applied is not None
            approved = _parse_date(row.get("approved_on", ""), "approved_on", line, required=False)
            ended = _parse_date(row.get("end_on", ""), "end_on", line, required=False)
            if approved is not None and approved < applied:
                raise _Rejected(f"line {line}: approved_on is before applied_on")
            if ended is not None and ended < applied:
                raise _Rejected(f"line {line}: end_on is before applied_on")
            request = EnrolRequest(
                family_name=row.get("family_name", ""),
                given_names=row.get("given_names", ""),
                member_class=row.get("member_class", "").lower(),
                applied_on=applied,
                organisation_name=row.get("organisation_name") or None,
                email=row.get("email") or None,
                phone=row.get("phone") or None,
                consent_bylaws=True,
                consent_data=True,
            )
            try:
                _validate_request(uow, request)
            except ValidationError as error:
                raise _Rejected(f"line {line}: {error.message}") from None
            _next_register_no(uow, at_least=number)
            member = _new_member(uow, request, number, consent_at=consent_at)
            member.approved_on = approved
            member.approval_ref = _clean(row.get("approval_ref"), 100) or (
                "legacy register" if approved else None
            )
            if ended is not None:
                leaves_on[number] = ended  # the replay may redeem everything that day
                leave_reasons[number] = _clean(row.get("leave_reason"), 500)
            members[number] = member
            report.members += 1
        except _Rejected as error:
            report.errors.append(str(error))
    # Share history in date order (file order within a day), each checked by the rules;
    # end dates are applied after the history so that leaving redemptions replay first.
    ledgers: dict[int, list[Entry]] = defaultdict(list)
    dated: list[tuple[date, int, dict[str, str]]] = []
    for line, row in share_rows:
        try:
            day = _parse_date(row.get("effective_on", ""), "effective_on", line)
            assert day is not None
            dated.append((day, line, row))
        except _Rejected as error:
            report.errors.append(str(error))
    for day, line, row in sorted(dated, key=lambda t: (t[0], t[1])):
        try:
            _import_entry(uow, actor, members, classes, ledgers, leaves_on, day, line, row)
            report.entries += 1
        except _Rejected as error:
            report.errors.append(str(error))
    for number, ended in leaves_on.items():
        leaver = members[number]
        leaver.end_on = ended
        leaver.leave_reason = leave_reasons.get(number) or "legacy register"
    uow.flush()
    if members:
        report.first_register_no, report.last_register_no = min(members), max(members)
    if report.errors or not commit:
        return report  # the unit of work rolls everything back
    audit.record(
        uow,
        actor,
        "member.import",
        "register",
        Path(path).name,
        {"members": report.members, "entries": report.entries},
    )
    uow.commit()
    report.committed = True
    return report


def _import_entry(
    uow: UnitOfWork,
    actor: Principal,
    members: Mapping[int, Member],
    classes: Mapping[str, ShareClass],
    ledgers: dict[int, list[Entry]],
    leaves_on: Mapping[int, date],
    day: date,
    line: int,
    row: dict[str, str],
) -> None:
    number = _parse_int(row.get("register_no", ""), "register_no", line)
    member = members.get(number)
    if member is None:
        raise _Rejected(f"line {line}: no member row for register number {number}")
    kind = row.get("type", "").lower()
    code = row.get("share_class", "").upper()
    share_class = classes.get(code)
    if share_class is None:
        raise _Rejected(f"line {line}: unknown share class “{row.get('share_class', '')}”")
    ref = row.get("approval_ref") or "legacy register"
    try:
        if kind == "subscribe":
            _require_approved(member, day)
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _parse_money(
                row.get("amount") or str(_price(share_class, max(quantity, 0))), line
            )
            _append(
                uow,
                actor,
                member,
                EntryType.SUBSCRIBE,
                day,
                share_class,
                quantity,
                amount,
                classes=classes,
                approval_ref=ref,
                existing=ledgers[number],
            )
        elif kind == "pay":
            amount = _parse_money(row.get("amount", ""), line)
            _append(
                uow,
                actor,
                member,
                EntryType.PAY,
                day,
                share_class,
                0,
                amount,
                classes=classes,
                existing=ledgers[number],
            )
        elif kind == "redeem":
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _price(share_class, quantity)
            ending = leaves_on.get(number) == day
            _append(
                uow,
                actor,
                member,
                EntryType.REDEEM,
                day,
                share_class,
                quantity,
                amount,
                classes=classes,
                approval_ref=ref,
                leaving=ending,
                existing=ledgers[number],
            )
        elif kind == "transfer":
            to_number = _parse_int(
                row.get("counterpart_register_no", ""), "counterpart_register_no", line
            )
            receiver = members.get(to_number)
            if receiver is None or to_number == number:
                raise _Rejected(f"line {line}: no member {to_number} to transfer to")
            _require_approved(receiver, day)
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _price(share_class, quantity)
            out = _append(
                uow,
                actor,
                member,
                EntryType.TRANSFER_OUT,
                day,
                share_class,
                quantity,
                amount,
                classes=classes,
                counterpart=receiver,
                approval_ref=ref,
                existing=ledgers[number],
            )
            _append(
                uow,
                actor,
                receiver,
                EntryType.TRANSFER_IN,
                day,
                share_class,
                quantity,
                amount,
                classes=classes,
                counterpart=member,
                approval_ref=ref,
                linked_id=out.id,
                existing=ledgers[to_number],
            )
        else:
            raise _Rejected(
                f"line {line}: type must be subscribe, pay, transfer or redeem, not “{kind}”"
            )
    except ValidationError as error:
        raise _Rejected(f"line {line}: {error.message}") from None
