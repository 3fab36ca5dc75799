"""How every ClinicDesk schema is written, the clinic's and the hub's alike: constraint
names, naive-UTC times and row UUIDs. It imports no model, so the hub can share the
conventions without loading (or depending on) a single clinic table."""

from __future__ import annotations

import os
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


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as `new_uuid` writes them, from one read of the
    system's random source: a bulk import makes thousands, and uuid4() per row costs more
    than the row's insert."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-"
        f"{text[i + 16 : i + 20]}-{text[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]
