"""`clinicdesk audit verify`: walk the audit trail's hash chain."""

from __future__ import annotations

import argparse
import sys

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit

    with database(args) as db, db.uow() as uow:
        result = audit.verify(uow, cli_principal())
    if args.json:
        print_json(
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


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "audit", "the audit trail")
    add_json(command(actions, "verify", cmd_audit_verify, "check the audit trail's hash chain"))
