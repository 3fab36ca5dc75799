"""The outreach call sheet: one care gap, the patients to call, room to note the outcome.

Data in (plain values), PDF bytes out; the service decides who is on it and audits it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.reports.markup import escape


@dataclass(frozen=True)
class CallSheetRow:
    name: str
    mrn: str
    age: int | None
    phone: str | None
    state: str
    due_on: date | None
    explanation: str


@dataclass(frozen=True)
class CallSheet:
    clinic_name: str
    title: str
    standard: str
    """"care-gap.influenza-vaccine v1"."""
    as_of: date
    panel: str
    """"Dr Ana Reyes's panel" or "Whole clinic"."""
    rows: Sequence[CallSheetRow]


def call_sheet_pdf(sheet: CallSheet) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Outreach call sheet: {sheet.title}",
        author=sheet.clinic_name,
    )
    story: list[object] = [
        Paragraph(escape(f"Outreach call sheet: {sheet.title}"), styles["Title"]),
        Paragraph(
            escape(
                f"{sheet.clinic_name} · {sheet.panel} · care gaps as of {sheet.as_of} · "
                f"{sheet.standard} · {len(sheet.rows)} patient(s)"
            ),
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
    ]
    header: list[object] = ["Patient", "MRN", "Age", "Phone", "Status", "Due", "Why", "Outcome"]
    data: list[list[object]] = [header]
    for row in sheet.rows:
        data.append(
            [
                Paragraph(escape(row.name), small),
                row.mrn,
                "" if row.age is None else str(row.age),
                row.phone or "",
                row.state,
                "" if row.due_on is None else row.due_on.isoformat(),
                Paragraph(escape(row.explanation), small),
                "",
            ]
        )
    if not sheet.rows:
        data.append(["No patient has this gap open.", "", "", "", "", "", "", ""])
    widths = [38 * mm, 22 * mm, 10 * mm, 28 * mm, 16 * mm, 20 * mm, 105 * mm, 34 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
