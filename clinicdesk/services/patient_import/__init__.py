"""Importing patients and their clinical facts: FHIR R4 files and folders, Synthea CSV
exports, and practice-management CSV files with a column mapping.

    report = import_fhir(db, actor, [Path("export/")], dry_run=False,
                         progress=lambda done, total, text: ..., cancelled=lambda: False)

Guarantees:
- each file is whole or absent: files are written several to a transaction (up to
  run.FILES_PER_TRANSACTION), together in one savepoint when they name none of one
  another's rows, else each in its own; a file that fails (malformed JSON, not FHIR, a
  database error) is rolled back whole, reported in `errors`, and the next file goes on
  while the files around it are committed (files written together that meet a failure
  are written again one by one);
- idempotent: patients are found again by their source identifier (PatientIdentifier
  system + value), encounters and events by `external_id`; a second import updates;
- a dry run does the same work in one transaction with a savepoint per file and rolls it
  all back, so its report is what the real import would say and nothing is written;
- cancelling (checked between batches) rolls back the current file; files already
  imported (including those in the current transaction) stay, and the report says
  `cancelled`;
- every committed file is audited ("patients.import", with its counts);
- every resource read is accounted for: `imported + sum(skipped) == resources` over the
  files that imported.

The package's modules: `report` (what an import did), `writing` (records written in
batches, so the cost per patient does not depend on the size of the clinic), `statements`
(what the writer runs, built once), `clinicians` (a visit's practitioner found among the
clinic's clinicians) and `run` (transactions, cancelling, audit and the three kinds of
input).
"""

from clinicdesk.services.patient_import.report import FileError, ImportReport
from clinicdesk.services.patient_import.run import (
    import_fhir,
    import_patients_csv,
    import_synthea_csv,
)

__all__ = [
    "FileError",
    "ImportReport",
    "import_fhir",
    "import_patients_csv",
    "import_synthea_csv",
]
