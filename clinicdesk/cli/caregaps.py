"""`clinicdesk caregaps` and `clinicdesk outreach`: evaluate the care-gap standards and
export the patients with a gap open."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("{text!r} is not a date.").format(text=text),
            hint=_("Write the date as YYYY-MM-DD, e.g. 2025-06-30."),
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
            _(
                "Care gaps are stale since {since} UTC ({value}): the data "
                "changed and the care gaps were not worked out again "
                "afterwards. Run `clinicdesk caregaps` to bring them up to "
                "date."
            ).format(since=since, value=state.reason or "an import")
        )
    else:
        print(_("Care gaps are up to date with the imported data."))
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
    print(
        _("Care gaps as of {as_of}, {scope}: {patients} active patients.").format(
            as_of=summary.as_of, scope=scope, patients=summary.patients
        )
    )
    print(
        _("{value:<42} {value2:>7} {value3:>9} {value4:>8} {value5:>8} {value6:>9}").format(
            value="standard",
            value2="version",
            value3="eligible",
            value4="met",
            value5="open",
            value6="excluded",
        )
    )
    for c in summary.standards:
        print(
            _(
                "{standard_id:<42} {version:>7} {eligible:>9} {met:>8} {open:>8} {excluded:>9}"
            ).format(
                standard_id=c.standard_id,
                version=c.version,
                eligible=c.eligible,
                met=c.met,
                open=c.open,
                excluded=c.excluded,
            )
        )
    if not summary.standards:
        print(_("No care-gap standard is in force on that date."))
    print(
        _(
            "{results} results; written: {inserted} new, {updated} "
            "changed, {deleted} removed (the others were already up to "
            "date)."
        ).format(
            results=summary.results,
            inserted=summary.inserted,
            updated=summary.updated,
            deleted=summary.deleted,
        )
    )
    return 0


def cmd_outreach(args: argparse.Namespace) -> int:
    from clinicdesk.services import outreach

    with database(args) as db, db.uow() as uow:
        count = outreach.export_outreach(
            uow, cli_principal(), args.standard, Path(args.out), clinician=args.clinician
        )
    print(
        _("Wrote {count} patient(s) with {standard} open to {out}.").format(
            count=count, standard=args.standard, out=args.out
        )
    )
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
        help=_("run (the default) or status: are the stored gaps stale after an import?"),
    )
    gaps.add_argument("--clinician", metavar="USER", help=_("only this clinician's panel"))
    gaps.add_argument("--as-of", metavar="DATE", help=_("evaluate as of this day (default today)"))
    add_json(gaps)
    out = command(
        subparsers,
        "outreach",
        cmd_outreach,
        "export the patients with one care gap open, from the last care-gap run",
    )
    out.add_argument("--standard", required=True, metavar="ID", help=_("e.g. care-gap.lipid-panel"))
    out.add_argument("--clinician", metavar="USER", help=_("only this clinician's panel"))
    out.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=_("FILE.csv (spreadsheet) or FILE.pdf (call sheet)"),
    )
