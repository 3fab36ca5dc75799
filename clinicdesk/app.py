"""Composition root for everything that is not Qt: the database, its schema, the clinic.

The GUI (`ui/application.py`) and the CLI both open the clinic through `open_database`.
Nothing here runs at import time.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys

from clinicdesk import __version__, paths
from clinicdesk.db import migrate
from clinicdesk.db.engine import check_connection, make_engine, resolve_url
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import STRONG_COST, ScryptCost

log = logging.getLogger("clinicdesk")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, readable by this account only (0600 on POSIX), also after
    each rotation. What it holds is meant for support, not for every account."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(
            self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.PRIVATE_FILE_MODE
        )
        if os.name == "posix":
            os.fchmod(fd, paths.PRIVATE_FILE_MODE)  # a file from an older version, too
        stream = os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def log_file_handler() -> logging.Handler:
    handler = PrivateLogHandler(
        paths.log_file(), maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def configure_logging(*, verbose: bool = False, to_file: bool = True) -> None:
    """Log to a rotating file in the per-user log directory, and warnings to stderr.

    The log never holds patient data: known errors are logged by kind and a digest of
    their text (`errors.log_reference`), bugs by type and code path
    (`errors.describe_bug`), because their messages may quote names and MRNs."""
    root = logging.getLogger()
    if getattr(root, "_clinicdesk_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if to_file:
        root.addHandler(log_file_handler())
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    root._clinicdesk_configured = True  # type: ignore[attr-defined]
    log.info("ClinicDesk %s starting", __version__)


def open_database(
    url: str | None = None, *, upgrade: bool = True, password_cost: ScryptCost = STRONG_COST
) -> Database:
    """Connect, check the connection, and (by default) bring the schema up to date.
    Passwords are stored at `password_cost`: the strong one, unless a test lowers it.

    Raises StorageError / ConfigurationError with a message that says what to do.
    """
    db = Database(make_engine(resolve_url(url)), password_cost=password_cost)
    try:
        check_connection(db.engine)
        if upgrade:
            migrate.ensure_current(db)
    except BaseException:
        db.dispose()
        raise
    return db
