"""Anchor organisations and their direct-care contracts (issue #15): organisations,
contracts, dated enrolments, roster rows held for review, invoices with their lines and
credit notes, and payments.

Invoice numbers come from `anchor_invoice_counter`, a one-row counter bumped with an
UPDATE (as the member register's numbers are), so two workstations never hand out the
same number; an invoice is never deleted (it is voided), so a number is never reused.
A contract's documents for a month are numbered by `sequence` (0, 1, 2, …): at most one
invoice that is not void, the credit notes against it, and any invoices voided before it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow

Money = Numeric(14, 2)


class AnchorOrganisation(Base):
    """An employer, co-op, school district, public body or NGO paying for its people's
    care; optionally also a member of the co-operative (an anchor-class member)."""

    __tablename__ = "anchor_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(Text)
    sites: Mapped[str | None] = mapped_column(Text)  # divisions / sites, one a line
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class AnchorContract(Base):
    """A direct-care contract: the PMPM rate (and optional age bands), its dates and the
    rules a month's invoice follows (domain/anchors.ContractTerms)."""

    __tablename__ = "anchor_contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("anchor_organisation.id"))
    pmpm: Mapped[Decimal] = mapped_column(Money)
    # [[min_age, max_age or null, "rate"], ...]
    age_bands: Mapped[object | None] = mapped_column(JSON)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    covered_services: Mapped[str] = mapped_column(Text, default="")
    dependants_rule: Mapped[str] = mapped_column(String(16))
    proration_rule: Mapped[str] = mapped_column(String(16))
    minimum_fee: Mapped[Decimal] = mapped_column(Money)
    payment_days: Mapped[int] = mapped_column(Integer, default=30)
    # new patients from the roster are attributed to this clinician, when set
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class AnchorEnrolment(Base):
    """One person covered by one contract from `start_on` to `end_on` (both included;
    None: still enrolled). A leaver's row gets its end day; nothing is deleted."""

    __tablename__ = "anchor_enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("anchor_contract.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    dependant: Mapped[bool] = mapped_column(Boolean, default=False)
    member_ref: Mapped[str | None] = mapped_column(String(200))  # the organisation's id
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        Index("ix_anchor_enrolment_contract_id_patient_id", "contract_id", "patient_id"),
    )


class AnchorRosterReview(Base):
    """A roster row whose person could not be matched with certainty: held until a
    manager picks the patient (or a new one)."""

    __tablename__ = "anchor_roster_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("anchor_contract.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    row: Mapped[object] = mapped_column(JSON)  # the roster row as read
    candidates: Mapped[object] = mapped_column(JSON)  # patient ids that may be the person
    status: Mapped[str] = mapped_column(String(16), default="pending")  # or resolved
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(100))


class AnchorInvoiceCounter(Base):
    """One row: the last invoice or credit-note number handed out."""

    __tablename__ = "anchor_invoice_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class AnchorInvoice(Base):
    """A contract's invoice for a month, or a credit note against it (`kind`). Status as
    stored: draft, issued or void; paid, partly paid and overdue are derived."""

    __tablename__ = "anchor_invoice"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("anchor_contract.id"))
    period: Mapped[str] = mapped_column(String(7))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="invoice")  # or credit_note
    status: Mapped[str] = mapped_column(String(16), default="draft")
    total: Mapped[Decimal] = mapped_column(Money)
    issued_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("contract_id", "period", "sequence"),)


class AnchorInvoiceLine(Base):
    """A person-month (or the minimum-fee top-up; a credit) on an invoice."""

    __tablename__ = "anchor_invoice_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("anchor_invoice.id"), index=True)
    line_key: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(420))
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer, default=0)
    rate: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)


class AnchorPayment(Base):
    """Money received against an invoice. Never changed."""

    __tablename__ = "anchor_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("anchor_invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    reference: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))


__all__ = [
    "AnchorContract",
    "AnchorEnrolment",
    "AnchorInvoice",
    "AnchorInvoiceCounter",
    "AnchorInvoiceLine",
    "AnchorOrganisation",
    "AnchorPayment",
    "AnchorRosterReview",
]
