"""`clinicdesk db …`: upgrade, check and back up the database; on a shared PostgreSQL
server, provision the roles the server enforces and give users their logins."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, add_password_stdin, command, group
from clinicdesk.domain.roles import system_principal
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with database(args, upgrade=False) as db:
        before = migrate.upgrade(db)
        after = migrate.status(db)
        regranted = _provision_again(db)
    if before.current == after.current:
        print(_("The database is up to date (schema {current}).").format(current=after.current))
    else:
        print(
            _("Upgraded the database from {value} to {current}.").format(
                value=before.current or "empty", current=after.current
            )
        )
    if regranted:
        print(
            _("The roles of prefix {regranted} were brought up to date.").format(
                regranted=regranted
            )
        )
    return 0


def _provision_again(db: Database) -> str | None:
    """On a schema with provisioned roles, grant the (possibly new) tables again: a table
    an upgrade adds has no grants until then. Returns the roles' prefix, if any."""
    from clinicdesk.db.roles import provisioned_prefix
    from clinicdesk.services import db_roles

    if db.is_sqlite:
        return None
    with db.uow() as uow:
        prefix = provisioned_prefix(uow.session.connection())
        if prefix is None:
            return None
        # Schema upkeep with the owner's connection, like the upgrade itself: no ClinicDesk
        # user signs in (there may be none able to, mid-upgrade); audited as the upgrade.
        owner = system_principal(f"db upgrade ({getpass.getuser()})")
        db_roles.provision_roles(uow, owner, prefix)
    return prefix


def cmd_db_check(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with database(args, upgrade=False) as db:
        problems = migrate.check(db)
    if problems:
        print(_("The database schema does not match this version of ClinicDesk:"), file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    print(
        _("The database schema matches the program (schema {migrate}).").format(
            migrate=migrate.head_revision()
        )
    )
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from clinicdesk.services import maintenance

    with database(args) as db:
        target = maintenance.backup(db, cli_principal(), Path(args.to))
    print(_("Backup written to {target}").format(target=target))
    return 0


def cmd_db_provision_roles(args: argparse.Namespace) -> int:
    from clinicdesk.cli._common import read_password
    from clinicdesk.services import db_roles

    gate_password = (
        read_password(args, "Password for the gate login: ") if args.password_stdin else None
    )
    with database(args) as db, db.uow() as uow:
        result = db_roles.provision_roles(
            uow, cli_principal(), args.prefix, gate_password=gate_password
        )
    if args.json:
        print_json(
            {
                "schema": result.schema,
                "groups": list(result.groups),
                "gate": result.gate,
                "tables": result.tables,
                "policies": result.policies,
                "logins_synced": result.logins_synced,
            }
        )
        return 0
    print(
        _(
            "Roles provisioned on schema {schema}: {value} ({tables} "
            "tables granted, {policies} row policies), gate login "
            "{gate}; {logins_synced} user logins brought up to date."
        ).format(
            schema=result.schema,
            value=", ".join(result.groups),
            tables=result.tables,
            policies=result.policies,
            gate=result.gate,
            logins_synced=result.logins_synced,
        )
    )
    print(_("Give each user a login with `clinicdesk db grant-login USER --password-stdin`."))
    return 0


def cmd_db_grant_login(args: argparse.Namespace) -> int:
    from clinicdesk.cli._common import read_password
    from clinicdesk.services import db_roles

    password = read_password(args, f"{args.username}'s ClinicDesk password: ")
    with database(args) as db, db.uow() as uow:
        info = db_roles.grant_login(
            uow, cli_principal(), args.username, password=password, prefix=args.prefix
        )
    roles = ", ".join(role.value for role in info.roles) or "no role"
    state = "may log in" if info.can_log_in else "may not log in (the account is disabled)"
    print(
        _("{username} signs in to the database as {login} ({roles}); it {state}.").format(
            username=info.username, login=info.login, roles=roles, state=state
        )
    )
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "db", "database upkeep: upgrade, check, backup")
    command(actions, "upgrade", cmd_db_upgrade, "bring the database schema up to date")
    command(actions, "check", cmd_db_check, "check that the schema matches this program")
    backup = command(actions, "backup", cmd_db_backup, "write a consistent copy of the database")
    backup.add_argument("--to", required=True, metavar="FILE", help=_("the new backup file"))
    provision = command(
        actions,
        "provision-roles",
        cmd_db_provision_roles,
        "PostgreSQL, as the database owner: create or update the roles, grants and row "
        "policies the server enforces (run again after every upgrade)",
    )
    provision.add_argument(
        "--prefix",
        default="clinicdesk",
        help=_(
            "start of every role name (roles are shared by the whole server; default clinicdesk)"
        ),
    )
    provision.add_argument(
        "--gate-password-stdin",
        dest="password_stdin",
        action="store_true",
        help=_(
            "set the gate login's password (workstations connect with it "
            "before anyone signs in) from the first line of standard "
            "input"
        ),
    )
    add_json(provision)
    login = command(
        actions,
        "grant-login",
        cmd_db_grant_login,
        "PostgreSQL, as the database owner: give a user a database login holding their "
        "roles' rights, or bring it up to date after their roles changed",
    )
    login.add_argument("username", metavar="USER")
    login.add_argument(
        "--prefix", default=None, help=_("the prefix the roles were provisioned with")
    )
    add_password_stdin(login)
