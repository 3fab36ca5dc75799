"""A glance at a SQLite clinic file with the standard library's sqlite3 alone: what the
sign-in dialog needs to be shown before SQLAlchemy and Alembic are imported (DESIGN §9,
the first frame; ui/launch.py).

It answers only for the ordinary case: a plain file path, the schema this program's
models describe, a named clinic with at least one user, and a file this account can
write (probed the way `application.check_writable` does, rolled back). Anything else —
PostgreSQL, an older or newer schema, an empty or foreign file, a locked, read-only or
damaged one, an unusual address — gets None, and the full start-up path takes over:
it upgrades, runs the first-run dialog, or says what is wrong.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# The revision the models in db/models.py describe. A new migration updates it (a test
# checks it against Alembic's head). db/migrate.py builds a new database from the models
# at this revision and recognises a current one without importing Alembic; the glance
# recognises one without importing SQLAlchemy either.
MODELS_REVISION = "0016"

_PREFIX = "sqlite:///"


@dataclass(frozen=True)
class ClinicGlance:
    path: Path
    clinic_name: str


def plain_sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///PATH` address without options or escapes; None for any
    other address (PostgreSQL, SQLite URI filenames, in-memory, query strings)."""
    if not url.startswith(_PREFIX):
        return None
    rest = url[len(_PREFIX) :]
    if not rest or rest == ":memory:" or rest.startswith("file:") or any(c in rest for c in "?%#"):
        return None
    return Path(rest).expanduser()


def glance_sqlite(url: str) -> ClinicGlance | None:
    """The clinic's name, when `url` is an ordinary, current, initialised SQLite clinic
    that can be written; otherwise None (see the module's docstring)."""
    path = plain_sqlite_path(url)
    if path is None or not path.is_file():
        return None
    try:
        # mode=rw: never creates the file; timeout 0: a file another program holds
        # locked is the full path's to report (it waits, then says so).
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0)
    except (sqlite3.Error, ValueError):
        return None
    try:
        conn.isolation_level = None
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if versions != [(MODELS_REVISION,)]:
            return None
        clinic = conn.execute("SELECT name FROM clinic ORDER BY id LIMIT 1").fetchone()
        has_user = conn.execute("SELECT 1 FROM app_user LIMIT 1").fetchone()
        if clinic is None or has_user is None:
            return None
        conn.execute("BEGIN")
        try:
            conn.execute("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")
        finally:
            conn.execute("ROLLBACK")
        return ClinicGlance(path, str(clinic[0]))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
