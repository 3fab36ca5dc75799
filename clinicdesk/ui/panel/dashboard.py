"""The panel dashboard (QtCharts): panel size against capacity per clinician, open care
gaps by standard, and when the gaps met today were closed, month by month.

ClinicDesk keeps only the latest evaluation of each care gap, not a history of openings
and closings, so the third chart counts today's met gaps by the month of the event that
closed them, and says so on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.i18n.formatting import format_period
from clinicdesk.services import attribution, panel
from clinicdesk.services.attribution import PanelSize
from clinicdesk.services.panel import Choice
from clinicdesk.ui import changes, charts
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.panel.dialogs import CapacityDialog
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.widgets import LoadsWhenShown, add_action_buttons


@dataclass(frozen=True)
class DashboardData:
    sizes: list[PanelSize]
    gaps: list[tuple[Choice, int]]
    met: list[tuple[str, int]]


class DashboardTab(LoadsWhenShown, QWidget):
    """Reads its figures on the worker when first shown and on F5."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self.clinician_id: int | None = None
        self.sizes_view = self._chart_view(self.tr("Panel size and capacity per clinician"))
        self.gaps_view = self._chart_view(self.tr("Open care gaps by standard"))
        self.met_view = self._chart_view(self.tr("Care gaps closed, by month"))
        self.gaps_note = QLabel(self)
        self.gaps_note.setWordWrap(True)
        self.met_note = QLabel(
            self.tr(
                "Counts the care gaps that are met today by the month of the visit, result "
                "or vaccine that closed them. ClinicDesk keeps only the latest care-gap "
                "evaluation, so gaps that were closed and have opened again since are not "
                "in this chart."
            ),
            self,
        )
        self.met_note.setWordWrap(True)
        self.met_every = 1
        self.capacity_dialog: CapacityDialog | None = None
        self.capacity_action = make_action(
            self, self.tr("Set &capacity…"), self.edit_capacity, "Ctrl+Shift+C"
        )
        self.capacity_action.setVisible(ctx.principal.can(Permission.ATTRIBUTE_PATIENTS))
        self.capacity_action.setEnabled(False)
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.buttons = add_action_buttons(
            self, bar, [("capacity", self.capacity_action), ("refresh", self.refresh_action)]
        )
        # The gaps chart gets the full height: twelve standards' names need room to be
        # read (squeezed, QtCharts shortens every one to "…").
        grid = QGridLayout()
        grid.addWidget(self.gaps_view, 0, 0, 2, 1)
        grid.addWidget(self.sizes_view, 0, 1)
        grid.addWidget(self.met_view, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)
        layout.addWidget(self.gaps_note)
        layout.addWidget(self.met_note)
        changes.follow_changes(self, ctx.runner, changes.PATIENTS | changes.CARE_GAPS)

    def _chart_view(self, title: str) -> QChartView:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart, self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setAccessibleName(title)
        view.setMinimumHeight(200)
        charts.style_chart(chart)
        return view

    def set_clinician(self, clinician_id: int | None) -> None:
        """Show one clinician's gaps (None: the whole clinic, for those allowed)."""
        if clinician_id != self.clinician_id:
            self.clinician_id = clinician_id
            if self.loaded:
                self.refresh()

    def refresh(self) -> None:
        db, actor, clinician = self.ctx.db, self.ctx.principal, self.clinician_id

        def work(_progress: Any) -> DashboardData:
            with db.uow(read_only=True) as uow:
                return DashboardData(
                    sizes=attribution.panel_sizes(uow, actor),
                    gaps=panel.open_gaps_by_standard(uow, actor, clinician),
                    met=panel.met_by_month(uow, actor, clinician),
                )

        self.ctx.runner.run(work, self._on_data_loaded, parent=self)

    def _on_data_loaded(self, data: DashboardData) -> None:
        if not shiboken6.isValid(self):
            return
        self.data = data
        self.capacity_action.setEnabled(bool(data.sizes))
        self._fill_sizes(data.sizes)
        self._fill_gaps(data.gaps)
        self._fill_met(data.met)

    def edit_capacity(self) -> None:
        if self.data is None or not self.data.sizes:
            return
        dialog = CapacityDialog(self.ctx, self.data.sizes, self)
        dialog.saved.connect(self._on_capacity_saved)
        dialog.finished.connect(lambda _r: self._on_capacity_dialog_finished(dialog))
        self.capacity_dialog = dialog
        dialog.open()

    def _on_capacity_saved(self, _size: PanelSize) -> None:
        if shiboken6.isValid(self):
            self.refresh()

    def _on_capacity_dialog_finished(self, dialog: CapacityDialog) -> None:
        if self.capacity_dialog is dialog:
            self.capacity_dialog = None
        dialog.deleteLater()

    def _reset(self, view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.data is not None and self.data.met:
            every = self._met_every(len(self.data.met))
            if every != self.met_every:
                self._fill_met(self.data.met)  # more or fewer month names fit now

    def _met_every(self, count: int) -> int:
        return charts.label_every(count, max(self.met_view.width() - 120, 64), 64)

    def _fill_sizes(self, sizes: list[PanelSize]) -> None:
        # Horizontal bars: clinicians' names on the left have room; under the bars they
        # were cut to "Dr Dmitri…".
        chart = self._reset(self.sizes_view)
        patients = QBarSet(self.tr("Patients"))
        capacity = QBarSet(self.tr("Capacity"))
        shown = list(reversed(sizes))  # first clinician at the top
        names = [size.display_name for size in shown]
        for size in shown:
            patients.append(size.patients)
            capacity.append(size.capacity or 0)
        series = QHorizontalBarSeries()
        series.append(patients)
        series.append(capacity)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(names or [self.tr("(no clinicians)")])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        top = max([s.patients for s in sizes] + [s.capacity or 0 for s in sizes] + [1])
        values = charts.value_axis(top)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        charts.show_bar_tooltips(series, names)
        charts.style_chart(chart)

    def _fill_gaps(self, gaps: list[tuple[Choice, int]]) -> None:
        chart = self._reset(self.gaps_view)
        if not gaps:
            self.gaps_note.setText(
                self.tr(
                    "No open care gaps to show: either every gap is met, or the care-gap "
                    "evaluation has not been run on this clinic yet."
                )
            )
            return
        self.gaps_note.setText("")
        shown = list(reversed(gaps[:12]))  # biggest at the top
        counts = QBarSet(self.tr("Patients with the gap open"))
        for _choice, n in shown:
            counts.append(n)
        series = QHorizontalBarSeries()
        series.append(counts)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        names = [standard_title(choice.key, None, choice.label) for choice, _n in shown]
        categories.append(charts.unique_labels([charts.short_label(name) for name in names]))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = charts.value_axis(max(n for _c, n in shown))
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        charts.show_bar_tooltips(series, names)  # a name the chart shortened, in full
        charts.style_chart(chart)

    def _fill_met(self, met: list[tuple[str, int]]) -> None:
        chart = self._reset(self.met_view)
        counts = QBarSet(self.tr("Gaps met, by month closed"))
        for _month, n in met:
            counts.append(n)
        series = QBarSeries()
        series.append(counts)
        chart.addSeries(series)
        months = [month for month, _n in met]
        self.met_every = self._met_every(len(months))
        axis = charts.month_axis(months, self.met_every)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        values = charts.value_axis(max([n for _m, n in met] + [1]))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        charts.show_bar_tooltips(series, [format_period(m) for m in months])
        charts.style_chart(chart)
