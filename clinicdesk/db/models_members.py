"""The cooperative's member register (DESIGN §4): members, member and share classes, the
append-only share ledger, and recorded patronage dividends.

Holdings, status and votes are not stored: domain/members derives them from `share_event`
rows as of any date. `share_event` rows are only ever inserted; a correction is a new
row that reverses an earlier one. Register numbers come from `member_register_counter`,
a one-row counter bumped with an UPDATE (a row lock on PostgreSQL, the write lock on
SQLite), so two workstations never hand out the same number and a number is never reused.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow


class MemberClass(Base):
    """A kind of member (patient, worker, community, anchor organisation): configurable."""

    __tablename__ = "member_class"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_organisation: Mapped[bool] = mapped_column(default=False)


class ShareClass(Base):
    __tablename__ = "share_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    min_holding: Mapped[int] = mapped_column(Integer, default=0)
    # comma-separated member_class codes that may hold this class
    eligible_member_classes: Mapped[str] = mapped_column(String(500))


class MemberRegisterCounter(Base):
    """One row: the last register number handed out."""

    __tablename__ = "member_register_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Member(Base):
    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    register_no: Mapped[int] = mapped_column(Integer, unique=True)
    member_class: Mapped[str] = mapped_column(ForeignKey("member_class.code"))
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    # an anchor organisation member's organisation (the names are its contact person)
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    # folded "family given organisation" for prefix search (domain/names.fold)
    name_key: Mapped[str] = mapped_column(String(602))
    birth_date: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(Text)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    consent_bylaws_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_data_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_risk_at: Mapped[datetime | None] = mapped_column(DateTime)
    applied_on: Mapped[date] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_ref: Mapped[str | None] = mapped_column(String(100))
    end_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_member_name_key", "name_key"),
        Index("ix_member_patient_id", "patient_id"),
    )


class ShareEvent(Base):
    """One ledger entry (domain/members.EntryType). Append-only."""

    __tablename__ = "share_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    type: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    share_class_id: Mapped[int | None] = mapped_column(ForeignKey("share_class.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    counterpart_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    approval_ref: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(500))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("share_event.id"))
    # on the second leg of a transfer or conversion: the first leg (rows are never updated)
    linked_id: Mapped[int | None] = mapped_column(ForeignKey("share_event.id"))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        Index("ix_share_event_member_id_effective_on", "member_id", "effective_on"),
        # Only the rows that reverse or complete another (migration 0015).
        Index(
            "ix_share_event_reverses_id",
            "reverses_id",
            sqlite_where=text("reverses_id IS NOT NULL"),
            postgresql_where=text("reverses_id IS NOT NULL"),
        ),
        Index(
            "ix_share_event_linked_id",
            "linked_id",
            sqlite_where=text("linked_id IS NOT NULL"),
            postgresql_where=text("linked_id IS NOT NULL"),
        ),
    )


class DividendAllocation(Base):
    """A recorded patronage dividend: the surplus, its basis and rule, and the date."""

    __tablename__ = "dividend_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    declared_on: Mapped[date] = mapped_column(Date)
    surplus: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    threshold: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    basis_label: Mapped[str] = mapped_column(String(200))
    rounding_rule: Mapped[str] = mapped_column(Text)
    approval_ref: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DividendShare(Base):
    __tablename__ = "dividend_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("dividend_allocation.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    basis: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    __table_args__ = (
        UniqueConstraint("allocation_id", "member_id"),
        Index("ix_dividend_share_member_id", "member_id"),
    )


__all__ = [
    "DividendAllocation",
    "DividendShare",
    "Member",
    "MemberClass",
    "MemberRegisterCounter",
    "ShareClass",
    "ShareEvent",
]
