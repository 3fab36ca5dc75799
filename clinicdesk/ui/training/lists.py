"""Expiring soon (who has what due in the next 90 days, and what is already expired or
missing) and the staff list (add someone without a login, record that someone left)."""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.domain.training import TrainingState
from clinicdesk.services import training
from clinicdesk.services.training import DueItem, StaffInfo
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.training.dialogs import AddStaffDialog, EndStaffDialog, RecordCompletionDialog
from clinicdesk.ui.training.models import DueTableModel, StaffTableModel
from clinicdesk.ui.widgets import add_action_buttons

EXPIRING_WITHIN_DAYS = 90


class _TrainingListTab(DialogHost, ListTab):
    """A ListTab whose read runs in a writing unit of work: the training services audit
    the view and may add the staff row of a new user."""

    def refresh(self) -> None:
        db, actor, read = self.ctx.db, self.ctx.principal, self._read

        def work(_progress: Any) -> list[Any]:
            with db.uow() as uow:
                return read(uow, actor)

        self.ctx.runner.run(work, self._on_rows_read, parent=self)


class ExpiringTab(_TrainingListTab):
    training_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            DueTableModel,
            partial(_due_soon, within_days=EXPIRING_WITHIN_DAYS),
            table_name=self.tr("Training due soon"),
            filter_placeholder=self.tr("Filter by name or training…"),
            filter_name=self.tr("Filter training due soon"),
            header_key="training/expiring",
            sort_column=3,
            watches=changes.TRAINING,
            parent=parent,
        )
        self.setObjectName("training_expiring")
        self.dialog = None
        self.can_record = ctx.principal.can(Permission.RECORD_TRAINING)
        self.note = QLabel(
            self.tr(
                "Expired and missing training, and training that expires in the next "
                "{days} days, soonest first."
            ).format(days=EXPIRING_WITHIN_DAYS),
            self,
        )
        self.note.setWordWrap(True)
        self.record_action = make_action(
            self, self.tr("&Record completion…"), self.record_selected, "Ctrl+Shift+C"
        )
        self.record_action.setVisible(self.can_record)
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.table.addAction(self.record_action)
        self.table.activated.connect(lambda _index: self.record_selected())
        self.count = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(
            self, bar, [("record", self.record_action), ("refresh", self.refresh_action)]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def rows_loaded(self, rows: list[Any]) -> None:
        expiring = sum(1 for d in rows if d.status.state == TrainingState.EXPIRING)
        self.count.setText(
            self.tr("{n} items: {expiring} expiring, {other} expired or missing").format(
                n=len(rows), expiring=expiring, other=len(rows) - expiring
            )
        )

    def record_selected(self) -> None:
        item: DueItem | None = self.table.current_row_object()
        if item is None or not self.can_record or self.dialog is not None:
            return
        self.open_dialog(
            RecordCompletionDialog(self.ctx, item.staff, item.requirement, item.status, self),
            self._after_saved,
        )

    def _after_saved(self, _result: Any) -> None:
        if shiboken6.isValid(self):
            self.training_changed.emit()


def _due_soon(uow: Any, actor: Any, *, within_days: int) -> list[DueItem]:
    return training.expiring_soon(uow, actor, within_days=within_days)


class StaffTab(_TrainingListTab):
    training_changed = Signal()  # staff added or ended: the matrix changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            StaffTableModel,
            partial(_staff, include_ended=False),
            table_name=self.tr("Staff"),
            filter_placeholder=self.tr("Filter staff…"),
            filter_name=self.tr("Filter staff"),
            header_key="training/staff",
            watches=changes.TRAINING,
            parent=parent,
        )
        self.setObjectName("training_staff")
        self.dialog = None
        self.can_manage = ctx.principal.can(Permission.MANAGE_STAFF)
        self.show_ended = QCheckBox(self.tr("Show f&ormer staff"), self)
        self.show_ended.toggled.connect(self._on_show_ended_toggled)
        self.add_action = make_action(
            self, self.tr("&Add staff…"), self.add_staff, QKeySequence.StandardKey.New
        )
        self.end_action = make_action(self, self.tr("&End staff…"), self.end_staff, "Ctrl+Shift+L")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        for action in (self.add_action, self.end_action):
            action.setVisible(self.can_manage)
        self.table.addAction(self.end_action)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.show_ended)
        self.buttons = add_action_buttons(
            self,
            bar,
            [("add", self.add_action), ("end", self.end_action), ("refresh", self.refresh_action)],
        )
        self.count = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._update_actions()

    def _on_show_ended_toggled(self, checked: bool) -> None:
        self._read = partial(_staff, include_ended=checked)
        self.model.set_rows([])
        self.refresh()

    def rows_loaded(self, rows: list[Any]) -> None:
        self.count.setText(self.tr("%n people", "", len(rows)))
        self._update_actions()

    def selected_staff(self) -> StaffInfo | None:
        return self.table.current_row_object()

    def _update_actions(self, *_args: Any) -> None:
        staff = self.selected_staff()
        self.end_action.setEnabled(self.can_manage and staff is not None and staff.end_on is None)

    def add_staff(self) -> None:
        if self.can_manage and self.dialog is None:
            self.open_dialog(AddStaffDialog(self.ctx, self), self._after_saved)

    def end_staff(self) -> None:
        staff = self.selected_staff()
        if self.end_action.isEnabled() and staff is not None and self.dialog is None:
            self.open_dialog(EndStaffDialog(self.ctx, staff, self), self._after_saved)

    def _after_saved(self, staff: StaffInfo) -> None:
        if not shiboken6.isValid(self):
            return
        self.ctx.messages.status(self.tr("Saved {name}").format(name=staff.name))
        self.refresh()
        self.training_changed.emit()


def _staff(uow: Any, actor: Any, *, include_ended: bool) -> list[StaffInfo]:
    return training.list_staff(uow, actor, include_ended=include_ended)
