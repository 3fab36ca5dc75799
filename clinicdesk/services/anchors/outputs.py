"""The invoice and proposal PDFs (reports/anchors.py), filled from the services and
audited as exports."""

from __future__ import annotations

from datetime import date

from clinicdesk.db.models_anchors import AnchorContract, AnchorOrganisation
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.anchors import (
    AnchorRuleError,
    ProposalInput,
    ProrationRule,
    proposal,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _, ngettext
from clinicdesk.i18n.formatting import format_month
from clinicdesk.reports.anchors import (
    ClinicDetails,
    InvoiceDocLine,
    InvoiceDocument,
    ProposalDocument,
    invoice_pdf,
    proposal_pdf,
)
from clinicdesk.services import audit, requires, settings, setup
from clinicdesk.services.anchors.invoices import invoice_info, invoice_row
from clinicdesk.services.anchors.types import ENTITY_INVOICE, ENTITY_ORG, InvoiceLineInfo


def clinic_details(uow: UnitOfWork) -> ClinicDetails:
    clinic = setup.clinic_info(uow)
    values = settings.load(uow)
    return ClinicDetails(
        name=clinic.name if clinic else "",
        federation_id=(clinic.federation_clinic_id or "") if clinic else "",
        address=values.billing_address,
        payment_instructions=values.payment_instructions,
        currency=values.currency,
    )


def _covered(line: InvoiceLineInfo) -> str:
    if line.first_day is None or line.last_day is None:
        return ""
    first, last = line.first_day, line.last_day
    return ngettext(
        "{first}–{last} {month} ({days} day)", "{first}–{last} {month} ({days} days)", line.days
    ).format(
        first=first.day, last=last.day, month=format_month(last.year, last.month), days=line.days
    )


@requires(Permission.VIEW_ANCHORS)
def export_invoice_pdf(
    uow: UnitOfWork, actor: Principal, number: str, *, today: date | None = None
) -> bytes:
    """The invoice or credit note as PDF bytes, with the clinic's details. Audited."""
    row = invoice_row(uow, number)
    info = invoice_info(uow, row, today or date.today())
    contract = uow.session.get(AnchorContract, row.contract_id)
    assert contract is not None
    org = uow.session.get(AnchorOrganisation, contract.organisation_id)
    assert org is not None
    document = InvoiceDocument(
        clinic=clinic_details(uow),
        number=info.number,
        credit_note=info.credit_note,
        credits=info.credits,
        organisation=org.name,
        organisation_address=org.address or "",
        contact=org.contact_name or "",
        contract=contract.reference,
        period=info.period,
        status=info.status,
        issued_on=info.issued_on,
        due_on=info.due_on,
        lines=[
            InvoiceDocLine(line.description, _covered(line), line.rate, line.amount)
            for line in info.lines
        ],
        total=info.total,
        credited=info.credited,
        paid=info.paid,
        balance=info.balance,
        proration=ProrationRule(contract.proration_rule).label,
    )
    pdf = invoice_pdf(document)
    audit.record(
        uow,
        actor,
        "anchors.invoice.export",
        ENTITY_INVOICE,
        row.uuid,
        {"number": info.number, "people": len(info.lines), "bytes": len(pdf)},
    )
    uow.commit()
    return pdf


@requires(Permission.MANAGE_ANCHORS)
def export_proposal_pdf(
    uow: UnitOfWork,
    actor: Principal,
    inputs: ProposalInput,
    prepared_for: str,
    *,
    today: date | None = None,
) -> bytes:
    """The savings proposal for an employer, as PDF bytes. Audited."""
    name = " ".join(prepared_for.split())
    if not name:
        raise ValidationError(_("Say who the proposal is for."), field="prepared_for")
    try:
        result = proposal(inputs)
    except AnchorRuleError as error:
        raise ValidationError(str(error)) from None
    document = ProposalDocument(
        clinic=clinic_details(uow),
        prepared_for=name,
        prepared_on=today or date.today(),
        employees=inputs.employees,
        current_spend=inputs.current_spend,
        pmpm=inputs.pmpm,
        wrap_cost=inputs.wrap_cost,
        current_yearly=result.current_yearly,
        clinic_yearly=result.clinic_yearly,
        wrap_yearly=result.wrap_yearly,
        proposed_yearly=result.proposed_yearly,
        saving_yearly=result.saving_yearly,
        saving_per_employee_yearly=result.saving_per_employee_yearly,
        saving_share=result.saving_share,
    )
    pdf = proposal_pdf(document)
    audit.record(
        uow,
        actor,
        "anchors.proposal.export",
        ENTITY_ORG,
        name,
        {"employees": inputs.employees, "saving": str(result.saving_yearly), "bytes": len(pdf)},
    )
    uow.commit()
    return pdf


__all__ = ["clinic_details", "export_invoice_pdf", "export_proposal_pdf"]
