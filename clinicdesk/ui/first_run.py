"""First start on an empty database: create the clinic and its first administrator.

One short form rather than a multi-page wizard: five fields fit on one page, and every
problem is shown next to its field at once. Nothing typed is lost on an error.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain import passwords
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ClinicDeskError, ConflictError, ValidationError
from clinicdesk.services import setup, users
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.widgets import InlineMessage, password_field, text_field


def _initialise(
    db: Database, clinic_name: str, username: str, display_name: str, password: str
) -> Principal:
    with db.uow() as uow:
        return setup.initialise(uow, clinic_name, username, display_name, password)


class FirstRunDialog(QDialog):
    """Non-blocking. `completed(username)` when the clinic exists — the new
    administrator's user name, or "" when another workstation set it up meanwhile."""

    completed = Signal(str)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        messages: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._messages = messages
        self._busy = False
        self.setWindowTitle(self.tr("Set up ClinicDesk"))
        self.setObjectName("firstRunDialog")
        self.setMinimumWidth(480)

        intro = QLabel(
            self.tr(
                "Welcome. This database is empty. Name your clinic and create the first "
                "administrator account; the administrator then adds everyone else."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.clinic_name_edit = text_field(self.tr("Clinic name"), self)
        self.clinic_name_edit.setPlaceholderText(self.tr("e.g. Riverbend Community Health Co-op"))
        self.username_edit = text_field(self.tr("Administrator user name"), self, max_length=63)
        self.username_edit.setPlaceholderText(self.tr("e.g. admin"))
        self.display_name_edit = text_field(self.tr("Administrator's name"), self)
        self.display_name_edit.setPlaceholderText(self.tr("e.g. Rosa Morales"))
        self.password_edit = password_field(self.tr("Password"), self)
        self.repeat_edit = password_field(self.tr("Password again"), self)

        self.field_messages: dict[str, InlineMessage] = {}
        form = QFormLayout()
        for key, label_text, edit in (
            ("clinic_name", self.tr("&Clinic name:"), self.clinic_name_edit),
            ("username", self.tr("&User name:"), self.username_edit),
            ("display_name", self.tr("&Your name:"), self.display_name_edit),
            ("password", self.tr("&Password:"), self.password_edit),
            ("repeat", self.tr("&Again:"), self.repeat_edit),
        ):
            label = QLabel(label_text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
            message = InlineMessage(self, name=self.tr("Problem with %s") % edit.accessibleName())
            message.setObjectName(f"{key}Message")
            form.addRow("", message)
            self.field_messages[key] = message
        hint = QLabel(
            self.tr("At least %d characters. You will use it to sign in.") % passwords.MIN_LENGTH,
            self,
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.message = InlineMessage(self, name=self.tr("Set-up message"))

        buttons = QDialogButtonBox(self)
        self.create_button = QPushButton(self.tr("Create clinic"), self)
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self._on_create_button_clicked)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.clinic_name_edit.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def _edits(self) -> dict[str, QLineEdit]:
        return {
            "clinic_name": self.clinic_name_edit,
            "username": self.username_edit,
            "display_name": self.display_name_edit,
            "password": self.password_edit,
            "repeat": self.repeat_edit,
        }

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for edit in self._edits().values():
            edit.setEnabled(not busy)
        self.create_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def problems(self) -> dict[str, str]:
        """What is wrong with the form as typed, by field."""
        found: dict[str, str] = {}
        if not self.clinic_name_edit.text().strip():
            found["clinic_name"] = self.tr("Give the clinic a name.")
        if not self.username_edit.text().strip():
            found["username"] = self.tr("Choose a user name for the administrator.")
        else:
            try:
                users.normalise_username(self.username_edit.text())
            except ValidationError as error:
                found["username"] = f"{error.message} {error.hint or ''}".strip()
        password = self.password_edit.text()
        problem = passwords.password_problem(password)
        if problem:
            found["password"] = problem
        elif password != self.repeat_edit.text():
            found["repeat"] = self.tr("The two passwords differ.")
        return found

    def field_message(self, key: str) -> str:
        return self.field_messages[key].message()

    def _show_problems(self, found: dict[str, str]) -> None:
        for key, message in self.field_messages.items():
            message.show_message(found.get(key, ""))
        edits = self._edits()
        for key in edits:
            if key in found:
                edits[key].setFocus(Qt.FocusReason.OtherFocusReason)
                edits[key].selectAll()
                break

    def _on_create_button_clicked(self) -> None:
        if self._busy:
            return
        self.message.clear_message()
        found = self.problems()
        self._show_problems(found)
        if found:
            return
        db = self._db
        clinic = self.clinic_name_edit.text().strip()
        username = self.username_edit.text().strip()
        display = self.display_name_edit.text().strip()
        password = self.password_edit.text()
        self._set_busy(True)
        task = self._runner.run(
            lambda progress: _initialise(db, clinic, username, display, password),
            self._on_initialised,
            failure=self._on_failed,
            parent=self,
        )
        task.finished.connect(self._on_task_finished)

    def _on_task_finished(self) -> None:
        if self._busy:  # a bug ended the task: give the form back
            self._set_busy(False)

    def _on_initialised(self, admin: Principal) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.accept()
        self.completed.emit(admin.username)

    def _on_failed(self, error: ClinicDeskError) -> None:
        self._set_busy(False)
        if isinstance(error, ConflictError):
            # Another workstation created the clinic meanwhile: sign in to that one.
            self._messages.error(error, self)
            self.accept()
            self.completed.emit("")
            return
        field = getattr(error, "field", None)
        if isinstance(error, ValidationError) and field in self.field_messages:
            self._show_problems({field: f"{error.message} {error.hint or ''}".strip()})
        elif isinstance(error, ValidationError):
            self.message.show_error(error)
        else:
            self._messages.error(error, self)
