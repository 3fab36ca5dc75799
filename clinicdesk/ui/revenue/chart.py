"""24 months of revenue (bars) and contributions (line), from the status listing."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from clinicdesk.services.revenue import MonthStatus


def _number(value: Decimal | None) -> float:
    # Drawing only: chart axes take floats. Money is never computed from these.
    return float(value) if value is not None else 0.0


class RevenueChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Revenue and contributions, last 24 months"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.months: list[str] = []
        self.set_months([])

    def set_months(self, months: Sequence[MonthStatus]) -> None:
        ordered = sorted(months, key=lambda m: m.period)[-24:]
        self.months = [m.period for m in ordered]
        chart = QChart()
        chart.setTitle(self.tr("Revenue and contributions"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        revenue = QBarSet(self.tr("Revenue"))
        contribution = QLineSeries()
        contribution.setName(self.tr("Contribution"))
        for i, month in enumerate(ordered):
            revenue.append(_number(month.total))
            contribution.append(i, _number(month.contribution))
        bars = QBarSeries()
        bars.append(revenue)
        chart.addSeries(bars)
        chart.addSeries(contribution)
        months_axis = QBarCategoryAxis()
        months_axis.append([m[2:] for m in self.months] or [""])
        chart.addAxis(months_axis, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(months_axis)
        contribution.attachAxis(months_axis)
        revenue_axis = QValueAxis()
        revenue_axis.setLabelFormat("%.0f")
        revenue_axis.setMin(0)
        chart.addAxis(revenue_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(revenue_axis)
        contribution_axis = QValueAxis()
        contribution_axis.setLabelFormat("%.0f")
        contribution_axis.setMin(0)
        chart.addAxis(contribution_axis, Qt.AlignmentFlag.AlignRight)
        contribution.attachAxis(contribution_axis)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
