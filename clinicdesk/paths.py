"""Where ClinicDesk keeps its files on this computer.

Per-user directories come from platformdirs. `CLINICDESK_HOME` puts all of them under one
folder: tests use it so that nothing touches the real home directory, and a portable
install can use it too.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from clinicdesk import APP_NAME

_APP_AUTHOR = "ClinicDesk"


def _home_override() -> Path | None:
    value = os.environ.get("CLINICDESK_HOME")
    return Path(value) if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, _APP_AUTHOR)))


def config_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, _APP_AUTHOR)))


def log_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "logs")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, _APP_AUTHOR)))


def default_database_path() -> Path:
    return data_dir() / "clinicdesk.sqlite3"


def log_file() -> Path:
    return log_dir() / "clinicdesk.log"
