"""How every sub-command's parser is made: its --db, --json and --password-stdin, and the
argument types the areas share."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

from clinicdesk.i18n import _

Handler: TypeAlias = Callable[[argparse.Namespace], int]
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


# --- argument types ------------------------------------------------------------------------


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date (YYYY-MM-DD)").format(text=text)
        ) from None


# --- building the parser -------------------------------------------------------------------


def add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands suppress the default so they do not overwrite a --db given before them.
    parser.add_argument(
        "--db",
        default=None if top else argparse.SUPPRESS,
        metavar="URL",
        help=_(
            "database address: sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB (default: "
            "CLINICDESK_DB_URL, then Settings, then the file in your "
            "data folder)"
        ),
    )


def add_password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the first line of standard input"),
    )


def add_json(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    parser.add_argument("--json", action="store_true", help=help_text)


def command(
    subparsers: Subparsers, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """A sub-command that runs `handler` and accepts --db."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    add_db(parser)
    return parser


def group(subparsers: Subparsers, name: str, help_text: str, metavar: str = "ACTION") -> Subparsers:
    """A command with actions of its own (`clinicdesk NAME ACTION …`)."""
    parser = subparsers.add_parser(name, help=help_text)
    dest = f"{name}_command"
    return parser.add_subparsers(dest=dest, metavar=metavar, required=True)
