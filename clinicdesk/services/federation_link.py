"""Which hub this clinic is linked to, as which member clinic, and how the link is doing
(DESIGN §6). The link lives on the Clinic row (`hub_url`, `federation_clinic_id`); the
API key never does: it is in the OS keyring (`clinicdesk.federation.credentials`).

`connect` and `disconnect` change the link: MANAGE_FEDERATION, audited, committed here.
`link_status` is not guarded: it is what the status bar shows to everyone signed in
(hub address, last sync, outbox counts), and it reveals no patient or money data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from clinicdesk import __version__
from clinicdesk.db.models import Clinic, SyncCursor
from clinicdesk.db.outbox import CLIENT_RELEASE, COURSES, STANDARDS, outbox_counts
from clinicdesk.db.unit_of_work import Database, UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.versions import is_newer
from clinicdesk.errors import ConfigurationError, NotFoundError, ValidationError
from clinicdesk.federation import credentials
from clinicdesk.federation.address import check_ca_bundle, check_hub_url, configured_ca_bundle
from clinicdesk.federation.client import HubClient
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires

_MAX_CLINIC_ID_CHARS = 100
_MAX_HUB_URL_CHARS = 500


@dataclass(frozen=True)
class FederationLink:
    """Where this clinic's link points. Both parts set, or neither."""

    hub_url: str
    clinic_id: str


@dataclass(frozen=True)
class CursorStatus:
    """How the last pulls of one resource went."""

    resource: str
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None


@dataclass(frozen=True)
class LinkStatus:
    hub_url: str | None
    clinic_id: str | None
    cursors: dict[str, CursorStatus] = field(default_factory=dict)
    outbox: dict[str, int] = field(default_factory=dict)
    """Outbox messages per state (pending, sent, failed, dead, discarded)."""
    client_release: str | None = None
    """The ClinicDesk release the hub last published (None: none)."""
    client_download: str | None = None

    @property
    def update_available(self) -> str | None:
        """The published release when it is newer than this program's."""
        release = self.client_release
        return release if release and is_newer(release, __version__) else None

    @property
    def connected(self) -> bool:
        return bool(self.hub_url and self.clinic_id)

    @property
    def last_sync_at(self) -> datetime | None:
        """The latest successful pull of any resource (None: never synced)."""
        moments = [c.last_success_at for c in self.cursors.values() if c.last_success_at]
        return max(moments) if moments else None

    @property
    def waiting(self) -> int:
        """Messages still to go out (pending, or failed and to be tried again)."""
        return self.outbox.get("pending", 0) + self.outbox.get("failed", 0)

    def as_json(self) -> dict[str, object]:
        return {
            "connected": self.connected,
            "hub_url": self.hub_url,
            "clinic_id": self.clinic_id,
            "last_sync_at": self.last_sync_at,
            "cursors": {
                name: {
                    "last_success_at": c.last_success_at,
                    "last_error": c.last_error,
                    "last_error_at": c.last_error_at,
                }
                for name, c in self.cursors.items()
            },
            "outbox": dict(self.outbox),
            "client_release": self.client_release,
            "client_download": self.client_download,
            "update_available": self.update_available,
        }


def _clinic(uow: UnitOfWork) -> Clinic:
    clinic = uow.session.execute(select(Clinic).order_by(Clinic.id).limit(1)).scalar_one_or_none()
    if clinic is None:
        raise NotFoundError(
            _("This database has no clinic yet."),
            hint=_("Set up the clinic first (clinicdesk init), then connect it to the federation."),
        )
    return clinic


def current_link(uow: UnitOfWork) -> FederationLink | None:
    """The link, or None when this clinic is not connected to a hub."""
    clinic = uow.session.execute(select(Clinic).order_by(Clinic.id).limit(1)).scalar_one_or_none()
    if clinic is None or not clinic.hub_url or not clinic.federation_clinic_id:
        return None
    return FederationLink(clinic.hub_url, clinic.federation_clinic_id)


def require_link(uow: UnitOfWork) -> FederationLink:
    """The link, or a ConfigurationError that says how to make one."""
    link = current_link(uow)
    if link is None:
        raise ConfigurationError(
            _("This clinic is not connected to a federation hub."),
            hint=_(
                "Connect it with `clinicdesk federation connect --hub URL --clinic-id ID "
                "--api-key-stdin`, using the details the federation gave you."
            ),
        )
    return link


def _clean_clinic_id(clinic_id: str) -> str:
    cleaned = clinic_id.strip()
    if not cleaned:
        raise ValidationError(_("Give the clinic id the federation assigned."), field="clinic_id")
    if len(cleaned) > _MAX_CLINIC_ID_CHARS or any(char.isspace() for char in cleaned):
        raise ValidationError(
            _("A federation clinic id has no spaces and at most {max_chars} characters.").format(
                max_chars=_MAX_CLINIC_ID_CHARS
            ),
            field="clinic_id",
        )
    return cleaned


@requires(Permission.MANAGE_FEDERATION)
def connect(uow: UnitOfWork, actor: Principal, hub_url: str, clinic_id: str) -> FederationLink:
    """Link this clinic to a hub as member `clinic_id`. Audited; commits. The caller
    checks the API key against the hub and keeps it in the keyring."""
    url = check_hub_url(hub_url)
    if len(url) > _MAX_HUB_URL_CHARS:
        raise ValidationError(_("The hub address is too long."), field="hub_url")
    member = _clean_clinic_id(clinic_id)
    clinic = _clinic(uow)
    before = {"hub_url": clinic.hub_url, "clinic_id": clinic.federation_clinic_id}
    clinic.hub_url = url
    clinic.federation_clinic_id = member
    audit.record(
        uow,
        actor,
        "federation.connect",
        "clinic",
        clinic.uuid,
        {"hub_url": url, "clinic_id": member, "before": before},
    )
    uow.commit()
    return FederationLink(url, member)


