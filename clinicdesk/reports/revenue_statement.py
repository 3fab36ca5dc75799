"""The monthly revenue statement: what the clinic earned, what it contributes to the
federation fund and how that is divided, every submission with its receipt.

Data in (the small dataclasses below, plain values), PDF bytes out: `render(statement)`
does no arithmetic of its own beyond showing it; the revenue services fill it and audit
the export.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.domain.revenue import CATEGORY_CODES, CATEGORY_NAMES
from clinicdesk.i18n import N_, _
from clinicdesk.i18n.formatting import format_percent
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import money, money_in


@dataclass(frozen=True)
class StatementLine:
    category: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class StatementSubmission:
    sequence: int
    kind_label: str  # "original", "amendment 1", ...
    amendment_reason: str | None
    amount: Decimal
    delta: Decimal
    receipt_id: str | None
    received_at: datetime | None


@dataclass(frozen=True)
class MonthFigures:
    """One month as the statement and the year summary show it."""

    period: str
    status_label: str
    lines: Sequence[StatementLine]
    totals: Mapping[str, Decimal]
    total: Decimal
    contributable_categories: Sequence[str]
    contributable_base: Decimal | None
    rate: Decimal | None
    rate_standard_id: str | None
    rate_standard_version: int | None
    contribution: Decimal | None
    allocation: Mapping[str, Decimal] | None
    fund_standard_id: str | None
    fund_standard_version: int | None
    due_on: date | None
    submissions: Sequence[StatementSubmission]
    # the rate standard's title in the reader's language, where the clinic holds it
    rate_standard_title: str | None = None
    draft: bool = False  # not locked yet: its lines, and so its figures, may still change


@dataclass(frozen=True)
class StatementDocument:
    clinic_name: str
    month: MonthFigures
    generated_at: datetime
    currency: str = ""
    """The clinic's ISO 4217 code, shown with every amount ("" shows bare amounts)."""


FUND_PART_NAMES = {
    "shared_technology": N_("Shared technology"),
    "training": N_("Training"),
    "regional_development": N_("Regional development"),
    "reserve": N_("Reserve"),
    "member_dividend": N_("Member dividend"),
}
"""The fund's parts by code, marked for translation: shown through `fund_part()`."""

AMENDMENT_REASONS = {
    "revenue_corrected": N_("revenue corrected"),
    "late_revenue": N_("late revenue"),
    "category_corrected": N_("category corrected"),
    "rate_corrected": N_("rate corrected"),
    "other": N_("other"),
}

_GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]
)


def fund_part(code: str) -> str:
    """A fund part's name in the reader's language (the code itself for an unknown part)."""
    return _(FUND_PART_NAMES[code]) if code in FUND_PART_NAMES else code


def category(code: str) -> str:
    """A revenue category's name in the reader's language."""
    return _(CATEGORY_NAMES[code])


def percent(rate: Decimal | None) -> str:
    """A rate given as a fraction: 0.03 -> "3%" ("3 %" in Spanish); None -> "—"."""
    return "—" if rate is None else format_percent(rate)


def _reason(code: str | None) -> str:
    if not code:
        return ""
    return _(AMENDMENT_REASONS[code]) if code in AMENDMENT_REASONS else code.replace("_", " ")


# Table cells that may be longer in another language wrap inside their column.
_CELL = ParagraphStyle("cell", parent=getSampleStyleSheet()["Normal"], fontSize=9, leading=10.5)
_SMALL_CELL = ParagraphStyle("small_cell", parent=_CELL, fontSize=7.5, leading=9)
_HEAD = ParagraphStyle("head", parent=_SMALL_CELL, fontName="Helvetica-Bold")
_HEAD_RIGHT = ParagraphStyle("head_right", parent=_HEAD, alignment=TA_RIGHT)
_CELL_RIGHT = ParagraphStyle("cell_right", parent=_CELL, alignment=TA_RIGHT)


