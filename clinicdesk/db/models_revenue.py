"""Monthly revenue and the contributions submitted for it (issue 5).

A month's lines are kept per *revision*: revision 0 is what was entered and locked (and
submitted as the original); an amendment adds revision n with the whole month restated,
so the original figures are never edited in place. Each submission names the rate
standard (id and version) it was computed with and links to the outbox message that
carries it; the hub's receipt is copied onto it in the transaction that marks the
message sent.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow

Money = Numeric(14, 2)
Rate = Numeric(6, 4)


class RevenuePeriod(Base):
    """One calendar month. Status: draft -> locked -> submitted -> acknowledged (an
    amendment takes it back to submitted until its receipt arrives). The figures are
    those of the latest locked revision."""

    __tablename__ = "revenue_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    period: Mapped[str] = mapped_column(String(7), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    contributable_base: Mapped[Decimal | None] = mapped_column(Money)
    rate: Mapped[Decimal | None] = mapped_column(Rate)
    rate_standard_id: Mapped[str | None] = mapped_column(String(80))
    rate_standard_version: Mapped[int | None] = mapped_column(Integer)
    contributable_categories: Mapped[object | None] = mapped_column(JSON)
    contribution: Mapped[Decimal | None] = mapped_column(Money)
    allocation: Mapped[object | None] = mapped_column(JSON)
    fund_standard_id: Mapped[str | None] = mapped_column(String(80))
    fund_standard_version: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[date | None] = mapped_column(Date)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RevenueLine(Base):
    """One line of a month's revenue in one revision: a category code and an optional
    sub-line label ("" for the category itself)."""

    __tablename__ = "revenue_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("revenue_period.id"))
    revision: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (UniqueConstraint("period_id", "revision", "category", "label"),)


class ContributionSubmissionRow(Base):
    """A month's contribution as submitted: sequence 0 the original, 1.. amendments.
    Never updated except to record the hub's receipt."""

    __tablename__ = "revenue_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    period_id: Mapped[int] = mapped_column(ForeignKey("revenue_period.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    amendment_reason: Mapped[str | None] = mapped_column(String(32))
    revenue_by_category: Mapped[object] = mapped_column(JSON)
    contributable_base: Mapped[Decimal] = mapped_column(Money)
    rate: Mapped[Decimal] = mapped_column(Rate)
    rate_standard_id: Mapped[str] = mapped_column(String(80))
    rate_standard_version: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    delta: Mapped[Decimal] = mapped_column(Money)
    allocation: Mapped[object | None] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))
    receipt_id: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    __table_args__ = (UniqueConstraint("period_id", "sequence"),)


__all__ = ["ContributionSubmissionRow", "RevenueLine", "RevenuePeriod"]
