"""The clinic's federation API key: only in the OS keyring (DESIGN §6, STYLE habit 9).

Where the key is kept:

- service name: "ClinicDesk federation" (`KEYRING_SERVICE`);
- user name: "<clinic id>@<hub URL>", e.g. "c-4f1e@https://hub.example.org"
  (`keyring_username`), so one computer can hold keys for several hubs or clinics.

A scheduled, headless run (`clinicdesk sync` from cron or a service) may have no keyring;
it reads the key from the environment variable CLINICDESK_FEDERATION_API_KEY, which wins
over the keyring whenever it is set. The key is never written to a file: without a usable
keyring, storing it fails with a `KeyringUnavailable` that says what to do.

Nothing here touches the keyring at import time.
"""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
import keyring.errors

from clinicdesk.errors import ConfigurationError
from clinicdesk.i18n import _

KEYRING_SERVICE = "ClinicDesk federation"
ENV_API_KEY = "CLINICDESK_FEDERATION_API_KEY"

_NO_KEYRING_HINT = (
    "Install or unlock a keyring (GNOME Keyring or KWallet on Linux, the Keychain on macOS, "
    "Windows Credential Manager) and connect again; for a scheduled sync on a computer "
    f"without one, set the environment variable {ENV_API_KEY} to the API key instead."
)


class KeyringUnavailable(ConfigurationError):
    """No usable OS keyring: none installed, locked, or it refused the request."""

    title = "No keyring"


class MissingApiKey(ConfigurationError):
    """This clinic has not been connected to the hub (or the key was removed)."""

    title = "Not connected to the federation"


def keyring_username(hub_url: str, clinic_id: str) -> str:
    """The keyring user name for a clinic's key at a hub: "<clinic id>@<hub URL>"."""
    return f"{clinic_id.strip()}@{hub_url.strip().rstrip('/')}"


def _backend() -> object:
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        raise KeyringUnavailable(
            "This computer has no keyring to keep the federation API key in; ClinicDesk does "
            "not store the key in a file.",
            hint=_NO_KEYRING_HINT,
        )
    return backend


def _unusable(error: Exception) -> KeyringUnavailable:
    return KeyringUnavailable(
        "The keyring could not be used for the federation API key "
        f"({error or type(error).__name__}).",
        hint=_NO_KEYRING_HINT,
    )


def store_api_key(hub_url: str, clinic_id: str, key: str) -> None:
    """Keep the key in the OS keyring, replacing any earlier one for this clinic and hub."""
    if not key or any(char.isspace() for char in key):
        raise ConfigurationError(_("The federation API key is empty or has spaces in it."))
    _backend()
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_username(hub_url, clinic_id), key)
    except keyring.errors.KeyringError as error:
        raise _unusable(error) from error


def load_api_key(hub_url: str, clinic_id: str) -> str:
    """The key: CLINICDESK_FEDERATION_API_KEY when set (scheduled runs), else the keyring."""
    from_env = os.environ.get(ENV_API_KEY, "").strip()
    if from_env:
        return from_env
    _backend()
    try:
        key = keyring.get_password(KEYRING_SERVICE, keyring_username(hub_url, clinic_id))
    except keyring.errors.KeyringError as error:
        raise _unusable(error) from error
    if not key:
        raise MissingApiKey(
            f"No federation API key is stored for clinic {clinic_id} at {hub_url}.",
            hint="Run `clinicdesk federation connect` with the key the federation gave you.",
        )
    return str(key)


def delete_api_key(hub_url: str, clinic_id: str) -> bool:
    """Remove the key from the keyring. False when there was none."""
    _backend()
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_username(hub_url, clinic_id))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise _unusable(error) from error
    return True
