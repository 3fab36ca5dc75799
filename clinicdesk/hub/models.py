"""The hub's own tables, on their own MetaData: a hub never shares a model (or a
migration history) with a clinic's database.

Every table is prefixed `hub_` and the Alembic history is kept in `hub_alembic_version`,
so a hub could live in the same PostgreSQL schema as other software without a clash.
Times are naive UTC, as in the clinic's database; money is Numeric(14, 2) read back as
Decimal (sums are done in Python, never by SQLite's floating-point SUM).

The rules that must hold with several hub processes behind one PostgreSQL are unique
constraints, not read-then-write checks: one API key hash, one idempotency key per
clinic, one contribution per clinic, period and sequence (hence one original per
period), one completion id per clinic, one row per published standard or course version.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from clinicdesk.db.conventions import NAMING_CONVENTION, utcnow

VERSION_TABLE = "hub_alembic_version"


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class HubClinic(HubBase):
    """A member clinic of the federation."""

    __tablename__ = "hub_clinic"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubApiKey(HubBase):
    """A clinic's API key, stored only as the SHA-256 of the key (see `service.hash_key`)."""

    __tablename__ = "hub_api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"), index=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class HubStandard(HubBase):
    """One published version of a standard; `document` is its canonical JSON."""

    __tablename__ = "hub_standard"
    __table_args__ = (UniqueConstraint("standard_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubCourseVersion(HubBase):
    """One published course package. The zip is deferred: listing never loads it, and
    the download endpoint reads it in slices."""

    __tablename__ = "hub_course_version"
    __table_args__ = (UniqueConstraint("course_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    package: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubChange(HubBase):
    """The change feed behind `GET /v1/standards` and `GET /v1/courses`: one row per
    publication or retirement. A cursor is the `seq` of the last change a client has;
    writers take a table lock (PostgreSQL) or the database's write lock (SQLite) so that
    sequence order is commit order and a reader never skips a change that commits late."""

    __tablename__ = "hub_change"
    __table_args__ = (Index("ix_hub_change_resource_seq", "resource", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resource: Mapped[str] = mapped_column(String(20))  # "standards" or "courses"
    action: Mapped[str] = mapped_column(String(20))  # "publish" or "retire"
    item_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int | None] = mapped_column(Integer)  # None: every version
    retired_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubIdempotencyRecord(HubBase):
    """The response a successful POST gave, kept so a replay gets the same bytes."""

    __tablename__ = "hub_idempotency_record"
    __table_args__ = (UniqueConstraint("clinic_pk", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    operation: Mapped[str] = mapped_column(String(100))
    request_sha256: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubContribution(HubBase):
    """A month's contribution or an amendment, as received (`submission` is the
    canonical JSON of the body)."""

    __tablename__ = "hub_contribution"
    __table_args__ = (UniqueConstraint("clinic_pk", "period", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[str] = mapped_column(String(36), unique=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    period: Mapped[str] = mapped_column(String(7))
    sequence: Mapped[int] = mapped_column(Integer)
    amendment_reason: Mapped[str | None] = mapped_column(String(40))
    contributable_base: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    rate: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    rate_standard_id: Mapped[str] = mapped_column(String(80))
    rate_standard_version: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    submission: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubTrainingCompletion(HubBase):
    """A staff member's course completion; the staff member is an opaque reference."""

    __tablename__ = "hub_training_completion"
    __table_args__ = (UniqueConstraint("clinic_pk", "completion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    completion_id: Mapped[str] = mapped_column(String(36))
    staff_ref: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(80))
    course_version: Mapped[int] = mapped_column(Integer)
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    certificate_code: Mapped[str] = mapped_column(String(40))
    requirement_id: Mapped[str | None] = mapped_column(String(80))
    requirement_version: Mapped[int | None] = mapped_column(Integer)
    revoked_on: Mapped[date | None] = mapped_column(Date)
    receipt_id: Mapped[str] = mapped_column(String(36), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubTrainingCensus(HubBase):
    """A clinic's latest counts for one training requirement: how many staff it applies to
    and how many hold a current completion (no one is named)."""

    __tablename__ = "hub_training_census"
    __table_args__ = (UniqueConstraint("clinic_pk", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    requirement_id: Mapped[str] = mapped_column(String(80))
    as_of: Mapped[date] = mapped_column(Date)
    applicable: Mapped[int] = mapped_column(Integer)
    current: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubPolicyCounts(HubBase):
    """A clinic's counts for one policy version on one day: how many of its staff had
    acknowledged it, were still within their days, and were late (no one is named). One
    row per clinic, policy version and day."""

    __tablename__ = "hub_policy_counts"
    __table_args__ = (UniqueConstraint("clinic_pk", "policy_id", "policy_version", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)
    acknowledged: Mapped[int] = mapped_column(Integer)
    due: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer)
    receipt_id: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HubAuditHead(HubBase):
    """A head of a clinic's audit trail, as sent at a sync (hub/audit_heads.py). Rows are
    only ever added: a head that goes back on an accepted one (a lower seq, or another hash
    for the same seq) is kept too, with `accepted` false and what it clashed with."""

    __tablename__ = "hub_audit_head"
    __table_args__ = (Index("ix_hub_audit_head_clinic_pk_seq", "clinic_pk", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_pk: Mapped[int] = mapped_column(ForeignKey("hub_clinic.id"))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    accepted: Mapped[bool] = mapped_column(Boolean)
    conflict: Mapped[str | None] = mapped_column(String(500))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