def _table(
    rows: Sequence[Sequence[Any]], widths: Sequence[float], total_row: bool = False
) -> Table:
    table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    style = TableStyle(_GRID.getCommands())
    if total_row:
        style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
        style.add("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black)
    table.setStyle(style)
    return table


def _amount_header(currency: str) -> str:
    return _("Amount ({currency})").format(currency=currency) if currency else _("Amount")


def _lines_table(info: MonthFigures, currency: str = "") -> Table:
    contributable = set(info.contributable_categories)
    rows: list[list[Any]] = [
        [_("Category"), _("Sub-line"), _("Contributable"), _amount_header(currency)]
    ]
    for code in CATEGORY_CODES:
        lines = [line for line in info.lines if line.category == code]
        flag = _("yes") if code in contributable else _("no")
        name = Paragraph(escape(category(code)), _CELL)
        if not lines:
            rows.append([name, "", flag, money(Decimal("0.00"))])
        for i, line in enumerate(lines):
            rows.append(
                [
                    name if i == 0 else "",
                    # an anchor organisation's name, say: wraps in its column
                    Paragraph(escape(line.label), _CELL) if line.label else "",
                    flag if i == 0 else "",
                    money(line.amount),
                ]
            )
    rows.append([_("Total revenue"), "", "", money_in(currency, info.total)])
    return _table(rows, (55 * mm, 55 * mm, 25 * mm, 35 * mm), total_row=True)


def _figures_table(info: MonthFigures, currency: str = "") -> Table:
    rate_name = (
        _("{standard}, version {version}").format(
            standard=info.rate_standard_id, version=info.rate_standard_version
        )
        if info.rate_standard_id
        else "—"
    )
    if info.rate_standard_id and info.rate_standard_title:
        # its title for the reader, its id and version for an auditor
        rate_name = _("{title} ({standard}, version {version})").format(
            title=info.rate_standard_title,
            standard=info.rate_standard_id,
            version=info.rate_standard_version,
        )
    rows = [
        [_("Figure"), _("Value")],
        [_("Contributable base"), money_in(currency, info.contributable_base)],
        [_("Contribution rate"), percent(info.rate)],
        [_("Rate standard"), Paragraph(escape(rate_name), _CELL_RIGHT)],  # a title may wrap
        [_("Contribution (rounded half up to the cent)"), money_in(currency, info.contribution)],
        [_("Due on"), page.day(info.due_on) or "—"],
    ]
    return _table(rows, (95 * mm, 75 * mm))


def _allocation_table(info: MonthFigures, currency: str = "") -> Table | Paragraph:
    styles = getSampleStyleSheet()
    if info.allocation is None:
        return Paragraph(
            escape(_("No fund-allocation standard was in force for this month.")),
            styles["Normal"],
        )
    rows = [[_("Fund part"), _amount_header(currency)]]
    for part, amount in info.allocation.items():
        rows.append([fund_part(part), money(amount)])
    rows.append([_("Total"), money_in(currency, sum(info.allocation.values(), Decimal("0.00")))])
    return _table(rows, (95 * mm, 75 * mm), total_row=True)


def _submissions_table(info: MonthFigures, currency: str = "") -> Table | Paragraph:
    styles = getSampleStyleSheet()
    if not info.submissions:
        return Paragraph(escape(_("Not submitted yet.")), styles["Normal"])
    header = [
        Paragraph(escape(_("Submission")), _HEAD),
        Paragraph(escape(_("Reason")), _HEAD),
        Paragraph(escape(_amount_header(currency)), _HEAD_RIGHT),
        Paragraph(escape(_("Delta")), _HEAD_RIGHT),
        Paragraph(escape(_("Receipt")), _HEAD),
        Paragraph(escape(_("Received")), _HEAD),
    ]
    rows: list[list[Any]] = [header]
    for sub in info.submissions:
        rows.append(
            [
                Paragraph(escape(sub.kind_label), _SMALL_CELL),
                Paragraph(escape(_reason(sub.amendment_reason)), _SMALL_CELL),
                money(sub.amount),
                money(sub.delta, sign=True) if sub.sequence else "",
                sub.receipt_id or _("waiting to send"),
                Paragraph(escape(page.moment(sub.received_at)), _SMALL_CELL),
            ]
        )
    table = Table(
        rows, colWidths=[24 * mm, 26 * mm, 22 * mm, 20 * mm, 42 * mm, 40 * mm], hAlign="LEFT"
    )
    style = TableStyle(_GRID.getCommands())
    style.add("FONTSIZE", (0, 0), (-1, -1), 7.5)
    style.add("ALIGN", (2, 0), (3, -1), "RIGHT")
    style.add("ALIGN", (-1, 0), (-1, -1), "LEFT")
    table.setStyle(style)
    return table


def render(statement: StatementDocument) -> bytes:
    """The statement as PDF bytes."""
    info = statement.month
    period = page.month(info.period)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=15 * mm,
        title=_("Revenue statement {month}").format(month=period),
        author=statement.clinic_name,
        subject=_("Monthly revenue and contribution to the federation fund"),
        creator="ClinicDesk",
    )
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, textColor=colors.grey)
    story: list[Any] = [
        Paragraph(escape(statement.clinic_name), styles["Title"]),
        Paragraph(
            escape(_("Revenue statement for {month}").format(month=period)), styles["Heading2"]
        ),
        Paragraph(escape(_("Status: {status}").format(status=info.status_label)), styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Revenue by category")), styles["Heading3"]),
        _lines_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Contribution to the federation fund")), styles["Heading3"]),
        _figures_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _("Fund allocation ({standard}, version {version})").format(
                    standard=info.fund_standard_id, version=info.fund_standard_version
                )
                if info.fund_standard_id
                else _("Fund allocation")
            ),
            styles["Heading3"],
        ),
        _allocation_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Submissions, amendments and receipts")), styles["Heading3"]),
        _submissions_table(info, statement.currency),
        Spacer(1, 5 * mm),
        page.signature_block([_("Clinic manager"), _("Treasurer")]),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _("Generated at {time} by ClinicDesk.").format(
                    time=page.moment(statement.generated_at)
                )
            ),
            small,
        ),
    ]
    footer = _("{clinic} — revenue statement {month}").format(
        clinic=statement.clinic_name, month=period
    )
    page.build(doc, story, footer)
    return buffer.getvalue()
