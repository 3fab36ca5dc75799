"""What the patient services take and return: plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from clinicdesk.domain.caregaps import OPEN_STATE_VALUES
from clinicdesk.domain.caregaps import age_on as whole_years_on

SEXES = ("female", "male", "other", "unknown")
STATUSES = ("active", "inactive", "deceased", "transferred")
# Open care-gap states, as Patient.open_gaps counts them: the domain's one definition.
OPEN_STATES = OPEN_STATE_VALUES


@dataclass(frozen=True)
class PatientInput:
    """What a person types to register or edit a patient."""

    mrn: str
    family_name: str
    given_names: str
    birth_date: date | None
    sex: str = "unknown"
    phone: str = ""
    email: str = ""
    address: str = ""
    status: str = "active"
    deceased_on: date | None = None


@dataclass(frozen=True)
class PatientSummary:
    id: int
    uuid: str
    mrn: str
    family_name: str
    given_names: str
    birth_date: date | None
    sex: str
    phone: str
    email: str
    address: str
    status: str
    deceased_on: date | None
    clinician_id: int | None
    clinician_name: str
    last_visit_on: date | None
    open_gaps: int
    next_due_on: date | None
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")

    def age_on(self, on: date) -> int | None:
        return age_on(self.birth_date, on)

    def as_input(self) -> PatientInput:
        return PatientInput(
            mrn=self.mrn,
            family_name=self.family_name,
            given_names=self.given_names,
            birth_date=self.birth_date,
            sex=self.sex,
            phone=self.phone,
            email=self.email,
            address=self.address,
            status=self.status,
            deceased_on=self.deceased_on,
        )


@dataclass(frozen=True)
class IdentifierInfo:
    system: str
    value: str
    label: str = ""  # the system's name for a person (services/identifiers.py)


@dataclass(frozen=True)
class AttributionInfo:
    id: int
    clinician_id: int
    clinician_name: str
    start_on: date
    end_on: date | None
    source: str
    reason: str
    created_by: str

    @property
    def current(self) -> bool:
        return self.end_on is None


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of the record: a visit or a coded event."""

    on: date
    kind: str  # encounter, condition, observation, procedure, immunization, medication
    system: str
    code: str
    display: str
    value: Decimal | None = None
    unit: str = ""
    value_text: str = ""
    clinician_name: str = ""
    ended_on: date | None = None

    @property
    def value_label(self) -> str:
        if self.value is not None:
            number = format(self.value.normalize(), "f")
            return f"{number} {self.unit}".strip()
        return self.value_text


@dataclass(frozen=True)
class CareGapInfo:
    standard_id: str
    standard_version: int
    title: str
    state: str
    due_on: date | None
    last_done_on: date | None
    explanation: str
    as_of: date

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class PatientDetail:
    patient: PatientSummary
    identifiers: list[IdentifierInfo] = field(default_factory=list)
    attributions: list[AttributionInfo] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    timeline_total: int = 0
    care_gaps: list[CareGapInfo] = field(default_factory=list)


def age_on(birth_date: date | None, on: date) -> int | None:
    """Whole years on `on`; None when the birth date is not known."""
    return None if birth_date is None else whole_years_on(birth_date, on)
