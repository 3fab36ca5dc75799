"""Anchor-contract documents: the invoice (or credit note) sent to an organisation, and
the savings proposal a manager sends an employer.

Data in (the small dataclasses below, plain values), PDF bytes out; the services fill them
and audit the export. No arithmetic here beyond showing the figures given.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_money, format_number, format_percent
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import day, money_in


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    federation_id: str = ""
    address: str = ""  # several lines
    payment_instructions: str = ""
    currency: str = ""


@dataclass(frozen=True)
class InvoiceDocLine:
    description: str
    covered: str  # "1–31 Mar 2026 (31 days)" or ""
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    clinic: ClinicDetails
    number: str
    credit_note: bool
    credits: str | None
    organisation: str
    organisation_address: str
    contact: str
    contract: str
    period: str
    status: str
    issued_on: date | None
    due_on: date | None
    lines: Sequence[InvoiceDocLine]
    total: Decimal
    credited: Decimal
    paid: Decimal
    balance: Decimal
    proration: str


_GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ALIGN", (-2, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]
)


def _lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.splitlines() if line.strip())


def invoice_pdf(doc_data: InvoiceDocument) -> bytes:
    styles = getSampleStyleSheet()
    normal, small = styles["Normal"], styles["BodyText"]
    clinic = doc_data.clinic
    title = (_("Credit note {number}") if doc_data.credit_note else _("Invoice {number}")).format(
        number=doc_data.number
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=clinic.name,
    )
    sender = escape(clinic.name) + (
        f"<br/>{_lines(clinic.address)}" if clinic.address.strip() else ""
    )
    if clinic.federation_id:
        sender += "<br/>" + escape(_("Federation clinic id {id}").format(id=clinic.federation_id))
    to = f"<b>{escape(doc_data.organisation)}</b>"
    if doc_data.contact:
        to += "<br/>" + escape(_("Attn. {contact}").format(contact=doc_data.contact))
    if doc_data.organisation_address.strip():
        to += f"<br/>{_lines(doc_data.organisation_address)}"
    facts = [
        [_("Credit note number") if doc_data.credit_note else _("Invoice number"), doc_data.number],
        [_("Contract"), doc_data.contract],
        [_("Month"), page.month(doc_data.period)],
        [_("Issued on"), day(doc_data.issued_on) or _("draft")],
    ]
    if not doc_data.credit_note:  # a credit note is owed to the organisation, not due
        facts.append([_("Due on"), day(doc_data.due_on) or "—"])
    if doc_data.credits:
        facts.insert(1, [_("Corrects invoice"), doc_data.credits])
    head = Table(
        [[Paragraph(sender, normal), Paragraph(to, normal)]],
        colWidths=[87 * mm, 87 * mm],
        hAlign="LEFT",
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    facts_table = Table(facts, colWidths=[40 * mm, 60 * mm], hAlign="LEFT")
    facts_table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9)]))
    rows: list[list[str]] = [[_("Person-month"), _("Covered"), _("Monthly rate"), _("Amount")]]
    for line in doc_data.lines:
        rows.append(
            [
                line.description,
                line.covered,
                format_money(line.rate) if line.rate or line.covered else "",
                format_money(line.amount),
            ]
        )
    currency = clinic.currency
    rows.append([_("Total"), "", "", money_in(currency, doc_data.total)])
    lines_table = Table(
        rows, colWidths=[70 * mm, 50 * mm, 25 * mm, 29 * mm], repeatRows=1, hAlign="LEFT"
    )
    style = TableStyle(_GRID.getCommands())
    style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black)
    lines_table.setStyle(style)
    story: list[object] = [
        Paragraph(escape(title), styles["Title"]),
        head,
        Spacer(1, 5 * mm),
        facts_table,
        Spacer(1, 5 * mm),
        lines_table,
        Spacer(1, 4 * mm),
    ]
    if not doc_data.credit_note:
        summary = [
            [_("Invoiced"), money_in(currency, doc_data.total)],
            [_("Credited"), money_in(currency, doc_data.credited)],
            [_("Paid"), money_in(currency, doc_data.paid)],
            [_("Balance due"), money_in(currency, doc_data.balance)],
        ]
        summary_table = Table(summary, colWidths=[40 * mm, 40 * mm], hAlign="RIGHT")
        summary_table.setStyle(
            TableStyle(
                [
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ]
            )
        )
        story.append(summary_table)
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            escape(
                _("Per member per month; proration: {proration}.").format(
                    proration=doc_data.proration
                )
            ),
            small,
        )
    )
    if clinic.payment_instructions.strip() and not doc_data.credit_note:
        story.append(
            Paragraph(
                f"<b>{escape(_('How to pay'))}</b><br/>{_lines(clinic.payment_instructions)}",
                small,
            )
        )
    page.build(doc, story, footer=f"{clinic.name} — {title}")
    return buffer.getvalue()


# --- the proposal ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalDocument:
    clinic: ClinicDetails
    prepared_for: str
    prepared_on: date
    employees: int
    current_spend: Decimal
    pmpm: Decimal
    wrap_cost: Decimal
    current_yearly: Decimal
    clinic_yearly: Decimal
    wrap_yearly: Decimal
    proposed_yearly: Decimal
    saving_yearly: Decimal
    saving_per_employee_yearly: Decimal
    saving_share: Decimal


def _whole(value: float) -> str:
    """A chart's axis and bar labels: whole amounts, grouped as the reader groups them."""
    return format_number(Decimal(round(value)))


