"""The Revenue area: every month due since the clinic joined the federation, with its
status; the selected month's lines, figures and submissions; enter / lock / unlock /
submit / amend (each confirmed); the statement preview; a 24-month chart. Every service
call runs on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.i18n import formatting
from clinicdesk.services import revenue, settings
from clinicdesk.services.revenue import MonthStatus, PeriodAction, PeriodInfo, PeriodStatus
from clinicdesk.ui import changes, theme
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.revenue.chart import RevenueChart
from clinicdesk.ui.revenue.dialogs import ImportDialog, JoinedDialog, LinesDialog
from clinicdesk.ui.revenue.models import (
    LinesTableModel,
    MonthsTableModel,
    SubmissionsTableModel,
    fund_part_name,
    money_text,
    month_text,
)
from clinicdesk.ui.revenue.statement import StatementDialog
from clinicdesk.ui.table_views import DataTableView, widen_for_columns
from clinicdesk.ui.tables import RowSortFilterProxy
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

MONTHS = 24  # in the chart
HEADER_KEY = "revenue/months"


class RevenueView(QWidget):
    month_changed = Signal(object)  # PeriodInfo after a change made here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("revenue_view")
        self.loaded = False
        self.current: PeriodInfo | None = None
        self.dialog: QWidget | None = None
        self.joined_month = ""  # YYYY-MM, as last read
        # Replaced in tests: a modal question would block them.
        self.confirm: Callable[[str, str], bool] = self._ask
        self.confirm_warning: Callable[[str, str], bool] = self._ask_warning

        self.months_model = MonthsTableModel(self)
        self.months_proxy = RowSortFilterProxy(self)
        self.months_proxy.setSourceModel(self.months_model)
        self.months_table = DataTableView(self)
        set_accessible(
            self.months_table,
            self.tr("Months"),
            self.tr("Each month's revenue and where its close and submission stand"),
        )
        self.months_table.setModel(self.months_proxy)
        self.months_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.months_table.persist_header(ctx.ui_state, HEADER_KEY)
        self.months_table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.lines_model = LinesTableModel(self)
        self.lines_table = DataTableView(self, sortable=False)
        set_accessible(
            self.lines_table,
            self.tr("Revenue lines"),
            self.tr("The revenue entered for the chosen month, by category"),
        )
        self.lines_table.setModel(self.lines_model)
        # Columns fitted to their text (category names are longer in some languages).
        self.lines_table.fit_columns_to_every_fill()
        self.submissions_model = SubmissionsTableModel(self)
        self.submissions_table = DataTableView(self, sortable=False)
        set_accessible(
            self.submissions_table,
            self.tr("Submissions and receipts"),
            self.tr("What was sent to the federation for the chosen month, and its receipts"),
        )
        self.submissions_table.setModel(self.submissions_model)
        self.submissions_table.fit_columns_to_every_fill()

        self.title = QLabel(self)
        self.title.setObjectName("revenue_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.status_label = QLabel(self)
        self.figures = {
            name: QLabel(self)
            for name in ("total", "base", "rate", "contribution", "allocation", "due")
        }
        for label in self.figures.values():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)  # the fund allocation's five parts must not widen it
        # The short figures in two columns (one column of seven rows pushed the month's
        # tables below a 720-px screen); the rate with its standard and the fund
        # allocation, which are sentences, across the whole width under them (in a half
        # column they wrapped to ten lines at 1280 px).
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        # (label, figure) pairs a row; a row of one pair runs the whole width
        rows: list[list[tuple[str, QLabel]]] = [
            [(self.tr("Status:"), self.status_label),
             (self.tr("Contribution:"), self.figures["contribution"])],
            [(self.tr("Total revenue:"), self.figures["total"]),
             (self.tr("Due on:"), self.figures["due"])],
            [(self.tr("Contributable base:"), self.figures["base"])],
            [(self.tr("Rate:"), self.figures["rate"])],
            [(self.tr("Fund allocation:"), self.figures["allocation"])],
        ]  # fmt: skip
        for row, pairs in enumerate(rows):
            for column, (text, value) in zip((0, 2), pairs, strict=False):
                label = QLabel(text, self)
                label.setBuddy(value)
                form.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
                form.addWidget(value, row, column + 1, 1, 1 if len(pairs) > 1 else 3)

        self.edit_action = make_action(self, self.tr("&Enter lines…"), self.edit_lines, "Ctrl+E")
        self.import_action = make_action(self, self.tr("&Import CSV…"), self.import_lines, "Ctrl+I")
        # Not Ctrl+L: that locks the session from anywhere (File › Lock now); two
        # actions on one key both stay silent.
        self.lock_action = make_action(self, self.tr("&Lock…"), self.lock, "Ctrl+Shift+L")
        self.unlock_action = make_action(self, self.tr("U&nlock…"), self.unlock, "Ctrl+U")
        self.submit_action = make_action(self, self.tr("&Submit…"), self.submit, "Ctrl+Shift+S")
        self.amend_action = make_action(self, self.tr("&Amend…"), self.amend_month, "Ctrl+M")
        self.statement_action = make_action(
            self, self.tr("S&tatement…"), self.show_statement, "Ctrl+P"
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        bar = QHBoxLayout()
        self.buttons = add_action_buttons(
            self,
            bar,
            [
                ("edit", self.edit_action),
                ("import", self.import_action),
                ("lock", self.lock_action),
                ("unlock", self.unlock_action),
                ("submit", self.submit_action),
                ("amend", self.amend_action),
                ("statement", self.statement_action),
                ("refresh", self.refresh_action),
            ],
        )
        bar.addStretch(1)
        self.overdue_label = QLabel(self)
        self.overdue_label.setObjectName("revenue_overdue")
        self.overdue_label.setAccessibleName(self.tr("Overdue months"))
        self.overdue_label.setWordWrap(True)  # a long list must not widen the window
        self.overdue_label.setStyleSheet(f"color: {theme.warning_color()}; font-weight: bold;")
        self.overdue_label.hide()
        # Why the list starts where it does, and (for who runs the close) how to move it.
        self.joined_label = QLabel(self)
        self.joined_label.setObjectName("revenue_joined")
        self.joined_label.setWordWrap(True)
        self.joined_button = QPushButton(self.tr("&Change…"), self)
        self.joined_button.setAccessibleName(self.tr("Change the month the clinic joined"))
        self.joined_button.setVisible(ctx.principal.can(Permission.MANAGE_REVENUE))
        self.joined_button.clicked.connect(self.change_joined)
        joined_row = QHBoxLayout()
        joined_row.addWidget(self.joined_label, 1)
        joined_row.addWidget(self.joined_button)

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.title)
        detail_layout.addLayout(form)
        detail_layout.addWidget(QLabel(self.tr("Lines"), detail))
        detail_layout.addWidget(self.lines_table, 2)
        detail_layout.addWidget(QLabel(self.tr("Submissions, amendments and receipts"), detail))
        detail_layout.addWidget(self.submissions_table, 1)
        self.chart = RevenueChart(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(detail, self.tr("&Month"))
        self.tabs.addTab(self.chart, self.tr("&24 months"))
        splitter = QSplitter(self)
        self.splitter = splitter
        splitter.addWidget(self.months_table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # the months are given their key columns' width once, unless the person has
        # divided the area
        self.months_fitted = ctx.ui_state.persist_splitter("revenue/months", splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.overdue_label)
        layout.addLayout(joined_row)
        layout.addWidget(splitter, 1)
        self._show_month(None)
        changes.follow_changes(self, ctx.runner, changes.REVENUE | changes.OUTBOX)

    # -- loading -----------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[list[MonthStatus], str]:
            with db.uow(read_only=True) as uow:
                return revenue.month_statuses(uow, actor), str(settings.joined_month(uow))

        self.ctx.runner.run(work, self._on_months_read, parent=self)

    def _give_the_months_their_width(self) -> None:
        """Once the months are listed: the list wide enough for its key columns (month,
        status, revenue, contribution; none cut off), up to half the area; the month's
        details take the rest. The due date and receipt follow when there is room."""
        widen_for_columns(
            self.splitter, self.months_table, self.months_model.KEY_COLUMNS, at_most=0.5
        )

    def _on_months_read(self, read: tuple[list[MonthStatus], str]) -> None:
        if not shiboken6.isValid(self):
            return
        months, joined = read
        self.joined_month = joined
        self.joined_label.setText(
            self.tr(
                "The clinic joined the federation in {month}: contributions are due from "
                "that month on."
            ).format(month=month_text(joined))
        )
        self.months_model.refresh_rows(months)
        if not self.months_fitted and months:
            self.months_fitted = True
            self._give_the_months_their_width()
        # The chart's 24 months end last month, or this one once something is entered.
        self.chart.set_months(
            [m for m in months if m is not months[0] or m.status is not PeriodStatus.NONE]
        )
        overdue = sorted(m.period for m in months if m.overdue)
        self.overdue_label.setText(
            self.tr("Overdue: {months} — not submitted by the due date.").format(
                months=", ".join(month_text(p) for p in overdue)
            )
        )
        self.overdue_label.setVisible(bool(overdue))
        if self.months_table.current_row_object() is None and months:
            # Last month, the one usually being closed, when it is listed; else the newest.
            periods = [m.period for m in months]
            last = months[1].period if len(months) > 1 else periods[0]
            self.select_period(last if last in periods else periods[0])
        else:
            self._load_selected()

    def select_period(self, period: str) -> None:
        row = self.months_model.row_of(period)
        if row is not None:
            self.months_table.select_source_row(row)

    def selected_month(self) -> MonthStatus | None:
        return self.months_table.current_row_object()

    def _on_selection_changed(self, *_args: Any) -> None:
        self._load_selected()

    def _load_selected(self) -> None:
        month = self.selected_month()
        if month is None or month.status is PeriodStatus.NONE:
            self._show_month(None, month.period if month else None)
            return
        db, actor, period = self.ctx.db, self.ctx.principal, month.period

        def work(_progress: Any) -> PeriodInfo:
            with db.uow(read_only=True) as uow:
                return revenue.show(uow, actor, period)

        self.ctx.runner.run(work, self._on_month_read, parent=self)

    def _on_month_read(self, info: PeriodInfo) -> None:
        if not shiboken6.isValid(self):
            return
        month = self.selected_month()
        if month is not None and month.period == info.period:
            self._show_month(info)

    def _rate_text(self, info: PeriodInfo) -> str:
        """The rate and the standard it comes from, by its title where the clinic holds
        it (a manager knows "Federation contribution rate", not its id)."""
        if info.rate is None:
            return self.tr("No rate standard in force")
        if info.rate_standard_title:
            return self.tr("{rate} — {title}, version {version}").format(
                rate=formatting.format_percent(info.rate),
                title=info.rate_standard_title,
                version=info.rate_standard_version,
            )
        return self.tr("{rate} ({standard}, version {version})").format(
            rate=formatting.format_percent(info.rate),
            standard=info.rate_standard_id,
            version=info.rate_standard_version,
        )

    def _show_month(self, info: PeriodInfo | None, period: str | None = None) -> None:
        self.current = info
        if info is None:
            self.title.setText(month_text(period) if period else self.tr("No month selected"))
            self.status_label.setText(self.tr("No revenue entered") if period else "")
            for label in self.figures.values():
                label.setText("")
            self.lines_model.set_rows([])
            self.submissions_model.set_rows([])
        else:
            self.title.setText(month_text(info.period))
            self.status_label.setText(info.status_label)
            self.figures["total"].setText(money_text(info.total))
            self.figures["base"].setText(money_text(info.contributable_base))
            self.figures["rate"].setText(self._rate_text(info))
            # the standard's id for whoever checks it against the federation's list
            self.figures["rate"].setToolTip(
                self.tr("{standard}, version {version}").format(
                    standard=info.rate_standard_id, version=info.rate_standard_version
                )
                if info.rate_standard_id
                else ""
            )
            self.figures["contribution"].setText(money_text(info.contribution))
            self.figures["allocation"].setText(
                "; ".join(
                    self.tr("{part} {amount}").format(
                        part=fund_part_name(part), amount=money_text(amount)
                    )
                    for part, amount in (info.allocation or {}).items()
                )
            )
            due = formatting.format_date(info.due_on)
            self.figures["due"].setText(
                self.tr("{day} (overdue)").format(day=due) if info.overdue else due
            )
            self.lines_model.set_rows(info.lines)
            self.submissions_model.set_rows(info.submissions)
        self._update_actions()

    def _update_actions(self) -> None:
        """Enable what the services say the signed-in person may do to the month shown
        (`allowed_actions`); the state machine and the roles live in services/revenue."""
        month = self.selected_month()
        allowed: frozenset[PeriodAction] = frozenset()
        if month is not None and self.current is not None:
            allowed = self.current.allowed_actions
        elif month is not None and month.status is PeriodStatus.NONE:
            allowed = month.allowed_actions
        self.edit_action.setEnabled(PeriodAction.ENTER in allowed)
        self.import_action.setEnabled(PeriodAction.ENTER in allowed)
        self.lock_action.setEnabled(PeriodAction.LOCK in allowed)
        self.unlock_action.setEnabled(PeriodAction.UNLOCK in allowed)
        self.submit_action.setEnabled(PeriodAction.SUBMIT in allowed)
        self.amend_action.setEnabled(PeriodAction.AMEND in allowed)
        self.statement_action.setEnabled(PeriodAction.STATEMENT in allowed)

    # -- actions -------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_warning(self, title: str, text: str) -> bool:
        answer = QMessageBox.warning(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def edit_lines(self) -> None:
        month = self.selected_month()
        if month is None or not self.edit_action.isEnabled():
            return
        self._open_lines_dialog(LinesDialog(self.ctx, month.period, self.current, parent=self))

    def import_lines(self) -> None:
        month = self.selected_month()
        if month is None or not self.import_action.isEnabled():
            return
        dialog = ImportDialog(self.ctx, month.period, self)
        dialog.saved.connect(self._on_month_saved)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def amend_month(self) -> None:
        if self.current is None or not self.amend_action.isEnabled():
            return
        self._open_lines_dialog(
            LinesDialog(self.ctx, self.current.period, self.current, amend=True, parent=self)
        )

    def _open_lines_dialog(self, dialog: LinesDialog) -> None:
        dialog.saved.connect(self._on_month_saved)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def lock(self) -> None:
        info = self.current
        if info is None or not self.lock_action.isEnabled():
            return
        question = self.tr(
            "Lock {period}? Its lines can no longer be changed; the contribution of "
            "{amount} is computed at the rate in force."
        ).format(period=month_text(info.period), amount=money_text(info.contribution))
        if info.unfinished:
            # The services refuse an unfinished month unless this was confirmed.
            warning = self.tr(
                "{period} is not over yet: revenue that comes in after today cannot be "
                "added once it is locked (only unlocked again before it is submitted). "
                "Lock it now anyway? The contribution of {amount} is computed at the rate "
                "in force."
            ).format(period=month_text(info.period), amount=money_text(info.contribution))
            if self.confirm_warning(self.tr("The month is not over"), warning):
                self._change(
                    lambda uow, actor, period: revenue.lock(uow, actor, period, unfinished_ok=True),
                    info.period,
                )
            return
        if self.confirm(self.tr("Lock the month"), question):
            self._change(lambda uow, actor, period: revenue.lock(uow, actor, period), info.period)

    def unlock(self) -> None:
        info = self.current
        if info is None or not self.unlock_action.isEnabled():
            return
        question = self.tr(
            "Unlock {period}? It becomes a draft again: its lines can be changed, and its "
            "contribution is computed afresh when it is locked again."
        ).format(period=month_text(info.period))
        if self.confirm(self.tr("Unlock the month"), question):
            self._change(lambda uow, actor, period: revenue.unlock(uow, actor, period), info.period)

    def change_joined(self) -> None:
        dialog = JoinedDialog(self.ctx, self.joined_month, self)
        dialog.saved.connect(lambda _settings: self.refresh())
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def submit(self) -> None:
        info = self.current
        if info is None or not self.submit_action.isEnabled():
            return
        question = self.tr(
            "Submit the contribution of {amount} for {period} to the federation? It goes "
            "out with the next sync; a correction later is an amendment."
        ).format(period=month_text(info.period), amount=money_text(info.contribution))
        if self.confirm(self.tr("Submit the month"), question):
            self._change(lambda uow, actor, period: revenue.submit(uow, actor, period), info.period)

    def _change(self, call: Callable[[Any, Any, str], PeriodInfo], period: str) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> PeriodInfo:
            with db.uow() as uow:
                return call(uow, actor, period)

        self.ctx.runner.run(work, self._on_month_saved, parent=self)

    def _on_month_saved(self, info: PeriodInfo) -> None:
        if not shiboken6.isValid(self):
            return
        self.month_changed.emit(info)
        self.ctx.messages.status(
            self.tr("{period}: {status}").format(
                period=month_text(info.period), status=info.status_label
            )
        )
        self.refresh()

    def show_statement(self) -> None:
        info = self.current
        if info is None or not self.statement_action.isEnabled():
            return
        db, actor, period = self.ctx.db, self.ctx.principal, info.period

        def work(_progress: Any) -> bytes:
            with db.uow() as uow:
                return revenue.export_statement(uow, actor, period)

        self.ctx.runner.run(
            work,
            lambda pdf: self._on_statement_made(period, pdf),
            parent=self,
            label=self.tr("Making the statement…"),
        )

    def _on_statement_made(self, period: str, pdf: bytes) -> None:
        if not shiboken6.isValid(self):
            return
        dialog = StatementDialog(self.ctx, period, pdf, self)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()
