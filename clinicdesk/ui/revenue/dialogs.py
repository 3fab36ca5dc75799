"""Entering a month's lines, and amending a submitted month, in a table (category,
optional sub-line name, amount); the month the clinic joined the federation. Importing a
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
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.money import format_money
from clinicdesk.domain.revenue import CATEGORY_CODES
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.federation.schemas import AmendmentReason
from clinicdesk.services import revenue, settings
from clinicdesk.services.revenue import ColumnMapping, ImportPreview, PeriodInfo
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.revenue.models import (
    LinesTableModel,
    category_name,
    money_text,
    month_text,
    reason_name,
)
from clinicdesk.ui.table_views import DataTableView


class LinesDialog(ServiceDialog):
    """`amend=False`: replace a draft month's lines (creating the month). `amend=True`:
    the lines given replace the same category or sub-line of a submitted month (a line
    removed or emptied becomes zero), which is sent again as an amendment with the reason
    chosen. The lines are a table — category, optional sub-line name, amount — with a row
    per category to start from; the services read it (`revenue.table_lines`)."""

    COLUMNS = 3  # category, sub-line name, amount

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
            period=month_text(period)
        )
        super().__init__(ctx, title, self.tr("&Amend") if amend else self.tr("&Save"), parent)
        self.period = period
        self.amend = amend
        self.current = current
        about = QLabel(
            self.tr(
                "One line per row: the category, a name for a sub-line of your own (leave it "
                "empty for the category's own line) and the amount in the clinic's currency "
                "(zero or more, at most two decimals, for example 1,200.00). A row without "
                "an amount is left out."
            ),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("revenue_lines_table")
        self.table.setAccessibleName(self.tr("Revenue lines"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Category"), self.tr("Sub-line (optional)"), self.tr("Amount")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 140)  # room for 999,999,999.99
        self.table.verticalHeader().setVisible(True)  # row numbers, as errors name them
        self.table.setMinimumHeight(300)
        lines = list(current.lines) if current else []
        given = {line.category for line in lines if not line.label}
        for line in lines:
            # What a person edits stays in the money parser's own form (1234.50), in any language.
            self.add_line(line.category, line.label, format_money(line.amount, grouping=False))
        for code in CATEGORY_CODES:  # a row to fill in for every category not yet given
            if code not in given:
                self.add_line(code)
        self._sort_rows()
        self.add_button = QPushButton(self.tr("A&dd line"), self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(self.tr("Re&move line"), self)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        self.form.addRow(self.table)
        self.form.addRow(row_buttons)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Reason for the amendment"))
        for value in AmendmentReason:
            self.reason.addItem(reason_name(value.value), value.value)
        if amend:
            self.form.addRow(self.tr("&Reason:"), self.reason)
        else:
            self.reason.hide()
        self.field_widgets = {"line": self.table}
        self.resize(640, self.sizeHint().height())

    # -- rows ------------------------------------------------------------------------

    def add_line(self, category: str = "other", name: str = "", amount: str = "") -> int:
        """Append a row; returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        combo.setAccessibleName(self.tr("Category of row {row}").format(row=row + 1))
        for code in CATEGORY_CODES:
            combo.addItem(category_name(code), code)
        combo.setCurrentIndex(CATEGORY_CODES.index(category))
        self.table.setCellWidget(row, 0, combo)
        self.table.setItem(row, 1, QTableWidgetItem(name))
        amount_item = QTableWidgetItem(amount)
        amount_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 2, amount_item)
        return row

    def rows(self) -> list[tuple[str, str, str]]:
        """(category code, sub-line name, amount text) per row, as typed."""
        result = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            assert isinstance(combo, QComboBox)
            name, amount = self.table.item(row, 1), self.table.item(row, 2)
            result.append(
                (
                    str(combo.currentData()),
                    name.text() if name is not None else "",
                    amount.text() if amount is not None else "",
                )
            )
        return result

    def row_of(self, category: str, name: str = "") -> int | None:
        for row, (code, label, _amount) in enumerate(self.rows()):
            if code == category and label.strip() == name:
                return row
        return None

    def set_amount(self, category: str, amount: str, name: str = "") -> None:
        """The amount of a category's own line (or a named sub-line), adding the row if
        there is none."""
        row = self.row_of(category, name)
        if row is None:
            row = self.add_line(category, name)
        item = self.table.item(row, 2)
        assert item is not None
        item.setText(amount)

    def amount_text(self, category: str, name: str = "") -> str:
        row = self.row_of(category, name)
        item = self.table.item(row, 2) if row is not None else None
        return item.text() if item is not None else ""

    def _sort_rows(self) -> None:
        order = {code: i for i, code in enumerate(CATEGORY_CODES)}
        rows = sorted(self.rows(), key=lambda r: (order[r[0]], r[1] != "", r[1]))
        self.table.setRowCount(0)
        for category, name, amount in rows:
            self.add_line(category, name, amount)

    def _on_add_clicked(self) -> None:
        row = self.add_line()
        self.table.setCurrentCell(row, 1)
        item = self.table.item(row, 1)
        if item is not None:
            self.table.editItem(item)

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def build_call(self) -> ServiceCall:
        lines = revenue.table_lines(self.rows(), amending=self.current if self.amend else None)
        actor, period = self.ctx.principal, self.period
        if self.amend:
            reason = str(self.reason.currentData())
            return lambda uow: revenue.amend(uow, actor, period, lines, reason)
        return lambda uow: revenue.set_lines(uow, actor, period, lines)


class JoinedDialog(ServiceDialog):
    """The month the clinic joined the federation: contributions are due from it on."""

    def __init__(self, ctx: AppContext, joined: str = "", parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Joined the federation"), self.tr("&Save"), parent)
        about = QLabel(
            self.tr(
                "Months before this one are not due: Revenue and Today do not ask for them. "
                "Write it as YYYY-MM."
            ),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.month = self.line_edit(self.tr("&Joined in:"), "federation_joined")
        self.month.setPlaceholderText(self.tr("YYYY-MM"))
        self.month.setText(joined)
        self.month.selectAll()
        self.field_widgets = {"federation_joined": self.month}

    def build_call(self) -> ServiceCall:
        actor, month = self.ctx.principal, self.month.text()
        return lambda uow: settings.set_federation_joined(uow, actor, month)


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
        self.setWindowTitle(
            self.tr("Import revenue for {period}").format(period=month_text(period))
        )
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
        file_label = QLabel(self.tr("&File:"), self)  # a row of widgets: say whose key it is
        file_label.setBuddy(self.path)
        form.addRow(file_label, file_row)
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
            self.ctx.messages.error(
                ValidationError(
                    self.tr("Could not read {path}: {error}").format(path=path, error=error)
                ),
                self,
            )
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
            self.tr("%n row(s); total {total}: {parts}", "", preview.rows_read).format(
                total=money_text(preview.total),
                parts="; ".join(
                    self.tr("{category} {amount}").format(
                        category=category_name(code), amount=money_text(amount)
                    )
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