def _chart(doc_data: ProposalDocument) -> Drawing:
    """Two bars a year apart: today's spend, and the clinic plus the wrap-around plan."""
    drawing = Drawing(170 * mm, 78 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 20 * mm, 10 * mm
    chart.width, chart.height = 140 * mm, 52 * mm
    chart.data = [
        (float(doc_data.current_yearly), float(doc_data.proposed_yearly)),
    ]  # reportlab draws floats; the figures in the table are the exact Decimals
    chart.categoryAxis.categoryNames = [_("Today's coverage"), _("Clinic + wrap-around plan")]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _whole
    chart.bars[0].fillColor = colors.HexColor("#3b6ea5")
    chart.barLabelFormat = _whole
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(20 * mm, 74 * mm, _("Yearly cost"), fontName="Helvetica-Bold", fontSize=9))
    return drawing


def proposal_pdf(doc_data: ProposalDocument) -> bytes:
    styles = getSampleStyleSheet()
    clinic = doc_data.clinic
    currency = clinic.currency
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Direct primary care proposal for {organisation}").format(
            organisation=doc_data.prepared_for
        ),
        author=clinic.name,
    )
    share = format_percent(doc_data.saving_share.quantize(Decimal("0.001")))
    rows = [
        ["", _("Per employee per month"), _("Per year, all employees")],
        [
            _("Today's coverage"),
            money_in(currency, doc_data.current_spend),
            money_in(currency, doc_data.current_yearly),
        ],
        [
            _("{clinic} (per member per month)").format(clinic=clinic.name),
            money_in(currency, doc_data.pmpm),
            money_in(currency, doc_data.clinic_yearly),
        ],
        [
            _("Catastrophic / wrap-around plan"),
            money_in(currency, doc_data.wrap_cost),
            money_in(currency, doc_data.wrap_yearly),
        ],
        [
            _("Proposed total"),
            money_in(currency, doc_data.pmpm + doc_data.wrap_cost),
            money_in(currency, doc_data.proposed_yearly),
        ],
        [_("Yearly saving"), "", money_in(currency, doc_data.saving_yearly)],
    ]
    table = Table(rows, colWidths=[70 * mm, 45 * mm, 55 * mm], hAlign="LEFT")
    style = TableStyle(_GRID.getCommands())
    style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
    style.add("LINEABOVE", (0, -2), (-1, -2), 0.6, colors.black)
    table.setStyle(style)
    verdict = (
        escape(
            _(
                "For {employees} employees the saving is {saving} a year ({per_employee} per "
                "employee, {share} of today's spend)."
            )
        ).format(
            employees=format_number(doc_data.employees),
            saving=f"<b>{escape(money_in(currency, doc_data.saving_yearly))}</b>",
            per_employee=escape(money_in(currency, doc_data.saving_per_employee_yearly)),
            share=escape(share),
        )
        if doc_data.saving_yearly >= 0
        else escape(_("On these figures the proposal would cost more than today's coverage."))
    )
    story: list[object] = [
        Paragraph(escape(_("Direct primary care: a proposal")), styles["Title"]),
        Paragraph(
            escape(_("Prepared for {organisation} by {clinic} on {date}.")).format(
                organisation=f"<b>{escape(doc_data.prepared_for)}</b>",
                clinic=escape(clinic.name),
                date=day(doc_data.prepared_on),
            ),
            styles["Normal"],
        ),
        Spacer(1, 5 * mm),
        Paragraph(verdict, styles["Normal"]),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 6 * mm),
        _chart(doc_data),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _(
                    "Your people get unlimited primary-care visits at the clinic for a fixed "
                    "amount per member per month; a catastrophic or wrap-around plan covers what "
                    "primary care does not (hospital, specialists). The figures are the ones "
                    "given for this proposal; the contract states the rate, the dates and how a "
                    "month is prorated."
                )
            ),
            styles["BodyText"],
        ),
    ]
    if clinic.address.strip():
        story.append(
            Paragraph(f"{escape(clinic.name)}<br/>{_lines(clinic.address)}", styles["BodyText"])
        )
    footer = _("{clinic} — proposal for {organisation}").format(
        clinic=clinic.name, organisation=doc_data.prepared_for
    )
    page.build(doc, story, footer=footer)
    return buffer.getvalue()
