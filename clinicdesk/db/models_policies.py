"""Policy acknowledgements (issue #18): an append-only ledger of who acknowledged which
version of which `policy` standard, and when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow


class PolicyAcknowledgement(Base):
    """Append-only: rows are added, never changed or deleted. One per person, policy and
    version: a new version needs a new row, and the older ones stay on record. Staff are
    users and people without a login, as for training (`staff`)."""

    __tablename__ = "policy_acknowledgement"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[int] = mapped_column(Integer)
    acknowledged_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("staff_id", "policy_id", "policy_version"),)


__all__ = ["PolicyAcknowledgement"]
