"""How every ClinicDesk schema is written, the clinic's and the hub's alike: constraint
names, naive-UTC times and row UUIDs. It imports no model, so the hub can share the
conventions without loading (or depending on) a single clinic table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, as the naive UTC every table stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())
