"""The audit trail anchored outside its database: its head `(seq, hash)` goes to the
federation hub at each sync, and `audit verify` holds the trail against the hub's copy.

The key (services/audit_key) stops anyone without it from rewriting or forging events; it
cannot stop someone with SQL access from deleting the newest events and moving the head
back, or from emptying the trail. Those leave a shorter chain that verifies on its own;
only a copy kept elsewhere shows what is missing. A head is a number and a keyed hash:
no patient data goes to the hub.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from clinicdesk.db import outbox
from clinicdesk.db.models import AuditHead as AuditHeadRow
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConfigurationError
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.errors import HubError
from clinicdesk.federation.schemas import AuditHead, AuditHeadReceipt, AuditHeadStatus
from clinicdesk.i18n import _
from clinicdesk.services import audit, federation_link, requires

log = logging.getLogger(__name__)

ClientFactory = Callable[[str, str, str], HubClient]
AUDIT_HEAD = "audit_head"
"""The sync cursor that holds the last head sent ("seq:hash")."""


def current_head(db: Database) -> AuditHead | None:
    """The trail's head as the contract carries it; None while the trail is empty."""
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(
            select(AuditHeadRow.last_seq, AuditHeadRow.last_hash).where(AuditHeadRow.id == 1)
        ).one_or_none()
    if row is None or not row.last_seq:
        return None
    return AuditHead(seq=row.last_seq, hash=row.last_hash)


def push_head(db: Database, client: HubClient) -> AuditHeadReceipt | None:
    """Send the head (a sync step) unless the hub was sent this very head already (the
    cursor `audit_head`), so a quiet sync stays one request per pulled resource. The
    idempotency key is the head itself: a retry of the same head is the same request.
    Raises the client's HubErrors."""
    head = current_head(db)
    if head is None:
        return None
    sent = f"{head.seq}:{head.hash}"
    with db.uow(read_only=True) as uow:
        if outbox.get_cursor(uow, AUDIT_HEAD) == sent:
            return None
    receipt = client.push_audit_head(head, f"audit-head-{head.seq}-{head.hash[:32]}")
    if not receipt.accepted:
        log.info("The hub flagged audit head %d: %s", head.seq, receipt.conflict)
    with db.uow() as uow:
        outbox.set_cursor(uow, AUDIT_HEAD, sent)
        uow.commit()
    return receipt


def _as_copy(status: AuditHeadStatus) -> audit.HubCopy:
    last = status.last_conflict
    conflict = f"head {last.seq}: {last.conflict}" if last is not None else ""
    head = status.head
    return audit.HubCopy(
        seq=head.seq if head else None,
        hash=head.hash if head else None,
        received_at=head.received_at.replace(tzinfo=None) if head else None,
        conflicts=status.conflicts,
        last_conflict=conflict,
    )


def fetch_hub_copy(db: Database, client_factory: ClientFactory | None = None) -> audit.HubCopy:
    """What the hub holds of this clinic's head; `unavailable` says why there is nothing
    to compare with (not connected, no API key here, hub unreachable)."""
    with db.uow(read_only=True) as uow:
        link = federation_link.current_link(uow)
    if link is None:
        return audit.HubCopy(unavailable=_("this clinic is not connected to a federation hub."))
    if client_factory is None:
        from clinicdesk.services.sync import default_client

        client_factory = default_client
    try:
        api_key = credentials.load_api_key(link.hub_url, link.clinic_id)
    except ConfigurationError as error:
        return audit.HubCopy(unavailable=error.message)
    try:
        with client_factory(link.hub_url, link.clinic_id, api_key) as client:
            return _as_copy(client.audit_head_status())
    except HubError as error:
        return audit.HubCopy(unavailable=error.message)


@requires(Permission.VIEW_AUDIT)
def verify_trail(
    db: Database, actor: Principal, client_factory: ClientFactory | None = None
) -> audit.VerifyResult:
    """What `audit verify` and the Admin area's Verify show: the keyed chain, held against
    the hub's copy of the head when the clinic is connected."""
    hub = fetch_hub_copy(db, client_factory)
    with db.uow() as uow:
        return audit.verify(uow, actor, hub)
