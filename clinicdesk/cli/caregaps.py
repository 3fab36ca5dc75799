"""`clinicdesk caregaps` and `clinicdesk outreach`: evaluate the care-gap standards and
export the patients with a gap open."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command
from clinicdesk.errors import ValidationError


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date.", hint="Write the date as YYYY-MM-DD, e.g. 2025-06-30."
        ) from None


def cmd_caregaps_status(args: argparse.Namespace) -> int:
    """Whether an import since the last clinic-wide run left the stored gaps stale
    (the program stopped before its care-gap run); exit 1 when they are."""
    from clinicdesk.services import caregaps

    with database(args) as db, db.uow(read_only=True) as uow:
        state = caregaps.freshness(uow)
    since = state.stale_since.isoformat(sep=" ", timespec="minutes") if state.stale_since else None
    if args.json:
        print_json({"stale": state.stale, "stale_since": since, "reason": state.reason or None})
    elif state.stale:
        print(
            f"Care gaps are stale since {since} UTC ({state.reason or 'an import'}): the "
            "data changed and the care gaps were not worked out again afterwards. "
            "Run `clinicdesk caregaps` to bring them up to date."
        )
    else:
        print("Care gaps are up to date with the imported data.")
    return 1 if state.stale else 0


def cmd_caregaps(args: argparse.Namespace) -> int:
    from clinicdesk.services import caregaps

    if args.action == "status":
        return cmd_caregaps_status(args)
    with database(args) as db, db.uow() as uow:
        summary = caregaps.evaluate_clinic(
            uow, cli_principal(), as_of=_as_of(args.as_of), clinician=args.clinician
        )
    if args.json:
        print_json(
            {
                "as_of": summary.as_of.isoformat(),
                "clinician": summary.clinician,
                "patients": summary.patients,
                "results": summary.results,
                "written": {
                    "inserted": summary.inserted,
                    "updated": summary.updated,
                    "deleted": summary.deleted,
                    "panel": summary.panel_written,
                },
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
    print(
        f"{summary.results} results; written: {summary.inserted} new, {summary.updated} "
        f"changed, {summary.deleted} removed (the others were already up to date)."
    )
    return 0


def cmd_outreach(args: argparse.Namespace) -> int:
    from clinicdesk.services import outreach

    with database(args) as db, db.uow() as uow:
        count = outreach.export_outreach(
            uow, cli_principal(), args.standard, Path(args.out), clinician=args.clinician
        )
    print(f"Wrote {count} patient(s) with {args.standard} open to {args.out}.")
    return 0


def register(subparsers: Subparsers) -> None:
    gaps = command(
        subparsers,
        "caregaps",
        cmd_caregaps,
        "evaluate every care-gap standard in force and print the counts per standard; "
        "`caregaps status` says whether an import left them stale (exit 1 if so)",
    )
    gaps.add_argument(
        "action",
        nargs="?",
        choices=("run", "status"),
        default="run",
        help="run (the default) or status: are the stored gaps stale after an import?",
    )
    gaps.add_argument("--clinician", metavar="USER", help="only this clinician's panel")
    gaps.add_argument("--as-of", metavar="DATE", help="evaluate as of this day (default today)")
    add_json(gaps)
    out = command(
        subparsers,
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
