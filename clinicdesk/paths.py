"""Where ClinicDesk keeps its files on this computer.

Per-user directories come from platformdirs. `CLINICDESK_HOME` puts all of them under one
folder: tests use it so that nothing touches the real home directory, and a portable
install can use it too.

Everything ClinicDesk creates is private to the person's operating-system account on
POSIX: folders 0700, files 0600 (the database, its copies, exports, the log). On Windows
the per-user folders are already private to the account; the modes are not applied.
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


PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """`path` as a folder only this account may enter: made 0700, or tightened to 0700
    when it is ClinicDesk's own folder from an older version (same owner)."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if _POSIX:
        info = path.stat()
        if info.st_mode & 0o077 and info.st_uid == os.geteuid():
            path.chmod(PRIVATE_DIR_MODE)
    return path


def create_private_file(path: Path) -> Path:
    """Create `path` empty (or empty it) with mode 0600, for a writer about to fill it:
    Python's and SQLite's writers keep the mode of a file that exists, while a file they
    create themselves gets the umask's (usually readable by every account)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)
    return path


def _ensure(path: Path) -> Path:
    return private_dir(path)


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
