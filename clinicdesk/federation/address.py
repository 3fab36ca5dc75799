"""Where the federation hub is and whom to trust for its certificate: the hub's address
(HTTPS, except to this computer) and the federation's own certificate authority, if it
has one. Checked before any connection is made."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from clinicdesk.errors import ConfigurationError
from clinicdesk.i18n import _


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_hub_url(base_url: str) -> str:
    """The hub's address without a trailing slash. HTTPS only, except plain HTTP to this
    computer (tests, a hub on the same machine)."""
    parts = urlsplit(base_url.strip())
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ConfigurationError(
            _("{base_url!r} is not a hub address.").format(base_url=base_url),
            hint=_("Use the address the federation gave you, such as https://hub.example.org."),
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigurationError(
            _("The hub address {base_url!r} is not encrypted (http://).").format(base_url=base_url),
            hint=_(
                "The API key and the clinic's figures must travel over "
                "HTTPS: use the https:// address of the hub."
            ),
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(
            _("The hub address {base_url!r} has parts a hub address does not have.").format(
                base_url=base_url
            ),
            hint=_("Use only scheme, host, optional port and path, e.g. https://hub.example.org."),
        )
    return base_url.strip().rstrip("/")


CA_BUNDLE_ENV = "CLINICDESK_FEDERATION_CA_BUNDLE"
_PEM_MARKER = b"-----BEGIN CERTIFICATE-----"
_MAX_CA_BUNDLE_BYTES = 4 * 1024 * 1024


def check_ca_bundle(path: str | os.PathLike[str]) -> str:
    """The absolute path of a readable PEM file of certificate authorities, or a
    ConfigurationError saying what is wrong with it. TLS verification stays on: the file
    replaces the system's authorities for the hub, it never turns checking off."""
    where = Path(path).expanduser()
    hint = (
        "Use the PEM file (.pem or .crt, text starting with -----BEGIN CERTIFICATE-----) "
        "the federation gave you, or clear the setting to trust the usual authorities."
    )
    try:
        with where.open("rb") as handle:
            head = handle.read(_MAX_CA_BUNDLE_BYTES + 1)
    except FileNotFoundError:
        raise ConfigurationError(
            _("The federation's certificate file {os!r} does not exist.").format(
                os=os.fspath(where)
            ),
            hint=hint,
        ) from None
    except OSError as error:
        raise ConfigurationError(
            _("The federation's certificate file {os!r} cannot be read ({value}).").format(
                os=os.fspath(where), value=error.strerror or error
            ),
            hint=hint,
        ) from None
    if len(head) > _MAX_CA_BUNDLE_BYTES or _PEM_MARKER not in head:
        raise ConfigurationError(
            _("{os!r} is not a PEM file of certificates.").format(os=os.fspath(where)), hint=hint
        )
    return os.fspath(where.resolve())


def configured_ca_bundle() -> str | None:
    """The CA bundle this computer uses for the hub: CLINICDESK_FEDERATION_CA_BUNDLE (for
    the scheduler), else the local setting, else None (the system's authorities). A
    configured file that has gone missing is an error, not a silent fallback."""
    from clinicdesk.local_settings import load_local_settings

    configured = os.environ.get(CA_BUNDLE_ENV) or load_local_settings().federation_ca_bundle
    return check_ca_bundle(configured) if configured else None
