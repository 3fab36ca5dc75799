"""The command line: the GUI by default, sub-commands for headless work.

The CLI and the GUI are two doors into the same services. Known errors print their
message (and what to do) to stderr and exit with the error's code; bugs print a
traceback and exit 70.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk import __version__
from clinicdesk.errors import ValidationError, run_command

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal


def _cli_principal() -> Principal:
    from clinicdesk.domain.roles import system_principal

    try:
        who = getpass.getuser()
    except Exception:  # getuser raises several kinds where no name is known
        who = "unknown"
    return system_principal(f"cli:{who}")


def _read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
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
def _database(args: argparse.Namespace, *, upgrade: bool = True) -> Iterator[Database]:
    """The database named by --db (or the defaults), upgraded unless told otherwise, and
    closed afterwards."""
    from clinicdesk.app import open_database

    db = open_database(args.db, upgrade=upgrade)
    try:
        yield db
    finally:
        db.dispose()


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


# --- db ------------------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with _database(args, upgrade=False) as db:
        before = migrate.upgrade(db)
        after = migrate.status(db)
    if before.current == after.current:
        print(f"The database is up to date (schema {after.current}).")
    else:
        print(f"Upgraded the database from {before.current or 'empty'} to {after.current}.")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with _database(args, upgrade=False) as db:
        problems = migrate.check(db)
    if problems:
        print("The database schema does not match this version of ClinicDesk:", file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    print(f"The database schema matches the program (schema {migrate.head_revision()}).")
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from clinicdesk.services import maintenance

    with _database(args) as db:
        target = maintenance.backup(db, _cli_principal(), Path(args.to))
    print(f"Backup written to {target}")
    return 0


# --- setup and users -------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from clinicdesk.services import setup

    password = _read_password(args, "Password for the administrator: ")
    with _database(args) as db, db.uow() as uow:
        setup.initialise(uow, args.clinic_name, args.admin, args.admin_name or "", password)
    print(f"Created clinic “{args.clinic_name}” with administrator {args.admin}.")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = _read_password(args)
    with _database(args) as db, db.uow() as uow:
        info = users.add_user(
            uow,
            _cli_principal(),
            args.username,
            args.display_name or args.username,
            args.role,
            password,
            must_change_password=args.must_change_password,
        )
    print(f"Added {info.username} ({info.roles_label}).")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        rows = users.list_users(uow, _cli_principal())
    if args.json:
        _print_json(
            [
                {
                    "username": u.username,
                    "display_name": u.display_name,
                    "roles": sorted(r.value for r in u.roles),
                    "active": u.active,
                    "locked_until": u.locked_until,
                    "last_sign_in_at": u.last_sign_in_at,
                }
                for u in rows
            ]
        )
        return 0
    for u in rows:
        state = "active" if u.active else "disabled"
        print(f"{u.username:<24} {u.display_name:<30} {u.roles_label:<30} {state}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        users.set_active(uow, _cli_principal(), args.username, False)
    print(f"Disabled {args.username}.")
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        users.set_active(uow, _cli_principal(), args.username, True)
    print(f"Enabled {args.username}.")
    return 0


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = _read_password(args, f"New password for {args.username}: ")
    with _database(args) as db, db.uow() as uow:
        users.reset_password(
            uow,
            _cli_principal(),
            args.username,
            password,
            must_change_password=args.must_change_password,
        )
    print(f"Set a new password for {args.username}.")
    return 0


# --- audit -------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit

    with _database(args) as db, db.uow() as uow:
        result = audit.verify(uow, _cli_principal())
    if args.json:
        _print_json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "broken_seq": result.broken_seq,
                "problem": result.problem,
            }
        )
    else:
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


# --- federation -------------------------------------------------------------------------------


def _read_api_key(args: argparse.Namespace) -> str:
    if args.api_key_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise ValidationError("No API key arrived on standard input.")
        return line.strip()
    if not sys.stdin.isatty():
        raise ValidationError(
            "No terminal to ask for the API key.", hint="Pass --api-key-stdin and pipe it in."
        )
    return getpass.getpass("Federation API key: ").strip()


def cmd_federation_connect(args: argparse.Namespace) -> int:
    from clinicdesk.errors import ConfigurationError, NotFoundError
    from clinicdesk.federation import credentials
    from clinicdesk.federation.client import HubClient, check_hub_url
    from clinicdesk.services import federation_link, setup

    hub_url = check_hub_url(args.hub)
    clinic_id = args.clinic_id.strip()
    key = _read_api_key(args)
    with _database(args) as db:
        with db.uow(read_only=True) as uow:
            if setup.clinic_info(uow) is None:
                raise NotFoundError(
                    "This database has no clinic yet.",
                    hint="Set up the clinic first (clinicdesk init), then connect it.",
                )
        with HubClient(hub_url, key) as client:
            info = client.clinic()
        if info.clinic_id != clinic_id:
            raise ConfigurationError(
                f"This API key belongs to the federation's clinic {info.clinic_id}, "
                f"not {clinic_id}.",
                hint="Check the clinic id and the key the federation gave you.",
            )
        credentials.store_api_key(hub_url, clinic_id, key)
        with db.uow(read_only=True) as uow:
            previous = federation_link.current_link(uow)
        with db.uow() as uow:
            link = federation_link.connect(uow, _cli_principal(), hub_url, clinic_id)
    if previous is not None and previous != link:
        # The key for the old hub or clinic is of no use any more.
        credentials.delete_api_key(previous.hub_url, previous.clinic_id)
    print(f"Connected to {hub_url} as “{info.name}” ({clinic_id}).")
    return 0


def cmd_federation_disconnect(args: argparse.Namespace) -> int:
    from clinicdesk.federation import credentials
    from clinicdesk.services import federation_link

    with _database(args) as db, db.uow() as uow:
        previous = federation_link.disconnect(uow, _cli_principal())
    if previous is None:
        print("This clinic was not connected to a federation hub.")
        return 0
    try:
        removed = credentials.delete_api_key(previous.hub_url, previous.clinic_id)
    except credentials.KeyringUnavailable as error:
        # Without a keyring the key was never kept on this computer: nothing to delete.
        print(f"clinicdesk: note: {error.message}", file=sys.stderr)
        removed = False
    said = "; its API key was removed from the keyring" if removed else ""
    print(f"Disconnected from {previous.hub_url}{said}.")
    return 0


def cmd_federation_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import federation_link

    with _database(args) as db, db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
    if args.json:
        _print_json(status.as_json())
        return 0
    if not status.connected:
        print("Not connected to a federation hub.")
    else:
        print(f"Connected to {status.hub_url} as clinic {status.clinic_id}.")
    print(f"Last sync: {status.last_sync_at or 'never'}")
    for name, cursor in status.cursors.items():
        if cursor.last_error:
            print(f"Last error receiving {name} ({cursor.last_error_at}): {cursor.last_error}")
    outbox = status.outbox
    print(
        f"Outbox: {status.waiting} waiting, {outbox.get('dead', 0)} stopped, "
        f"{outbox.get('sent', 0)} sent"
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from clinicdesk.federation.sync import SyncEngine

    with _database(args) as db:
        report = SyncEngine(db).run_once()
    if args.json:
        _print_json(report.as_json())
    else:
        pulled = ", ".join(f"{count} {name}" for name, count in report.pulled.items())
        print(f"Received {pulled}; sent {report.pushed}.")
        print(f"Waiting: {report.pending}; stopped (need a person): {report.dead}.")
        for line in report.errors:
            print(f"clinicdesk: {line}", file=sys.stderr)
    return report.exit_code


# --- care gaps and outreach ----------------------------------------------------------------


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date.", hint="Write the date as YYYY-MM-DD, e.g. 2025-06-30."
        ) from None


def cmd_caregaps(args: argparse.Namespace) -> int:
    from clinicdesk.services import caregaps

    with _database(args) as db, db.uow() as uow:
        summary = caregaps.evaluate_clinic(
            uow, _cli_principal(), as_of=_as_of(args.as_of), clinician=args.clinician
        )
    if args.json:
        _print_json(
            {
                "as_of": summary.as_of.isoformat(),
                "clinician": summary.clinician,
                "patients": summary.patients,
                "results": summary.results,
                "standards": [
                    {
                        "id": c.standard_id,
                        "version": c.version,
                        "title": c.title,
                        "eligible": c.eligible,
                        "met": c.met,
                        "open": c.open,
                        "excluded": c.excluded,
                        "due_soon": c.due_soon,
                        "due": c.due,
                        "overdue": c.overdue,
                    }
                    for c in summary.standards
                ],
            }
        )
        return 0
    scope = f"panel of {summary.clinician}" if summary.clinician else "whole clinic"
    print(f"Care gaps as of {summary.as_of}, {scope}: {summary.patients} active patients.")
    print(f"{'standard':<42} {'version':>7} {'eligible':>9} {'met':>8} {'open':>8} {'excluded':>9}")
    for c in summary.standards:
        print(
            f"{c.standard_id:<42} {c.version:>7} {c.eligible:>9} {c.met:>8} {c.open:>8} "
            f"{c.excluded:>9}"
        )
    if not summary.standards:
        print("No care-gap standard is in force on that date.")
    return 0


def cmd_outreach(args: argparse.Namespace) -> int:
    from clinicdesk.services import outreach

    with _database(args) as db, db.uow() as uow:
        count = outreach.export_outreach(
            uow, _cli_principal(), args.standard, Path(args.out), clinician=args.clinician
        )
    print(f"Wrote {count} patient(s) with {args.standard} open to {args.out}.")
    return 0


# --- demo and self-test ----------------------------------------------------------------------


def cmd_demo_create(args: argparse.Namespace) -> int:
    from clinicdesk.services import demo, setup

    with _database(args) as db:
        with db.uow() as uow:
            if setup.is_initialised(uow):
                raise ValidationError(
                    "The database already holds a clinic.",
                    hint="Point --db at a new, empty database for the demo.",
                )
        with db.uow() as uow:
            summary = demo.create(uow, seed=args.seed)
    print(f"Demo clinic “{summary.clinic_name}” created in {db.description}.")
    print(f"Users: {', '.join(summary.usernames)}; password for all: {summary.password}")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clinicdesk.ui.selftest import run_self_test

    return run_self_test(verbose=args.verbose)


def cmd_gui(args: argparse.Namespace) -> int:
    from clinicdesk.ui.application import run_gui

    return run_gui(db_url=args.db, demo=args.demo)


# --- parser --------------------------------------------------------------------------------


def _add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands suppress the default so they do not overwrite a --db given before them.
    parser.add_argument(
        "--db",
        default=None if top else argparse.SUPPRESS,
        metavar="URL",
        help="database address: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB "
        "(default: CLINICDESK_DB_URL, then Settings, then the file in your data folder)",
    )


def _add_password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinicdesk",
        description="ClinicDesk: office software for a cooperative clinic. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ClinicDesk {__version__}")
    _add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away demo clinic, signed in as its manager",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str, group: object = sub
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)  # type: ignore[attr-defined]
        p.set_defaults(handler=handler)
        _add_db(p)
        return p

    db = sub.add_parser("db", help="database upkeep: upgrade, check, backup")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    command("upgrade", cmd_db_upgrade, "bring the database schema up to date", db_sub)
    command("check", cmd_db_check, "check that the schema matches this program", db_sub)
    backup = command("backup", cmd_db_backup, "write a consistent copy of the database", db_sub)
    backup.add_argument("--to", required=True, metavar="FILE", help="the new backup file")

    init = command("init", cmd_init, "create the clinic and its first administrator")
    init.add_argument("--clinic-name", required=True)
    init.add_argument("--admin", required=True, metavar="USERNAME")
    init.add_argument("--admin-name", metavar="DISPLAY_NAME")
    _add_password_stdin(init)

    users = sub.add_parser("users", help="user accounts")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = command("add", cmd_users_add, "add a user account", users_sub)
    add.add_argument("username")
    add.add_argument("--display-name", metavar="NAME")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help="admin, manager, clinician or front_desk (repeat for several)",
    )
    add.add_argument(
        "--no-must-change-password",
        dest="must_change_password",
        action="store_false",
        help="do not ask the user to choose a new password at first sign-in",
    )
    _add_password_stdin(add)
    lst = command("list", cmd_users_list, "list user accounts", users_sub)
    lst.add_argument("--json", action="store_true")
    dis = command("disable", cmd_users_disable, "disable a user account", users_sub)
    dis.add_argument("username")
    ena = command("enable", cmd_users_enable, "enable a disabled account", users_sub)
    ena.add_argument("username")
    pw = command("set-password", cmd_users_set_password, "set a user's password", users_sub)
    pw.add_argument("username")
    pw.add_argument(
        "--must-change-password",
        action="store_true",
        help="ask the user to choose a new password at next sign-in",
    )
    _add_password_stdin(pw)

    aud = sub.add_parser("audit", help="the audit trail")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    ver = command("verify", cmd_audit_verify, "check the audit trail's hash chain", aud_sub)
    ver.add_argument("--json", action="store_true")

    fed = sub.add_parser("federation", help="the link with the federation hub")
    fed_sub = fed.add_subparsers(dest="federation_command", metavar="ACTION", required=True)
    conn = command(
        "connect", cmd_federation_connect, "link this clinic to a federation hub", fed_sub
    )
    conn.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
    conn.add_argument("--clinic-id", required=True, metavar="ID", help="the federation's id")
    conn.add_argument(
        "--api-key-stdin",
        action="store_true",
        help="read the API key from the first line of standard input",
    )
    command(
        "disconnect",
        cmd_federation_disconnect,
        "unlink this clinic from its hub and remove the API key",
        fed_sub,
    )
    fst = command("status", cmd_federation_status, "show the link and the outbox", fed_sub)
    fst.add_argument("--json", action="store_true")
    syn = command("sync", cmd_sync, "one full sync with the federation hub")
    syn.add_argument("--json", action="store_true")

    gaps = command(
        "caregaps",
        cmd_caregaps,
        "evaluate every care-gap standard in force and print the counts per standard",
    )
    gaps.add_argument("--clinician", metavar="USER", help="only this clinician's panel")
    gaps.add_argument("--as-of", metavar="DATE", help="evaluate as of this day (default today)")
    gaps.add_argument("--json", action="store_true")
    out = command(
        "outreach",
        cmd_outreach,
        "export the patients with one care gap open, from the last care-gap run",
    )
    out.add_argument("--standard", required=True, metavar="ID", help="e.g. care-gap.lipid-panel")
    out.add_argument("--clinician", metavar="USER", help="only this clinician's panel")
    out.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="FILE.csv (spreadsheet) or FILE.pdf (call sheet)",
    )

    dem = sub.add_parser("demo", help="demo data")
    dem_sub = dem.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    create = command(
        "create", cmd_demo_create, "fill an empty database with a demo clinic", dem_sub
    )
    create.add_argument("--seed", type=int, default=1, help="same seed, same clinic")

    st = sub.add_parser(
        "self-test",
        help="open the window offscreen on a temporary database, sign in, visit every area",
    )
    st.set_defaults(handler=cmd_self_test)

    # Listed here for --help; `main` hands `clinicdesk hub …` to clinicdesk.hub.cli before
    # parsing, so the window's start-up never imports the hub's command table.
    sub.add_parser("hub", help="run and administer a federation hub (clinicdesk hub --help)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["hub"]:
        from clinicdesk.hub.cli import main as hub_main

        return hub_main(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_gui)
    if args.command is None and args.demo and args.db:
        parser.error("--demo opens its own throw-away database; leave out --db")
    from clinicdesk.app import configure_logging

    configure_logging(verbose=args.verbose, to_file=handler is cmd_gui)
    return run_command("clinicdesk", lambda: handler(args))
