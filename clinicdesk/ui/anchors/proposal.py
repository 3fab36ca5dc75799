"""The Proposal tab: the pitch to an employer worked out as the manager types (employees,
today's spend per employee, the PMPM rate, a wrap-around plan), a chart of the two yearly
costs, and the proposal PDF to send. The arithmetic is the domain's (`proposal`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.anchors import AnchorRuleError, Proposal, ProposalInput, proposal
from clinicdesk.domain.money import MoneyError, parse_money
from clinicdesk.i18n.formatting import format_money, format_percent
from clinicdesk.services import anchors
from clinicdesk.services.training import write_file
from clinicdesk.ui import charts
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.training.files import PathChooser, save_path_chooser
from clinicdesk.ui.widgets import add_action_buttons


class ProposalTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("anchors_proposal")
        self.choose_path: PathChooser = save_path_chooser(self)
        self.result: Proposal | None = None
        self.last_saved: Path | None = None
        self.employer = QLineEdit(self)
        self.employer.setAccessibleName(self.tr("Employer"))
        self.employees = QSpinBox(self)
        self.employees.setRange(1, 1_000_000)
        self.employees.setValue(100)
        self.employees.setAccessibleName(self.tr("Employees"))
        self.current = self._money_field(self.tr("Today's spend per employee per month"), "450.00")
        self.pmpm = self._money_field(self.tr("Clinic rate per member per month"), "80.00")
        self.wrap = self._money_field(self.tr("Wrap-around plan per employee per month"), "180.00")
        form = QFormLayout()
        form.addRow(self.tr("Prepared f&or:"), self.employer)
        form.addRow(self.tr("&Employees:"), self.employees)
        form.addRow(self.tr("Today's &spend (per employee, month):"), self.current)
        form.addRow(self.tr("Clinic &rate (PMPM):"), self.pmpm)
        form.addRow(self.tr("Wrap-aroun&d plan (per employee, month):"), self.wrap)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("Yearly saving"))
        self.chart = QChartView(self)
        self.chart.setAccessibleName(self.tr("Yearly cost, today and proposed"))
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(220)
        self.pdf_action = make_action(
            self, self.tr("Save proposal &PDF…"), self.save_pdf, "Ctrl+Shift+P"
        )
        bar = QHBoxLayout()
        self.buttons = add_action_buttons(self, bar, [("pdf", self.pdf_action)])
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(bar)
        layout.addWidget(self.outcome)
        layout.addWidget(self.chart, 1)
        self.employees.valueChanged.connect(self._on_input_changed)
        for edit in (self.current, self.pmpm, self.wrap):
            edit.textChanged.connect(self._on_input_changed)
        self._on_input_changed()

    def _money_field(self, name: str, value: str) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setAccessibleName(name)
        return edit

    def inputs(self) -> ProposalInput:
        """The figures typed; MoneyError for an amount that is not one."""
        return ProposalInput(
            self.employees.value(),
            parse_money(self.current.text()),
            parse_money(self.pmpm.text()),
            parse_money(self.wrap.text()),
        )

    def _on_input_changed(self, *_args: Any) -> None:
        try:
            self.result = proposal(self.inputs())
        except (MoneyError, AnchorRuleError) as error:
            self.result = None
            self.outcome.setText(str(error))
            self.pdf_action.setEnabled(False)
            return
        r = self.result
        self.pdf_action.setEnabled(True)
        if r.saving_yearly >= 0:
            self.outcome.setText(
                self.tr(
                    "Yearly saving {saving} ({each} per employee, {share} of today's spend): "
                    "today {today}, proposed {proposed} a year."
                ).format(
                    saving=format_money(r.saving_yearly),
                    each=format_money(r.saving_per_employee_yearly),
                    share=format_percent(r.saving_share.quantize(Decimal("0.001"))),
                    today=format_money(r.current_yearly),
                    proposed=format_money(r.proposed_yearly),
                )
            )
        else:
            self.outcome.setText(
                self.tr("On these figures the proposal costs {more} a year more.").format(
                    more=format_money(-r.saving_yearly)
                )
            )
        self._draw(r)

    def _draw(self, r: Proposal) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Yearly cost"))
        today = QBarSet(self.tr("Today's coverage"))
        proposed = QBarSet(self.tr("Clinic + wrap-around plan"))
        # Drawing only: chart axes take floats; the figures above are the exact Decimals.
        today.append(float(r.current_yearly))
        proposed.append(float(r.proposed_yearly))
        series = QBarSeries()
        series.append(today)
        series.append(proposed)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([self.tr("Per year")])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = charts.value_axis(float(max(r.current_yearly, r.proposed_yearly, Decimal(1))))
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        charts.style_chart(chart)
        old = self.chart.chart()
        self.chart.setChart(chart)
        if old is not None:
            old.deleteLater()

    def save_pdf(self) -> None:
        if self.result is None:
            return
        employer = self.employer.text().strip() or self.tr("your organisation")
        path = self.choose_path(self.tr("Save the proposal"), "proposal.pdf")
        if path is None:
            return
        db, actor, inputs = self.ctx.db, self.ctx.principal, self.inputs()

        def work(_progress: Any) -> Path:
            with db.uow() as uow:
                pdf = anchors.export_proposal_pdf(uow, actor, inputs, employer)
            write_file(path, pdf)
            return path

        self.ctx.runner.run(work, self._on_pdf_saved, parent=self)

    def _on_pdf_saved(self, path: Path) -> None:
        if shiboken6.isValid(self):
            self.last_saved = path
            self.ctx.messages.status(self.tr("Saved {path}").format(path=path))
