"""The Users tab: every account with its roles and status, and the actions on them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Role
from clinicdesk.errors import ClinicDeskError, ConflictError
from clinicdesk.services import users
from clinicdesk.services.users import UserInfo
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action, set_action_text
from clinicdesk.ui.admin.dialogs import AddUserDialog, ChangeRolesDialog, ResetPasswordDialog
from clinicdesk.ui.admin.roles import roles_text
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost, ServiceDialog
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.tables import Column, RowTableModel, local_time_text
from clinicdesk.ui.widgets import add_action_buttons

HEADER_KEY = "admin/users"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def is_locked(user: UserInfo) -> bool:
    return user.locked_until is not None and user.locked_until > _utcnow()


class UsersTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("User name"), lambda u: u.username),
            Column(self.tr("Display name"), lambda u: u.display_name),
            Column(
                self.tr("Roles"),
                lambda u: roles_text(u.roles),
                sort_key=lambda u: tuple(sorted(list(Role).index(r) for r in u.roles)),
            ),
            Column(
                self.tr("Status"),
                self._status,
                sort_key=lambda u: 2 if not u.active else (1 if is_locked(u) else 0),
                tooltip=self._status_tip,
            ),
            Column(
                self.tr("Last sign-in"),
                lambda u: local_time_text(u.last_sign_in_at),
                sort_key=lambda u: u.last_sign_in_at,
            ),
        ]
        super().__init__(columns, key=lambda u: u.username, parent=parent)

    def _status(self, user: UserInfo) -> str:
        if not user.active:
            return self.tr("Disabled")
        if is_locked(user):
            return self.tr("Locked until {time}").format(time=local_time_text(user.locked_until))
        if user.must_change_password:
            return self.tr("Active (new password due)")
        return self.tr("Active")

    def _status_tip(self, user: UserInfo) -> str | None:
        if user.active and user.must_change_password:
            return self.tr("Must choose a new password at the next sign-in.")
        if user.active and is_locked(user):
            return self.tr("Too many wrong passwords. Reset the password to unlock now.")
        return None


class UsersTab(DialogHost, ListTab):
    """Lists accounts; every change is one service call on the worker, and the table is
    then updated for that one row."""

    user_changed = Signal(object)  # UserInfo after a change made here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            UsersTableModel,
            users.list_users,
            table_name=self.tr("Users"),
            filter_placeholder=self.tr("Filter users…"),
            filter_name=self.tr("Filter users"),
            header_key=HEADER_KEY,
            watches=changes.USERS,
            parent=parent,
        )
        self.dialog: ServiceDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)

        self.add_action = make_action(
            self, self.tr("&Add user…"), self.add_user, QKeySequence.StandardKey.New
        )
        self.reset_action = make_action(
            self, self.tr("Reset &password…"), self.reset_password, "Ctrl+Shift+P"
        )
        self.roles_action = make_action(
            self, self.tr("Change &roles…"), self.change_roles, "Ctrl+R"
        )
        self.toggle_action = make_action(self, self.tr("&Disable…"), self.toggle_active, "Ctrl+D")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        for action in (self.add_action, self.reset_action, self.roles_action, self.toggle_action):
            self.table.addAction(action)

        self.count_label = QLabel(self)

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(
            self,
            bar,
            [
                ("add", self.add_action),
                ("reset", self.reset_action),
                ("roles", self.roles_action),
                ("toggle", self.toggle_action),
                ("refresh", self.refresh_action),
            ],
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.setTabOrder(self.filter, self.table)
        self._update_actions()

    # -- loading ----------------------------------------------------------------------

    def rows_loaded(self, rows: list[Any]) -> None:
        self._update_actions()

    # -- actions ----------------------------------------------------------------------

    def selected_user(self) -> UserInfo | None:
        return self.table.current_row_object()

    def add_user(self) -> None:
        self._open(AddUserDialog(self.ctx, self))

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(ResetPasswordDialog(self.ctx, user, self))

    def change_roles(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ChangeRolesDialog(self.ctx, user, self)
        dialog.base_reloaded.connect(self._on_user_saved)
        self._open(dialog)

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active:
            title = self.tr("Disable account")
            text = self.tr(
                "Disable the account “{user}” ({name})? They will not be able to sign in "
                "until it is enabled again."
            ).format(user=user.username, name=user.display_name)
            verb = self.tr("&Disable")
        else:
            title = self.tr("Enable account")
            text = self.tr("Enable the account “{user}” ({name}) again?").format(
                user=user.username, name=user.display_name
            )
            verb = self.tr("&Enable")
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        confirm = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(confirm)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_confirm_box_finished(box, confirm, user))
        self.confirm_box = box
        box.open()

    def _on_confirm_box_finished(self, box: QMessageBox, confirm: Any, user: UserInfo) -> None:
        confirmed = box.clickedButton() is confirm
        box.deleteLater()
        self.confirm_box = None
        if not confirmed:
            return
        db, actor = self.ctx.db, self.ctx.principal
        username, active, version = user.username, not user.active, user.version

        def work(_progress: Any) -> UserInfo:
            with db.uow() as uow:
                return users.set_active(uow, actor, username, active, expected_version=version)

        self.ctx.runner.run(work, self._on_user_saved, failure=self._on_change_failed, parent=self)

    def _on_change_failed(self, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self.ctx.messages.error(error, self)
        if isinstance(error, ConflictError):
            self.refresh()

    def _open(self, dialog: ServiceDialog) -> None:
        self.open_dialog(dialog, self._on_user_saved)

    def _on_user_saved(self, info: UserInfo) -> None:
        if not shiboken6.isValid(self):
            return
        row = self.model.upsert(info)
        self.table.select_source_row(row)
        self._update_actions()
        self.user_changed.emit(info)

    # -- state ------------------------------------------------------------------------

    def _on_selection_changed(self, *_args: Any) -> None:
        self._update_actions()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.change_roles()

    def _update_actions(self) -> None:
        user = self.selected_user()
        for action in (self.reset_action, self.roles_action, self.toggle_action):
            action.setEnabled(user is not None)
        if user is not None and not user.active:
            set_action_text(self.toggle_action, self.tr("&Enable…"))
        else:
            set_action_text(self.toggle_action, self.tr("&Disable…"))

    def _update_count(self, *_args: Any) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%n accounts", "", total))
        else:
            self.count_label.setText(
                self.tr("{shown} of %n accounts", "", total).format(shown=shown)
            )
