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

from clinicdesk.i18n import N_, _, ngettext
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import day


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
_HEADER = [N_("Person"), N_("Job roles"), N_("State"), N_("Due by"), N_("Acknowledged")]
_LATE = colors.HexColor("#fde2e1")


def acknowledgements_pdf(report: AcknowledgementReport) -> bytes:
    """One section per policy in force: its counts, then one line per person it applies
    to, the late ones first and shaded."""
    styles = getSampleStyleSheet()
    heading = _("Policy acknowledgements as of {date}").format(date=day(report.as_of))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=heading,
        author=report.clinic_name,
    )
    small = styles["BodyText"].clone("small", fontSize=8, leading=10, spaceBefore=0)
    count = len(report.sections)
    story: list[object] = [
        Paragraph(escape(heading), styles["Heading2"]),
        Paragraph(
            escape(
                ngettext("{clinic} · {count} policy", "{clinic} · {count} policies", count).format(
                    clinic=report.clinic_name, count=count
                )
            ),
            small,
        ),
        Spacer(1, 3 * mm),
    ]
    if not report.sections:
        story.append(Paragraph(escape(_("No policy is in force on this day.")), styles["BodyText"]))
    for section in report.sections:
        head = [
            Paragraph(escape(section.title), styles["Heading3"]),
            Paragraph(
                escape(
                    ngettext(
                        "{reference} · for {who} · within {days} day · acknowledged "
                        "{acknowledged}, due {due}, late {late}",
                        "{reference} · for {who} · within {days} days · acknowledged "
                        "{acknowledged}, due {due}, late {late}",
                        section.within_days,
                    ).format(
                        reference=section.reference,
                        who=section.who,
                        days=section.within_days,
                        acknowledged=section.acknowledged,
                        due=section.due,
                        late=section.late,
                    )
                ),
                small,
            ),
            Spacer(1, 1.5 * mm),
        ]
        data: list[list[object]] = [[_(text) for text in _HEADER]]
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
                acknowledged = (_("{date} (late)") if person.on_time is False else "{date}").format(
                    date=day(person.acknowledged_on)
                )
            if person.state == "Late":
                style.append(("BACKGROUND", (0, len(data)), (-1, len(data)), _LATE))
            data.append(
                [
                    Paragraph(escape(person.name), small),
                    Paragraph(escape(person.roles), small),
                    person.state,
                    day(person.due_by),
                    acknowledged,
                ]
            )
        if not section.people:
            data.append([_("It applies to no one on staff."), "", "", "", ""])
        table = Table(data, colWidths=_WIDTHS, repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [KeepTogether(head), table, Spacer(1, 4 * mm)]
    footer = _("{clinic} — policy acknowledgements").format(clinic=report.clinic_name)
    page.build(document, story, footer)
    return buffer.getvalue()
