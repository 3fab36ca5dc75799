"""FHIR R4 input: Bundles of any type, single resources and Bulk Data NDJSON, streamed.

    files, _ignored = expand(paths)              # files, folders; detected by content
    for path in files:
        source = FhirSource(path)
        for item in source.resources():          # one resource at a time
            mapped = source.mapper.map(item)     # -> PatientRecord / EncounterRecord /
                                                 #    EventRecord(s), or a skip reason

Memory: a Bundle's `entry` array is decoded one entry at a time (jsonstream), NDJSON
one line at a time. Per file the mapper keeps a small index (fullUrl -> type/id, and the
names of practitioners and codes of medications seen in the file) so that `urn:uuid:`
references resolve; nothing is kept across files. References to patients in other
files (Bulk Data: Observation.ndjson -> Patient/<id>) are resolved by the importer
against the database, which is why Patient files are read first.

Not-quite-R4 input (Synthea 2.2's early exporter: STU3 `Immunization.date`, `notGiven`,
`context` instead of `encounter`, bare-string statuses, `assertedDate`) is read where it
maps sensibly; anything else is skipped with a reason.

The package's modules: `source` (files and streaming), `mapper` (resources to records) and
`elements` (FHIR data types read leniently).
"""

from clinicdesk.interop.fhir.elements import CVX, ICD10, LOINC, RXNORM, SNOMED
from clinicdesk.interop.fhir.mapper import MAPPED_TYPES, PATIENT_SYSTEM, Mapper
from clinicdesk.interop.fhir.source import FhirSource, Item, SourceError, expand

__all__ = [
    "CVX",
    "ICD10",
    "LOINC",
    "MAPPED_TYPES",
    "PATIENT_SYSTEM",
    "RXNORM",
    "SNOMED",
    "FhirSource",
    "Item",
    "Mapper",
    "SourceError",
    "expand",
]
