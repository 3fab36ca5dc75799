"""What every ClinicDesk PDF shares: the page template ("Page n of m" and a footer line on
every page), amounts with the clinic's currency, days, months and moments as the reader's
language writes them, and the signature block of the documents someone signs (the revenue
statement, share and training certificates).

Every word on a page is translated when the page is made (`_()` from clinicdesk.i18n), and
every date, amount, count and rate goes through clinicdesk.i18n.formatting (Babel): a PDF
made in Spanish reads `3 dic 2026` and `1.234,50`. The standard PDF fonts (Helvetica) are
WinAnsi-encoded, so Spanish accents, ñ, ¿ and ¡ print as they are.

Every report builds its document with `build(doc, story, footer)`, so no PDF leaves the
program without page numbers (tests/integration/test_report_pages.py checks them all).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date, format_datetime, format_money, format_month

FOOTER_FONT = ("Helvetica", 7)
FOOTER_Y = 7 * mm  # above the bottom edge; every report keeps a bottom margin over 12 mm


class _NumberedCanvas(Canvas):
    """Holds each page until the document ends, then draws the footer and "Page n of m"
    on every page (the total is known only then)."""

    footer = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(*FOOTER_FONT)
            self.setFillColor(colors.black)
            width = self._pagesize[0]
            margin = 12 * mm
            self.drawString(margin, FOOTER_Y, self.footer)
            self.drawRightString(
                width - margin,
                FOOTER_Y,
                _("Page {number} of {total}").format(number=self._pageNumber, total=total),
            )
            self.restoreState()
            super().showPage()
        super().save()


def numbered_canvas(footer: str = "") -> type[Canvas]:
    """A canvas class for `doc.build(..., canvasmaker=…)` that writes `footer` at the
    bottom left and "Page n of m" at the bottom right of every page."""
    return type("NumberedCanvas", (_NumberedCanvas,), {"footer": footer})


def build(doc: BaseDocTemplate, story: list[Any], footer: str = "") -> None:
    """Build `story` into `doc` on the shared page template."""
    doc.build(story, canvasmaker=numbered_canvas(footer))


def money_in(currency: str, value: Decimal | None) -> str:
    """An amount with the clinic's currency code, "USD 1,234.50" ("USD 1234,50" in
    Spanish); "—" for none."""
    if value is None:
        return "—"
    text = format_money(value)
    return f"{currency} {text}" if currency else text


def money(value: Decimal | None, *, sign: bool = False) -> str:
    """An amount as the reader writes it ("1,234.50", "1234,50"); "—" for none; `sign`
    writes "+" before a positive change."""
    return "—" if value is None else format_money(value, sign=sign)


def day(value: date | None) -> str:
    """A day as the reader writes it ("Mar 1, 2026", "1 mar 2026"); "" for none."""
    return format_date(value)


def month(period: str) -> str:
    """A period "2026-03" as the reader names it ("March 2026", "marzo de 2026"); the text
    as given when it is not a period."""
    try:
        year, number = (int(part) for part in period.split("-"))
        return format_month(year, number)
    except ValueError:
        return period


def moment(value: datetime | None) -> str:
    """A moment in UTC, to the minute, as the reader writes it ("Mar 1, 2026 9:05 AM UTC");
    "—" for none."""
    if value is None:
        return "—"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return _("{time} UTC").format(time=format_datetime(aware.astimezone(UTC)))


def signature_block(signers: Sequence[str], *, width: float = 170 * mm) -> Flowable:
    """A line to sign on, then the printed name and the date, for each of `signers` (their
    roles, translated, e.g. "Clinic manager"), side by side with a gap between; kept on one page."""
    gap = 10 * mm
    count = max(len(signers), 1)
    column = (width - gap * (count - 1)) / count
    widths: list[float] = []
    rows: list[list[str]] = [[], [], []]
    for index, role in enumerate(signers):
        if index:
            widths.append(gap)
            for row in rows:
                row.append("")
        widths.append(column)
        rows[0].append("")
        rows[1].append(_("Signature — {role}").format(role=role))
        rows[2].append(_("Name and date:"))
    table = Table(rows, colWidths=widths, rowHeights=[10 * mm, None, 8 * mm])
    style = TableStyle(
        [
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    for index in range(count):
        style.add("LINEBELOW", (index * 2, 0), (index * 2, 0), 0.6, colors.black)
        style.add("LINEBELOW", (index * 2, 2), (index * 2, 2), 0.3, colors.grey)
    table.setStyle(style)
    table.hAlign = "LEFT"
    return KeepTogether([table])
