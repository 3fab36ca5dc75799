"""The window (the default when no command is given) and `clinicdesk self-test`."""

from __future__ import annotations

import argparse
import os

from clinicdesk.cli._common import database
from clinicdesk.cli._parsing import Subparsers


def cmd_self_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clinicdesk.ui.selftest import run_self_test

    return run_self_test(verbose=args.verbose)


def cmd_gui(args: argparse.Namespace) -> int:
    if args.demo and args.db:
        # Refused here, on the terminal, before any window: only a demo clinic opens
        # without a password.
        from clinicdesk.errors import PermissionDenied
        from clinicdesk.services import demo

        with database(args, sign_in=False) as db, db.uow(read_only=True) as uow:
            if not demo.is_demo(uow):
                raise PermissionDenied(
                    "--demo with --db opens only a demo clinic made by `clinicdesk demo "
                    "create`; this database is a real clinic.",
                    hint="Leave out --demo and sign in with your user name and password.",
                )
    from clinicdesk.ui.application import run_gui

    return run_gui(db_url=args.db, demo=args.demo)


def register(subparsers: Subparsers) -> None:
    self_test = subparsers.add_parser(
        "self-test",
        help="open the window offscreen on a temporary database, sign in, visit every area",
    )
    self_test.set_defaults(handler=cmd_self_test)
