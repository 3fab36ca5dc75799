"""What every command shares when it runs: the database it opens, who it acts as, how it
reads a password, prints JSON and writes a file.

Nothing here imports a service: each command imports its own when it runs, so that the
window's start-up does not pay for the headless commands."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk import paths
from clinicdesk.errors import ValidationError

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal


def cli_principal() -> Principal:
    """Whoever runs the command, recorded in the audit trail as `cli:<login name>`."""
    from clinicdesk.domain.roles import system_principal

    try:
        who = getpass.getuser()
    except Exception:  # getuser raises several kinds where no name is known
        who = "unknown"
    return system_principal(f"cli:{who}")


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise ValidationError("No password arrived on standard input.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError(
            "No terminal to ask for a password.", hint="Pass --password-stdin and pipe it in."
        )
    first = getpass.getpass(prompt)
    second = getpass.getpass("Again: ")
    if first != second:
        raise ValidationError("The two passwords differ.")
    return first


@contextmanager
def database(args: argparse.Namespace, *, upgrade: bool = True) -> Iterator[Database]:
    """The database named by --db (or the defaults), upgraded unless told otherwise, and
    closed afterwards."""
    from clinicdesk.app import open_database

    db = open_database(args.db, upgrade=upgrade)
    try:
        yield db
    finally:
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
        raise ValidationError(f"Could not write {target}: {error.strerror or error}") from error
