"""The clinic's audit key: the HMAC key of the audit chain, kept outside the database.

Where it is kept, in this order:

- the file named by the environment variable CLINICDESK_AUDIT_KEY_FILE, when it is set:
  for a headless server or a scheduled run, a file only its owner can read (0600; a file
  others can read is refused, never used);
- otherwise the OS keyring: service "ClinicDesk audit", user name the clinic's UUID.

The stored value is a small JSON document: the key (256 random bits, hex), the clinic it
belongs to and `from_seq`, the first event linked under it. The database records the same
number (`audit_head.keyed_from`); someone who can write the database but not the key store
can therefore neither move where the keyed part starts nor claim the trail was never keyed.

Every ClinicDesk that records events (each workstation, the scheduled sync) needs the key:
a copy is installed with `clinicdesk audit key install --from FILE` (keyring) or by
pointing CLINICDESK_AUDIT_KEY_FILE at a copy. Nothing here runs at import time.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors

from clinicdesk.errors import ConfigurationError
from clinicdesk.i18n import N_, _

KEYRING_SERVICE = "ClinicDesk audit"
ENV_KEY_FILE = "CLINICDESK_AUDIT_KEY_FILE"
KEY_BYTES = 32

_WHERE_HINT = N_(
    "Keep it in this computer's keyring (`clinicdesk audit key install --from FILE` with the "
    "copy an administrator made), or set {variable} to the path of a copy only this "
    "account can read (chmod 600)."
)


def _where_hint() -> str:
    return _(_WHERE_HINT).format(variable=ENV_KEY_FILE)


# Where a key kept in the keyring is said to be (`AuditKey.where`); shown through `shown_where`.
KEYRING_WHERE = N_("the keyring")


def shown_where(where: str) -> str:
    """`AuditKey.where` as people read it: a file's path, or the keyring in their language."""
    return _(where) if where == KEYRING_WHERE else where


class AuditKeyMissing(ConfigurationError):
    """The trail is keyed but this computer does not hold the key (or not its key)."""

    title = "Audit key missing"


class AuditKeyStoreUnavailable(ConfigurationError):
    """Nowhere to keep a new key: no keyring and no key file named."""

    title = "No place for the audit key"


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    clinic_uuid: str
    from_seq: int
    where: str
    """Where it was found, for messages: "the keyring" or the file's path."""

    def __repr__(self) -> str:  # never the secret
        return f"AuditKey(clinic={self.clinic_uuid!r}, from_seq={self.from_seq}, {self.where})"


def _key_file() -> Path | None:
    named = os.environ.get(ENV_KEY_FILE, "").strip()
    return Path(named) if named else None


def _encode(key: AuditKey) -> str:
    return json.dumps(
        {"v": 1, "clinic": key.clinic_uuid, "from_seq": key.from_seq, "key": key.secret.hex()},
        sort_keys=True,
    )


def _decode(text: str, where: str) -> AuditKey:
    try:
        raw = json.loads(text)
        secret = bytes.fromhex(raw["key"])
        key = AuditKey(secret, str(raw["clinic"]), int(raw["from_seq"]), where)
    except (ValueError, KeyError, TypeError) as error:
        raise AuditKeyMissing(
            _("The audit key in {where} is damaged ({problem}).").format(
                where=shown_where(where), problem=type(error).__name__
            ),
            hint=_("Put back the copy an administrator kept when the key was made."),
        ) from None
    if len(key.secret) != KEY_BYTES or key.from_seq < 1:
        raise AuditKeyMissing(
            _("The audit key in {where} is damaged.").format(where=shown_where(where)),
            hint=_("Put back the copy an administrator kept when the key was made."),
        )
    return key


def _keyring_usable() -> bool:
    return not isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)


def store_available() -> bool:
    """Whether a new key could be kept on this computer (a key file is named, or a keyring
    is installed)."""
    return _key_file() is not None or _keyring_usable()


