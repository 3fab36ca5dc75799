"""Who a command acts for: a named ClinicDesk user, signed in as the window signs in.

In order, the first that applies:

1. `--user NAME` (before the command): that user's password, from the first line of
   standard input with `--password-stdin`, else asked on the terminal; checked by
   services/auth.sign_in (lockout, disabled accounts, the same message for an unknown
   name and a wrong password);
2. `CLINICDESK_TOKEN`: a per-user token for scheduled runs (services/tokens), limited to
   the commands of its scopes;
3. `CLINICDESK_USER=NAME`: as 1;
4. on PostgreSQL, a token kept in this OS account's keyring for this database
   (`clinicdesk users token create --keyring`);
5. on SQLite only, the operating-system account, with every role, recorded as
   `cli:<login name>`: on one PC whoever can open the file already holds all its data,
   so the OS account is the boundary (README, "Who a command acts for"). On PostgreSQL
   there is no such fallback: the command is refused.

A user who must choose a new password can run only `users passwd` (which signs in by
itself) until they do.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from clinicdesk.db.conventions import utcnow
from clinicdesk.errors import AuthenticationError, ConfigurationError, PermissionDenied
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal

ENV_USER = "CLINICDESK_USER"
ENV_TOKEN = "CLINICDESK_TOKEN"
KEYRING_SERVICE = "ClinicDesk sign-in token"

_ON_POSTGRESQL = (
    "On a shared PostgreSQL database the command line acts for a named ClinicDesk user."
)
_HOW = (
    "Sign in: clinicdesk --user NAME COMMAND … (asks for the password, or reads it with "
    f"--password-stdin); a scheduled run uses a token in {ENV_TOKEN} "
    "(clinicdesk users token create)."
)


def command_path(args: argparse.Namespace) -> str:
    """The command as typed, without options: "sync", "users token create"."""
    words: list[str] = []
    name = getattr(args, "command", None)
    while name:
        words.append(name)
        name = getattr(args, f"{name}_command", None)
    return " ".join(words)


def keyring_username(db: Database) -> str:
    from clinicdesk.db.engine import describe_url

    return describe_url(db.url)


def _keyring_usable() -> bool:
    import keyring
    import keyring.backends.fail

    return not isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)


def check_keyring() -> None:
    if not _keyring_usable():
        raise ConfigurationError(
            _(
                "This computer has no keyring to keep the token in; "
                "ClinicDesk does not store it in a file."
            ),
            hint=_(
                "Leave out --keyring and give the printed token to the scheduler in {ENV_TOKEN}."
            ).format(ENV_TOKEN=ENV_TOKEN),
        )


def store_token_in_keyring(db: Database, secret: str) -> None:
    import keyring
    import keyring.errors

    check_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_username(db), secret)
    except keyring.errors.KeyringError as error:
        raise ConfigurationError(
            _("The keyring refused the token ({error}).").format(error=error)
        ) from error


def _token_from_keyring(db: Database) -> str | None:
    import keyring
    import keyring.errors

    if not _keyring_usable():
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, keyring_username(db))
    except keyring.errors.KeyringError:
        return None  # a locked keyring: the run is refused below with what to do
    return str(found) if found else None


def named_user(args: argparse.Namespace) -> str:
    """The user named by --user or CLINICDESK_USER, for a command that must know it."""
    name = getattr(args, "user", None) or os.environ.get(ENV_USER, "").strip()
    if not name:
        raise AuthenticationError(
            _("Say who you are."), hint="clinicdesk --user NAME COMMAND … (or CLINICDESK_USER)"
        )
    return str(name)


def take_password_from_stdin(args: argparse.Namespace) -> None:
    """With --password-stdin (before the command), read the sign-in password now, before
    the command reads anything: it is always the first line, whatever the command reads
    after it (a new user's password, say)."""
    if getattr(args, "sign_in_password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise AuthenticationError(
                _("No password arrived on standard input."),
                hint=_("With --password-stdin the first line of standard input is the password."),
            )
        args.sign_in_password = line.rstrip("\r\n")


def read_sign_in_password(args: argparse.Namespace, username: str) -> str:
    given = getattr(args, "sign_in_password", None)
    if given is not None:
        return str(given)
    if not sys.stdin.isatty():
        raise AuthenticationError(
            _("No terminal to ask for {username}'s password.").format(username=username),
            hint=_(
                "Pass --password-stdin (before the command) and pipe the "
                "password in; a scheduled run uses a token in {ENV_TOKEN} "
                "instead."
            ).format(ENV_TOKEN=ENV_TOKEN),
        )
    return getpass.getpass(f"ClinicDesk password for {username}: ")


def _with_password(args: argparse.Namespace, db: Database, username: str) -> Principal:
    from clinicdesk.services import auth

    password = read_sign_in_password(args, username)
    with db.uow() as uow:
        principal = auth.sign_in(uow, username, password)
    with db.uow(read_only=True) as uow:
        must_change = auth.must_change_password(uow, principal)
    if must_change:
        raise PermissionDenied(
            _("{username} must choose a new password before doing anything else.").format(
                username=principal.username
            ),
            hint=_("Run: clinicdesk --user {username} users passwd").format(
                username=principal.username
            ),
        )
    return principal


def _with_token(args: argparse.Namespace, db: Database, secret: str) -> Principal:
    from clinicdesk.services import tokens

    with db.uow() as uow:
        signed_in = tokens.sign_in_with_token(uow, secret)
    wanted = os.environ.get(ENV_USER, "").strip().lower()
    if wanted and wanted != signed_in.principal.username:
        raise AuthenticationError(
            _(
                "The token in {ENV_TOKEN} belongs to {username}, not to {wanted} ({ENV_USER})."
            ).format(
                ENV_TOKEN=ENV_TOKEN,
                username=signed_in.principal.username,
                wanted=wanted,
                ENV_USER=ENV_USER,
            ),
            hint=_("Unset one of {ENV_TOKEN} and {ENV_USER}.").format(
                ENV_TOKEN=ENV_TOKEN, ENV_USER=ENV_USER
            ),
        )
    command = command_path(args)
    if not signed_in.allows(command):
        raise tokens.scope_refusal(signed_in, command)
    left = signed_in.token.expires_at - utcnow()
    if left < tokens.RENEW_WITHIN:
        print(
            f"clinicdesk: note: this sign-in token expires on "
            f"{signed_in.token.expires_at:%Y-%m-%d}; make a new one "
            "(clinicdesk users token create) and revoke this one.",
            file=sys.stderr,
        )
    return signed_in.principal


def _os_principal() -> Principal:
    from clinicdesk.domain.roles import system_principal

    try:
        who = getpass.getuser()
    except Exception:  # getuser raises several kinds where no name is known
        who = "unknown"
    return system_principal(f"cli:{who}")


def resolve(args: argparse.Namespace, db: Database) -> Principal:
    """The principal this command runs as (see the module's docstring)."""
    if getattr(args, "user", None):
        return _with_password(args, db, args.user)
    secret = os.environ.get(ENV_TOKEN, "").strip()
    if secret:
        return _with_token(args, db, secret)
    from_env = os.environ.get(ENV_USER, "").strip()
    if from_env:
        return _with_password(args, db, from_env)
    if db.is_sqlite:
        return _os_principal()
    stored = _token_from_keyring(db)
    if stored:
        return _with_token(args, db, stored)
    raise AuthenticationError(_ON_POSTGRESQL, hint=_HOW)
