"""What every command shares when it runs: the database it opens, who it acts as (signed
in when the database opens: cli/_signin.py), how it reads a password, prints JSON and
writes a file.

Nothing here imports a service: each command imports its own when it runs, so that the
window's start-up does not pay for the headless commands."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk import paths
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal


# The principal of the command being run, set by `database()` when it signs in.
_ACTOR: ContextVar[Principal | None] = ContextVar("clinicdesk_cli_actor", default=None)


def cli_principal() -> Principal:
    """Who this command acts for: the user signed in when `database()` opened (a named
    user, a token's user, or on SQLite the OS account; see cli/_signin.py)."""
    actor = _ACTOR.get()
    if actor is None:
        raise RuntimeError("cli_principal() outside `database(args)`, or with sign_in=False")
    return actor


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise ValidationError(_("No password arrived on standard input."))
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError(
            _("No terminal to ask for a password."), hint=_("Pass --password-stdin and pipe it in.")
        )
    first = getpass.getpass(prompt)
    second = getpass.getpass("Again: ")
    if first != second:
        raise ValidationError(_("The two passwords differ."))
    return first


@contextmanager
def database(
    args: argparse.Namespace, *, upgrade: bool = True, sign_in: bool | None = None
) -> Iterator[Database]:
    """The database named by --db (or the defaults), upgraded unless told otherwise, with
    the command's user signed in (`cli_principal()`), and closed afterwards.

    `sign_in` defaults to `upgrade`: a command that opens the database without upgrading
    it is schema upkeep (`db upgrade`, `db check`) that reads no clinic data and that the
    database login's own rights govern; on an old schema nobody could sign in anyway.
    Commands that make a clinic in an empty database (`init`, `demo create`) pass False:
    there is no user yet."""
    from clinicdesk.app import open_database
    from clinicdesk.cli import _signin

    db = open_database(args.db, upgrade=upgrade)
    token = None
    try:
        if upgrade if sign_in is None else sign_in:
            token = _ACTOR.set(_signin.resolve(args, db))
        yield db
    finally:
        if token is not None:
            _ACTOR.reset(token)
        db.dispose()


def print_json(data: object) -> None:
    """The one way a `--json` command prints: indented, dates and decimals as text."""
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def write_file(target: Path, data: bytes) -> None:
    """Write a finished document; a folder that is missing or read-only is a known error."""
    try:
        paths.create_private_file(target)  # readable by this account only
        target.write_bytes(data)
    except OSError as error:
        raise ValidationError(
            _("Could not write {target}: {value}").format(
                target=target, value=error.strerror or error
            )
        ) from error
