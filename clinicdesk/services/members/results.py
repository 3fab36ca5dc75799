"""The plain results the member services return (no ORM objects leave the services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from clinicdesk.domain.members import EntryType, Status
from clinicdesk.domain.money import ZERO


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
