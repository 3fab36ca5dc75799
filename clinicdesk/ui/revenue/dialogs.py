"""Entering a month's lines, and amending a submitted month: one amount per category
(the category's own line) plus the clinic's sub-lines, one per row of text. Importing a
month's lines from an accounting CSV export, with the column mapping and a preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.money import format_money
from clinicdesk.domain.revenue import CATEGORY_CODES
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.federation.schemas import AmendmentReason
from clinicdesk.services import revenue
from clinicdesk.services.revenue import ColumnMapping, ImportPreview, PeriodInfo
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.revenue.models import LinesTableModel, category_name, money_text
from clinicdesk.ui.table_views import DataTableView


class LinesDialog(ServiceDialog):
    """`amend=False`: replace a draft month's lines (creating the month). `amend=True`:
    the lines typed replace the same category or sub-line of a submitted month, which is
    sent again as an amendment with the reason chosen."""

    def __init__(
        self,
        ctx: AppContext,
        period: str,
        current: PeriodInfo | None,
        *,
        amend: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = (self.tr("Amend {period}") if amend else self.tr("Revenue for {period}")).format(
            period=period
        )
        super().__init__(ctx, title, self.tr("&Amend") if amend else self.tr("&Save"), parent)
        self.period = period
        self.amend = amend
        self.current = current
        about = QLabel(
            self.tr(
                "Amounts in the clinic's currency, zero or more, at most two decimals. "
                "Sub-lines: one per row, CATEGORY/NAME=AMOUNT (for example "
                "fee_for_service/Walk-in clinic=1200.00)."
            ),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        main = {
            line.category: line for line in (current.lines if current else []) if not line.label
        }
        subs = [line for line in (current.lines if current else []) if line.label]
        self.amounts: dict[str, QLineEdit] = {}
        for code in CATEGORY_CODES:
            edit = self.line_edit(f"{category_name(code)}:", f"amount_{code}")
            if code in main:
                edit.setText(format_money(main[code].amount, grouping=False))
            self.amounts[code] = edit
        self.sub_lines = QPlainTextEdit(self)
        self.sub_lines.setObjectName("sub_lines")
        self.sub_lines.setAccessibleName(self.tr("Sub-lines"))
        self.sub_lines.setPlainText(
            "\n".join(
                f"{line.category}/{line.label}={format_money(line.amount, grouping=False)}"
                for line in subs
            )
        )
        self.sub_lines.setFixedHeight(90)
        self.form.addRow(self.tr("Sub-&lines:"), self.sub_lines)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Reason for the amendment"))
        for value in AmendmentReason:
            self.reason.addItem(value.value.replace("_", " "), value.value)
        if amend:
            self.form.addRow(self.tr("&Reason:"), self.reason)
        else:
            self.reason.hide()
        self.field_widgets = {"line": self.amounts[CATEGORY_CODES[0]]}

    def build_call(self) -> ServiceCall:
        lines = revenue.form_lines(
            {code: edit.text() for code, edit in self.amounts.items()},
            self.sub_lines.toPlainText().splitlines(),
            amending=self.current if self.amend else None,
        )
        actor, period = self.ctx.principal, self.period
        if self.amend:
            reason = str(self.reason.currentData())
            return lambda uow: revenue.amend(uow, actor, period, lines, reason)
        return lambda uow: revenue.set_lines(uow, actor, period, lines)


class ImportDialog(QDialog):
    """Import a draft month's lines from an accounting CSV export: choose the file and
    which columns hold the category, the amount and (optionally) the sub-line; the
    preview shows every line, the totals and every problem; Import replaces the month's
    lines only when the whole file is good."""

    saved = Signal(object)  # PeriodInfo

    def __init__(self, ctx: AppContext, period: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period = period
        self.data = ""
        self.preview: ImportPreview | None = None
        self._generation = 0
        self.setWindowTitle(self.tr("Import revenue for {period}").format(period=period))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(640, 560)
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setAccessibleName(self.tr("CSV file"))
        choose = QPushButton(self.tr("&Choose…"), self)
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        self.category_column = QComboBox(self)
        self.amount_column = QComboBox(self)
        self.label_column = QComboBox(self)
        for combo, name in (
            (self.category_column, self.tr("Category column")),
            (self.amount_column, self.tr("Amount column")),
            (self.label_column, self.tr("Sub-line column")),
        ):
            combo.setAccessibleName(name)
            combo.currentIndexChanged.connect(self._on_mapping_changed)
        form = QFormLayout()
        form.addRow(self.tr("&File:"), file_row)
        form.addRow(self.tr("C&ategory column:"), self.category_column)
        form.addRow(self.tr("A&mount column:"), self.amount_column)
        form.addRow(self.tr("&Sub-line column:"), self.label_column)
        self.lines_model = LinesTableModel(self)
        self.lines_table = DataTableView(self, sortable=False)
        self.lines_table.setAccessibleName(self.tr("Lines to import"))
        self.lines_table.setModel(self.lines_model)
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems in the file"))
        self.problems.setFixedHeight(80)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lines_table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the accounting export"), "", self.tr("CSV files (*.csv *.txt)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            self.data = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.ctx.messages.error(ValidationError(f"Could not read {path}: {error}"), self)
            return
        self.path.setText(str(path))
        columns = revenue.csv_columns(self.data)
        lowered = [c.lower() for c in columns]
        for combo, default in (
            (self.category_column, "category"),
            (self.amount_column, "amount"),
            (self.label_column, "label"),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(
                self.tr("(none)") if combo is self.label_column else self.tr("(choose)"), None
            )
            for column in columns:
                combo.addItem(column, column)
            if default in lowered:
                combo.setCurrentIndex(combo.findData(columns[lowered.index(default)]))
            combo.blockSignals(False)
        self.run_preview()

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            category=str(self.category_column.currentData() or ""),
            amount=str(self.amount_column.currentData() or ""),
            label=self.label_column.currentData(),
        )

    def _on_mapping_changed(self, _index: int) -> None:
        if self.data:
            self.run_preview()

    def run_preview(self) -> None:
        self._generation += 1
        generation = self._generation
        db, actor, period, data, mapping = (
            self.ctx.db,
            self.ctx.principal,
            self.period,
            self.data,
            self.mapping(),
        )
        self.import_button.setEnabled(False)
        if not mapping.category or not mapping.amount:
            self.preview = None
            self.lines_model.set_rows([])
            self.totals.setText("")
            self.problems.setPlainText(
                self.tr("Choose which columns hold the category and the amount.")
            )
            return

        def work(_progress: Any) -> ImportPreview:
            with db.uow(read_only=True) as uow:
                return revenue.preview_csv(uow, actor, period, data, mapping)

        self.ctx.runner.run(
            work,
            lambda preview: self._on_preview(generation, preview),
            failure=lambda error: self._on_preview_failed(generation, error),
            parent=self,
        )

    def _on_preview(self, generation: int, preview: ImportPreview) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.preview = preview
        self.lines_model.set_rows(preview.lines)
        self.totals.setText(
            self.tr("{rows} rows; total {total}: {parts}").format(
                rows=preview.rows_read,
                total=money_text(preview.total),
                parts="; ".join(
                    f"{category_name(code)} {money_text(amount)}"
                    for code, amount in preview.totals.items()
                ),
            )
        )
        self.problems.setPlainText("\n".join(preview.problems))
        self.import_button.setEnabled(preview.ok)

    def _on_preview_failed(self, generation: int, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.preview = None
        self.lines_model.set_rows([])
        self.totals.setText("")
        self.problems.setPlainText(error.message)
        self.import_button.setEnabled(False)

    def import_file(self) -> None:
        if self.preview is None or not self.preview.ok:
            return
        db, actor, period, data, mapping = (
            self.ctx.db,
            self.ctx.principal,
            self.period,
            self.data,
            self.mapping(),
        )
        self.import_button.setEnabled(False)

        def work(_progress: Any) -> PeriodInfo:
            with db.uow() as uow:
                return revenue.import_csv(uow, actor, period, data, mapping)

        self.ctx.runner.run(work, self._on_imported, failure=self._on_import_failed, parent=self)

    def _on_imported(self, info: PeriodInfo) -> None:
        if not shiboken6.isValid(self):
            return
        self.saved.emit(info)
        self.accept()

    def _on_import_failed(self, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self.ctx.messages.error(error, self)
        self.run_preview()
