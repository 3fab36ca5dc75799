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

from clinicdesk.i18n import N_, _, ngettext
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import day


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


def _common_tail(explanations: Sequence[str]) -> str:
    """The rule's wording every explanation ends with ("; due every year for …."), said
    once in the heading instead of on every patient's line; "" when they differ."""
    if not explanations or "; " not in explanations[0]:
        return ""
    tail = explanations[0][explanations[0].rindex("; ") :]
    return tail if all(text.endswith(tail) for text in explanations) else ""


# Landscape A4 less the margins: 273 mm. The outcome column is the room to write in.
_WIDTHS = [60 * mm, 24 * mm, 10 * mm, 34 * mm, 18 * mm, 20 * mm, 107 * mm]
_HEADER = [
    N_("Patient"),
    N_("MRN"),
    N_("Age"),
    N_("Phone"),
    N_("Status"),
    N_("Due"),
    N_("Outcome (date, who called, result)"),
]


def call_sheet_pdf(sheet: CallSheet) -> bytes:
    """Two lines per patient: who and how to reach them, then (small, under it) why they
    are on the list, beside a box for the outcome — about 20 patients to a page."""
    styles = getSampleStyleSheet()
    why = styles["BodyText"].clone(
        "why",
        fontSize=6.5,
        leading=7.5,
        spaceBefore=0,
        spaceAfter=0,
        textColor=colors.HexColor("#444444"),
    )
    name_style = styles["BodyText"].clone(
        "name", fontSize=8, leading=9.5, spaceBefore=0, spaceAfter=0
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=10 * mm,
        bottomMargin=13 * mm,
        title=_("Outreach call sheet: {title}").format(title=sheet.title),
        author=sheet.clinic_name,
    )
    tail = _common_tail([row.explanation for row in sheet.rows])
    patients = ngettext(
        "{clinic} · {panel} · care gaps as of {date} · {standard} · {count} patient.",
        "{clinic} · {panel} · care gaps as of {date} · {standard} · {count} patients.",
        len(sheet.rows),
    ).format(
        clinic=sheet.clinic_name,
        panel=sheet.panel,
        date=day(sheet.as_of),
        standard=sheet.standard,
        count=len(sheet.rows),
    )
    parts = [patients]
    if tail:
        parts.append(_("Rule: {rule}").format(rule=tail[2:]))
    parts.append(_("Each patient's second line says why they are on the list."))
    heading = styles["Heading2"].clone("heading", fontSize=13, leading=16, spaceAfter=2)
    story: list[object] = [
        Paragraph(escape(_("Outreach call sheet: {title}").format(title=sheet.title)), heading),
        Paragraph(
            escape(" ".join(parts)),
            styles["BodyText"].clone("sub", fontSize=8, leading=10, spaceBefore=0),
        ),
        Spacer(1, 2 * mm),
    ]
    data: list[list[object]] = [[_(text) for text in _HEADER]]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 9.5),  # not the table's default 12: rows stay compact
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("BOX", (0, 0), (-1, -1), 0.25, colors.grey),
        ("LINEAFTER", (-2, 0), (-2, -1), 0.25, colors.grey),
    ]
    for row in sheet.rows:
        first = len(data)
        explanation = row.explanation[: -len(tail)] if tail else row.explanation
        data.append(
            [
                Paragraph(escape(row.name), name_style),
                row.mrn,
                "" if row.age is None else str(row.age),
                row.phone or "",
                row.state,
                day(row.due_on),
                "",
            ]
        )
        data.append([Paragraph(escape(explanation), why), "", "", "", "", "", ""])
        style += [
            ("SPAN", (0, first + 1), (5, first + 1)),
            ("SPAN", (6, first), (6, first + 1)),
            ("TOPPADDING", (0, first + 1), (5, first + 1), 0),
            ("LEADING", (0, first + 1), (5, first + 1), 7.5),
            ("LINEBELOW", (0, first + 1), (-1, first + 1), 0.25, colors.grey),
        ]
    if not sheet.rows:
        data.append([_("No patient has this gap open."), "", "", "", "", "", ""])
    table = Table(data, colWidths=_WIDTHS, repeatRows=1)
    table.setStyle(TableStyle(style))
    story.append(table)
    footer = _("{clinic} — outreach call sheet: {title}").format(
        clinic=sheet.clinic_name, title=sheet.title
    )
    page.build(document, story, footer)
    return buffer.getvalue()
