"""Anchor-organisation contracts (issue #15): organisations paying per member per month,
their contracts, roster imports with a review of uncertain matches, dated enrolments,
monthly invoices and credit notes, payments, and the link to the month's revenue.

Permissions: managers (and administrators) run them (MANAGE_ANCHORS); front desk see
them (VIEW_ANCHORS); clinicians have no access. Every change is audited. The money rules
are pure and live in `clinicdesk.domain.anchors`.
"""

from __future__ import annotations

from clinicdesk.domain.anchors import (
    DependantsRule,
    InvoiceState,
    OrganisationKind,
    ProrationRule,
)
from clinicdesk.services.anchors.invoices import (
    ageing,
    issue_invoices,
    list_invoices,
    overdue_invoices,
    run_invoices,
    show_invoice,
    void_invoice,
)
from clinicdesk.services.anchors.organisations import (
    add_contract,
    add_organisation,
    list_contracts,
    list_enrolments,
    list_organisations,
    show_contract,
)
from clinicdesk.services.anchors.outputs import export_invoice_pdf, export_proposal_pdf
from clinicdesk.services.anchors.payments import record_payment
from clinicdesk.services.anchors.roster import import_roster, pending_reviews, resolve_review
from clinicdesk.services.anchors.types import (
    AgeingRow,
    ContractInfo,
    ContractInput,
    EnrolmentInfo,
    InvoiceInfo,
    InvoiceLineInfo,
    InvoiceRunResult,
    OrganisationInfo,
    OrganisationInput,
    PaymentInfo,
    ReviewInfo,
    RosterChange,
    RosterResult,
)

__all__ = [
    "AgeingRow",
    "ContractInfo",
    "ContractInput",
    "DependantsRule",
    "EnrolmentInfo",
    "InvoiceInfo",
    "InvoiceLineInfo",
    "InvoiceRunResult",
    "InvoiceState",
    "OrganisationInfo",
    "OrganisationInput",
    "OrganisationKind",
    "PaymentInfo",
    "ProrationRule",
    "ReviewInfo",
    "RosterChange",
    "RosterResult",
    "add_contract",
    "add_organisation",
    "ageing",
    "export_invoice_pdf",
    "export_proposal_pdf",
    "import_roster",
    "issue_invoices",
    "list_contracts",
    "list_enrolments",
    "list_invoices",
    "list_organisations",
    "overdue_invoices",
    "pending_reviews",
    "record_payment",
    "resolve_review",
    "run_invoices",
    "show_contract",
    "show_invoice",
    "void_invoice",
]
