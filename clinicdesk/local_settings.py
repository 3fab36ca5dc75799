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
    url = raw.get("database_url") if isinstance(raw, dict) else None
    return LocalSettings(database_url=url if isinstance(url, str) and url else None)


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
