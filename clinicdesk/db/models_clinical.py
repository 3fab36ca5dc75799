"""Patients and the clinical facts the care-gap standards need (DESIGN §4).

ClinicDesk is not an EHR: it keeps who the clinic's patients are, who looks after them
(dated attributions), their visits, and coded events (conditions, observations,
procedures, immunizations, medications) with dates and values.

The panel must open in milliseconds at 100,000 patients, so a patient row also carries
what the panel shows and filters on, kept current by the services that change it:
`name_key` (folded "family given" for prefix search), `clinician_id` (today's
attribution), `last_visit_on`, `open_gaps` and `next_due_on` (the last care-gap run).
The dated tables stay the truth; the columns are a cache a service can rebuild.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinicdesk.db.models import Base, new_uuid, utcnow


class Patient(Base):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    mrn: Mapped[str] = mapped_column(String(64), unique=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200))
    # casefolded, accents stripped "family given": prefix filter uses an index on it
    name_key: Mapped[str] = mapped_column(String(401))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(16), default="unknown")  # female male other unknown
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active")
    deceased_on: Mapped[date | None] = mapped_column(Date)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    last_visit_on: Mapped[date | None] = mapped_column(Date)
    open_gaps: Mapped[int] = mapped_column(Integer, default=0)
    next_due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_patient_name_key", "name_key"),
        Index("ix_patient_clinician_id_name_key", "clinician_id", "name_key"),
        Index("ix_patient_birth_date", "birth_date"),
        # Panel counts and name filters over active patients read these alone (0004).
        Index("ix_patient_clinician_id_status_name_key", "clinician_id", "status", "name_key"),
        Index("ix_patient_status_name_key", "status", "name_key"),
        # Today's count of active patients with open gaps reads this alone (0010).
        Index("ix_patient_status_open_gaps", "status", "open_gaps"),
    )


class PatientIdentifier(Base):
    """An id another system knows the patient by (FHIR resource id, Synthea id, the
    practice-management system's number): how a second import finds the same patient."""

    __tablename__ = "patient_identifier"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    system: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        UniqueConstraint("system", "value"),
        Index("ix_patient_identifier_patient_id", "patient_id"),
    )


class Attribution(Base):
    """Patient ↔ clinician from `start_on` to `end_on` (exclusive; null while current).
    `source` is "auto" (the visit rule) or "manual" (a person, with a reason); the rule
    never overrides a manual attribution."""

    __tablename__ = "attribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        Index("ix_attribution_patient_id_start_on", "patient_id", "start_on"),
        Index("ix_attribution_clinician_id_start_on", "clinician_id", "start_on"),
    )


class PanelCapacity(Base):
    """How many patients a clinician's panel is meant to hold."""

    __tablename__ = "panel_capacity"

    clinician_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)


class Encounter(Base):
    __tablename__ = "encounter"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    # the source system's id ("fhir:<id>", "synthea:<id>"): a second import updates
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime | None] = mapped_column(DateTime)
    encounter_class: Mapped[str | None] = mapped_column(String(40))
    system: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40))
    display: Mapped[str | None] = mapped_column(String(300))
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # who the source said saw the patient, kept as text when it names nobody we know
    practitioner: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        Index("ix_encounter_patient_id_start_at", "patient_id", "start_at"),
        Index("ix_encounter_clinician_id_start_at", "clinician_id", "start_at"),
    )


class ClinicalEvent(Base):
    """A coded, dated fact. `kind`: condition, observation, procedure, immunization,
    medication. `occurred_on` is onset / effective / performed / given / started;
    `ended_on` is abatement (conditions) or the end of a medication."""

    __tablename__ = "clinical_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    encounter_id: Mapped[int | None] = mapped_column(
        ForeignKey("encounter.id", ondelete="SET NULL")
    )
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    system: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    display: Mapped[str | None] = mapped_column(String(300))
    occurred_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    unit: Mapped[str | None] = mapped_column(String(40))
    value_text: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_clinical_event_patient_id_occurred_on", "patient_id", "occurred_on"),
        Index("ix_clinical_event_kind_system_code", "kind", "system", "code", "patient_id"),
    )


class CareGapResult(Base):
    """The latest evaluation of one care-gap standard for one patient. `state`: met,
    due_soon, due, overdue, not_applicable, excluded (only applicable states are kept
    by the clinic-wide run: a missing row means not applicable). `explanation` says why in
    words; `standard_id` + `standard_version` name the rule that produced it."""

    __tablename__ = "care_gap_result"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), primary_key=True
    )
    standard_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    standard_version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None] = mapped_column(Date)
    last_done_on: Mapped[date | None] = mapped_column(Date)
    explanation: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        Index("ix_care_gap_result_standard_id_state", "standard_id", "state"),
        # Today's count of overdue gaps over active patients reads the index alone (0010).
        Index("ix_care_gap_result_state_patient_id", "state", "patient_id"),
    )


class CareGapRun(Base):
    """The latest care-gap run of each scope ("clinic", or "clinician:<user id>" for a
    panel): the day the stored results of that scope describe. A run writes only the
    results that changed, so an unchanged result keeps the day it was written on; readers
    take the day from here (services/caregaps/freshness.py)."""

    __tablename__ = "care_gap_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), unique=True)
    as_of: Mapped[date] = mapped_column(Date)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime)


__all__ = [
    "Attribution",
    "CareGapResult",
    "CareGapRun",
    "ClinicalEvent",
    "Encounter",
    "PanelCapacity",
    "Patient",
    "PatientIdentifier",
]
