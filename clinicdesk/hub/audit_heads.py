"""The hub's copy of each clinic's audit-trail head (`POST /v1/audit-heads`, `GET
/v1/audit-heads/latest`).

A clinic sends its head `(seq, hash)` at every sync. The hub keeps every head it is sent,
adding rows only: a clinic's database administrator can rewrite the clinic's trail, but
not this copy. A head that goes back on the newest accepted one — a lower seq (the newest
events were deleted, or the trail truncated and started again) or another hash for the
same seq (the trail was rewritten) — is kept as a conflict and logged (INFO);
the clinic's `audit verify` reports it. The same head sent again (a retried sync) is
answered with the row already held, so the call is idempotent by its body; it still
carries an Idempotency-Key like every POST of the contract.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicdesk.federation.schemas import AuditHead, AuditHeadReceipt, AuditHeadStatus
from clinicdesk.hub.app import Clinic, Db, IdempotencyKey, _problems
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import HubAuditHead, HubClinic
from clinicdesk.hub.service import ClinicRef, aware

log = logging.getLogger(__name__)


def _receipt(row: HubAuditHead) -> AuditHeadReceipt:
    return AuditHeadReceipt(
        seq=row.seq,
        hash=row.hash,
        received_at=aware(row.received_at),
        accepted=row.accepted,
        conflict=row.conflict,
    )


def _newest(session: Session, clinic_pk: int, *, accepted: bool) -> HubAuditHead | None:
    order = (
        (HubAuditHead.seq.desc(), HubAuditHead.id.desc()) if accepted else (HubAuditHead.id.desc(),)
    )
    return session.execute(
        select(HubAuditHead)
        .where(HubAuditHead.clinic_pk == clinic_pk, HubAuditHead.accepted.is_(accepted))
        .order_by(*order)
        .limit(1)
    ).scalar_one_or_none()


def record_head(db: HubDatabase, clinic: ClinicRef, head: AuditHead) -> AuditHeadReceipt:
    """Keep `head`; a head that goes back on the newest accepted one is kept as a conflict."""

    def work(session: Session) -> AuditHeadReceipt:
        if db.is_postgresql:  # one clinic's heads are judged one at a time
            session.execute(select(HubClinic.id).where(HubClinic.id == clinic.pk).with_for_update())
        top = _newest(session, clinic.pk, accepted=True)
        if top is not None and (top.seq, top.hash) == (head.seq, head.hash):
            return _receipt(top)
        conflict: str | None = None
        if top is not None and head.seq <= top.seq:
            held = f"received {top.received_at:%Y-%m-%d %H:%M} UTC"
            if head.seq < top.seq:
                conflict = (
                    f"head {head.seq} is behind the head {top.seq} already held ({held}): "
                    "events were deleted or the trail was started again"
                )
            else:
                conflict = (
                    f"head {head.seq} came with another hash than the one already held "
                    f"({held}): the trail was rewritten"
                )
            last = _newest(session, clinic.pk, accepted=False)
            if last is not None and (last.seq, last.hash) == (head.seq, head.hash):
                return _receipt(last)
        row = HubAuditHead(
            clinic_pk=clinic.pk,
            seq=head.seq,
            hash=head.hash,
            accepted=conflict is None,
            conflict=conflict,
        )
        session.add(row)
        session.flush()
        if conflict is not None:
            # INFO, not WARNING: the flag is kept in the table and shown to the clinic by
            # `audit verify`; two copies of one clinic's database both syncing (a restored
            # old copy put back into use) flag it too, and that is not the hub's fault.
            log.info("Audit head of clinic %s flagged: %s", clinic.clinic_id, conflict)
        return _receipt(row)

    return db.write(work)


def head_status(db: HubDatabase, clinic: ClinicRef) -> AuditHeadStatus:
    with db.read() as session:
        top = _newest(session, clinic.pk, accepted=True)
        last = _newest(session, clinic.pk, accepted=False)
        conflicts = session.execute(
            select(HubAuditHead.id).where(
                HubAuditHead.clinic_pk == clinic.pk, HubAuditHead.accepted.is_(False)
            )
        ).all()
        return AuditHeadStatus(
            head=_receipt(top) if top else None,
            conflicts=len(conflicts),
            last_conflict=_receipt(last) if last else None,
        )


def add_routes(app: FastAPI) -> None:
    """The two calls, on the application `hub/app.py` builds."""

    @app.post(
        "/v1/audit-heads",
        status_code=201,
        response_model=AuditHeadReceipt,
        responses=_problems(401, 413, 422),
        summary="The head of this clinic's audit trail (no patient data); kept append-only",
    )
    def post_audit_head(
        head: AuditHead, idempotency_key: IdempotencyKey, clinic: Clinic, db: Db
    ) -> AuditHeadReceipt:
        return record_head(db, clinic, head)

    @app.get(
        "/v1/audit-heads/latest",
        response_model=AuditHeadStatus,
        responses=_problems(401),
        summary="The newest accepted head of this clinic's audit trail, and conflicts flagged",
    )
    def get_audit_heads_latest(clinic: Clinic, db: Db) -> AuditHeadStatus:
        return head_status(db, clinic)
