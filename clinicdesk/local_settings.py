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


@dataclass(frozen=True)
class LocalSettings:
    database_url: str | None = None
    # A PEM file of the certificate authorities a federation with its own CA signs its
    # hub's certificate with; None trusts the system's usual authorities. A path is a
    # fact of this computer, so it lives here and not in the clinic's database.
    federation_ca_bundle: str | None = None


def _settings_file() -> Path:
    return paths.config_dir() / "settings.json"


def load_local_settings() -> LocalSettings:
    path = _settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LocalSettings()
    except (OSError, ValueError):
        # A damaged settings file must not stop the program: fall back to defaults.
        return LocalSettings()
    if not isinstance(raw, dict):
        return LocalSettings()

    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) and value else None

    return LocalSettings(
        database_url=text("database_url"), federation_ca_bundle=text("federation_ca_bundle")
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
