"""Training documents: the compliance matrix for an inspection, a person's transcript, and
a completion certificate with its verification code.

Data in (plain values, the dataclasses below), PDF bytes out; the services decide what is on
them and audit them. States are printed as words (never colour alone), so a black-and-white
copy reads the same; every page of the matrix and transcript is numbered "Page n of N".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.i18n import _, ngettext
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape

# Columns of requirements per table: more would not fit a landscape page legibly.
MATRIX_COLUMNS_PER_TABLE = 8

STATE_COLOURS = {
    "valid": colors.HexColor("#d9f2d9"),
    "expiring": colors.HexColor("#fff1c2"),
    "expired": colors.HexColor("#f8d0d0"),
    "missing": colors.HexColor("#f8d0d0"),
    "in_grace": colors.HexColor("#dde8f8"),
    "not_applicable": colors.white,
}


@dataclass(frozen=True)
class MatrixColumn:
    requirement_id: str
    title: str
    renewal: str
    """"every 12 months" or "once"."""


@dataclass(frozen=True)
class MatrixCell:
    state: str
    """The state's value ("expiring"): picks the shading."""
    label: str
    """The state in words ("Expiring")."""
    detail: str
    """A date that matters ("until 2026-03-01"), or ""."""


@dataclass(frozen=True)
class MatrixLine:
    name: str
    roles: str
    cells: Sequence[MatrixCell]


@dataclass(frozen=True)
class MatrixReport:
    clinic_name: str
    as_of: date
    columns: Sequence[MatrixColumn]
    lines: Sequence[MatrixLine]
    totals: str
    """"Valid 40 · Expiring 3 · …"."""
    filters: str = ""


@dataclass(frozen=True)
class TranscriptStatus:
    title: str
    state: str
    completed_on: date | None
    due_on: date | None


@dataclass(frozen=True)
class TranscriptEntry:
    on: date
    title: str
    kind: str
    expires_on: date | None
    code: str
    note: str
    """Provider and outside code, score, or the revocation and its reason."""


@dataclass(frozen=True)
class TranscriptReport:
    clinic_name: str
    name: str
    roles: str
    start_on: date
    end_on: date | None
    as_of: date
    status: Sequence[TranscriptStatus]
    entries: Sequence[TranscriptEntry]


@dataclass(frozen=True)
class CertificateReport:
    clinic_name: str
    name: str
    requirement_title: str
    requirement: str
    """"training.hand-hygiene v1"."""
    course_title: str
    how: str
    """"Course and quiz in ClinicDesk (score 100 %)" or "Outside certificate: …"."""
    completed_on: date
    expires_on: date | None
    code: str


_STYLES = getSampleStyleSheet()
_SMALL = ParagraphStyle("small", parent=_STYLES["BodyText"], fontSize=7, leading=8.5)
_CELL = ParagraphStyle("cell", parent=_SMALL, alignment=1)


def _build(story: list[Any], pagesize: Any, title: str, author: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author=author,
    )
    page.build(document, story, footer)
    return buffer.getvalue()


def _day(value: date | None) -> str:
    return page.day(value)


def _bold(value: object) -> str:
    return f"<b>{escape(value)}</b>"


def matrix_pdf(report: MatrixReport) -> bytes:
    """Staff x requirements, landscape; wide matrices are split into tables of
    MATRIX_COLUMNS_PER_TABLE requirements, each repeating the names."""
    heading = _("Training compliance as of {date}").format(date=_day(report.as_of))
    summary = ngettext(
        "{clinic} · {staff} staff · {count} requirement",
        "{clinic} · {staff} staff · {count} requirements",
        len(report.columns),
    ).format(clinic=report.clinic_name, staff=len(report.lines), count=len(report.columns))
    story: list[Any] = [
        Paragraph(escape(heading), _STYLES["Title"]),
        Paragraph(
            escape(summary + (f" · {report.filters}" if report.filters else "")),
            _STYLES["Normal"],
        ),
        Paragraph(escape(report.totals), _STYLES["Normal"]),
        Spacer(1, 3 * mm),
    ]
    legend = [[_("Requirement"), _("Title"), _("Renewal")]] + [
        [c.requirement_id, Paragraph(escape(c.title), _SMALL), c.renewal] for c in report.columns
    ]
    story.append(_grid(legend, [60 * mm, 150 * mm, 40 * mm]))
    story.append(Spacer(1, 4 * mm))
    if not report.lines:
        story.append(Paragraph(escape(_("No one on staff matches.")), _STYLES["Normal"]))
    for start in range(0, len(report.columns), MATRIX_COLUMNS_PER_TABLE):
        columns = report.columns[start : start + MATRIX_COLUMNS_PER_TABLE]
        if not report.lines:
            break
        header: list[Any] = [_("Name"), _("Job roles")] + [
            Paragraph(escape(c.requirement_id.removeprefix("training.")), _CELL) for c in columns
        ]
        data: list[list[Any]] = [header]
        shading: list[tuple[Any, ...]] = []
        for row_index, line in enumerate(report.lines, start=1):
            cells = line.cells[start : start + MATRIX_COLUMNS_PER_TABLE]
            data.append(
                [Paragraph(escape(line.name), _SMALL), Paragraph(escape(line.roles), _SMALL)]
                + [
                    Paragraph(
                        f"<b>{escape(cell.label)}</b>"
                        + (f"<br/>{escape(cell.detail)}" if cell.detail else ""),
                        _CELL,
                    )
                    for cell in cells
                ]
            )
            for col_index, cell in enumerate(cells, start=2):
                colour = STATE_COLOURS.get(cell.state, colors.white)
                shading.append(
                    ("BACKGROUND", (col_index, row_index), (col_index, row_index), colour)
                )
        width = (273 - 45 - 30) / max(len(columns), 1)
        table = _grid(data, [45 * mm, 30 * mm] + [width * mm] * len(columns), extra=shading)
        story.extend([table, Spacer(1, 5 * mm)])
    return _build(
        story,
        landscape(A4),
        heading,
        report.clinic_name,
        f"{report.clinic_name} — {heading}",
    )


