"""`clinicdesk init` and `clinicdesk users …`: the clinic's first administrator and the
user accounts."""

from __future__ import annotations

import argparse

from clinicdesk.cli._common import cli_principal, database, print_json, read_password
from clinicdesk.cli._parsing import Subparsers, add_json, add_password_stdin, command, group


def cmd_init(args: argparse.Namespace) -> int:
    from clinicdesk.services import setup

    password = read_password(args, "Password for the administrator: ")
    from clinicdesk.services import audit

    with database(args) as db:
        with db.uow() as uow:
            setup.initialise(uow, args.clinic_name, args.admin, args.admin_name or "", password)
        with db.uow(read_only=True) as uow:
            keyed = audit.keyed_from(uow) is not None
    print(f"Created clinic “{args.clinic_name}” with administrator {args.admin}.")
    if not keyed:
        print(
            "This computer has no keyring and no CLINICDESK_AUDIT_KEY_FILE, so the audit "
            "trail is not sealed with a key yet: run `clinicdesk audit key create` where one is."
        )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = read_password(args)
    with database(args) as db, db.uow() as uow:
        info = users.add_user(
            uow,
            cli_principal(),
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

    with database(args) as db, db.uow() as uow:
        rows = users.list_users(uow, cli_principal())
    if args.json:
        print_json(
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


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from clinicdesk.services import users

    with database(args) as db, db.uow() as uow:
        users.set_active(uow, cli_principal(), args.username, active)
    print(f"{'Enabled' if active else 'Disabled'} {args.username}.")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def cmd_users_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = read_password(args, f"New password for {args.username}: ")
    with database(args) as db, db.uow() as uow:
        users.reset_password(
            uow,
            cli_principal(),
            args.username,
            password,
            must_change_password=args.must_change_password,
        )
    print(f"Set a new password for {args.username}.")
    return 0


def register(subparsers: Subparsers) -> None:
    init = command(subparsers, "init", cmd_init, "create the clinic and its first administrator")
    init.add_argument("--clinic-name", required=True)
    init.add_argument("--admin", required=True, metavar="USERNAME")
    init.add_argument("--admin-name", metavar="DISPLAY_NAME")
    add_password_stdin(init)

    actions = group(subparsers, "users", "user accounts")
    add = command(actions, "add", cmd_users_add, "add a user account")
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
    add_password_stdin(add)
    add_json(command(actions, "list", cmd_users_list, "list user accounts"))
    command(actions, "disable", cmd_users_disable, "disable a user account").add_argument(
        "username"
    )
    command(actions, "enable", cmd_users_enable, "enable a disabled account").add_argument(
        "username"
    )
    password = command(actions, "set-password", cmd_users_set_password, "set a user's password")
    password.add_argument("username")
    password.add_argument(
        "--must-change-password",
        action="store_true",
        help="ask the user to choose a new password at next sign-in",
    )
    add_password_stdin(password)
