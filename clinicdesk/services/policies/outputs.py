"""The acknowledgement overview as CSV or PDF. Every export is audited (what, as of when,
how many; never anyone's details in the audit text)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.policies import PolicyState
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe
from clinicdesk.reports import policies as documents
from clinicdesk.services import audit, files, requires
from clinicdesk.services.federation_store import StandardTexts, standard_texts
from clinicdesk.services.policies.status import URGENCY, build_overview
from clinicdesk.services.policies.types import PolicyOverview
from clinicdesk.services.setup import clinic_info
from clinicdesk.services.training.types import StaffInfo

CSV_COLUMNS = (
    "staff_id",
    "name",
    "job_roles",
    "policy_id",
    "policy_version",
    "state",
    "due_by",
    "acknowledged_on",
    "on_time",
    "as_of",
)


def _roles(person: StaffInfo) -> str:
    return ", ".join(r.label for r in person.job_roles) or (person.job_title or "")


def overview_csv(overview: PolicyOverview) -> str:
    """One row per person and policy that applies to them; text cells starting like a
    formula are neutralised (interop.csv_safe)."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in overview.rows:
        for cell in row.cells:
            if cell.state is PolicyState.NOT_APPLICABLE:
                continue
            writer.writerow(
                [
                    row.staff.id,
                    row.staff.name,
                    _roles(row.staff),
                    cell.policy_id,
                    cell.version,
                    cell.state.value,
                    cell.due_by.isoformat() if cell.due_by else "",
                    cell.acknowledged_on.isoformat() if cell.acknowledged_on else "",
                    "" if cell.on_time is None else ("yes" if cell.on_time else "no"),
                    overview.as_of.isoformat(),
                ]
            )
    return buffer.getvalue()


def overview_report(
    overview: PolicyOverview, clinic_name: str, texts: StandardTexts
) -> documents.AcknowledgementReport:
    sections = []
    for index, policy in enumerate(overview.policies):
        lines = []
        for row in overview.rows:
            cell = row.cells[index]
            if cell.state is PolicyState.NOT_APPLICABLE:
                continue
            lines.append(
                (
                    URGENCY[cell.state],
                    row.staff.name.casefold(),
                    documents.PersonLine(
                        name=row.staff.name,
                        roles=_roles(row.staff),
                        state=cell.state.label,
                        due_by=cell.due_by,
                        acknowledged_on=cell.acknowledged_on,
                        on_time=cell.on_time,
                    ),
                )
            )
        lines.sort(key=lambda item: (item[0], item[1]))
        counts = overview.counts[policy.policy_id]
        sections.append(
            documents.PolicySection(
                title=texts.title(policy.policy_id, policy.version, policy.title),
                reference=f"{policy.policy_id} v{policy.version}",
                who=policy.who.lower() if policy.everyone else policy.who,
                within_days=policy.within_days,
                acknowledged=counts.acknowledged,
                due=counts.due,
                late=counts.late,
                people=[line for _u, _n, line in lines],
            )
        )
    return documents.AcknowledgementReport(clinic_name, overview.as_of, sections)


@requires(Permission.VIEW_POLICY_STATUS)
def export_overview(
    uow: UnitOfWork, actor: Principal, destination: Path, as_of: date | None = None
) -> int:
    """Write the overview as of `as_of` (today by default) to `destination`: CSV for
    `.csv`, PDF for `.pdf`. Written atomically and audited. Returns the number of people
    on staff that day."""
    destination = Path(destination)
    kind = destination.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise ValidationError(
            _("Cannot tell what to write from the name {name}.").format(name=destination.name),
            hint=_("End the file name with .csv for a spreadsheet or .pdf for a printable copy."),
        )
    overview = build_overview(uow, as_of or date.today())
    if kind == ".csv":
        content = overview_csv(overview).encode("utf-8")
    else:
        info = clinic_info(uow)
        clinic = info.name if info else "ClinicDesk"
        content = documents.acknowledgements_pdf(
            overview_report(overview, clinic, standard_texts(uow))
        )
    files.write_file(destination, content)
    audit.record(
        uow,
        actor,
        "policy.status_export",
        "policy",
        "overview",
        {
            "format": kind.lstrip("."),
            "as_of": overview.as_of.isoformat(),
            "staff": len(overview.rows),
            "file": destination.name,
        },
    )
    uow.commit()
    return len(overview.rows)
