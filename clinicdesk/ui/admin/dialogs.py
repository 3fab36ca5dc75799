"""The user-account dialogs: add a user, reset a password, change roles. Each is a
`ServiceDialog` (clinicdesk.ui.dialogs)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QWidget,
)

from clinicdesk.errors import ClinicDeskError, ConflictError, NotFoundError
from clinicdesk.services import users
from clinicdesk.services.users import UserInfo
from clinicdesk.ui.admin.roles import RoleChecks, roles_text
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog

__all__ = ["AddUserDialog", "ChangeRolesDialog", "ResetPasswordDialog", "ServiceDialog"]


class AddUserDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add user"), self.tr("&Add user"), parent)
        self.username = self.line_edit(self.tr("&User name:"), "username")
        self.username.setPlaceholderText(self.tr("e.g. j.smith"))
        self.display_name = self.line_edit(self.tr("&Display name:"), "display_name")
        self.roles = RoleChecks(self.tr("Roles"), self)
        self.form.addRow(self.roles)
        self.password = self.line_edit(self.tr("Initial &password:"), "password", password=True)
        self.password_again = self.line_edit(
            self.tr("Password a&gain:"), "password_again", password=True
        )
        self.describe_fields(
            username=self.tr("What the person types to sign in"),
            display_name=self.tr("The person's name as others see it"),
            password=self.tr("The password for the first sign-in"),
            password_again=self.tr("The same password once more, to catch a typing mistake"),
        )
        self.must_change = QCheckBox(self.tr("&Must change the password at first sign-in"), self)
        self.must_change.setAccessibleName(self.tr("Must change the password at first sign-in"))
        self.must_change.setChecked(True)
        self.form.addRow(self.must_change)
        self.field_widgets = {
            "username": self.username,
            "display_name": self.display_name,
            "roles": self.roles.boxes[next(iter(self.roles.boxes))],
            "password": self.password,
            "password_again": self.password_again,
        }
        self.username.setFocus()

    def build_call(self) -> ServiceCall:
        password = self.passwords_match(self.password, self.password_again)
        actor = self.ctx.principal
        username = self.username.text()
        display_name = self.display_name.text()
        roles = self.roles.selected()
        must_change = self.must_change.isChecked()
        return lambda uow: users.add_user(
            uow,
            actor,
            username,
            display_name,
            roles,
            password,
            must_change_password=must_change,
        )


class ResetPasswordDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Reset password"), self.tr("&Reset password"), parent)
        self.user = user
        self.who = who = QLabel(
            self.tr("New password for {name} ({user})").format(
                name=user.display_name, user=user.username
            ),
            self,
        )
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(who)
        self.password = self.line_edit(self.tr("New &password:"), "password", password=True)
        self.password_again = self.line_edit(
            self.tr("Password a&gain:"), "password_again", password=True
        )
        self.describe_fields(
            password=self.tr("The password the person signs in with until they change it"),
            password_again=self.tr("The same password once more, to catch a typing mistake"),
        )
        self.must_change = QCheckBox(self.tr("&Must change the password at next sign-in"), self)
        self.must_change.setAccessibleName(self.tr("Must change the password at next sign-in"))
        self.must_change.setChecked(True)
        self.form.addRow(self.must_change)
        self.field_widgets = {"password": self.password, "password_again": self.password_again}
        self.password.setFocus()

    def build_call(self) -> ServiceCall:
        password = self.passwords_match(self.password, self.password_again)
        actor = self.ctx.principal
        username = self.user.username
        must_change = self.must_change.isChecked()
        return lambda uow: users.reset_password(
            uow, actor, username, password, must_change_password=must_change
        )


class ChangeRolesDialog(ServiceDialog):
    """Saves with the version the person saw. If someone changed the account meanwhile,
    the conflict is shown, the stored roles are reloaded next to the person's own choice,
    and a second OK saves that choice over the newer version on purpose."""

    base_reloaded = Signal(object)  # the fresh UserInfo after a conflict

    def __init__(self, ctx: AppContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Change roles"), self.tr("&Save roles"), parent)
        self.user = user
        self.who = who = QLabel(
            self.tr("Roles of {name} ({user})").format(name=user.display_name, user=user.username),
            self,
        )
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(who)
        self.stored = QLabel(self)
        self.stored.setTextFormat(Qt.TextFormat.PlainText)
        self.stored.setAccessibleName(self.tr("Roles stored now"))
        self.form.addRow(self.tr("Stored now:"), self.stored)
        self.roles = RoleChecks(self.tr("New roles"), self)
        self.roles.set_selected(user.roles)
        self.form.addRow(self.roles)
        self.field_widgets = {"roles": self.roles.boxes[next(iter(self.roles.boxes))]}
        self._show_stored()
        self.roles.boxes[next(iter(self.roles.boxes))].setFocus()

    def _show_stored(self) -> None:
        self.stored.setText(roles_text(self.user.roles))

    def build_call(self) -> ServiceCall:
        actor = self.ctx.principal
        username = self.user.username
        roles = self.roles.selected()
        version = self.user.version
        return lambda uow: users.set_roles(uow, actor, username, roles, expected_version=version)

    def on_failed(self, error: ClinicDeskError) -> None:
        if not isinstance(error, ConflictError):
            return
        db, actor, username = self.ctx.db, self.ctx.principal, self.user.username
        gone = self.tr("The account “{user}” no longer exists.").format(user=username)

        def work(_progress: Any) -> UserInfo:
            with db.uow(read_only=True) as uow:
                for info in users.list_users(uow, actor):
                    if info.username == username:
                        return info
            raise NotFoundError(gone)

        self._set_busy(True)
        task = self.ctx.runner.run(work, self._on_base_reloaded, parent=self)
        task.finished.connect(self._on_task_finished)

    def _on_base_reloaded(self, info: UserInfo) -> None:
        if not shiboken6.isValid(self):
            return
        self.user = info
        self._show_stored()
        self.base_reloaded.emit(info)
