"""The command line: the GUI by default, sub-commands for headless work.

The CLI and the GUI are two doors into the same services. Known errors print their
message (and what to do) to stderr and exit with the error's code; bugs print a
traceback and exit 70.

Each area's module registers its own sub-commands and imports its services only when a
command runs. Opening the window (no command) does not even build the command table: a
parser of the top-level options alone recognises it, so the first frame pays for none
of the commands (DESIGN §9).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clinicdesk import __version__, i18n
from clinicdesk.cli import gui
from clinicdesk.cli._parsing import Handler, add_db
from clinicdesk.db.glance import MODELS_REVISION
from clinicdesk.errors import run_command
from clinicdesk.i18n import _

VERSION_TEXT = f"ClinicDesk {__version__} (database schema {MODELS_REVISION})"


def _add_top_level_options(parser: argparse.ArgumentParser, *, window: bool = False) -> None:
    """The options before any command (the window takes these alone). For the window's
    own pass `--version` is only noted: printed there it would answer a command's own
    `--version` option (`policies acknowledge ID --version N`)."""
    if window:
        parser.add_argument("--version", action="store_true", dest="show_version")
    else:
        parser.add_argument(
            "--version",
            action="version",
            version=VERSION_TEXT,
            help=_("show the version and the database schema revision it works with, and exit"),
        )
    add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_(
            "open a throw-away demo clinic, signed in as its manager "
            "(with --db: a demo clinic made by `demo create`, kept)"
        ),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=_(
            "act as this ClinicDesk user, signed in with their password "
            "(default: CLINICDESK_USER; a scheduled run uses a token in "
            "CLINICDESK_TOKEN). Required on PostgreSQL; on SQLite the "
            "command otherwise runs as your OS account"
        ),
    )
    parser.add_argument(
        "--password-stdin",
        dest="sign_in_password_stdin",
        action="store_true",
        help=_(
            "read the --user password from the first line of standard "
            "input (a command that reads a new password from standard "
            "input reads the next line)"
        ),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log more detail"))


def build_parser() -> argparse.ArgumentParser:
    from clinicdesk.cli import (
        anchors,
        attribution,
        audit,
        caregaps,
        db,
        demo,
        federation,
        imports,
        members,
        policies,
        revenue,
        schedule,
        training,
        users,
    )

    parser = argparse.ArgumentParser(
        prog="clinicdesk",
        description=_(
            "ClinicDesk: office software for a cooperative clinic. "
            "Without a command, opens the window."
        ),
    )
    _add_top_level_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # In the order `clinicdesk --help` lists them.
    areas = [db, users, audit, federation, schedule, revenue, imports, members, anchors]
    for area in [*areas, caregaps, training, policies, demo, attribution, gui]:
        area.register(subparsers)
    # Listed here for --help; `main` hands `clinicdesk hub …` to clinicdesk.hub.cli before
    # parsing, so the window's start-up never imports the hub's command table.
    subparsers.add_parser(
        "hub", help=_("run and administer a federation hub (clinicdesk hub --help)")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["hub"]:
        try:
            from clinicdesk.hub.cli import main as hub_main
        except ImportError:  # the frozen build leaves the hub out, or the extra is missing
            print(
                "clinicdesk: the federation hub is not part of this installation.\n"
                "Run it from a Python install with the hub extra: "
                "pip install 'clinicdesk[hub]'.",
                file=sys.stderr,
            )
            return 2
        return hub_main(arguments[1:])
    # Messages and --help in the language of this computer (or CLINICDESK_LANGUAGE); the
    # window then switches to the signed-in person's own choice.
    i18n.set_language(None)
    args = _window_arguments(arguments) or build_parser().parse_args(arguments)
    handler: Handler = getattr(args, "handler", gui.cmd_gui)
    from clinicdesk.app import configure_logging

    to_file = handler is gui.cmd_gui or getattr(args, "log_to_file", False)
    configure_logging(verbose=args.verbose, to_file=to_file)

    def run() -> int:
        if args.sign_in_password_stdin:
            from clinicdesk.cli._signin import take_password_from_stdin

            take_password_from_stdin(args)
        return handler(args)

    return run_command("clinicdesk", run)


def _window_arguments(arguments: list[str]) -> argparse.Namespace | None:
    """The options when they open the window (no command, no --help); None otherwise,
    and for anything the top-level parser would not take as it is: the full parser then
    runs the command or says what is wrong."""
    parser = argparse.ArgumentParser(prog="clinicdesk", add_help=False, exit_on_error=False)
    _add_top_level_options(parser, window=True)
    try:
        args, rest = parser.parse_known_args(arguments)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    if args.show_version:
        print(VERSION_TEXT)
        raise SystemExit(0)
    return args
