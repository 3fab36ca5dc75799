"""`clinicdesk attribution run`: attribute patients to the clinicians they see."""

from __future__ import annotations

import argparse
from datetime import date

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_attribution_run(args: argparse.Namespace) -> int:
    from clinicdesk.services import attribution

    with database(args) as db, db.uow() as uow:
        result = attribution.run_attribution(uow, cli_principal(), as_of=args.as_of)
    if args.json:
        print_json(result.as_json())
        return 0
    print(
        f"Attribution as of {result.as_of.isoformat()}: {result.considered} patients with "
        f"recent visits; {result.assigned} newly attributed, {result.changed} moved, "
        f"{result.unchanged} unchanged, {result.kept_manual} kept (manual), "
        f"{result.kept_future} kept (attributed after that date)."
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
        "--as-of", type=_iso_date, default=None, metavar="DATE", help="YYYY-MM-DD (today)"
    )
    add_json(run)