def _grid(
    data: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple[Any, ...]] = ()
) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                *extra,
            ]
        )
    )
    return table


def transcript_pdf(report: TranscriptReport) -> bytes:
    heading = _("Training transcript: {name}").format(name=report.name)
    facts = (
        _("{clinic} · {roles} · on staff from {start}, left {end} · as of {date}")
        if report.end_on
        else _("{clinic} · {roles} · on staff from {start} · as of {date}")
    ).format(
        clinic=report.clinic_name,
        roles=report.roles,
        start=_day(report.start_on),
        end=_day(report.end_on),
        date=_day(report.as_of),
    )
    story: list[Any] = [
        Paragraph(escape(heading), _STYLES["Title"]),
        Paragraph(escape(facts), _STYLES["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Requirements")), _STYLES["Heading2"]),
    ]
    status = [[_("Requirement"), _("State"), _("Completed"), _("Due")]] + [
        [Paragraph(escape(s.title), _SMALL), s.state, _day(s.completed_on), _day(s.due_on)]
        for s in report.status
    ]
    if not report.status:
        status.append([_("No requirement applies."), "", "", ""])
    story.append(_grid(status, [95 * mm, 25 * mm, 25 * mm, 25 * mm]))
    story.append(Paragraph(escape(_("Record")), _STYLES["Heading2"]))
    entries = [[_("Date"), _("Requirement"), _("How"), _("Expires"), _("Code"), _("Note")]] + [
        [
            _day(e.on),
            Paragraph(escape(e.title), _SMALL),
            Paragraph(escape(e.kind), _SMALL),
            _day(e.expires_on),
            Paragraph(escape(e.code), _SMALL),
            Paragraph(escape(e.note), _SMALL),
        ]
        for e in report.entries
    ]
    if not report.entries:
        entries.append(["", _("Nothing recorded yet."), "", "", "", ""])
    story.append(_grid(entries, [18 * mm, 45 * mm, 25 * mm, 18 * mm, 40 * mm, 40 * mm]))
    return _build(story, A4, heading, report.clinic_name, f"{report.clinic_name} — {heading}")


def certificate_pdf(report: CertificateReport) -> bytes:
    """One certificate with the code `clinicdesk training verify CODE` checks."""
    big = ParagraphStyle("big", parent=_STYLES["Normal"], fontSize=14, leading=20)
    until = (
        escape(_("It is valid until {date}.")).format(date=_bold(_day(report.expires_on)))
        if report.expires_on
        else escape(_("It does not need renewing."))
    )
    story: list[Any] = [
        Paragraph(escape(report.clinic_name), _STYLES["Title"]),
        Paragraph(escape(_("Certificate of training")), _STYLES["Heading1"]),
        Spacer(1, 8 * mm),
        Paragraph(
            escape(
                _(
                    "This certifies that {name} completed {course} on {date}, meeting the "
                    "requirement “{requirement_title}” ({requirement}). {until}"
                )
            ).format(
                name=_bold(report.name),
                course=_bold(report.course_title),
                date=_bold(_day(report.completed_on)),
                requirement_title=escape(report.requirement_title),
                requirement=escape(report.requirement),
                until=until,
            ),
            big,
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(report.how), _STYLES["Normal"]),
        Spacer(1, 8 * mm),
        page.signature_block([_("Clinic manager")], width=90 * mm),
        Spacer(1, 8 * mm),
        Paragraph(escape(_("Verification code: {code}")).format(code=_bold(report.code)), big),
        Paragraph(
            escape(
                _(
                    "Check this certificate with: clinicdesk training verify CODE (it says "
                    "whether it is genuine, still valid, expired or revoked)."
                )
            ),
            _SMALL,
        ),
    ]
    return _build(
        story,
        landscape(A4),
        _("Training certificate {code}").format(code=report.code),
        report.clinic_name,
        report.clinic_name,
    )
