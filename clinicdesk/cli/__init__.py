"""The command line: the GUI by default, sub-commands for headless work.

The CLI and the GUI are two doors into the same services. Known errors print their
message (and what to do) to stderr and exit with the error's code; bugs print a
traceback and exit 70.

Each area's module registers its own sub-commands and imports its services only when a
command runs, so that opening the window pays for none of them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clinicdesk import __version__
from clinicdesk.cli import (
    attribution,
    audit,
    caregaps,
    db,
    demo,
    federation,
    gui,
    imports,
    members,
    revenue,
    training,
    users,
)
from clinicdesk.cli._parsing import Handler, add_db
from clinicdesk.errors import run_command

# In the order `clinicdesk --help` lists them.
_AREAS = (
    db,
    users,
    audit,
    federation,
    revenue,
    imports,
    members,
    caregaps,
    training,
    demo,
    attribution,
    gui,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinicdesk",
        description="ClinicDesk: office software for a cooperative clinic. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ClinicDesk {__version__}")
    add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away demo clinic, signed in as its manager (with --db: a demo "
        "clinic made by `demo create`, kept)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="act as this ClinicDesk user, signed in with their password (default: "
        "CLINICDESK_USER; a scheduled run uses a token in CLINICDESK_TOKEN). Required on "
        "PostgreSQL; on SQLite the command otherwise runs as your OS account",
    )
    parser.add_argument(
        "--password-stdin",
        dest="sign_in_password_stdin",
        action="store_true",
        help="read the --user password from the first line of standard input (a command "
        "that reads a new password from standard input reads the next line)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in _AREAS:
        area.register(subparsers)
    # Listed here for --help; `main` hands `clinicdesk hub …` to clinicdesk.hub.cli before
    # parsing, so the window's start-up never imports the hub's command table.
    subparsers.add_parser("hub", help="run and administer a federation hub (clinicdesk hub --help)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["hub"]:
        from clinicdesk.hub.cli import main as hub_main

        return hub_main(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Handler = getattr(args, "handler", gui.cmd_gui)
    from clinicdesk.app import configure_logging

    configure_logging(verbose=args.verbose, to_file=handler is gui.cmd_gui)
    from clinicdesk.cli._signin import take_password_from_stdin

    def run() -> int:
        take_password_from_stdin(args)
        return handler(args)

    return run_command("clinicdesk", run)
