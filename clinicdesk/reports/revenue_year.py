"""The yearly revenue summary for the board: every month of the year with its revenue,
contributable base, contribution (latest submission) and receipt, the year's totals by
category and the fund allocation of the year's contributions.

Data in (`YearDocument`, the months as `revenue_statement.MonthFigures`), PDF bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinicdesk.domain.revenue import CATEGORY_CODES
from clinicdesk.i18n import _
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import money
from clinicdesk.reports.revenue_statement import MonthFigures, category, fund_part


@dataclass(frozen=True)
class YearDocument:
    clinic_name: str
    year: int
    months: Sequence[MonthFigures]  # the months entered, in order
    missing: Sequence[str]  # the past months not entered
    generated_at: datetime
    currency: str = ""  # the clinic's ISO 4217 code


ZERO = Decimal("0.00")


def _style(rows: int) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("FONTNAME", (0, rows - 1), (-1, rows - 1), "Helvetica-Bold"),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEABOVE", (0, rows - 1), (-1, rows - 1), 0.6, colors.black),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
        ]
    )


def render(summary: YearDocument) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Revenue summary {year}").format(year=summary.year),
        author=summary.clinic_name,
        creator="ClinicDesk",
    )
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, textColor=colors.grey)
    rows: list[list[str]] = [
        [
            _("Month"),
            _("Status"),
            _("Revenue"),
            _("Contributable base"),
            _("Contribution"),
            _("Amendments"),
            _("Receipt"),
        ]
    ]
    total = base = contribution = ZERO
    by_category = dict.fromkeys(CATEGORY_CODES, ZERO)
    allocation: dict[str, Decimal] = {}
    for month in summary.months:
        rows.append(
            [
                page.month(month.period),
                month.status_label,
                money(month.total),
                money(month.contributable_base),
                money(month.contribution),
                str(max(len(month.submissions) - 1, 0)),
                month.submissions[-1].receipt_id or _("waiting") if month.submissions else "",
            ]
        )
        total += month.total
        base += month.contributable_base or ZERO
        contribution += month.contribution or ZERO
        for code, amount in month.totals.items():
            by_category[code] += amount
        for part, amount in (month.allocation or {}).items():
            allocation[part] = allocation.get(part, ZERO) + amount
    rows.append([_("Year"), "", money(total), money(base), money(contribution), "", ""])
    months_table = Table(
        rows,
        # Wide enough for either language's headings ("Rectificaciones") and months
        # ("septiembre de 2026"): 267 mm, the landscape page less its margins.
        colWidths=[32 * mm, 56 * mm, 30 * mm, 32 * mm, 28 * mm, 30 * mm, 59 * mm],
        hAlign="LEFT",
    )
    months_style = _style(len(rows))
    months_style.add("ALIGN", (1, 0), (1, -1), "LEFT")  # the status, words
    months_style.add("ALIGN", (-1, 0), (-1, -1), "LEFT")  # the receipt, a code
    months_table.setStyle(months_style)
    category_rows = [[_("Category"), _("Revenue")]]
    category_rows += [[category(c), money(by_category[c])] for c in CATEGORY_CODES]
    category_rows.append([_("Total"), money(total)])
    categories = Table(category_rows, colWidths=[80 * mm, 35 * mm], hAlign="LEFT")
    categories.setStyle(_style(len(category_rows)))
    fund_rows = [[_("Fund part"), _("Amount")]]
    fund_rows += [[fund_part(p), money(a)] for p, a in allocation.items()]
    fund_rows.append([_("Total"), money(sum(allocation.values(), ZERO))])
    fund = Table(fund_rows, colWidths=[80 * mm, 35 * mm], hAlign="LEFT")
    fund.setStyle(_style(len(fund_rows)))
    story: list[Any] = [
        Paragraph(escape(summary.clinic_name), styles["Title"]),
        Paragraph(
            escape(_("Revenue and contributions, {year}").format(year=summary.year)),
            styles["Heading2"],
        ),
        Paragraph(
            escape(_("Amounts in {currency}.").format(currency=summary.currency))
            if summary.currency
            else "",
            styles["Normal"],
        ),
        months_table,
        Spacer(1, 5 * mm),
        KeepTogether([Paragraph(escape(_("Revenue by category")), styles["Heading3"]), categories]),
        Spacer(1, 5 * mm),
        KeepTogether(
            [
                Paragraph(escape(_("The year's contributions by fund part")), styles["Heading3"]),
                fund,
            ]
        ),
        Spacer(1, 5 * mm),
    ]
    drafts = [month.period for month in summary.months if month.draft]
    if drafts:
        # counted in the totals above as entered so far, but not final
        story.append(
            Paragraph(
                escape(
                    _(
                        "Still drafts, so their figures may change until they are locked: {months}."
                    ).format(months=", ".join(page.month(p) for p in drafts))
                ),
                small,
            )
        )
    story.append(
        Paragraph(
            escape(
                _("Months not entered: {months}. Generated at {time} by ClinicDesk.").format(
                    months=", ".join(page.month(p) for p in summary.missing) or _("none"),
                    time=page.moment(summary.generated_at),
                )
            ),
            small,
        )
    )
    footer = _("{clinic} — revenue summary {year}").format(
        clinic=summary.clinic_name, year=summary.year
    )
    page.build(doc, story, footer)
    return buffer.getvalue()
