"""Settings of this computer (not of the clinic): which database to open.

Kept as a small JSON file in the per-user config directory. Clinic-wide settings live in
the database (services/settings.py); UI state lives in QSettings; secrets in the keyring.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from clinicdesk import paths
from clinicdesk.errors import ConfigurationError
from clinicdesk.i18n import _


@dataclass(frozen=True)
class LocalSettings:
    database_url: str | None = None
    # A PEM file of the certificate authorities a federation with its own CA signs its
    # hub's certificate with; None trusts the system's usual authorities. A path is a
    # fact of this computer, so it lives here and not in the clinic's database.
    federation_ca_bundle: str | None = None


def _settings_file() -> Path:
    return paths.config_dir() / "settings.json"


def _damaged(path: Path, what: str) -> ConfigurationError:
    return ConfigurationError(
        _("This computer's ClinicDesk settings file {path} {what}.").format(path=path, what=what),
        hint=(
            _(
                'Correct the file (it is JSON, for example {"database_url": '
                '"postgresql+psycopg://USER@HOST/DB"}), or move it aside: '
                "ClinicDesk then opens the database in your data folder and "
                "keeps no other setting of this computer."
            )
        ),
    )


def load_local_settings() -> LocalSettings:
    """The settings of this computer; none when there is no file. A file that cannot be
    read or understood is a ConfigurationError naming it: falling back to the defaults
    would quietly open another (the embedded) database."""
    path = _settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LocalSettings()
    except UnicodeDecodeError:
        raise _damaged(path, "is not text (it is damaged)") from None
    except OSError as error:
        raise ConfigurationError(
            _("This computer's ClinicDesk settings file {path} cannot be read: {value}.").format(
                path=path, value=error.strerror or error
            ),
            hint=_("Check the file's permissions, or move it aside to use the defaults."),
        ) from None
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise _damaged(path, f"is damaged: it is not valid JSON ({error})") from None
    if not isinstance(raw, dict):
        raise _damaged(path, "is damaged: it must hold one JSON object {…}")

    def text_value(key: str) -> str | None:
        value = raw.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise _damaged(path, f"is damaged: “{key}” must be text, not {json.dumps(value)}")
        return value

    return LocalSettings(
        database_url=text_value("database_url"),
        federation_ca_bundle=text_value("federation_ca_bundle"),
    )


def save_local_settings(settings: LocalSettings) -> None:
    """Write atomically, so a crash never leaves half a file."""
    path = _settings_file()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(settings), handle, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
