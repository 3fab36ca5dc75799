"""Typed SQLAlchemy 2.0 models.

Times are stored as naive UTC. Rows edited from several workstations carry a version
counter, so a stale save fails as a conflict instead of silently overwriting.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from clinicdesk.db.conventions import NAMING_CONVENTION, new_uuid, utcnow


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Clinic(Base):
    """This cooperative. There is exactly one row."""

    __tablename__ = "clinic"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    federation_clinic_id: Mapped[str | None] = mapped_column(String(100))
    hub_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """Clinic-wide typed settings, stored as JSON values by key (see services/settings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The language the person chose (`es`); None follows the operating system.
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class UserToken(Base):
    """A sign-in token for a user's scheduled command-line runs (`clinicdesk sync` from
    the OS scheduler). Only the SHA-256 of the secret is kept; `hint` is its first
    characters, to tell tokens apart in a list. A token opens only the commands of its
    scopes and only until it expires or is revoked (services/tokens.py)."""

    __tablename__ = "user_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Append-only, hash-chained. Never updated or deleted by the program."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_event_occurred_at", "occurred_at"),
        Index("ix_audit_event_entity", "entity_type", "entity_id"),
        Index("ix_audit_event_actor_name", "actor_name"),
    )


class AuditHead(Base):
    """One row: the chain's last hash and length. Updating it first serialises writers
    on both back-ends (row lock on PostgreSQL, the write lock on SQLite)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    # The first event linked by HMAC under the clinic's audit key (None: no key yet, every
    # link is SHA-256). The key store records the same number, so moving it is caught.
    keyed_from: Mapped[int | None] = mapped_column(Integer)


# --- federation: what is pulled from the hub and what waits to be pushed to it ------------


class Standard(Base):
    """One version of a federation standard. Versions are never deleted: a computed result
    names the version that produced it. `rule` is the document's rule as JSON (null for a
    policy), `translations` its words in other languages (null: none); services/
    federation_store parses rows back into the schema's typed models."""

    __tablename__ = "standard"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    rule: Mapped[object | None] = mapped_column(JSON)
    translations: Mapped[object | None] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("standard_id", "version"),
        Index("ix_standard_kind_standard_id", "kind", "standard_id"),
    )


class CourseVersion(Base):
    """One published version of a course. The hub's listing gives the metadata; the
    package (a zip of about 1 MB) is stored in the database once downloaded and verified,
    so every workstation sees it and a database backup is complete. `summary`, `minutes`,
    `roles` and `translations` (title and summary in other languages) come from the
    package's manifest and are null until then."""

    __tablename__ = "course_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[int | None] = mapped_column(Integer)
    roles: Mapped[object | None] = mapped_column(JSON)
    translations: Mapped[object | None] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    package_url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    package: Mapped[bytes | None] = mapped_column(LargeBinary)
    etag: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    downloaded_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("course_id", "version"),)


class OutboxMessage(Base):
    """A request waiting to go to the hub, written in the same transaction as the business
    row it announces. Messages with one `aggregate_key` go out oldest first, one at a time.
    States: pending, sent, failed (will be retried), dead (needs a person), discarded."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(64))
    aggregate_key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[object] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    response: Mapped[object | None] = mapped_column(JSON)
    discarded_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outbox_message_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_outbox_message_aggregate_key_state_id", "aggregate_key", "state", "id"),
    )


class SyncCursor(Base):
    """Where each pulled resource got to. Written in the transaction that stores the page,
    so a cursor never runs ahead of what was stored."""

    __tablename__ = "sync_cursor"

    resource: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(500))
    etag: Mapped[str | None] = mapped_column(String(200))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)


__all__ = [
    "AuditEvent",
    "AuditHead",
    "Base",
    "Clinic",
    "CourseVersion",
    "OutboxMessage",
    "Setting",
    "Standard",
    "SyncCursor",
    "User",
    "new_uuid",
    "utcnow",
]

# Area modules define their tables on the same metadata; importing them here means
# anything that imports the models sees the whole schema.
from clinicdesk.db import models_anchors as models_anchors  # noqa: E402
from clinicdesk.db import models_clinical as models_clinical  # noqa: E402
from clinicdesk.db import models_members as models_members  # noqa: E402
from clinicdesk.db import models_policies as models_policies  # noqa: E402
from clinicdesk.db import models_revenue as models_revenue  # noqa: E402
from clinicdesk.db import models_training as models_training  # noqa: E402
