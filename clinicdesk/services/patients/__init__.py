"""The patient registry: register and edit patients by hand, and read one patient's whole
record (demographics, identifiers, attribution history, timeline, care gaps).

Edits carry the version the person saw: a save from a second workstation that read an
older version is a ConflictError, never a silent overwrite. Every read of a record is an
audit event ("patient.view").

The package's modules: `types` (inputs and results), `validation`, `reading` (a patient and
their record) and `changing` (register and edit).
"""

from clinicdesk.services.patients.changing import register_patient, suggest_mrn, update_patient
from clinicdesk.services.patients.reading import get_patient, get_patient_detail
from clinicdesk.services.patients.types import (
    OPEN_STATES,
    SEXES,
    STATUSES,
    AttributionInfo,
    CareGapInfo,
    IdentifierInfo,
    PatientDetail,
    PatientInput,
    PatientSummary,
    TimelineEntry,
    age_on,
)
from clinicdesk.services.patients.validation import validate

__all__ = [
    "OPEN_STATES",
    "SEXES",
    "STATUSES",
    "AttributionInfo",
    "CareGapInfo",
    "IdentifierInfo",
    "PatientDetail",
    "PatientInput",
    "PatientSummary",
    "TimelineEntry",
    "age_on",
    "get_patient",
    "get_patient_detail",
    "register_patient",
    "suggest_mrn",
    "update_patient",
    "validate",
]
