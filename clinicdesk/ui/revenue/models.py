"""Table models of the Revenue area: months, a month's lines, its submissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from clinicdesk.domain.revenue import category_name
from clinicdesk.federation.schemas import AmendmentReason
from clinicdesk.i18n import formatting
from clinicdesk.services.revenue import LineInfo, MonthStatus, SubmissionInfo
from clinicdesk.ui.tables import Column, RowTableModel, local_time_text

RIGHT = Qt.AlignmentFlag.AlignRight


def money_text(value: Decimal | None) -> str:
    return formatting.format_money(value)


# Why a month is amended, as a person reads it.
REASON_TITLES = {
    AmendmentReason.REVENUE_CORRECTED: QT_TRANSLATE_NOOP("AmendmentReason", "revenue corrected"),
    AmendmentReason.LATE_REVENUE: QT_TRANSLATE_NOOP("AmendmentReason", "late revenue"),
    AmendmentReason.CATEGORY_CORRECTED: QT_TRANSLATE_NOOP("AmendmentReason", "category corrected"),
    AmendmentReason.RATE_CORRECTED: QT_TRANSLATE_NOOP("AmendmentReason", "rate corrected"),
    AmendmentReason.OTHER: QT_TRANSLATE_NOOP("AmendmentReason", "other"),
}

# The parts of the federation fund, as the statement's figures name them.
FUND_PART_TITLES = {
    "shared_technology": QT_TRANSLATE_NOOP("FundPart", "shared technology"),
    "training": QT_TRANSLATE_NOOP("FundPart", "training"),
    "regional_development": QT_TRANSLATE_NOOP("FundPart", "regional development"),
    "reserve": QT_TRANSLATE_NOOP("FundPart", "reserve"),
    "member_dividend": QT_TRANSLATE_NOOP("FundPart", "member dividend"),
}


def month_text(period: str) -> str:
    """A month (`YYYY-MM`) as the person's language names it: `December 2026`."""
    return formatting.format_period(period)


def _named(context: str, titles: dict[Any, object], key: str, fallback: str) -> str:
    title = titles.get(key)
    return QCoreApplication.translate(context, str(title)) if title else fallback


def reason_name(reason: str | None) -> str:
    if not reason:
        return ""
    return _named("AmendmentReason", REASON_TITLES, reason, reason.replace("_", " "))


def fund_part_name(part: str) -> str:
    return _named("FundPart", FUND_PART_TITLES, part, part.replace("_", " "))


class MonthsTableModel(RowTableModel):
    # Month, Status, Revenue, Contribution: what a person reads to pick a month (the due
    # date and the receipt may go behind the scroll bar on a small screen)
    KEY_COLUMNS = 4

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(
                self.tr("Month"),
                lambda m: month_text(m.period),  # "December 2026" / "diciembre de 2026"
                sort_key=lambda m: m.period,
                export=lambda m: m.period,  # YYYY-MM in a CSV, as everywhere else
            ),
            Column(self.tr("Status"), lambda m: m.status_label),
            Column(
                self.tr("Revenue"),
                lambda m: money_text(m.total),
                sort_key=lambda m: m.total or Decimal(0),
                align=RIGHT,
            ),
            Column(
                self.tr("Contribution"),
                lambda m: money_text(m.contribution),
                sort_key=lambda m: m.contribution or Decimal(0),
                align=RIGHT,
            ),
            Column(
                self.tr("Due"),
                lambda m: m.due_on,  # a date: the table writes it as the person's language does
                tooltip=self._due_tip,
            ),
            Column(self.tr("Receipt"), lambda m: m.receipt_id or ""),
        ]
        super().__init__(columns, key=lambda m: m.period, parent=parent)

    def _due_tip(self, month: MonthStatus) -> str | None:
        return self.tr("Overdue: not submitted by its due date.") if month.overdue else None


class LinesTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Category"), lambda line: category_name(line.category)),
            Column(self.tr("Sub-line"), lambda line: line.label),
            Column(
                self.tr("Amount"),
                lambda line: money_text(line.amount),
                sort_key=lambda line: line.amount,
                align=RIGHT,
            ),
        ]
        super().__init__(columns, key=self._key, parent=parent)

    @staticmethod
    def _key(line: LineInfo) -> tuple[str, str]:
        return (line.category, line.label)


class SubmissionsTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Submission"), self._kind, sort_key=lambda s: s.sequence),
            Column(self.tr("Reason"), lambda s: reason_name(s.amendment_reason)),
            Column(
                self.tr("Amount"),
                lambda s: money_text(s.amount),
                sort_key=lambda s: s.amount,
                align=RIGHT,
            ),
            Column(
                self.tr("Delta"),
                lambda s: formatting.format_money(s.delta, sign=True) if s.sequence else "",
                sort_key=lambda s: s.delta,
                align=RIGHT,
            ),
            Column(self.tr("Receipt"), self._receipt, tooltip=lambda s: s.last_error),
            Column(
                self.tr("Received"),
                lambda s: local_time_text(s.received_at),
                sort_key=lambda s: s.received_at,
            ),
        ]
        super().__init__(columns, key=lambda s: s.sequence, parent=parent)

    def _kind(self, sub: SubmissionInfo) -> str:
        if sub.sequence == 0:
            return self.tr("Original")
        return self.tr("Amendment {n}").format(n=sub.sequence)

    def _receipt(self, sub: SubmissionInfo) -> str:
        if sub.receipt_id:
            return sub.receipt_id
        if sub.outbox_state == "dead":
            return self.tr("Stopped: see Federation → Outbox")
        return self.tr("Waiting to send")
