"""The member register's PDFs — the register, the voter list, a share certificate and the
dividend notices — made, written and audited here, so the command line and the dialogs
only choose the file. The reports get plain values (reports/members.py), never these
services' results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.files import check_folder, write_file
from clinicdesk.services.members.certificates import issue_certificate
from clinicdesk.services.members.register import register_as_of, voters_as_of
from clinicdesk.services.members.results import Certificate, DividendInfo, Register

if TYPE_CHECKING:
    from clinicdesk.reports.members import RegisterDocument


def register_document(register: Register, *, voters: bool = False) -> RegisterDocument:
    from clinicdesk.reports import members as pdf  # reportlab only when a PDF is made

    return pdf.RegisterDocument(
        clinic_name=register.clinic_name,
        as_of=register.as_of,
        voting_rule=register.voting_rule,
        voters=voters,
        rows=[
            pdf.RegisterRow(
                register_no=line.register_no,
                name=line.name,
                member_class=line.member_class,
                status=line.status.value,
                applied_on=line.applied_on,
                approved_on=line.approved_on,
                left_on=line.left_on,
                holdings=[pdf.Holding(h.share_class, h.shares, h.paid) for h in line.holdings],
                shares=line.shares,
                paid_up=line.paid_up,
                may_vote=line.may_vote,
            )
            for line in register.lines
        ],
    )


@requires(Permission.VIEW_MEMBERS)
def write_register_pdf(
    uow: UnitOfWork, actor: Principal, as_of: date, path: Path, *, voters: bool = False
) -> Register:
    """The register (or with `voters` the voter list) as of a date, as a PDF at `path`.
    Read and audited as a PDF export; written atomically."""
    from clinicdesk.reports import members as pdf

    destination = check_folder(path)
    read = voters_as_of if voters else register_as_of
    register = read(uow, actor, as_of, purpose="pdf")
    write_file(destination, pdf.register_pdf(register_document(register, voters=voters)))
    return register


@requires(Permission.MANAGE_MEMBERS)
def write_certificate_pdf(
    uow: UnitOfWork, actor: Principal, member_id: int, share_class: str, as_of: date, path: Path
) -> Certificate:
    """Issue a share certificate (audited with its code) and write it as a PDF at `path`."""
    from clinicdesk.reports import members as pdf

    destination = check_folder(path)
    cert = issue_certificate(uow, actor, member_id, share_class, as_of)
    document = pdf.CertificateDocument(
        clinic_name=cert.clinic_name,
        register_no=cert.register_no,
        name=cert.name,
        share_class=cert.share_class,
        share_class_name=cert.share_class_name,
        shares=cert.shares,
        paid=cert.paid,
        as_of=cert.as_of,
        code=cert.code,
    )
    write_file(destination, pdf.certificate_pdf(document))
    return cert


@requires(Permission.MANAGE_MEMBERS)
def write_dividend_notices(
    uow: UnitOfWork, actor: Principal, info: DividendInfo, path: Path
) -> Path:
    """One notice per member of a recorded dividend, as a PDF at `path`. Audited."""
    if info.id is None:
        raise ValidationError(
            _("Notices are printed for a recorded dividend."),
            hint=_("Record the dividend first; a preview has no notices."),
        )
    from clinicdesk.reports import members as pdf
    from clinicdesk.services.setup import clinic_info

    destination = check_folder(path)
    clinic = clinic_info(uow)
    notices = pdf.DividendNotices(
        clinic_name=clinic.name if clinic else "",
        title=info.title,
        year=info.year,
        declared_on=info.declared_on,
        surplus=info.surplus,
        basis_label=info.basis_label,
        rounding_rule=info.rounding_rule,
        parts=[pdf.NoticePart(n, name, basis, amount) for n, name, basis, amount in info.parts],
    )
    write_file(destination, pdf.patronage_notices_pdf(notices))
    audit.record(
        uow,
        actor,
        "dividend.notices",
        "dividend",
        info.id,
        {"members": len(info.parts), "file": destination.name},
    )
    uow.commit()
    return destination
