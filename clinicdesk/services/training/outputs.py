"""PDFs and CSV: the compliance matrix, a person's transcript, certificates. Every export
is audited (what, for whom, how many; never anyone's details in the audit text)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from clinicdesk.db.models_training import TrainingCompletion
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal, Role
from clinicdesk.domain.training import CompletionKind, TrainingState
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.i18n import _, ngettext
from clinicdesk.i18n.formatting import format_date, format_number
from clinicdesk.interop import csv_safe
from clinicdesk.reports import training as documents
from clinicdesk.services import audit, files, requires
from clinicdesk.services.federation_store import StandardTexts, standard_texts
from clinicdesk.services.setup import clinic_info
from clinicdesk.services.training.completions import completion_infos, staff_scope
from clinicdesk.services.training.courses import stored_course_title
from clinicdesk.services.training.status import build_matrix, build_transcript
from clinicdesk.services.training.types import (
    CellStatus,
    CompletionInfo,
    Matrix,
    RequirementInfo,
    StaffInfo,
    Transcript,
)

CSV_COLUMNS = (
    "staff_id",
    "name",
    "job_roles",
    "requirement_id",
    "requirement_version",
    "state",
    "completed_on",
    "expires_on",
    "due_on",
    "days_left",
    "how",
    "certificate_code",
    "as_of",
)


def _roles(person: StaffInfo) -> str:
    return ", ".join(r.label for r in person.job_roles) or (person.job_title or "")


def matrix_csv(matrix: Matrix) -> str:
    """One row per person and requirement; text cells starting like a formula are
    neutralised (interop.csv_safe)."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in matrix.rows:
        for requirement, cell in zip(matrix.requirements, row.cells, strict=True):
            writer.writerow(
                (
                    row.staff.id,
                    row.staff.name,
                    " ".join(r.value for r in row.staff.job_roles),
                    requirement.requirement_id,
                    requirement.version,
                    cell.state.value,
                    cell.completed_on.isoformat() if cell.completed_on else "",
                    cell.expires_on.isoformat() if cell.expires_on else "",
                    cell.due_on.isoformat() if cell.due_on else "",
                    "" if cell.days_left is None else cell.days_left,
                    cell.kind.value if cell.kind else "",
                    cell.certificate_code or "",
                    matrix.as_of.isoformat(),
                )
            )
    return buffer.getvalue()


def _renewal(requirement: RequirementInfo) -> str:
    if requirement.recurrence_months is None:
        return _("once")
    return ngettext(
        "every {months} month", "every {months} months", requirement.recurrence_months
    ).format(months=requirement.recurrence_months)


def _cell_detail(cell: CellStatus) -> str:
    if cell.state in (TrainingState.VALID, TrainingState.EXPIRING) and cell.expires_on:
        return _("until {day}").format(day=format_date(cell.expires_on))
    if cell.state is TrainingState.EXPIRED and cell.expires_on:
        return _("since {day}").format(day=format_date(cell.expires_on))
    if cell.state in (TrainingState.IN_GRACE, TrainingState.MISSING) and cell.due_on:
        return _("due {day}").format(day=format_date(cell.due_on))
    return ""


def _clinic_name(uow: UnitOfWork) -> str:
    info = clinic_info(uow)
    return info.name if info else "ClinicDesk"


def matrix_report(
    matrix: Matrix, clinic_name: str, texts: StandardTexts, filters: str = ""
) -> documents.MatrixReport:
    totals = " · ".join(
        f"{state.label} {format_number(matrix.counts.get(state, 0))}"
        for state in TrainingState
        if state is not TrainingState.NOT_APPLICABLE
    )
    return documents.MatrixReport(
        clinic_name=clinic_name,
        as_of=matrix.as_of,
        columns=[
            documents.MatrixColumn(
                r.requirement_id, texts.title(r.requirement_id, r.version, r.title), _renewal(r)
            )
            for r in matrix.requirements
        ],
        lines=[
            documents.MatrixLine(
                name=row.staff.name,
                roles=_roles(row.staff),
                cells=[
                    documents.MatrixCell(c.state.value, c.state.label, _cell_detail(c))
                    for c in row.cells
                ],
            )
            for row in matrix.rows
        ],
        totals=totals,
        filters=filters,
    )


def write_file(destination: Path, content: bytes) -> None:
    """Write atomically; StorageError saying what went wrong."""
    files.write_file(destination, content)


