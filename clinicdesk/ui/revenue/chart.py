"""24 months of revenue (bars) and contributions (line), from the status listing.

A month still in draft is drawn as a grey "draft" bar and has no contribution point: its
contribution is not worked out until it is locked, and a drop to 0 would read as if the
clinic owed nothing. A month with nothing entered has no bar and no point. Every 3rd
month is named under the axis (all 24 side by side were shortened to "…"); hovering a
bar names its month and amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from clinicdesk.services.revenue import MonthStatus, PeriodStatus
from clinicdesk.ui import charts

MONTH_LABEL_PX = 64  # "2026-12" and its gap


def _number(value: Decimal | None) -> float:
    # Drawing only: chart axes take floats. Money is never computed from these.
    return float(value) if value is not None else 0.0


class RevenueChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Revenue and contributions, last 24 months"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.months: list[str] = []
        self.drafts: list[str] = []
        self.label_every = 3
        self._ordered: list[MonthStatus] = []
        self.set_months([])

    def _every(self) -> int:
        room = max(self.viewport().width() - 160, MONTH_LABEL_PX)
        return charts.label_every(len(self.months), room, MONTH_LABEL_PX)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.months and self._every() != self.label_every:
            self.set_months(self._ordered)  # more or fewer month names fit now

    def set_months(self, months: Sequence[MonthStatus]) -> None:
        ordered = sorted(months, key=lambda m: m.period)[-24:]
        self._ordered = ordered
        self.months = [m.period for m in ordered]
        self.drafts = [m.period for m in ordered if m.status == PeriodStatus.DRAFT]
        chart = QChart()
        if any(m.total is not None for m in ordered):
            chart.setTitle(self.tr("Revenue and contributions"))
        else:
            chart.setTitle(
                self.tr("Revenue and contributions: nothing entered yet (Enter lines… starts)")
            )
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        final = QBarSet(self.tr("Revenue"))
        draft = QBarSet(self.tr("Revenue, draft (no contribution yet)"))
        draft.setColor(charts.draft_color())
        contribution = QLineSeries()
        contribution.setName(self.tr("Contribution"))
        contribution.setPointsVisible(True)
        for i, month in enumerate(ordered):
            is_draft = month.status == PeriodStatus.DRAFT
            final.append(0.0 if is_draft else _number(month.total))
            draft.append(_number(month.total) if is_draft else 0.0)
            if not is_draft and month.contribution is not None:
                contribution.append(i, _number(month.contribution))
        bars = QStackedBarSeries()
        bars.append(final)
        if self.drafts:
            bars.append(draft)
        chart.addSeries(bars)
        chart.addSeries(contribution)
        self.label_every = self._every()
        months_axis = charts.month_axis(self.months, self.label_every)
        chart.addAxis(months_axis, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(months_axis)
        contribution.attachAxis(months_axis)
        top = max([_number(m.total) for m in ordered] + [1.0])
        revenue_axis = charts.value_axis(top)
        revenue_axis.setTitleText(self.tr("Revenue"))
        chart.addAxis(revenue_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(revenue_axis)
        contribution_top = max([_number(m.contribution) for m in ordered] + [1.0])
        contribution_axis = charts.value_axis(contribution_top)
        contribution_axis.setTitleText(self.tr("Contribution"))
        contribution_axis.setGridLineVisible(False)  # one grid, the revenue axis's
        chart.addAxis(contribution_axis, Qt.AlignmentFlag.AlignRight)
        contribution.attachAxis(contribution_axis)
        charts.show_bar_tooltips(bars, self.months)
        charts.style_chart(chart)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
