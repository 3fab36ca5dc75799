"""The contract's audit-head calls (`POST /v1/audit-heads`, `GET /v1/audit-heads/latest`),
re-exported by `clinicdesk.federation.schemas` with the rest of the contract.

A clinic sends the head of its audit trail, `(seq, hash)`, at each sync; the hub keeps
every head it is sent, so the trail's past can be checked against a copy the clinic's own
database administrator cannot reach. A head is a count and a keyed hash: it carries no
patient data, and without the clinic's audit key it reveals nothing about the events.

`clinicdesk.federation.schemas` imports this module at its end (its base classes must exist
first): import these models from there.
"""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from clinicdesk.federation.schemas import RequestModel, ResponseModel, Sha256Hex


class AuditHead(RequestModel):
    """The newest event of the clinic's audit trail: its number and its (keyed) hash."""

    seq: int = Field(ge=1, le=2_147_483_647)
    hash: Sha256Hex


class AuditHeadReceipt(ResponseModel):
    """A head as the hub holds it. `accepted` is false for a head that goes back on one
    the hub already held (a lower seq, or another hash for the same seq): the hub keeps it
    as a conflict, and `conflict` says what it clashed with."""

    seq: int = Field(ge=1)
    hash: Sha256Hex
    received_at: AwareDatetime
    accepted: bool
    conflict: str | None = Field(default=None, max_length=500)


class AuditHeadStatus(ResponseModel):
    """What the hub holds for the calling clinic: the newest accepted head, and how many
    heads it flagged as conflicts (with the newest of them)."""

    head: AuditHeadReceipt | None = None
    conflicts: int = Field(default=0, ge=0)
    last_conflict: AuditHeadReceipt | None = None
