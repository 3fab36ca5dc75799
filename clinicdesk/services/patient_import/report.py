"""What an import did: the report a caller gets and one file's tally."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_number

MAX_PROBLEMS = 500


@dataclass(frozen=True)
class FileError:
    file: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do).

    `as_json()` is the `--json` output: files, patients_created, patients_updated,
    events, skipped {reason: count}, errors [{file, message}], plus resources (read in
    the files that imported), imported (of those, how many became rows), notes {caveat:
    count} and problems [{file, message}] (patient-level issues, the first 500).
    """

    files: int = 0
    patients_created: int = 0
    patients_updated: int = 0
    events: int = 0  # encounters and clinical events written (new or updated)
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    resources: int = 0
    imported: int = 0
    notes: dict[str, int] = field(default_factory=dict)
    problems: list[FileError] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False
    # Patients the attribution rule gave a clinician (or moved) after the import.
    attributed: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.cancelled else 0

    @property
    def accounted(self) -> bool:
        return self.imported + sum(self.skipped.values()) == self.resources

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "patients_created": self.patients_created,
            "patients_updated": self.patients_updated,
            "events": self.events,
            "skipped": dict(sorted(self.skipped.items())),
            "errors": [{"file": e.file, "message": e.message} for e in self.errors],
            "resources": self.resources,
            "imported": self.imported,
            "notes": dict(sorted(self.notes.items())),
            "problems": [{"file": p.file, "message": p.message} for p in self.problems],
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
            "attributed": self.attributed,
        }

    def summary(self) -> str:
        counts = {
            "files": format_number(self.files),
            "created": format_number(self.patients_created),
            "updated": format_number(self.patients_updated),
            "events": format_number(self.events),
            "skipped": format_number(sum(self.skipped.values())),
            "records": format_number(self.resources),
        }
        if self.dry_run:
            first = _(
                "Would import {files} file(s): {created} new patient(s), {updated} updated, "
                "{events} visit(s) and event(s); {skipped} of {records} record(s) skipped"
            )
        else:
            first = _(
                "Imported {files} file(s): {created} new patient(s), {updated} updated, "
                "{events} visit(s) and event(s); {skipped} of {records} record(s) skipped"
            )
        parts = [first.format(**counts)]
        if self.errors:
            parts.append(
                _("{count} file(s) could not be imported").format(
                    count=format_number(len(self.errors))
                )
            )
        if self.cancelled:
            parts.append(_("cancelled before the end"))
        if self.attributed:
            parts.append(
                _("{count} patient(s) attributed to a clinician by their visits").format(
                    count=format_number(self.attributed)
                )
            )
        return "; ".join(parts) + "."


@dataclass
class Tally:
    """One file's counts; merged into the report only when the file is kept."""

    created: int = 0
    updated: int = 0
    events: int = 0
    resources: int = 0
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def merge_into(self, report: ImportReport, file: str) -> None:
        report.files += 1
        report.patients_created += self.created
        report.patients_updated += self.updated
        report.events += self.events
        report.resources += self.resources
        report.imported += self.imported
        for key, count in self.skipped.items():
            report.skipped[key] = report.skipped.get(key, 0) + count
        for key, count in self.notes.items():
            report.notes[key] = report.notes.get(key, 0) + count
        for message in self.problems:
            if len(report.problems) < MAX_PROBLEMS:
                report.problems.append(FileError(file, message))
