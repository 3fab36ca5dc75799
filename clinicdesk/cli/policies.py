"""`clinicdesk policies …`: where everyone stands with the federation's policies (or, for
staff who do not see the overview, where they stand themselves), acknowledging one as the
signed-in user, and the overview as PDF or CSV."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, date_arg, group
from clinicdesk.i18n import _


def _policy_json(policy: Any) -> dict[str, object]:
    return {
        "id": policy.policy_id,
        "version": policy.version,
        "title": policy.title,
        "acknowledged_by": "everyone" if policy.everyone else [r.value for r in policy.roles],
        "within_days": policy.within_days,
        "effective_from": policy.effective_from,
        "effective_to": policy.effective_to,
    }


def _cell_json(cell: Any) -> dict[str, object]:
    return {
        "state": cell.state.value,
        "version": cell.version,
        "due_by": cell.due_by,
        "acknowledged_on": cell.acknowledged_on,
        "on_time": cell.on_time,
    }


def _print_own(args: argparse.Namespace, mine: Any) -> int:
    if args.json:
        print_json(
            {
                "as_of": args.as_of or date.today(),
                "mine": [_policy_json(item.policy) | _cell_json(item.status) for item in mine],
            }
        )
        return 0
    if not mine:
        print(_("No policy applies to you on this day."))
    for item in mine:
        cell = item.status
        when = (
            f"acknowledged {cell.acknowledged_on}"
            if cell.acknowledged_on
            else f"acknowledge by {cell.due_by}"
        )
        print(
            f"  {item.policy.policy_id} v{item.policy.version}: {cell.state.label} ({when}) "
            f"— {item.policy.title}"
        )
    return 0


def cmd_policies_status(args: argparse.Namespace) -> int:
    from clinicdesk.domain.roles import Permission
    from clinicdesk.services import policies

    with database(args) as db, db.uow(read_only=True) as uow:
        actor = cli_principal()
        if not actor.can(Permission.VIEW_POLICY_STATUS):
            mine = policies.my_policies(uow, actor, args.as_of)
            overview = None
        else:
            overview = policies.policy_overview(uow, actor, args.as_of)
    if overview is None:
        return _print_own(args, mine)
    if args.json:
        print_json(
            {
                "as_of": overview.as_of,
                "policies": [
                    _policy_json(p)
                    | {
                        "acknowledged": overview.counts[p.policy_id].acknowledged,
                        "due": overview.counts[p.policy_id].due,
                        "late": overview.counts[p.policy_id].late,
                    }
                    for p in overview.policies
                ],
                "staff": [
                    {
                        "id": row.staff.id,
                        "name": row.staff.name,
                        "username": row.staff.username,
                        "job_roles": [r.value for r in row.staff.job_roles],
                        "cells": {c.policy_id: _cell_json(c) for c in row.cells},
                    }
                    for row in overview.rows
                ],
            }
        )
        return 0
    print(
        _("Policies as of {as_of}: {rows} staff").format(
            as_of=overview.as_of.isoformat(), rows=len(overview.rows)
        )
    )
    for policy in overview.policies:
        counts = overview.counts[policy.policy_id]
        print(
            f"  {policy.policy_id} v{policy.version} ({policy.who}, {policy.within_days} days): "
            f"acknowledged {counts.acknowledged}, due {counts.due}, late {counts.late}"
        )
    late = [
        (row.staff.name, cell) for row in overview.rows for cell in row.cells if cell.state.awaiting
    ]
    for name, cell in sorted(late, key=lambda item: (item[1].due_by, item[0])):
        print(
            f"  ! {name}: {cell.policy_id} v{cell.version} {cell.state.label.lower()}"
            f" (acknowledge by {cell.due_by})"
        )
    return 0


def cmd_policies_acknowledge(args: argparse.Namespace) -> int:
    from clinicdesk.services import policies

    with database(args) as db, db.uow() as uow:
        info = policies.acknowledge(uow, cli_principal(), args.policy, args.version)
    print(
        _(
            "{staff_name} acknowledged {policy_id} v{version} (“{title}”) on {acknowledged_on}."
        ).format(
            staff_name=info.staff_name,
            policy_id=info.policy_id,
            version=info.version,
            title=info.title,
            acknowledged_on=info.acknowledged_on.isoformat(),
        )
    )
    return 0


def cmd_policies_report(args: argparse.Namespace) -> int:
    from clinicdesk.services import policies

    with database(args) as db, db.uow() as uow:
        people = policies.export_overview(uow, cli_principal(), Path(args.out), args.as_of)
    print(
        _("Wrote the policy acknowledgements ({people} staff) to {out}").format(
            people=people, out=args.out
        )
    )
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "policies", "the federation's policies: who has acknowledged them")
    status = command(
        actions,
        "status",
        cmd_policies_status,
        "who has acknowledged each policy, who is due, who is late (your own without the "
        "overview's permission)",
    )
    status.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
    add_json(status)
    acknowledge = command(
        actions,
        "acknowledge",
        cmd_policies_acknowledge,
        "acknowledge, as the signed-in user, that you have read a policy",
    )
    acknowledge.add_argument("policy", metavar="ID")
    acknowledge.add_argument("--version", type=int, required=True, metavar="N")
    report = command(actions, "report", cmd_policies_report, "the overview as PDF or CSV")
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    report.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
