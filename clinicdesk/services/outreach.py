"""Outreach: the patients with one care gap open (due soon, due or overdue), from the last
care-gap run, to call or write to — listed on screen or exported as CSV or as a PDF call
sheet. A clinician sees only their own panel. Every listing and every export is audited
(what, how many, which panel; never the patients' data).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import case, select

from clinicdesk.db.models import Standard, User
from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import GapState, age_on
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe
from clinicdesk.reports.outreach import CallSheet, CallSheetRow, call_sheet_pdf
from clinicdesk.services import audit, requires
from clinicdesk.services.caregaps import open_gap, panel_scope
from clinicdesk.services.caregaps.freshness import run_days
from clinicdesk.services.federation_store import StandardTexts, standard_texts
from clinicdesk.services.files import write_file
from clinicdesk.services.setup import clinic_info


@dataclass(frozen=True)
class OutreachPatient:
    patient_id: int
    mrn: str
    family_name: str
    given_names: str
    age: int | None
    """On the as-of date of the care-gap run."""
    phone: str | None
    state: GapState
    due_on: date | None
    last_done_on: date | None
    explanation: str

    @property
    def name(self) -> str:
        return f"{self.family_name}, {self.given_names}"


@dataclass(frozen=True)
class OutreachList:
    standard_id: str
    standard_version: int | None
    """The version that produced the results (None when nobody has the gap open)."""
    title: str
    as_of: date | None
    clinician: str | None
    clinician_name: str | None
    patients: tuple[OutreachPatient, ...]


CSV_COLUMNS = (
    "mrn",
    "family_name",
    "given_names",
    "age",
    "phone",
    "state",
    "due_on",
    "last_done_on",
    "explanation",
    "standard_id",
    "standard_version",
    "as_of",
)

# Most urgent first: overdue, then due, then due soon; never-done before the oldest due.
_URGENCY = case(
    (CareGapResult.state == GapState.OVERDUE.value, 0),
    (CareGapResult.state == GapState.DUE.value, 1),
    else_=2,
)


def _build(
    uow: UnitOfWork, actor: Principal, standard_id: str, clinician: str | None
) -> OutreachList:
    clinician_id, clinician_username = panel_scope(uow, actor, clinician)
    title = uow.session.execute(
        select(Standard.title)
        .where(Standard.standard_id == standard_id, Standard.kind == "care_gap")
        .order_by(Standard.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if title is None:
        raise NotFoundError(
            _("There is no care-gap standard “{standard_id}”.").format(standard_id=standard_id),
            hint=_("`clinicdesk caregaps` lists the standards by id."),
        )
    query = (
        select(
            Patient.id,
            Patient.mrn,
            Patient.family_name,
            Patient.given_names,
            Patient.birth_date,
            Patient.phone,
            CareGapResult.state,
            CareGapResult.due_on,
            CareGapResult.last_done_on,
            CareGapResult.explanation,
            CareGapResult.standard_version,
            CareGapResult.as_of,
            Patient.clinician_id,
        )
        .join(CareGapResult, CareGapResult.patient_id == Patient.id)
        .where(
            CareGapResult.standard_id == standard_id,
            open_gap(CareGapResult.state),
            Patient.status == "active",  # as the panel: nobody calls a deceased patient
        )
        .order_by(
            _URGENCY,
            CareGapResult.due_on.is_not(None),
            CareGapResult.due_on,
            Patient.name_key,
            Patient.id,
        )
    )
    if clinician_id is not None:
        query = query.where(Patient.clinician_id == clinician_id)
    patients: list[OutreachPatient] = []
    version: int | None = None
    as_of: date | None = None
    runs = run_days(uow)
    for row in uow.session.execute(query):
        # A list over several panels may hold results of runs on different days: it is
        # as current as its oldest.
        day = runs.day_for(row.clinician_id, row.as_of)
        version, as_of = row.standard_version, day if as_of is None else min(as_of, day)
        patients.append(
            OutreachPatient(
                patient_id=row.id,
                mrn=row.mrn,
                family_name=row.family_name,
                given_names=row.given_names,
                age=age_on(row.birth_date, day) if row.birth_date else None,
                phone=row.phone,
                state=GapState(row.state),
                due_on=row.due_on,
                last_done_on=row.last_done_on,
                explanation=row.explanation,
            )
        )
    display = None
    if clinician_id is not None:
        display = uow.session.execute(
            select(User.display_name).where(User.id == clinician_id)
        ).scalar_one()
    return OutreachList(
        standard_id=standard_id,
        standard_version=version,
        title=title,
        as_of=as_of,
        clinician=clinician_username,
        clinician_name=display,
        patients=tuple(patients),
    )


@requires(Permission.VIEW_PATIENTS)
def outreach_list(
    uow: UnitOfWork, actor: Principal, standard_id: str, *, clinician: str | None = None
) -> OutreachList:
    """The patients with `standard_id` open, most urgent first, for the whole clinic or
    one panel (a clinician: their own). Audited as a view of patient data."""
    result = _build(uow, actor, standard_id, clinician)
    audit.record(
        uow,
        actor,
        "outreach.view",
        "care_gap",
        standard_id,
        {"clinician": result.clinician, "patients": len(result.patients)},
    )
    uow.commit()
    return result


def outreach_csv(result: OutreachList) -> str:
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for p in result.patients:
        writer.writerow(
            [
                p.mrn,
                p.family_name,
                p.given_names,
                "" if p.age is None else p.age,
                p.phone or "",
                p.state.value,
                p.due_on.isoformat() if p.due_on else "",
                p.last_done_on.isoformat() if p.last_done_on else "",
                p.explanation,
                result.standard_id,
                result.standard_version or "",
                result.as_of.isoformat() if result.as_of else "",
            ]
        )
    return buffer.getvalue()


def outreach_pdf(result: OutreachList, clinic_name: str, texts: StandardTexts) -> bytes:
    panel = (
        _("{name}'s panel").format(name=result.clinician_name)
        if result.clinician_name
        else _("Whole clinic")
    )
    version = f" v{result.standard_version}" if result.standard_version else ""
    sheet = CallSheet(
        clinic_name=clinic_name,
        title=texts.title(result.standard_id, result.standard_version, result.title),
        standard=f"{result.standard_id}{version}",
        as_of=result.as_of or date.today(),
        panel=panel,
        rows=[
            CallSheetRow(
                name=p.name,
                mrn=p.mrn,
                age=p.age,
                phone=p.phone,
                state=p.state.label,
                due_on=p.due_on,
                explanation=p.explanation,
            )
            for p in result.patients
        ],
    )
    return call_sheet_pdf(sheet)


@requires(Permission.EXPORT_OUTREACH)
def export_outreach(
    uow: UnitOfWork,
    actor: Principal,
    standard_id: str,
    destination: Path,
    *,
    clinician: str | None = None,
) -> int:
    """Write the outreach list to `destination`: CSV for a `.csv` name, the PDF call sheet
    for `.pdf`. Written atomically; the export is audited. Returns the number of patients."""
    destination = Path(destination)
    kind = destination.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise ValidationError(
            _("Cannot tell what to write from the name {name}.").format(name=destination.name),
            hint=_("End the file name with .csv for a spreadsheet or .pdf for a call sheet."),
        )
    if not destination.parent.exists():
        raise ValidationError(
            _("The folder {parent} does not exist.").format(parent=destination.parent)
        )
    result = _build(uow, actor, standard_id, clinician)
    if kind == ".csv":
        content = outreach_csv(result).encode("utf-8")
    else:
        info = clinic_info(uow)
        content = outreach_pdf(result, info.name if info else "ClinicDesk", standard_texts(uow))
    write_file(destination, content)
    audit.record(
        uow,
        actor,
        "outreach.export",
        "care_gap",
        standard_id,
        {
            "format": kind.lstrip("."),
            "clinician": result.clinician,
            "patients": len(result.patients),
            "file": destination.name,
        },
    )
    uow.commit()
    return len(result.patients)
