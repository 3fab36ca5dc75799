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

from clinicdesk.domain.money import format_money
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import money_in


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
    kind = "Credit note" if doc_data.credit_note else "Invoice"
    clinic = doc_data.clinic
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{kind} {doc_data.number}",
        author=clinic.name,
    )
    sender = escape(clinic.name) + (
        f"<br/>{_lines(clinic.address)}" if clinic.address.strip() else ""
    )
    if clinic.federation_id:
        sender += f"<br/>Federation clinic id {escape(clinic.federation_id)}"
    to = f"<b>{escape(doc_data.organisation)}</b>"
    if doc_data.contact:
        to += f"<br/>Attn. {escape(doc_data.contact)}"
    if doc_data.organisation_address.strip():
        to += f"<br/>{_lines(doc_data.organisation_address)}"
    facts = [
        [f"{kind} number", doc_data.number],
        ["Contract", doc_data.contract],
        ["Month", doc_data.period],
        ["Issued on", doc_data.issued_on.isoformat() if doc_data.issued_on else "draft"],
    ]
    if not doc_data.credit_note:  # a credit note is owed to the organisation, not due
        facts.append(["Due on", doc_data.due_on.isoformat() if doc_data.due_on else "—"])
    if doc_data.credits:
        facts.insert(1, ["Corrects invoice", doc_data.credits])
    head = Table(
        [[Paragraph(sender, normal), Paragraph(to, normal)]],
        colWidths=[87 * mm, 87 * mm],
        hAlign="LEFT",
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    facts_table = Table(facts, colWidths=[40 * mm, 60 * mm], hAlign="LEFT")
    facts_table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9)]))
    rows: list[list[str]] = [["Person-month", "Covered", "Monthly rate", "Amount"]]
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
    rows.append(["Total", "", "", money_in(currency, doc_data.total)])
    lines_table = Table(
        rows, colWidths=[70 * mm, 50 * mm, 25 * mm, 29 * mm], repeatRows=1, hAlign="LEFT"
    )
    style = TableStyle(_GRID.getCommands())
    style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black)
    lines_table.setStyle(style)
    story: list[object] = [
        Paragraph(f"{kind} {escape(doc_data.number)}", styles["Title"]),
        head,
        Spacer(1, 5 * mm),
        facts_table,
        Spacer(1, 5 * mm),
        lines_table,
        Spacer(1, 4 * mm),
    ]
    if not doc_data.credit_note:
        summary = [
            ["Invoiced", money_in(currency, doc_data.total)],
            ["Credited", money_in(currency, doc_data.credited)],
            ["Paid", money_in(currency, doc_data.paid)],
            ["Balance due", money_in(currency, doc_data.balance)],
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
            f"Per member per month; proration: {escape(doc_data.proration)}.",
            small,
        )
    )
    if clinic.payment_instructions.strip() and not doc_data.credit_note:
        story.append(
            Paragraph(f"<b>How to pay</b><br/>{_lines(clinic.payment_instructions)}", small)
        )
    page.build(doc, story, footer=f"{clinic.name} — {kind.lower()} {doc_data.number}")
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


def _chart(doc_data: ProposalDocument) -> Drawing:
    """Two bars a year apart: today's spend, and the clinic plus the wrap-around plan."""
    drawing = Drawing(170 * mm, 78 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 20 * mm, 10 * mm
    chart.width, chart.height = 140 * mm, 52 * mm
    chart.data = [
        (float(doc_data.current_yearly), float(doc_data.proposed_yearly)),
    ]  # reportlab draws floats; the figures in the table are the exact Decimals
    chart.categoryAxis.categoryNames = ["Today's coverage", "Clinic + wrap-around plan"]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.bars[0].fillColor = colors.HexColor("#3b6ea5")
    chart.barLabelFormat = lambda v: f"{v:,.0f}"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(20 * mm, 74 * mm, "Yearly cost", fontName="Helvetica-Bold", fontSize=9))
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
        title=f"Direct primary care proposal for {doc_data.prepared_for}",
        author=clinic.name,
    )
    share = f"{(doc_data.saving_share * 100).quantize(Decimal('0.1'))} %"
    rows = [
        ["", "Per employee per month", "Per year, all employees"],
        [
            "Today's coverage",
            money_in(currency, doc_data.current_spend),
            money_in(currency, doc_data.current_yearly),
        ],
        [
            f"{clinic.name} (per member per month)",
            money_in(currency, doc_data.pmpm),
            money_in(currency, doc_data.clinic_yearly),
        ],
        [
            "Catastrophic / wrap-around plan",
            money_in(currency, doc_data.wrap_cost),
            money_in(currency, doc_data.wrap_yearly),
        ],
        [
            "Proposed total",
            money_in(currency, doc_data.pmpm + doc_data.wrap_cost),
            money_in(currency, doc_data.proposed_yearly),
        ],
        ["Yearly saving", "", money_in(currency, doc_data.saving_yearly)],
    ]
    table = Table(rows, colWidths=[70 * mm, 45 * mm, 55 * mm], hAlign="LEFT")
    style = TableStyle(_GRID.getCommands())
    style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
    style.add("LINEABOVE", (0, -2), (-1, -2), 0.6, colors.black)
    table.setStyle(style)
    verdict = (
        f"For {doc_data.employees:,} employees the saving is "
        f"<b>{escape(money_in(currency, doc_data.saving_yearly))}</b> a year "
        f"({escape(money_in(currency, doc_data.saving_per_employee_yearly))} per employee, "
        f"{share} of today's spend)."
        if doc_data.saving_yearly >= 0
        else "On these figures the proposal would cost more than today's coverage."
    )
    story: list[object] = [
        Paragraph("Direct primary care: a proposal", styles["Title"]),
        Paragraph(
            f"Prepared for <b>{escape(doc_data.prepared_for)}</b> by {escape(clinic.name)} "
            f"on {doc_data.prepared_on.isoformat()}.",
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
            "Your people get unlimited primary-care visits at the clinic for a fixed amount "
            "per member per month; a catastrophic or wrap-around plan covers what primary "
            "care does not (hospital, specialists). The figures are the ones given for this "
            "proposal; the contract states the rate, the dates and how a month is prorated.",
            styles["BodyText"],
        ),
    ]
    if clinic.address.strip():
        story.append(
            Paragraph(f"{escape(clinic.name)}<br/>{_lines(clinic.address)}", styles["BodyText"])
        )
    page.build(doc, story, footer=f"{clinic.name} — proposal for {doc_data.prepared_for}")
    return buffer.getvalue()
