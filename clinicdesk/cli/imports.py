"""`clinicdesk import …`: patients and their clinical data from FHIR, Synthea CSV or a
practice-management patient list."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.services.patient_import import ImportReport


def _print_import_report(report: ImportReport, as_json: bool) -> int:
    if as_json:
        print_json(report.as_json())
    else:
        print(report.summary())
        for reason, count in sorted(report.skipped.items()):
            print(f"  skipped {count:>6}  {reason}")
        for note, count in sorted(report.notes.items()):
            print(f"  note    {count:>6}  {note}")
        for problem in report.problems:
            print(f"clinicdesk: {problem.file}: {problem.message}", file=sys.stderr)
    for error in report.errors:
        print(f"clinicdesk: {error.file}: {error.message}", file=sys.stderr)
    return report.exit_code


def cmd_import_fhir(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    with database(args) as db:
        report = patient_import.import_fhir(
            db, cli_principal(), [Path(p) for p in args.paths], dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


def cmd_import_synthea_csv(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    with database(args) as db:
        report = patient_import.import_synthea_csv(
            db, cli_principal(), Path(args.folder), dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


def _parse_map(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise ValidationError(
                f"--map {pair!r} is not COLUMN=FIELD.",
                hint=_("For example: --map Surname=family_name"),
            )
        mapping[column.strip()] = field.strip()
    return mapping


def cmd_import_csv(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    mapping = _parse_map(args.map or [])
    with database(args) as db:
        report = patient_import.import_patients_csv(
            db, cli_principal(), Path(args.file), mapping=mapping, dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


def register(subparsers: Subparsers) -> None:
    formats = group(
        subparsers, "import", "import patients and their clinical data", metavar="FORMAT"
    )
    fhir = command(
        formats,
        "fhir",
        cmd_import_fhir,
        "import FHIR R4 Bundles, resources or Bulk Data NDJSON (files or folders)",
    )
    fhir.add_argument("paths", nargs="+", metavar="PATH")
    synthea = command(
        formats, "synthea-csv", cmd_import_synthea_csv, "import a Synthea CSV export folder"
    )
    synthea.add_argument("folder", metavar="DIR")
    csv = command(formats, "csv", cmd_import_csv, "import a practice-management patient list (CSV)")
    csv.add_argument("--kind", required=True, choices=["patients"], help=_("what the rows are"))
    csv.add_argument("file", metavar="FILE")
    csv.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help=_(
            "read COLUMN as FIELD (mrn, family_name, given_names, "
            "birth_date, sex, phone, email, address, deceased_on); "
            "repeat for several"
        ),
    )
    for parser in (fhir, synthea, csv):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("report what would change; write nothing")
        )
        add_json(parser, "print the report as JSON")