@requires(Permission.VIEW_TRAINING)
def export_matrix(
    uow: UnitOfWork,
    actor: Principal,
    destination: Path,
    as_of: date | None = None,
    *,
    roles: Iterable[Role] | None = None,
    states: Iterable[TrainingState] | None = None,
) -> int:
    """Write the matrix to `destination`: CSV for `.csv`, the landscape inspection PDF for
    `.pdf`. Written atomically and audited. Returns the number of people."""
    destination = Path(destination)
    kind = destination.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise ValidationError(
            _("Cannot tell what to write from the name {name}.").format(name=destination.name),
            hint=_(
                "End the file name with .csv for a spreadsheet or .pdf for the inspection copy."
            ),
        )
    role_list = [Role(r) for r in roles] if roles is not None else None
    state_list = [TrainingState(s) for s in states] if states is not None else None
    matrix = build_matrix(uow, as_of or date.today(), role_list, state_list)
    filters = []
    if role_list:
        filters.append(_("roles: {roles}").format(roles=", ".join(r.label for r in role_list)))
    if state_list:
        filters.append(_("states: {states}").format(states=", ".join(s.label for s in state_list)))
    if kind == ".csv":
        content = matrix_csv(matrix).encode("utf-8")
    else:
        content = documents.matrix_pdf(
            matrix_report(matrix, _clinic_name(uow), standard_texts(uow), "; ".join(filters))
        )
    write_file(destination, content)
    audit.record(
        uow,
        actor,
        "training.matrix_export",
        "training",
        "matrix",
        {
            "format": kind.lstrip("."),
            "as_of": matrix.as_of.isoformat(),
            "staff": len(matrix.rows),
            "file": destination.name,
        },
    )
    uow.commit()
    return len(matrix.rows)


def _how(info: CompletionInfo) -> str:
    if info.kind is CompletionKind.IN_APP:
        if info.score_percent is None:
            return _("Course and quiz in ClinicDesk")
        return _("Course and quiz in ClinicDesk (score {score} %)").format(score=info.score_percent)
    parts = [p for p in (info.provider, info.external_code) if p]
    if not parts:
        return _("Outside certificate")
    return _("Outside certificate: {details}").format(details=", ".join(parts))


def _entry_note(info: CompletionInfo) -> str:
    if info.kind is CompletionKind.REVOCATION:
        return _("Revokes completion {number}: {reason}").format(
            number=info.revokes_id, reason=info.reason or ""
        )
    if info.revoked_on:
        return _("{how}; revoked {day}").format(how=_how(info), day=format_date(info.revoked_on))
    return _how(info)


def transcript_report(
    result: Transcript, clinic_name: str, texts: StandardTexts
) -> documents.TranscriptReport:
    return documents.TranscriptReport(
        clinic_name=clinic_name,
        name=result.staff.name,
        roles=_roles(result.staff),
        start_on=result.staff.start_on,
        end_on=result.staff.end_on,
        as_of=result.as_of,
        status=[
            documents.TranscriptStatus(
                title=texts.title(
                    item.requirement.requirement_id,
                    item.requirement.version,
                    item.requirement.title,
                ),
                state=item.status.state.label,
                completed_on=item.status.completed_on,
                due_on=item.status.due_on,
            )
            for item in result.status
        ],
        entries=[
            documents.TranscriptEntry(
                on=c.completed_on,
                title=texts.title(c.requirement_id, c.requirement_version, c.requirement_title),
                kind=c.kind.label,
                expires_on=c.expires_on,
                code=c.certificate_code or "",
                note=_entry_note(c),
            )
            for c in result.completions
        ],
    )


@requires(Permission.VIEW_OWN_TRAINING)
def transcript_pdf(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None, as_of: date | None = None
) -> bytes:
    """A person's transcript (own, or anyone's with VIEW_TRAINING). Audited."""
    row = staff_scope(uow, actor, staff)
    result = build_transcript(uow, row.id, as_of or date.today())
    content = documents.transcript_pdf(
        transcript_report(result, _clinic_name(uow), standard_texts(uow))
    )
    audit.record(
        uow,
        actor,
        "training.transcript_export",
        "staff",
        row.id,
        {"as_of": result.as_of.isoformat()},
    )
    uow.commit()
    return content


@requires(Permission.VIEW_OWN_TRAINING)
def certificate_pdf(uow: UnitOfWork, actor: Principal, completion_id: int) -> bytes:
    """The certificate of a completion with its verification code (own, or anyone's with
    VIEW_TRAINING). Audited."""
    row = uow.session.get(TrainingCompletion, completion_id)
    if row is None or row.kind == CompletionKind.REVOCATION.value or not row.certificate_code:
        raise NotFoundError(
            _("There is no completion {completion_id}.").format(completion_id=completion_id)
        )
    staff_scope(uow, actor, row.staff_id)
    [info] = completion_infos(uow, ids=[row.id])
    requirement_title = standard_texts(uow).title(
        info.requirement_id, info.requirement_version, info.requirement_title
    )
    course_title = stored_course_title(uow, info.course_id)
    content = documents.certificate_pdf(
        documents.CertificateReport(
            clinic_name=_clinic_name(uow),
            name=info.staff_name,
            requirement_title=requirement_title,
            requirement=f"{info.requirement_id} v{info.requirement_version}",
            course_title=course_title or requirement_title,
            how=_how(info),
            completed_on=info.completed_on,
            expires_on=info.expires_on,
            code=info.certificate_code or "",
        )
    )
    audit.record(uow, actor, "training.certificate", "staff", row.staff_id, {"completion": row.id})
    uow.commit()
    return content
