"""Reading a patient: demographics, and the whole record (identifiers, attribution
history, timeline, care gaps); every read of a record is audited."""

from __future__ import annotations

from datetime import date

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
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import NotFoundError, PermissionDenied
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.caregaps.freshness import run_days
from clinicdesk.services.identifiers import labels as identifier_labels
from clinicdesk.services.patients.types import (
    AttributionInfo,
    CareGapInfo,
    IdentifierInfo,
    PatientDetail,
    PatientSummary,
    TimelineEntry,
)


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


def load_patient(uow: UnitOfWork, patient_id: int) -> Patient:
    patient = uow.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(
            _("This patient is no longer in the registry."),
            hint=_("Refresh the list; someone may have removed or merged the record."),
        )
    return patient


def check_may_see(uow: UnitOfWork, actor: Principal, patient: Patient) -> None:
    """A clinician without VIEW_ALL_PANELS sees only the patients attributed to them."""
    if actor.can(Permission.VIEW_ALL_PANELS):
        return
    if actor.user_id is not None and patient.clinician_id == actor.user_id:
        return
    raise PermissionDenied(
        _("{label} may not view the record of a patient in another clinician's panel.").format(
            label=actor.label
        ),
        hint=_("Ask the front desk to attribute the patient to you, or a manager to open it."),
    )


def summary_of(uow: UnitOfWork, patient: Patient) -> PatientSummary:
    names = _clinician_names(uow, {patient.clinician_id} if patient.clinician_id else set())
    return to_summary(patient, names.get(patient.clinician_id or 0, ""))


@requires(Permission.VIEW_PATIENTS)
def get_patient(uow: UnitOfWork, actor: Principal, patient_id: int) -> PatientSummary:
    """Demographics only (for an edit form); audited as a view."""
    patient = load_patient(uow, patient_id)
    check_may_see(uow, actor, patient)
    summary = summary_of(uow, patient)
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


def care_gaps_of(uow: UnitOfWork, patient: Patient) -> list[CareGapInfo]:
    rows = (
        uow.session.execute(select(CareGapResult).where(CareGapResult.patient_id == patient.id))
        .scalars()
        .all()
    )
    titles = standard_titles(uow, {r.standard_id for r in rows})
    runs = run_days(uow)
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
            as_of=runs.day_for(patient.clinician_id, r.as_of),
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
    patient = load_patient(uow, patient_id)
    check_may_see(uow, actor, patient)
    summary = summary_of(uow, patient)
    rows = uow.session.execute(
        select(PatientIdentifier.system, PatientIdentifier.value)
        .where(PatientIdentifier.patient_id == patient_id)
        .order_by(PatientIdentifier.system, PatientIdentifier.value)
    ).all()
    named = identifier_labels(uow, {row.system for row in rows})
    identifiers = [IdentifierInfo(row.system, row.value, named[row.system]) for row in rows]
    timeline, total = timeline_of(uow, patient_id, timeline_limit)
    detail = PatientDetail(
        patient=summary,
        identifiers=identifiers,
        attributions=attribution_history(uow, patient_id),
        timeline=timeline,
        timeline_total=total,
        care_gaps=care_gaps_of(uow, patient),
    )
    audit.record(uow, actor, "patient.view", "patient", patient.uuid, {"part": "record"})
    uow.commit()
    return detail
