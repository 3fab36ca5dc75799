"""The compliance matrix: everyone on staff against every requirement in force, as of a
date, filtered by job role and state. A click (or Enter) on a cell records a completion
for that person; a counted completion can be revoked. Exported as CSV or as the
inspection PDF through the services, on the worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission, Role
from clinicdesk.domain.training import CompletionKind, TrainingState
from clinicdesk.i18n import formatting
from clinicdesk.services import training
from clinicdesk.services.training import CellStatus, Matrix, MatrixRow, RequirementInfo
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost
from clinicdesk.ui.table_views import (
    DataTableView,
    FilterLine,
    add_find_shortcut,
    fit_columns_capped,
)
from clinicdesk.ui.tables import RowSortFilterProxy, source_index
from clinicdesk.ui.training.dialogs import (
    RecordCompletionDialog,
    RevokeDialog,
    to_date,
    to_qdate,
)
from clinicdesk.ui.training.files import (
    FileOpener,
    PathChooser,
    open_with_system,
    save_path_chooser,
)
from clinicdesk.ui.training.models import (
    MatrixTableModel,
    completion_title,
    day_text,
    requirement_title,
    role_names,
    state_label,
    state_text,
)
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

MAX_COLUMN_WIDTH = 220


class MatrixTab(DialogHost, QWidget):
    """For those who see everyone's training (managers, administrators)."""

    training_changed = Signal()  # a completion was recorded or revoked here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("training_matrix")
        self.loaded = False
        self.matrix: Matrix | None = None
        self.dialog = None
        self.last_export: Path | None = None
        self.can_record = ctx.principal.can(Permission.RECORD_TRAINING)
        self.choose_path: PathChooser = save_path_chooser(self)
        self.open_path: FileOpener = open_with_system

        self.filter = FilterLine(self, placeholder=self.tr("Filter by name…"))
        self.filter.setAccessibleName(self.tr("Filter staff by name"))
        add_find_shortcut(self, self.filter)
        self.role = QComboBox(self)
        set_accessible(
            self.role,
            self.tr("Job role"),
            self.tr("Show only people with this job role"),
        )
        self.role.addItem(self.tr("All job roles"), None)
        for role in Role:
            self.role.addItem(role_names((role,)), role)
        self.state = QComboBox(self)
        set_accessible(
            self.state,
            self.tr("State"),
            self.tr("Show only people with a requirement in this state"),
        )
        self.state.addItem(self.tr("Any state"), None)
        for state in TrainingState:
            if state != TrainingState.NOT_APPLICABLE:
                self.state.addItem(state_text(state), state)
        self.as_of = QDateEdit(self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        set_accessible(
            self.as_of,
            self.tr("As of"),
            self.tr("Show training states as they stood on this day"),
        )
        self.as_of.setDate(to_qdate(date.today()))
        role_label = QLabel(self.tr("R&ole:"), self)
        role_label.setBuddy(self.role)
        state_label_widget = QLabel(self.tr("&State:"), self)
        state_label_widget.setBuddy(self.state)
        as_of_label = QLabel(self.tr("&As of:"), self)
        as_of_label.setBuddy(self.as_of)

        self.model = MatrixTableModel(self)
        self.proxy = RowSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.filter.filter_changed.connect(self.proxy.set_filter_text)
        self.table = DataTableView(self)
        self.table.setObjectName("matrixTable")
        set_accessible(
            self.table,
            self.tr("Compliance matrix"),
            self.tr("Each person's training state for each requirement, written in every cell"),
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        # Every requirement column at its own width (scroll sideways when they do not
        # fit) rather than the last one squeezed into what is left.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setModel(self.proxy)
        self.filter.lead_to(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_activated)
        self.table.selectionModel().currentChanged.connect(self._update_actions)
        self.counts = QLabel(self)
        self.counts.setObjectName("matrixCounts")
        self.counts.setWordWrap(True)

        self.record_action = make_action(
            self, self.tr("&Record completion…"), self.record_current, "Ctrl+Shift+C"
        )
        self.revoke_action = make_action(
            self, self.tr("Re&voke…"), self.revoke_current, "Ctrl+Shift+R"
        )
        self.csv_action = make_action(
            self, self.tr("Export &CSV…"), lambda: self.export("csv"), "Ctrl+Shift+E"
        )
        self.pdf_action = make_action(
            self,
            self.tr("&PDF for inspection…"),
            lambda: self.export("pdf"),
            QKeySequence.StandardKey.Print,
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        for action in (self.record_action, self.revoke_action):
            action.setVisible(self.can_record)
            self.table.addAction(action)

        filters = QHBoxLayout()
        filters.addWidget(self.filter, 2)
        for label, widget in (
            (role_label, self.role),
            (state_label_widget, self.state),
            (as_of_label, self.as_of),
        ):
            filters.addWidget(label)
            # the choices share the room; a date keeps a date's width
            filters.addWidget(widget, 0 if widget is self.as_of else 1)
        actions = QHBoxLayout()
        self.buttons = add_action_buttons(
            self,
            actions,
            [
                ("record", self.record_action),
                ("revoke", self.revoke_action),
                ("csv", self.csv_action),
                ("pdf", self.pdf_action),
                ("refresh", self.refresh_action),
            ],
        )
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self.setTabOrder(self.filter, self.role)
        self.setTabOrder(self.role, self.state)
        self.setTabOrder(self.state, self.as_of)
        self.setTabOrder(self.as_of, self.table)

        self.role.currentIndexChanged.connect(lambda _i: self.refresh())
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self._update_actions()
        changes.follow_changes(self, ctx.runner, changes.TRAINING)

    # -- loading --------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def _query(self) -> tuple[date, list[Role] | None, list[TrainingState] | None]:
        role, state = self.role.currentData(), self.state.currentData()
        return (
            to_date(self.as_of),
            [role] if role is not None else None,
            [state] if state is not None else None,
        )

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal
        as_of, roles, states = self._query()

        def work(_progress: Any) -> Matrix:
            with db.uow() as uow:  # audited as a view
                return training.compliance_matrix(uow, actor, as_of, roles=roles, states=states)

        self.ctx.runner.run(work, self._on_matrix_loaded, parent=self)

    def _on_matrix_loaded(self, matrix: Matrix) -> None:
        if not shiboken6.isValid(self):
            return
        if self._query()[0] != matrix.as_of:
            return  # the date changed meanwhile; its own read follows
        fresh_columns = matrix.requirements != self.model.requirements
        self.matrix = matrix
        self.model.set_matrix(matrix)
        if fresh_columns:
            self._fit_columns()
        self.counts.setText(self._counts_text(matrix))
        self._update_actions()

    def _fit_columns(self) -> None:
        fit_columns_capped(self.table, MAX_COLUMN_WIDTH)

    def _counts_text(self, matrix: Matrix) -> str:
        parts = [
            self.tr("{state}: {n}").format(
                state=state_label(state), n=formatting.format_number(matrix.counts[state])
            )
            for state in TrainingState
            if state != TrainingState.NOT_APPLICABLE and matrix.counts.get(state)
        ]
        people = self.tr("%n people as of {day}", "", len(matrix.rows)).format(
            day=day_text(matrix.as_of)
        )
        return " · ".join([people, *parts])

    # -- cells ------------------------------------------------------------------------------

    def current_cell(self) -> tuple[MatrixRow, RequirementInfo, CellStatus] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = source_index(index)
        return self.model.cell_at(source.row(), source.column())

    def select_cell(self, staff_id: int, requirement_id: str) -> None:
        row = self.model.row_of(staff_id)
        column = next(
            (
                self.model.FIRST_REQUIREMENT + n
                for n, r in enumerate(self.model.requirements)
                if r.requirement_id == requirement_id
            ),
            None,
        )
        if row is None or column is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, column))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if self.dialog is None and index.isValid():
            self.record_current()

    def _update_actions(self, *_args: Any) -> None:
        found = self.current_cell()
        applicable = found is not None and found[2].state != TrainingState.NOT_APPLICABLE
        self.record_action.setEnabled(self.can_record and applicable)
        self.revoke_action.setEnabled(
            self.can_record
            and found is not None
            and found[2].completion_id is not None
            and found[2].state != TrainingState.MISSING
        )

    def record_current(self) -> None:
        found = self.current_cell()
        if not self.can_record or found is None or self.dialog is not None:
            return
        row, requirement, cell = found
        if cell.state == TrainingState.NOT_APPLICABLE:
            self.ctx.messages.status(
                self.tr("{training} does not apply to {name}.").format(
                    training=requirement_title(requirement), name=row.staff.name
                )
            )
            return
        self.open_dialog(
            RecordCompletionDialog(self.ctx, row.staff, requirement, cell, self),
            self._on_dialog_saved,
        )

    def revoke_current(self) -> None:
        found = self.current_cell()
        if not self.revoke_action.isEnabled() or found is None or self.dialog is not None:
            return
        row, requirement, cell = found
        self.open_dialog(
            RevokeDialog(self.ctx, row.staff, requirement, cell, self), self._on_dialog_saved
        )

    def _on_dialog_saved(self, completion: Any) -> None:
        if not shiboken6.isValid(self):
            return
        text = (
            self.tr("Revoked for {name}: {training}")
            if completion.kind == CompletionKind.REVOCATION
            else self.tr("Recorded for {name}: {training}")
        )
        self.ctx.messages.status(
            text.format(name=completion.staff_name, training=completion_title(completion))
        )
        self.training_changed.emit()

    # -- export -------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        as_of, roles, states = self._query()
        title = (
            self.tr("Save the compliance matrix as a spreadsheet")
            if kind == "csv"
            else self.tr("Save the compliance matrix for an inspection")
        )
        target = self.choose_path(title, f"training-matrix-{as_of.isoformat()}.{kind}")
        if target is None:
            return
        db, actor = self.ctx.db, self.ctx.principal
        reading = self.tr("Reading the training records…")

        def work(progress: Any) -> tuple[Path, int]:
            progress.report(0, 0, reading)
            with db.uow() as uow:
                people = training.export_matrix(
                    uow, actor, target, as_of, roles=roles, states=states
                )
            return target, people

        self.ctx.runner.run(
            work,
            self._on_exported,
            parent=self,
            label=self.tr("Exporting the compliance matrix…"),
        )

    def _on_exported(self, result: tuple[Path, int]) -> None:
        path, people = result
        self.last_export = path
        self.ctx.messages.status(self.tr("Saved {path} (%n people)", "", people).format(path=path))
