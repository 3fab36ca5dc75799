"""`clinicdesk db …`: upgrade, check and back up the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clinicdesk.cli._common import cli_principal, database
from clinicdesk.cli._parsing import Subparsers, command, group


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with database(args, upgrade=False) as db:
        before = migrate.upgrade(db)
        after = migrate.status(db)
    if before.current == after.current:
        print(f"The database is up to date (schema {after.current}).")
    else:
        print(f"Upgraded the database from {before.current or 'empty'} to {after.current}.")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with database(args, upgrade=False) as db:
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

    with database(args) as db:
        target = maintenance.backup(db, cli_principal(), Path(args.to))
    print(f"Backup written to {target}")
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "db", "database upkeep: upgrade, check, backup")
    command(actions, "upgrade", cmd_db_upgrade, "bring the database schema up to date")
    command(actions, "check", cmd_db_check, "check that the schema matches this program")
    backup = command(actions, "backup", cmd_db_backup, "write a consistent copy of the database")
    backup.add_argument("--to", required=True, metavar="FILE", help="the new backup file")