def _read_file(path: Path) -> AuditKey | None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise AuditKeyMissing(
            _("The audit key file {path} cannot be read: {error}.").format(
                path=path, error=error.strerror or error
            ),
            hint=_where_hint(),
        ) from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyMissing(
            _(
                "The audit key file {path} can be read by other accounts, so it was not used."
            ).format(path=path),
            hint=_("Run `chmod 600 {path}` (and check who may have copied it).").format(path=path),
        )
    try:
        return _decode(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise AuditKeyMissing(
            _("The audit key file {path} cannot be read: {error}.").format(
                path=path, error=error.strerror or error
            ),
            hint=_where_hint(),
        ) from None


def load_key(clinic_uuid: str) -> AuditKey | None:
    """The clinic's key, or None when none is stored where this computer keeps it (no
    keyring at all counts as none). A key stored for another clinic is an error."""
    path = _key_file()
    if path is not None:
        key = _read_file(path)
    else:
        if not _keyring_usable():
            return None
        try:
            text = keyring.get_password(KEYRING_SERVICE, clinic_uuid)
        except keyring.errors.KeyringError as error:
            raise AuditKeyMissing(
                _("The keyring could not be read for the audit key ({error}).").format(error=error),
                hint=_where_hint(),
            ) from error
        key = _decode(text, KEYRING_WHERE) if text else None
    if key is not None and key.clinic_uuid != clinic_uuid:
        raise AuditKeyMissing(
            _("The audit key in {where} belongs to another clinic ({clinic}).").format(
                where=shown_where(key.where), clinic=key.clinic_uuid
            ),
            hint=_where_hint(),
        )
    return key


def _write_file(path: Path, text: str) -> None:
    """Create the file 0600, refusing to replace one: a key is never overwritten."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AuditKeyStoreUnavailable(
            _(
                "The audit key file {path} already exists; ClinicDesk never overwrites a key."
            ).format(path=path),
            hint=_("Name a new file, or move the old one aside if it is not this clinic's key."),
        ) from None
    except OSError as error:
        raise AuditKeyStoreUnavailable(
            _("The audit key file {path} could not be made: {error}.").format(
                path=path, error=error.strerror or error
            ),
            hint=_("Set {variable} to a path in a folder this account can write.").format(
                variable=ENV_KEY_FILE
            ),
        ) from None
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def save_key(key: AuditKey) -> AuditKey:
    """Keep `key` where this computer keeps audit keys; returns it with `where` set."""
    text = _encode(key)
    path = _key_file()
    if path is not None:
        _write_file(path, text)
        return AuditKey(key.secret, key.clinic_uuid, key.from_seq, str(path))
    if not _keyring_usable():
        raise AuditKeyStoreUnavailable(
            _("This computer has no keyring to keep the audit key in, and no key file is named."),
            hint=_(
                "Set {variable} to the path of a new file (ClinicDesk makes it, readable "
                "only by this account), or install a keyring, and try again."
            ).format(variable=ENV_KEY_FILE),
        )
    try:
        keyring.set_password(KEYRING_SERVICE, key.clinic_uuid, text)
    except keyring.errors.KeyringError as error:
        raise AuditKeyStoreUnavailable(
            _("The keyring refused the audit key ({error}).").format(error=error),
            hint=_where_hint(),
        ) from error
    return AuditKey(key.secret, key.clinic_uuid, key.from_seq, KEYRING_WHERE)


def new_key(clinic_uuid: str, from_seq: int) -> AuditKey:
    return AuditKey(secrets.token_bytes(KEY_BYTES), clinic_uuid, from_seq, "")


def export_text(key: AuditKey) -> str:
    """The key as a copy to install on another workstation or keep in the safe."""
    return _encode(key) + "\n"


def import_text(text: str, source: str) -> AuditKey:
    return _decode(text.strip(), source)


def missing_key_error(clinic_uuid: str, keyed_from: int) -> AuditKeyMissing:
    path = _key_file()
    where = _("the file {path}").format(path=path) if path else _("this computer's keyring")
    return AuditKeyMissing(
        _(
            "The audit trail is sealed with the clinic's audit key from event {event} on, "
            "but {where} does not hold it (clinic {clinic}). Nothing can be recorded or "
            "verified without it, and ClinicDesk does not fall back to an unkeyed trail."
        ).format(event=keyed_from, where=where, clinic=clinic_uuid),
        hint=_where_hint()
        + " "
        + _(
            "If every copy is lost, the trail up to today can no longer be "
            "proved: an administrator restores a copy from the safe."
        ),
    )
