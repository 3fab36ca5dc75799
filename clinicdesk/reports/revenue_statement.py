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
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.domain.money import format_money
from clinicdesk.domain.revenue import CATEGORY_CODES, CATEGORY_NAMES
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import money_in


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


@dataclass(frozen=True)
class StatementDocument:
    clinic_name: str
    month: MonthFigures
    generated_at: datetime
    currency: str = ""
    """The clinic's ISO 4217 code, shown with every amount ("" shows bare amounts)."""


FUND_PART_NAMES = {
    "shared_technology": "Shared technology",
    "training": "Training",
    "regional_development": "Regional development",
    "reserve": "Reserve",
    "member_dividend": "Member dividend",
}

_GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
    ]
)


def money(value: Decimal | None) -> str:
    """1234.5 -> '1,234.50'; None -> '—'."""
    return "—" if value is None else format_money(value)


def percent(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{(rate * 100).normalize():f} %"


def time_text(value: datetime | None) -> str:
    if value is None:
        return "—"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _table(
    rows: Sequence[Sequence[str]], widths: Sequence[float], total_row: bool = False
) -> Table:
    table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    style = TableStyle(_GRID.getCommands())
    if total_row:
        style.add("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")
        style.add("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black)
    table.setStyle(style)
    return table


def _amount_header(currency: str) -> str:
    return f"Amount ({currency})" if currency else "Amount"


def _lines_table(info: MonthFigures, currency: str = "") -> Table:
    contributable = set(info.contributable_categories)
    rows: list[list[str]] = [["Category", "Sub-line", "Contributable", _amount_header(currency)]]
    for code in CATEGORY_CODES:
        lines = [line for line in info.lines if line.category == code]
        flag = "yes" if code in contributable else "no"
        if not lines:
            rows.append([CATEGORY_NAMES[code], "", flag, money(Decimal("0.00"))])
        for i, line in enumerate(lines):
            rows.append(
                [
                    CATEGORY_NAMES[code] if i == 0 else "",
                    line.label,
                    flag if i == 0 else "",
                    money(line.amount),
                ]
            )
    rows.append(["Total revenue", "", "", money_in(currency, info.total)])
    return _table(rows, (55 * mm, 55 * mm, 25 * mm, 35 * mm), total_row=True)


def _figures_table(info: MonthFigures, currency: str = "") -> Table:
    rate_name = (
        f"{info.rate_standard_id}, version {info.rate_standard_version}"
        if info.rate_standard_id
        else "—"
    )
    rows = [
        ["Figure", "Value"],
        ["Contributable base", money_in(currency, info.contributable_base)],
        ["Contribution rate", percent(info.rate)],
        ["Rate standard", rate_name],
        ["Contribution (rounded half up to the cent)", money_in(currency, info.contribution)],
        ["Due on", info.due_on.isoformat() if info.due_on else "—"],
    ]
    return _table(rows, (95 * mm, 75 * mm))


def _allocation_table(info: MonthFigures, currency: str = "") -> Table | Paragraph:
    styles = getSampleStyleSheet()
    if info.allocation is None:
        return Paragraph(
            "No fund-allocation standard was in force for this month.", styles["Normal"]
        )
    rows = [["Fund part", _amount_header(currency)]]
    for part, amount in info.allocation.items():
        rows.append([FUND_PART_NAMES.get(part, part), money(amount)])
    rows.append(["Total", money_in(currency, sum(info.allocation.values(), Decimal("0.00")))])
    return _table(rows, (95 * mm, 75 * mm), total_row=True)


def _submissions_table(info: MonthFigures, currency: str = "") -> Table | Paragraph:
    styles = getSampleStyleSheet()
    if not info.submissions:
        return Paragraph("Not submitted yet.", styles["Normal"])
    rows = [["Submission", "Reason", _amount_header(currency), "Delta", "Receipt", "Received"]]
    for sub in info.submissions:
        rows.append(
            [
                sub.kind_label,
                (sub.amendment_reason or "").replace("_", " "),
                money(sub.amount),
                ("+" if sub.delta > 0 else "") + money(sub.delta) if sub.sequence else "",
                sub.receipt_id or "waiting to send",
                time_text(sub.received_at),
            ]
        )
    table = Table(
        rows, colWidths=[24 * mm, 28 * mm, 22 * mm, 20 * mm, 50 * mm, 32 * mm], hAlign="LEFT"
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
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=15 * mm,
        title=f"Revenue statement {info.period}",
        author=statement.clinic_name,
        subject="Monthly revenue and contribution to the federation fund",
        creator="ClinicDesk",
    )
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, textColor=colors.grey)
    story: list[Any] = [
        Paragraph(escape(statement.clinic_name), styles["Title"]),
        Paragraph(f"Revenue statement for {info.period}", styles["Heading2"]),
        Paragraph(f"Status: {escape(info.status_label)}", styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph("Revenue by category", styles["Heading3"]),
        _lines_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph("Contribution to the federation fund", styles["Heading3"]),
        _figures_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph(
            "Fund allocation"
            + (
                f" ({escape(info.fund_standard_id)}, version {info.fund_standard_version})"
                if info.fund_standard_id
                else ""
            ),
            styles["Heading3"],
        ),
        _allocation_table(info, statement.currency),
        Spacer(1, 4 * mm),
        Paragraph("Submissions, amendments and receipts", styles["Heading3"]),
        _submissions_table(info, statement.currency),
        Spacer(1, 5 * mm),
        page.signature_block(["Clinic manager", "Treasurer"]),
        Spacer(1, 4 * mm),
        Paragraph(f"Generated at {time_text(statement.generated_at)} by ClinicDesk.", small),
    ]
    page.build(doc, story, f"{statement.clinic_name} — revenue statement {info.period}")
    return buffer.getvalue()