@requires(Permission.MANAGE_FEDERATION)
def disconnect(uow: UnitOfWork, actor: Principal) -> FederationLink | None:
    """Unlink this clinic from its hub; returns the link it had (None: there was none).
    Audited; commits. Pulled standards, courses and the outbox are kept."""
    clinic = _clinic(uow)
    if not clinic.hub_url and not clinic.federation_clinic_id:
        return None
    previous = FederationLink(clinic.hub_url or "", clinic.federation_clinic_id or "")
    clinic.hub_url = None
    clinic.federation_clinic_id = None
    audit.record(
        uow,
        actor,
        "federation.disconnect",
        "clinic",
        clinic.uuid,
        {"hub_url": previous.hub_url, "clinic_id": previous.clinic_id},
    )
    uow.commit()
    return previous


@dataclass(frozen=True)
class Connected:
    """What `connect_with_key` did: the new link, the clinic's name at the hub, and
    whether the key of a previous link was removed from the keyring."""

    link: FederationLink
    clinic_name: str
    replaced: FederationLink | None


@requires(Permission.MANAGE_FEDERATION)
def connect_with_key(
    db: Database,
    actor: Principal,
    hub_url: str,
    clinic_id: str,
    api_key: str,
    *,
    ca_bundle: str | None = None,
) -> Connected:
    """The whole "connect" a person does (command line or window): check the key
    against the hub (`GET /v1/clinic`, which must name the same clinic), keep it in the
    OS keyring, record the link (audited) and forget the key of a previous link. Nothing
    is stored when the hub refuses the key or names another clinic.

    `ca_bundle`: a PEM file to trust for this hub instead of this computer's configured
    one; the caller saves it as the local setting once this succeeds. Network: run it
    off the UI thread."""
    url = check_hub_url(hub_url)
    member = _clean_clinic_id(clinic_id)
    key = api_key.strip()
    if not key or any(char.isspace() for char in key):
        raise ValidationError(
            _("The API key is empty or has spaces in it."),
            field="api_key",
            hint=_("Paste the key exactly as the federation gave it to you."),
        )
    bundle = check_ca_bundle(ca_bundle) if ca_bundle else configured_ca_bundle()
    with db.uow(read_only=True) as uow:
        _clinic(uow)
        previous = current_link(uow)
    with HubClient(url, key, ca_bundle=bundle) as client:
        info = client.clinic()
    if info.clinic_id != member:
        raise ConfigurationError(
            _("This API key belongs to the federation's clinic {clinic_id}, not {member}.").format(
                clinic_id=info.clinic_id, member=member
            ),
            hint=_("Check the clinic id and the key the federation gave you."),
        )
    credentials.store_api_key(url, member, key)
    with db.uow() as uow:
        link = connect(uow, actor, url, member)
    replaced = previous if previous is not None and previous != link else None
    if replaced is not None:
        # The key for the old hub or clinic is of no use any more.
        credentials.delete_api_key(replaced.hub_url, replaced.clinic_id)
    return Connected(link, info.name, replaced)


@dataclass(frozen=True)
class Disconnected:
    """What `disconnect_and_forget` did: the link there was (None: none), whether its
    key was removed from the keyring, and why not when there is no usable keyring."""

    previous: FederationLink | None
    key_removed: bool
    keyring_note: str | None = None


@requires(Permission.MANAGE_FEDERATION)
def disconnect_and_forget(uow: UnitOfWork, actor: Principal) -> Disconnected:
    """The whole "disconnect" a person does (command line or window): unlink (audited,
    committed) and remove the link's API key from this computer's keyring."""
    previous = disconnect(uow, actor)
    if previous is None:
        return Disconnected(None, False)
    try:
        removed = credentials.delete_api_key(previous.hub_url, previous.clinic_id)
    except credentials.KeyringUnavailable as error:
        # Without a keyring the key was never kept on this computer: nothing to delete.
        return Disconnected(previous, False, error.message)
    return Disconnected(previous, removed)


def link_status(uow: UnitOfWork) -> LinkStatus:
    """The link, the pulls' last success and error, and the outbox counts. Not guarded
    (see the module's docstring); read-only."""
    link = current_link(uow)
    rows = {
        row.resource: row
        for row in uow.session.execute(
            select(SyncCursor).where(SyncCursor.resource.in_([STANDARDS, COURSES, CLIENT_RELEASE]))
        ).scalars()
    }
    cursors = {
        resource: CursorStatus(
            resource,
            rows[resource].last_success_at if resource in rows else None,
            rows[resource].last_error if resource in rows else None,
            rows[resource].last_error_at if resource in rows else None,
        )
        for resource in (STANDARDS, COURSES)
    }
    counts = {state.value: count for state, count in outbox_counts(uow).items()}
    release = rows.get(CLIENT_RELEASE)
    return LinkStatus(
        hub_url=link.hub_url if link else None,
        clinic_id=link.clinic_id if link else None,
        cursors=cursors,
        outbox=counts,
        client_release=release.cursor if release is not None else None,
        client_download=release.etag if release is not None else None,
    )
