"""Policy acknowledgements as of a date: per policy, who acknowledged it, who is due and
who is late — the copy a manager files or shows an inspector.

Data in (plain values), PDF bytes out; the service decides who is on it and audits it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.reports import page
from clinicdesk.reports.markup import escape


@dataclass(frozen=True)
class PersonLine:
    name: str
    roles: str
    state: str
    """"Acknowledged", "Due" or "Late"."""
    due_by: date | None
    acknowledged_on: date | None
    on_time: bool | None


@dataclass(frozen=True)
class PolicySection:
    title: str
    reference: str
    """"policy.patient-data-stays-local v1"."""
    who: str
    within_days: int
    acknowledged: int
    due: int
    late: int
    people: Sequence[PersonLine]


@dataclass(frozen=True)
class AcknowledgementReport:
    clinic_name: str
    as_of: date
    sections: Sequence[PolicySection]


_WIDTHS = [62 * mm, 40 * mm, 26 * mm, 24 * mm, 34 * mm]
_HEADER = ["Person", "Job roles", "State", "Due by", "Acknowledged"]
_LATE = colors.HexColor("#fde2e1")


def acknowledgements_pdf(report: AcknowledgementReport) -> bytes:
    """One section per policy in force: its counts, then one line per person it applies
    to, the late ones first and shaded."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"Policy acknowledgements as of {report.as_of}",
        author=report.clinic_name,
    )
    small = styles["BodyText"].clone("small", fontSize=8, leading=10, spaceBefore=0)
    story: list[object] = [
        Paragraph(escape(f"Policy acknowledgements as of {report.as_of}"), styles["Heading2"]),
        Paragraph(escape(f"{report.clinic_name} · {len(report.sections)} policy(ies)"), small),
        Spacer(1, 3 * mm),
    ]
    if not report.sections:
        story.append(Paragraph("No policy is in force on this day.", styles["BodyText"]))
    for section in report.sections:
        head = [
            Paragraph(escape(section.title), styles["Heading3"]),
            Paragraph(
                escape(
                    f"{section.reference} · for {section.who} · within {section.within_days} "
                    f"days · acknowledged {section.acknowledged}, due {section.due}, "
                    f"late {section.late}"
                ),
                small,
            ),
            Spacer(1, 1.5 * mm),
        ]
        data: list[list[object]] = [list(_HEADER)]
        style: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ("BOX", (0, 0), (-1, -1), 0.25, colors.grey),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ]
        for person in section.people:
            acknowledged = ""
            if person.acknowledged_on is not None:
                late = " (late)" if person.on_time is False else ""
                acknowledged = f"{person.acknowledged_on.isoformat()}{late}"
            if person.state == "Late":
                style.append(("BACKGROUND", (0, len(data)), (-1, len(data)), _LATE))
            data.append(
                [
                    Paragraph(escape(person.name), small),
                    Paragraph(escape(person.roles), small),
                    person.state,
                    "" if person.due_by is None else person.due_by.isoformat(),
                    acknowledged,
                ]
            )
        if not section.people:
            data.append(["It applies to no one on staff.", "", "", "", ""])
        table = Table(data, colWidths=_WIDTHS, repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [KeepTogether(head), table, Spacer(1, 4 * mm)]
    page.build(document, story, f"{report.clinic_name} — policy acknowledgements")
    return buffer.getvalue()
