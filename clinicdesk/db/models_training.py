"""Training tables: staff, the clinic's own requirements, the append-only completion
ledger with its evidence files, and course progress per person (issue #10)."""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow


class Staff(Base):
    """A person on the clinic's staff. Every user has one row (`user_id`; the name and job
    roles then come from the user); people without a login have their own. `ref` is a
    random id made here and never derived from the person: all the hub ever sees."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_roles: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(120))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class LocalRequirement(Base):
    """A requirement the clinic added itself: the shape of the federation's
    `training_requirement` standard. Versions are kept like the standards'."""

    __tablename__ = "training_local_requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    roles: Mapped[str] = mapped_column(String(200))
    course_id: Mapped[str] = mapped_column(String(80))
    recurrence_months: Mapped[int | None] = mapped_column(Integer)
    grace_days: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("requirement_id", "version"),)


class TrainingEvidence(Base):
    """An evidence file (PDF, PNG or JPEG), kept in the database so every workstation and
    every backup has it."""

    __tablename__ = "training_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class TrainingCompletion(Base):
    """Append-only: rows are added, never changed. Kinds: `in_app` (the course and quiz),
    `outside_certificate`, and `revocation` (of the row `revokes_id`, from `completed_on`).
    `expires_on` is worked out when the row is added and never recomputed; the requirement
    id and version it was issued under are kept."""

    __tablename__ = "training_completion"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(32))
    requirement_id: Mapped[str] = mapped_column(String(80))
    requirement_version: Mapped[int] = mapped_column(Integer)
    requirement_local: Mapped[bool] = mapped_column(Boolean, default=False)
    course_id: Mapped[str] = mapped_column(String(80))
    course_version: Mapped[int | None] = mapped_column(Integer)
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    certificate_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    provider: Mapped[str | None] = mapped_column(String(200))
    external_code: Mapped[str | None] = mapped_column(String(100))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("training_evidence.id"))
    score_percent: Mapped[int | None] = mapped_column(Integer)
    revokes_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_completion.id"), unique=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        Index(
            "ix_training_completion_staff_id_requirement_id_completed_on",
            "staff_id",
            "requirement_id",
            "completed_on",
        ),
    )


class CourseProgress(Base):
    """Where a person is in a course version: sections read, the section to open at, the
    last quiz score."""

    __tablename__ = "training_course_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    course_id: Mapped[str] = mapped_column(String(80))
    course_version: Mapped[int] = mapped_column(Integer)
    sections_read: Mapped[object] = mapped_column(JSON)
    current_section: Mapped[int] = mapped_column(Integer, default=0)
    quiz_passed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_score_percent: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("staff_id", "course_id", "course_version"),)


__all__ = [
    "CourseProgress",
    "LocalRequirement",
    "Staff",
    "TrainingCompletion",
    "TrainingEvidence",
]
