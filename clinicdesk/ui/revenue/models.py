"""Table models of the Revenue area: months, a month's lines, its submissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from clinicdesk.domain.revenue import CATEGORY_NAMES
from clinicdesk.i18n import formatting
from clinicdesk.services.revenue import LineInfo, MonthStatus, SubmissionInfo
from clinicdesk.ui.tables import Column, RowTableModel, local_time_text

RIGHT = Qt.AlignmentFlag.AlignRight


def money_text(value: Decimal | None) -> str:
    return formatting.format_money(value)


def category_name(code: str) -> str:
    return QCoreApplication.translate("revenue", CATEGORY_NAMES.get(code, code))


class MonthsTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Month"), lambda m: m.period),
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
                lambda m: m.due_on.isoformat() if m.due_on else "",
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
            Column(self.tr("Reason"), lambda s: (s.amendment_reason or "").replace("_", " ")),
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
