"""`clinicdesk attribution run`: attribute patients to the clinicians they see."""

from __future__ import annotations

import argparse
from datetime import date

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.i18n import _


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date (YYYY-MM-DD)").format(text=text)
        ) from None


def cmd_attribution_run(args: argparse.Namespace) -> int:
    from clinicdesk.services import attribution

    with database(args) as db, db.uow() as uow:
        result = attribution.run_attribution(uow, cli_principal(), as_of=args.as_of)
    if args.json:
        print_json(result.as_json())
        return 0
    print(
        _(
            "Attribution as of {as_of}: {considered} patients with "
            "recent visits; {assigned} newly attributed, {changed} "
            "moved, {unchanged} unchanged, {kept_manual} kept (manual), "
            "{kept_future} kept (attributed after that date)."
        ).format(
            as_of=result.as_of.isoformat(),
            considered=result.considered,
            assigned=result.assigned,
            changed=result.changed,
            unchanged=result.unchanged,
            kept_manual=result.kept_manual,
            kept_future=result.kept_future,
        )
    )
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "attribution", "attribute patients to clinicians")
    run = command(
        actions,
        "run",
        cmd_attribution_run,
        "attribute every active patient to the clinician they saw most in 18 months",
    )
    run.add_argument(
        "--as-of", type=_iso_date, default=None, metavar="DATE", help=_("YYYY-MM-DD (today)")
    )
    add_json(run)
