"""The window (the default when no command is given) and `clinicdesk self-test`."""

from __future__ import annotations

import argparse
import os
import sys

from clinicdesk.cli._common import database
from clinicdesk.cli._parsing import Subparsers
from clinicdesk.i18n import _


def check_window_system(platform: str) -> None:
    """Before Qt starts: a platform plugin whose system libraries are missing would stop
    the program with Qt's bare "could not load the Qt platform plugin". Name the missing
    libraries and the command that installs them instead."""
    from clinicdesk.errors import ConfigurationError
    from clinicdesk.ui import platform_libs

    check = platform_libs.check_platform(platform)
    if check.plugin is None:
        raise ConfigurationError(platform_libs.report(check))
    if check.missing:
        family = platform_libs.os_family()
        lines = platform_libs.report(check, family).splitlines()
        raise ConfigurationError(
            "\n".join(lines[:-3]),
            hint="\n".join(lines[-3:]),
        )


def cmd_self_test(args: argparse.Namespace) -> int:
    if args.platform and args.platform != "offscreen":
        check_window_system(args.platform)
        from clinicdesk.ui import platform_libs

        print(f"self-test: {platform_libs.report(platform_libs.check_platform(args.platform))}")
        if args.platform == "xcb" and not os.environ.get("DISPLAY"):
            from clinicdesk.errors import ConfigurationError

            raise ConfigurationError(
                _("There is no X display to open the window on (DISPLAY is not set)."),
                hint=_(
                    "Run it inside a desktop session, or under a virtual one: "
                    "xvfb-run -a clinicdesk self-test --platform xcb"
                ),
            )
        os.environ["QT_QPA_PLATFORM"] = args.platform
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
                    hint=_("Leave out --demo and sign in with your user name and password."),
                )
    if _starts_on_xcb():
        check_window_system("xcb")
    from clinicdesk.ui.launch import run_window

    return run_window(db_url=args.db, demo=args.demo)


def _starts_on_xcb() -> bool:
    """Whether Qt will pick its X11 plugin: on Linux, with an X display and no other
    platform asked for (a Wayland session uses Qt's wayland plugin)."""
    if not sys.platform.startswith("linux"):
        return False
    asked = os.environ.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(":")[0] == "xcb"
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def register(subparsers: Subparsers) -> None:
    self_test = subparsers.add_parser(
        "self-test",
        help=_("open the window offscreen on a temporary database, sign in, visit every area"),
    )
    self_test.add_argument(
        "--platform",
        default="",
        metavar="NAME",
        help=_(
            "the Qt window system to test on the real screen (xcb for "
            "X11, wayland); first checks that its system libraries are "
            "installed and names the missing ones. Default: offscreen"
        ),
    )
    self_test.set_defaults(handler=cmd_self_test)
