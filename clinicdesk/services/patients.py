"""The patient registry: register and edit patients by hand, and read one patient's whole
record (demographics, identifiers, attribution history, timeline, care gaps).

Edits carry the version the person saw: a save from a second workstation that read an
older version is a ConflictError, never a silent overwrite. Every read of a record is an
audit event ("patient.view").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import (
    Attribution,
    CareGapResult,
    ClinicalEvent,
    Encounter,
    Patient,
    PatientIdentifier,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from clinicdesk.services import audit, requires

SEXES = ("female", "male", "other", "unknown")
STATUSES = ("active", "inactive", "deceased", "transferred")
# Open care-gap states (the gap counts in Patient.open_gaps); due_soon is a warning.
OPEN_STATES = ("due", "overdue")
GAP_STATES = ("met", "due_soon", "due", "overdue", "not_applicable", "excluded")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MRN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
EARLIEST_BIRTH = date(1900, 1, 1)


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
    if birth_date is None:
        return None
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


# --- validation -------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def validate(data: PatientInput, *, today: date | None = None) -> PatientInput:
    """The input tidied (spaces collapsed), or a ValidationError naming the field."""
    today = today or date.today()
    mrn = (data.mrn or "").strip()
    if not mrn:
        raise ValidationError(
            "Give the patient's medical record number (MRN).",
            field="mrn",
            hint="Every patient needs an MRN that no other patient has.",
        )
    if len(mrn) > 64 or not _MRN.match(mrn):
        raise ValidationError(
            f"“{mrn}” cannot be an MRN.",
            field="mrn",
            hint="Use up to 64 letters, digits, dots, dashes, slashes or underscores, "
            "starting with a letter or digit.",
        )
    family = _clean(data.family_name)
    given = _clean(data.given_names)
    if not family:
        raise ValidationError("Give the patient's family name.", field="family_name")
    if len(family) > 200 or len(given) > 200:
        raise ValidationError(
            "A name can be at most 200 characters long.",
            field="family_name" if len(family) > 200 else "given_names",
        )
    if data.birth_date is not None:
        if data.birth_date > today:
            raise ValidationError(
                f"The birth date {data.birth_date.isoformat()} is in the future.",
                field="birth_date",
            )
        if data.birth_date < EARLIEST_BIRTH:
            raise ValidationError(
                f"The birth date {data.birth_date.isoformat()} is before 1900.",
                field="birth_date",
                hint="Check the year; leave the birth date empty if it is not known.",
            )
    sex = (data.sex or "unknown").strip().lower()
    if sex not in SEXES:
        raise ValidationError(
            f"“{data.sex}” is not a sex ClinicDesk records.",
            field="sex",
            hint="Use female, male, other or unknown.",
        )
    status = (data.status or "active").strip().lower()
    if status not in STATUSES:
        raise ValidationError(
            f"“{data.status}” is not a patient status.",
            field="status",
            hint="Use active, inactive, deceased or transferred.",
        )
    deceased_on = data.deceased_on
    if deceased_on is not None:
        if status != "deceased":
            raise ValidationError(
                "A date of death is given but the status is not “deceased”.",
                field="status",
                hint="Set the status to deceased, or clear the date of death.",
            )
        if deceased_on > today:
            raise ValidationError("The date of death is in the future.", field="deceased_on")
        if data.birth_date is not None and deceased_on < data.birth_date:
            raise ValidationError(
                "The date of death is before the birth date.", field="deceased_on"
            )
    email = (data.email or "").strip()
    if email and (len(email) > 200 or not _EMAIL.match(email)):
        raise ValidationError(
            f"“{email}” is not an e-mail address.",
            field="email",
            hint="Write it as name@example.org, or leave it empty.",
        )
    phone = _clean(data.phone)
    if len(phone) > 64:
        raise ValidationError("The phone number is too long (64 characters at most).")
    return PatientInput(
        mrn=mrn,
        family_name=family,
        given_names=given,
        birth_date=data.birth_date,
        sex=sex,
        phone=phone,
        email=email,
        address=(data.address or "").strip(),
        status=status,
        deceased_on=deceased_on,
    )


def _mrn_taken(uow: UnitOfWork, mrn: str, except_id: int | None = None) -> bool:
    query = select(func.count(Patient.id)).where(Patient.mrn == mrn)
    if except_id is not None:
        query = query.where(Patient.id != except_id)
    return bool(uow.session.execute(query).scalar_one())


def _mrn_error(mrn: str) -> ValidationError:
    return ValidationError(
        f"Another patient already has the MRN “{mrn}”.",
        field="mrn",
        hint="Check whether this patient is already registered; MRNs are never shared.",
    )


# --- reading ----------------------------------------------------------------------------


def _clinician_names(uow: UnitOfWork, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = uow.session.execute(
        select(User.id, User.display_name).where(User.id.in_(sorted(ids)))
    ).all()
    return {row.id: row.display_name for row in rows}


def to_summary(patient: Patient, clinician_name: str = "") -> PatientSummary:
    return PatientSummary(
        id=patient.id,
        uuid=patient.uuid,
        mrn=patient.mrn,
        family_name=patient.family_name,
        given_names=patient.given_names,
        birth_date=patient.birth_date,
        sex=patient.sex,
        phone=patient.phone or "",
        email=patient.email or "",
        address=patient.address or "",
        status=patient.status,
        deceased_on=patient.deceased_on,
        clinician_id=patient.clinician_id,
        clinician_name=clinician_name,
        last_visit_on=patient.last_visit_on,
        open_gaps=patient.open_gaps or 0,
        next_due_on=patient.next_due_on,
        version=patient.version,
    )


def _load(uow: UnitOfWork, patient_id: int) -> Patient:
    patient = uow.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(
            "This patient is no longer in the registry.",
            hint="Refresh the list; someone may have removed or merged the record.",
        )
    return patient


def check_may_see(uow: UnitOfWork, actor: Principal, patient: Patient) -> None:
    """A clinician without VIEW_ALL_PANELS sees only the patients attributed to them."""
    if actor.can(Permission.VIEW_ALL_PANELS):
        return
    if actor.user_id is not None and patient.clinician_id == actor.user_id:
        return
    raise PermissionDenied(
        f"{actor.label} may not view the record of a patient in another clinician's panel.",
        hint="Ask the front desk to attribute the patient to you, or a manager to open it.",
    )


def _summary(uow: UnitOfWork, patient: Patient) -> PatientSummary:
    names = _clinician_names(uow, {patient.clinician_id} if patient.clinician_id else set())
    return to_summary(patient, names.get(patient.clinician_id or 0, ""))


@requires(Permission.VIEW_PATIENTS)
def get_patient(uow: UnitOfWork, actor: Principal, patient_id: int) -> PatientSummary:
    """Demographics only (for an edit form); audited as a view."""
    patient = _load(uow, patient_id)
    check_may_see(uow, actor, patient)
    summary = _summary(uow, patient)
    audit.record(uow, actor, "patient.view", "patient", patient.uuid, {"part": "demographics"})
    uow.commit()
    return summary


def standard_titles(uow: UnitOfWork, ids: set[str] | None = None) -> dict[str, str]:
    """Titles of care-gap standards: the newest stored version's, else the default
    shipped with the program (a clinic not yet synced stores none)."""
    from clinicdesk.db.models import Standard

    titles: dict[str, str] = {}
    rows = uow.session.execute(
        select(Standard.standard_id, Standard.title)
        .where(Standard.kind == "care_gap")
        .order_by(Standard.standard_id, Standard.version)
    ).all()
    for row in rows:
        titles[row.standard_id] = row.title
    missing = None if ids is None else ids - titles.keys()
    if missing is None or missing:
        for standard_id, title in _default_titles().items():
            titles.setdefault(standard_id, title)
    return titles


_DEFAULT_TITLES: dict[str, str] | None = None


def _default_titles() -> dict[str, str]:
    global _DEFAULT_TITLES
    if _DEFAULT_TITLES is None:
        import json

        from clinicdesk.errors import ConfigurationError
        from clinicdesk.services.federation_store import default_standards_dir

        titles: dict[str, str] = {}
        try:
            folder = default_standards_dir()
        except ConfigurationError:
            folder = None
        if folder is not None:
            for path in sorted(folder.glob("care-gap.*.json")):
                try:
                    document = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                titles[str(document.get("id", path.stem))] = str(document.get("title", ""))
        _DEFAULT_TITLES = titles
    return _DEFAULT_TITLES


def care_gaps_of(uow: UnitOfWork, patient_id: int) -> list[CareGapInfo]:
    rows = (
        uow.session.execute(select(CareGapResult).where(CareGapResult.patient_id == patient_id))
        .scalars()
        .all()
    )
    titles = standard_titles(uow, {r.standard_id for r in rows})
    order = {state: i for i, state in enumerate(("overdue", "due", "due_soon", "met"))}
    gaps = [
        CareGapInfo(
            standard_id=r.standard_id,
            standard_version=r.standard_version,
            title=titles.get(r.standard_id, r.standard_id),
            state=r.state,
            due_on=r.due_on,
            last_done_on=r.last_done_on,
            explanation=r.explanation,
            as_of=r.as_of,
        )
        for r in rows
    ]
    gaps.sort(key=lambda g: (order.get(g.state, 9), g.due_on or date.max, g.title))
    return gaps


def attribution_history(uow: UnitOfWork, patient_id: int) -> list[AttributionInfo]:
    clinician = aliased(User)
    rows = uow.session.execute(
        select(Attribution, clinician.display_name)
        .join(clinician, clinician.id == Attribution.clinician_id)
        .where(Attribution.patient_id == patient_id)
        .order_by(Attribution.start_on.desc(), Attribution.id.desc())
    ).all()
    return [
        AttributionInfo(
            id=a.id,
            clinician_id=a.clinician_id,
            clinician_name=name,
            start_on=a.start_on,
            end_on=a.end_on,
            source=a.source,
            reason=a.reason,
            created_by=a.created_by,
        )
        for a, name in rows
    ]


def timeline_of(uow: UnitOfWork, patient_id: int, limit: int) -> tuple[list[TimelineEntry], int]:
    """The newest `limit` visits and events, newest first, and how many there are."""
    session = uow.session
    clinician = aliased(User)
    encounters = session.execute(
        select(Encounter, clinician.display_name)
        .outerjoin(clinician, clinician.id == Encounter.clinician_id)
        .where(Encounter.patient_id == patient_id)
        .order_by(Encounter.start_at.desc(), Encounter.id.desc())
        .limit(limit)
    ).all()
    events = (
        session.execute(
            select(ClinicalEvent)
            .where(ClinicalEvent.patient_id == patient_id)
            .order_by(ClinicalEvent.occurred_on.desc(), ClinicalEvent.id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    total = session.execute(
        select(func.count()).select_from(Encounter).where(Encounter.patient_id == patient_id)
    ).scalar_one()
    total += session.execute(
        select(func.count())
        .select_from(ClinicalEvent)
        .where(ClinicalEvent.patient_id == patient_id)
    ).scalar_one()
    entries = [
        TimelineEntry(
            on=e.start_at.date(),
            kind="encounter",
            system=e.system or "",
            code=e.code or "",
            display=e.display or e.encounter_class or "Visit",
            clinician_name=name or e.practitioner or "",
        )
        for e, name in encounters
    ]
    entries += [
        TimelineEntry(
            on=ev.occurred_on,
            kind=ev.kind,
            system=ev.system,
            code=ev.code,
            display=ev.display or ev.code,
            value=ev.value,
            unit=ev.unit or "",
            value_text=ev.value_text or "",
            ended_on=ev.ended_on,
        )
        for ev in events
    ]
    entries.sort(key=lambda t: (t.on, t.kind == "encounter"), reverse=True)
    return entries[:limit], total


@requires(Permission.VIEW_PATIENTS)
def get_patient_detail(
    uow: UnitOfWork, actor: Principal, patient_id: int, *, timeline_limit: int = 500
) -> PatientDetail:
    """The whole record for the detail view; audited as a view."""
    patient = _load(uow, patient_id)
    check_may_see(uow, actor, patient)
    summary = _summary(uow, patient)
    identifiers = [
        IdentifierInfo(system=row.system, value=row.value)
        for row in uow.session.execute(
            select(PatientIdentifier)
            .where(PatientIdentifier.patient_id == patient_id)
            .order_by(PatientIdentifier.system, PatientIdentifier.value)
        ).scalars()
    ]
    timeline, total = timeline_of(uow, patient_id, timeline_limit)
    detail = PatientDetail(
        patient=summary,
        identifiers=identifiers,
        attributions=attribution_history(uow, patient_id),
        timeline=timeline,
        timeline_total=total,
        care_gaps=care_gaps_of(uow, patient_id),
    )
    audit.record(uow, actor, "patient.view", "patient", patient.uuid, {"part": "record"})
    uow.commit()
    return detail


# --- changing ---------------------------------------------------------------------------


@requires(Permission.EDIT_PATIENTS)
def register_patient(uow: UnitOfWork, actor: Principal, data: PatientInput) -> PatientSummary:
    clean = validate(data)
    if _mrn_taken(uow, clean.mrn):
        raise _mrn_error(clean.mrn)
    patient = Patient(
        mrn=clean.mrn,
        family_name=clean.family_name,
        given_names=clean.given_names,
        name_key=name_key(clean.family_name, clean.given_names),
        birth_date=clean.birth_date,
        sex=clean.sex,
        phone=clean.phone or None,
        email=clean.email or None,
        address=clean.address or None,
        status=clean.status,
        deceased_on=clean.deceased_on,
        open_gaps=0,
    )
    uow.session.add(patient)
    uow.flush()
    audit.record(uow, actor, "patient.register", "patient", patient.uuid, {"mrn": clean.mrn})
    summary = _summary(uow, patient)
    uow.commit()
    return summary


_EDITABLE = (
    "mrn",
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "status",
    "deceased_on",
)


@requires(Permission.EDIT_PATIENTS)
def update_patient(
    uow: UnitOfWork,
    actor: Principal,
    patient_id: int,
    data: PatientInput,
    *,
    expected_version: int,
) -> PatientSummary:
    """Save an edit made on the version `expected_version`. If the stored record is newer,
    nothing is saved and a ConflictError says so."""
    patient = _load(uow, patient_id)
    if patient.version != expected_version:
        raise ConflictError(
            f"The record of {patient.family_name}, {patient.given_names} "
            f"(MRN {patient.mrn}) was changed on another workstation while you were "
            "editing it.",
            hint="Your changes were not saved. The form keeps what you typed; compare it "
            "with the stored record and save again.",
        )
    clean = validate(data)
    if clean.mrn != patient.mrn and _mrn_taken(uow, clean.mrn, except_id=patient.id):
        raise _mrn_error(clean.mrn)
    new_values = {
        "mrn": clean.mrn,
        "family_name": clean.family_name,
        "given_names": clean.given_names,
        "birth_date": clean.birth_date,
        "sex": clean.sex,
        "phone": clean.phone or None,
        "email": clean.email or None,
        "address": clean.address or None,
        "status": clean.status,
        "deceased_on": clean.deceased_on,
    }
    changed = [k for k in _EDITABLE if getattr(patient, k) != new_values[k]]
    if not changed:
        return _summary(uow, patient)
    for key in changed:
        setattr(patient, key, new_values[key])
    patient.name_key = name_key(patient.family_name, patient.given_names)
    audit.record(uow, actor, "patient.edit", "patient", patient.uuid, {"fields": changed})
    uow.flush()
    summary = _summary(uow, patient)
    uow.commit()
    return summary


__all__ = [
    "GAP_STATES",
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
    "update_patient",
    "validate",
]
