"""`clinicdesk schedule install|remove|status`: the scheduled sync, registered with this
computer's own scheduler as the account that runs the command."""

from __future__ import annotations

import argparse

from clinicdesk.cli._common import print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.i18n import _


def _kind(args: argparse.Namespace) -> str:
    from clinicdesk.services import schedule

    return str(args.using) if args.using else schedule.detect()


def cmd_schedule_install(args: argparse.Namespace) -> int:
    from clinicdesk.services import schedule

    minutes = schedule.check_interval(args.every)
    command_ = schedule.sync_command(getattr(args, "db", None))
    done = schedule.install(_kind(args), command_, minutes)
    if args.json:
        print_json(done.as_json())
        return 0
    print(
        _("The sync runs every {every_minutes} minutes ({kind}: {where}).").format(
            every_minutes=done.every_minutes, kind=done.kind, where=done.where
        )
    )
    print(
        _(
            "A run without the account's keyring reads the API key from "
            "{env_file} (CLINICDESK_FEDERATION_API_KEY=…, mode 0600; "
            "installer/README.md)."
        ).format(env_file=done.env_file)
    )
    return 0


def cmd_schedule_remove(args: argparse.Namespace) -> int:
    from clinicdesk.services import schedule

    kind = _kind(args)
    if schedule.remove(kind):
        print(_("The scheduled sync was removed ({kind}).").format(kind=kind))
    else:
        print(_("No scheduled sync was installed ({kind}).").format(kind=kind))
    return 0


def cmd_schedule_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import schedule

    found = schedule.status(_kind(args))
    if args.json:
        print_json(found.as_json())
        return 0
    if not found.installed:
        print(
            _("No scheduled sync ({kind}). Add one with `clinicdesk schedule install`.").format(
                kind=found.kind
            )
        )
        return 0
    print(
        _("The sync runs every {every_minutes} minutes ({kind}: {where}).").format(
            every_minutes=found.every_minutes, kind=found.kind, where=found.where
        )
    )
    print(_("Command: {command}").format(command=found.command))
    print(_("Last run: {value}").format(value=found.last_run or "not yet"))
    if found.next_run:
        print(_("Next run: {next_run}").format(next_run=found.next_run))
    return 0


def register(subparsers: Subparsers) -> None:
    from clinicdesk.services.schedule import DEFAULT_INTERVAL, INTERVALS, KINDS

    actions = group(subparsers, "schedule", "the scheduled sync with the federation hub")
    install = command(
        actions,
        "install",
        cmd_schedule_install,
        "run `clinicdesk sync` every few minutes as this account (systemd user timer, "
        "cron or Task Scheduler); installing again replaces it",
    )
    install.add_argument(
        "--every",
        type=int,
        default=DEFAULT_INTERVAL,
        metavar="MINUTES",
        help=f"minutes between runs, one of {', '.join(map(str, INTERVALS))} "
        f"(default {DEFAULT_INTERVAL})",
    )
    add_json(install)
    remove = command(actions, "remove", cmd_schedule_remove, "take the scheduled sync out")
    status = command(actions, "status", cmd_schedule_status, "show the scheduled sync")
    add_json(status)
    for parser in (install, remove, status):
        parser.add_argument(
            "--using", choices=KINDS, help=_("the scheduler (default: this computer's own)")
        )
