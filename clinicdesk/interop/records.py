"""What a reader hands the importer: one patient, one encounter, one coded event, or a
resource it skipped (with the reason, for the report).

Every record carries the source's stable key (`external_id`), so importing the same data
again finds and updates the same rows instead of adding new ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass
class PatientRecord:
    # (system, value) that identifies this patient in the source: how a re-import finds it
    key: tuple[str, str]
    mrn: str | None  # None: the importer gives a stable generated one
    family_name: str
    given_names: str
    birth_date: date | None
    sex: str  # female male other unknown
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    deceased_on: date | None = None
    deceased: bool = False
    # further identifiers (system, value): SSN, driver's licence, the source's MRN…
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    # the MRN is the clinic's own (a practice-management export): an existing patient
    # with it is this patient, not a clash
    match_mrn: bool = False
    # the identifier system the MRN came from: another patient with the same system and
    # value is the same person
    mrn_system: str | None = None


@dataclass
class EncounterRecord:
    external_id: str
    patient_ref: tuple[str, str]  # the patient's key
    start_at: datetime  # naive UTC
    end_at: datetime | None = None
    encounter_class: str | None = None
    system: str | None = None
    code: str | None = None
    display: str | None = None
    practitioner: str | None = None


@dataclass
class EventRecord:
    external_id: str
    patient_ref: tuple[str, str]
    kind: str  # condition observation procedure immunization medication
    system: str
    code: str
    occurred_on: date
    display: str | None = None
    ended_on: date | None = None
    value: Decimal | None = None
    unit: str | None = None
    value_text: str | None = None
    status: str | None = None
    encounter_ref: str | None = None  # the encounter's external_id


@dataclass
class Mapped:
    """What one source resource became: any number of records, or a skip. `notes` are
    caveats on what was imported (a partial date taken as 1 January, a value dropped)."""

    records: list[PatientRecord | EncounterRecord | EventRecord] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)


Record = PatientRecord | EncounterRecord | EventRecord
