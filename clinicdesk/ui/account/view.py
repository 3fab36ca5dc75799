"""My account: who is signed in, changing one's own password, and one's policies to
read and acknowledge."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import AuthenticationError, ClinicDeskError, ValidationError
from clinicdesk.services import auth, users
from clinicdesk.services.users import UserInfo
from clinicdesk.ui import changes
from clinicdesk.ui.account.language import LanguageChoice
from clinicdesk.ui.admin.roles import roles_text
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.policies.mine import MyPoliciesBox
from clinicdesk.ui.tables import local_time_text
from clinicdesk.ui.widgets import LoadsWhenShown


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class AccountView(LoadsWhenShown, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info: UserInfo | None = None
        principal = ctx.principal

        details = QGroupBox(self.tr("Signed in as"), self)
        self.display_name = _value_label(details, self.tr("Display name"))
        self.username = _value_label(details, self.tr("User name"))
        self.roles = _value_label(details, self.tr("Roles"))
        self.last_sign_in = _value_label(details, self.tr("Last sign-in"))
        self.display_name.setText(principal.display_name)
        self.username.setText(principal.username)
        self.roles.setText(roles_text(principal.roles))
        details_form = QFormLayout(details)
        details_form.addRow(self.tr("Display name:"), self.display_name)
        details_form.addRow(self.tr("User name:"), self.username)
        details_form.addRow(self.tr("Roles:"), self.roles)
        details_form.addRow(self.tr("Last sign-in:"), self.last_sign_in)
        self.language = LanguageChoice(ctx, details) if principal.user_id is not None else None
        if self.language is not None:
            details_form.addRow(self.tr("&Language:"), self.language)

        password_box = QGroupBox(self.tr("Change password"), self)
        self.current_password = self._password_edit(self.tr("Current password"), "current")
        self.new_password = self._password_edit(self.tr("New password"), "new")
        self.new_password_again = self._password_edit(self.tr("New password again"), "again")
        self.change_button = QPushButton(self.tr("Change pass&word"), password_box)
        self.change_button.setAutoDefault(True)
        self.change_button.clicked.connect(self.change_password)
        self.status = QLabel(password_box)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Password change status"))
        form = QFormLayout(password_box)
        form.addRow(self.tr("&Current password:"), self.current_password)
        form.addRow(self.tr("&New password:"), self.new_password)
        form.addRow(self.tr("New password &again:"), self.new_password_again)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.change_button)
        form.addRow(row)
        for edit in (self.current_password, self.new_password, self.new_password_again):
            edit.returnPressed.connect(self.change_password)

        self.policies = (
            MyPoliciesBox(ctx, self)
            if principal.user_id is not None and principal.can(Permission.ACKNOWLEDGE_POLICIES)
            else None
        )

        # A form, not a table: on a wide screen it keeps a readable width at the left.
        for box in (details, password_box, self.policies):
            if box is not None:
                box.setMaximumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(details)
        layout.addWidget(password_box)
        if self.policies is not None:
            layout.addWidget(self.policies, 1)
        layout.addStretch(1)
        self.setTabOrder(self.current_password, self.new_password)
        self.setTabOrder(self.new_password, self.new_password_again)
        self.setTabOrder(self.new_password_again, self.change_button)
        if self.language is not None:  # after the password: that is what people come for
            self.setTabOrder(self.change_button, self.language.choice)
        self._busy = False
        changes.follow_changes(self, ctx.runner, changes.USERS | changes.TRAINING)

    def _password_edit(self, name: str, object_name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(object_name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    # -- account details --------------------------------------------------------------

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> UserInfo:
            with db.uow(read_only=True) as uow:
                return users.own_account(uow, actor)

        self.ctx.runner.run(work, self._on_account_loaded, parent=self)
        if self.policies is not None:
            self.policies.refresh()

    def _on_account_loaded(self, info: UserInfo) -> None:
        if not shiboken6.isValid(self):
            return
        self.info = info
        self.display_name.setText(info.display_name)
        self.username.setText(info.username)
        self.roles.setText(roles_text(info.roles))
        self.last_sign_in.setText(local_time_text(info.last_sign_in_at) or self.tr("never"))
        if self.language is not None:
            self.language.show_account(info)

    # -- password ---------------------------------------------------------------------

    def change_password(self) -> None:
        if self._busy:
            return
        current = self.current_password.text()
        new = self.new_password.text()
        if not current:
            self._refuse(
                ValidationError(self.tr("Type your current password first.")),
                self.current_password,
            )
            return
        if new != self.new_password_again.text():
            self._refuse(
                ValidationError(
                    self.tr("The two new passwords are not the same."),
                    hint=self.tr("Type the same new password in both boxes."),
                ),
                self.new_password_again,
            )
            return
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> None:
            with db.uow() as uow:
                auth.change_own_password(uow, actor, current, new)

        self._set_busy(True)
        self.status.setText(self.tr("Changing the password…"))
        task = self.ctx.runner.run(
            work, self._on_password_changed, failure=self._on_password_refused, parent=self
        )
        task.finished.connect(self._on_task_finished)

    def _on_password_changed(self, _result: None) -> None:
        if not shiboken6.isValid(self):
            return
        for edit in (self.current_password, self.new_password, self.new_password_again):
            edit.clear()
        text = self.tr("Your password was changed.")
        self.status.setText(text)
        self.ctx.messages.status(text)

    def _on_password_refused(self, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self.status.setText(self.tr("The password was not changed."))
        wrong_current = isinstance(error, AuthenticationError)
        target = self.current_password if wrong_current else self.new_password
        self._refuse(error, target)

    def _refuse(self, error: ClinicDeskError, focus: QLineEdit) -> None:
        self.ctx.messages.error(error, self)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        focus.selectAll()

    def _on_task_finished(self) -> None:
        if shiboken6.isValid(self):
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.change_button.setEnabled(not busy)
