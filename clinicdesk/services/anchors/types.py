"""What the anchor-contract services take and return: plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from clinicdesk.domain.anchors import (
    AgeBand,
    DependantsRule,
    InvoiceState,
    OrganisationKind,
    ProrationRule,
)

ENTITY_ORG = "anchor_organisation"
ENTITY_CONTRACT = "anchor_contract"
ENTITY_INVOICE = "anchor_invoice"
ATTRIBUTION_REASON = "anchor contract"


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    kind: OrganisationKind
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    sites: tuple[str, ...] = ()
    member_register_no: int | None = None  # the anchor-class member it also is


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    name: str
    kind: OrganisationKind
    contact_name: str
    contact_email: str
    contact_phone: str
    address: str
    sites: tuple[str, ...]
    member_register_no: int | None
    contracts: int


@dataclass(frozen=True)
class ContractInput:
    organisation: str  # its name
    reference: str
    pmpm: Decimal
    start_on: date
    end_on: date | None = None
    proration: ProrationRule = ProrationRule.DAYS
    dependants: DependantsRule = DependantsRule.BILLED
    minimum_fee: Decimal = Decimal("0.00")
    bands: tuple[AgeBand, ...] = ()
    covered_services: str = ""
    payment_days: int = 30
    clinician: str | None = None  # user name: new patients from the roster go to them


@dataclass(frozen=True)
class ContractInfo:
    id: int
    reference: str
    organisation: str
    organisation_id: int
    pmpm: Decimal
    bands: tuple[AgeBand, ...]
    start_on: date
    end_on: date | None
    proration: ProrationRule
    dependants: DependantsRule
    minimum_fee: Decimal
    covered_services: str
    payment_days: int
    clinician: str | None
    enrolled: int  # people enrolled today (or on the day asked)


@dataclass(frozen=True)
class RosterPerson:
    """One row of an organisation's census, as read."""

    line: int
    family_name: str
    given_names: str
    birth_date: date | None
    identifier: str
    dependant: bool
    sex: str = "unknown"


@dataclass(frozen=True)
class RosterChange:
    """What the import does (or would do) for one person: add, leave, change, keep,
    review (an uncertain match held for a person to decide)."""

    action: str
    name: str
    line: int | None  # the roster row (None for a leaver: they are not on it)
    patient_id: int | None
    detail: str = ""
    candidates: tuple[int, ...] = ()


@dataclass(frozen=True)
class RosterResult:
    contract: str
    effective_on: date
    dry_run: bool
    rows: int
    changes: list[RosterChange]
    problems: list[str] = field(default_factory=list)
    new_patients: int = 0

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("add", "leave", "change", "keep", "review")}


@dataclass(frozen=True)
class ReviewCandidate:
    patient_id: int
    mrn: str
    name: str
    birth_date: date | None


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    contract: str
    effective_on: date
    person: RosterPerson
    candidates: tuple[ReviewCandidate, ...]


@dataclass(frozen=True)
class EnrolmentInfo:
    patient_id: int
    mrn: str
    name: str
    birth_date: date | None
    start_on: date
    end_on: date | None
    dependant: bool
    member_ref: str


@dataclass(frozen=True)
class InvoiceLineInfo:
    key: str
    description: str
    first_day: date | None
    last_day: date | None
    days: int
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PaymentInfo:
    invoice_number: str
    amount: Decimal
    paid_on: date
    reference: str
    revenue_note: str = ""  # what happened to the month's revenue line


@dataclass(frozen=True)
class InvoiceInfo:
    id: int
    number: str
    credit_note: bool
    credits: str | None  # the invoice a credit note corrects
    contract: str
    organisation: str
    period: str
    status: str
    state: InvoiceState
    total: Decimal
    credited: Decimal
    paid: Decimal
    issued_on: date | None
    due_on: date | None
    lines: tuple[InvoiceLineInfo, ...] = ()
    payments: tuple[PaymentInfo, ...] = ()

    @property
    def balance(self) -> Decimal:
        return self.total - self.credited - self.paid


@dataclass(frozen=True)
class InvoiceRunResult:
    period: str
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    credit_notes: list[str]
    total: Decimal
    not_billed: list[str] = field(default_factory=list)
    """People due more for the month than its issued invoice charged them (enrolled
    late, after it was issued): not billed by the run — a supplementary invoice is not
    made; the person is told so they can act."""


@dataclass(frozen=True)
class AgeingRow:
    organisation: str
    buckets: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), Decimal("0.00"))
