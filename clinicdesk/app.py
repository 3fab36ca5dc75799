"""Composition root for everything that is not Qt: the database, its schema, the clinic.

The GUI (`ui/application.py`) and the CLI both open the clinic through `open_database`.
Nothing here runs at import time, and importing it imports no storage: logging is set
up, and the window's first frame shown, before SQLAlchemy is loaded (ui/launch.py).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
from typing import TYPE_CHECKING

from clinicdesk import __version__, paths
from clinicdesk.errors import ClinicDeskError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.passwords import ScryptCost

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
    url: str | None = None, *, upgrade: bool = True, password_cost: ScryptCost | None = None
) -> Database:
    """Connect, check the connection, and (by default) bring the schema up to date.
    Passwords are stored at `password_cost`: the strong one unless a test asks for less.

    Raises StorageError / ConfigurationError with a message that says what to do.
    """
    from clinicdesk.db import migrate
    from clinicdesk.db.engine import check_connection, make_engine, resolve_url
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.passwords import STRONG_COST

    cost = STRONG_COST if password_cost is None else password_cost
    db = Database(make_engine(resolve_url(url)), password_cost=cost)
    try:
        check_connection(db.engine)
        if upgrade:
            migrate.ensure_current(db)
    except BaseException:
        db.dispose()
        raise
    return db


def user_database(db: Database, username: str, password: str) -> Database:
    """The database as `username` works in it once signed in (DESIGN §10).

    On one PC (SQLite) and on a server whose roles were never provisioned, that is `db`
    itself. On a server with ClinicDesk roles, `db` is the workstation's gate login
    (`<prefix>_gate`, which reads only what the sign-in screen needs) and this opens a
    new connection as the user's own login with the password they typed, so the server
    checks it and grants only their roles' rights. The caller signs in on the returned
    database (the program's own password check and lockout) and disposes of it at
    sign-out. Raises AuthenticationError for a password the server refuses and
    ConfigurationError for an account without a usable login.
    """
    from sqlalchemy import exc

    from clinicdesk.db import roles as server_roles
    from clinicdesk.db.engine import check_connection, make_engine, translate_error
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.errors import AuthenticationError, ConfigurationError

    if db.is_sqlite:
        return db
    try:
        with db.engine.connect() as conn:
            prefix = server_roles.provisioned_prefix(conn)
    except exc.DBAPIError as error:
        raise translate_error(error, db.url) from error
    if prefix is None:
        return db
    name = username.strip().lower()
    login = server_roles.login_url(db.url, prefix, name, password)
    if login.username == db.url.username:
        return db  # already connected as this user's login
    engine = make_engine(login.render_as_string(hide_password=False))
    try:
        check_connection(engine)
    except ClinicDeskError as error:
        engine.dispose()
        text = str(error.__cause__ or error).lower()
        if "password authentication failed" in text:
            raise AuthenticationError(
                _("The user name or password is not correct."),
                hint=_("Check the spelling and Caps Lock."),
            ) from None
        if "does not exist" in text and "role" in text:
            raise ConfigurationError(
                _("The account {name} has no database login on this server.").format(name=name),
                hint=_(
                    "Ask the administrator to run `clinicdesk db grant-login "
                    "{name}` as the database owner."
                ).format(name=name),
            ) from None
        if "not permitted to log in" in text:
            raise AuthenticationError(
                _("The account {name} is disabled.").format(name=name),
                hint=_("Ask an administrator to enable it."),
            ) from None
        raise
    return Database(engine, password_cost=db.password_cost)
