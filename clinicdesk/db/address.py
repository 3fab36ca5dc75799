"""Which database to open: the address from --db, the environment, this computer's
settings or the embedded default. No SQLAlchemy here, so that the window's first frame
can find its database before the storage layer is imported (ui/launch.py)."""

from __future__ import annotations

import os
from pathlib import Path

from clinicdesk import paths

ENV_DB_URL = "CLINICDESK_DB_URL"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def resolve_url(explicit: str | None = None) -> str:
    """--db, then CLINICDESK_DB_URL, then the local setting, then the embedded default."""
    if explicit:
        return explicit
    env = os.environ.get(ENV_DB_URL)
    if env:
        return env
    from clinicdesk.local_settings import load_local_settings

    local = load_local_settings().database_url
    if local:
        return local
    return sqlite_url(paths.default_database_path())
