"""The sign-in dialog, with the "choose a new password" step for accounts that must
change theirs before they continue.

Sign-in hashes the password (scrypt), so it runs on the runner's worker, never on the UI
thread. A wrong password and an unknown user name show the service's one message.

The dialog is the program's first frame (ui/launch.py), so this module imports no
storage and no service at import time: the dialog can be shown before SQLAlchemy is
loaded, without a database yet, and asks `prepare` for one when the person signs in
(which by then has usually been made while they typed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.app import user_database
from clinicdesk.errors import AuthenticationError, ClinicDeskError, ValidationError
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.widgets import InlineMessage, password_field, text_field

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal
    from clinicdesk.services.federation_store import StandardWords
    from clinicdesk.services.setup import ClinicInfo


@dataclass(frozen=True)
class SessionStart:
    """What the main window needs once someone has signed in."""

    principal: Principal
    clinic: ClinicInfo
    lock_minutes: int
    must_change_password: bool = False
    language: str | None = None  # the person's choice; None: as the computer says
    # The database to work in when it is not the one the dialog signed in on: on a
    # server with ClinicDesk roles, the user's own login (app.user_database).
    db: Database | None = None
    # The stored standards' words in every language, for the areas' titles (issue 17).
    standard_words: dict[tuple[str, int], StandardWords] = field(default_factory=dict)


def open_session(db: Database, username: str, password: str) -> SessionStart:
    """Sign in and read what the session needs. Runs on a worker (or before any window
    exists, for --demo). On a server with ClinicDesk roles the session works on the
    user's own login, opened with the password they typed (see app.user_database)."""
    from clinicdesk.services import auth

    mine = user_database(db, username, password)
    try:
        with mine.uow() as uow:
            principal = auth.sign_in(uow, username, password)
        start = describe_session(mine, principal)
    except BaseException:
        if mine is not db:
            mine.dispose()
        raise
    return start if mine is db else replace(start, db=mine)


def describe_session(db: Database, principal: Principal) -> SessionStart:
    """What the window needs to know about a session that has just begun."""
    from clinicdesk.services import auth, federation_store, settings, setup, users

    with db.uow(read_only=True) as uow:
        must_change = auth.must_change_password(uow, principal)
        language = users.own_account(uow, principal).language if principal.user_id else None
        clinic = setup.clinic_info(uow)
        minutes = settings.load(uow).inactivity_lock_minutes
        words = federation_store.standard_words(uow, principal)  # a few dozen rows
    if clinic is None:  # sign-in succeeded, so the clinic row exists unless it was removed
        clinic = setup.ClinicInfo("ClinicDesk", "", None, None)
    return SessionStart(principal, clinic, minutes, must_change, language, standard_words=words)


def _change_password(db: Database, principal: Principal, current: str, new: str) -> None:
    from clinicdesk.services import auth

    with db.uow() as uow:
        auth.change_own_password(uow, principal, current, new)


def _sign_out(db: Database, principal: Principal, *, close: bool = False) -> None:
    from clinicdesk.services import auth

    try:
        with db.uow() as uow:
            auth.sign_out(uow, principal)
    finally:
        if close:
            db.dispose()


class SignInDialog(QDialog):
    """Non-blocking: show it, and listen for `signed_in` (or `rejected` = Quit).

    Without a database (`db=None`), `prepare` is called when the person signs in: it
    returns the database (loading what is still missing meanwhile, the fields kept as
    typed), or None when the program cannot go on (it has said why)."""

    signed_in = Signal(object)  # SessionStart

    def __init__(
        self,
        db: Database | None,
        runner: TaskRunner,
        messages: MessageBridge,
        *,
        clinic_name: str = "",
        username: str = "",
        prepare: Callable[[], Database | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if db is None and prepare is None:
            raise ValueError("SignInDialog needs a database or a way to prepare one")
        self._db = db
        self._prepare = prepare
        self._runner = runner
        self._messages = messages
        self._busy = False
        self._pending: SessionStart | None = None
        self._current_password = ""

        self.setWindowTitle(self.tr("Sign in — ClinicDesk"))
        self.setObjectName("signInDialog")
        heading = QLabel(clinic_name or self.tr("ClinicDesk"), self)
        heading.setObjectName("clinicName")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_sign_in_page())
        self.pages.addWidget(self._build_change_page())

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pages)
        self.setMinimumWidth(380)

        self.username_edit.setText(username)
        self._show_sign_in_page()

    # --- building ---------------------------------------------------------------------

    def _build_sign_in_page(self) -> QWidget:
        page = QWidget(self)
        self.username_edit = text_field(self.tr("User name"), page, max_length=64)
        self.username_edit.setObjectName("username")
        self.password_edit = password_field(self.tr("Password"), page)
        self.password_edit.setObjectName("password")
        self.message = InlineMessage(page, name=self.tr("Sign-in message"))
        self.message.setObjectName("signInMessage")

        form = QFormLayout()
        user_label = QLabel(self.tr("&User name:"), page)
        user_label.setBuddy(self.username_edit)
        password_label = QLabel(self.tr("&Password:"), page)
        password_label.setBuddy(self.password_edit)
        form.addRow(user_label, self.username_edit)
        form.addRow(password_label, self.password_edit)

        self.buttons = QDialogButtonBox(page)
        self.sign_in_button = QPushButton(self.tr("Sign in"), page)
        self.sign_in_button.setObjectName("signInButton")
        self.quit_button = QPushButton(self.tr("Quit"), page)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.username_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.sign_in_button)
        return page

    def _build_change_page(self) -> QWidget:
        page = QWidget(self)
        explanation = QLabel(
            self.tr(
                "Your password was set by an administrator. Choose your own password "
                "before you continue."
            ),
            page,
        )
        explanation.setWordWrap(True)
        self.new_password_edit = password_field(self.tr("New password"), page)
        self.new_password_edit.setObjectName("newPassword")
        self.repeat_password_edit = password_field(self.tr("New password again"), page)
        self.repeat_password_edit.setObjectName("repeatPassword")
        self.change_message = InlineMessage(page, name=self.tr("Password message"))

        form = QFormLayout()
        new_label = QLabel(self.tr("&New password:"), page)
        new_label.setBuddy(self.new_password_edit)
        repeat_label = QLabel(self.tr("&Again:"), page)
        repeat_label.setBuddy(self.repeat_password_edit)
        form.addRow(new_label, self.new_password_edit)
        form.addRow(repeat_label, self.repeat_password_edit)

        buttons = QDialogButtonBox(page)
        self.change_button = QPushButton(self.tr("Change password"), page)
        self.change_button.setObjectName("changePasswordButton")
        self.cancel_change_button = QPushButton(self.tr("Sign out"), page)
        buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_change_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.cancel_change_button.clicked.connect(self._abandon_change)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.change_message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    # --- state ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def changing_password(self) -> bool:
        return self.pages.currentIndex() == 1

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.pages.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _turn_to(self, index: int) -> None:
        """Show page `index` with the dialog sized to it: a stacked widget is as tall as
        its tallest page, which left a blank band above the Sign in button the height of
        the password change's explanation and second field."""
        for number in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(number)
            assert page is not None
            page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.adjustSize()

    def _show_sign_in_page(self) -> None:
        self._turn_to(0)
        self.change_button.setDefault(False)
        self.sign_in_button.setDefault(True)
        target = self.password_edit if self.username_edit.text() else self.username_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_change_page(self) -> None:
        self._turn_to(1)
        self.sign_in_button.setDefault(False)
        self.change_button.setDefault(True)
        self.new_password_edit.clear()
        self.repeat_password_edit.clear()
        self.change_message.clear_message()
        self.new_password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event):
        super().showEvent(event)
        if self.changing_password:
            self.new_password_edit.setFocus()
        elif self.username_edit.text():
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()

    def reject(self) -> None:
        """Esc / Quit / the window's close button. Ignored while sign-in runs; on the
        new-password step it signs out and goes back to the first step."""
        if self._busy:
            return
        if self.changing_password:
            self._abandon_change()
            return
        super().reject()

    # --- signing in ---------------------------------------------------------------------

    def _on_sign_in_button_clicked(self) -> None:
        if self._busy:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self.message.show_message(self.tr("Enter your user name."))
            self.username_edit.setFocus()
            return
        if not password:
            self.message.show_message(self.tr("Enter your password."))
            self.password_edit.setFocus()
            return
        self.message.clear_message()
        db = self._database()
        if db is None:
            return
        self._set_busy(True)
        self._current_password = password
        task = self._runner.run(
            lambda progress: open_session(db, username, password),
            self._on_session_opened,
            failure=self._on_sign_in_failed,
            parent=self,
        )
        task.finished.connect(self._on_task_finished)

    def _database(self) -> Database | None:
        if self._db is None and self._prepare is not None:
            self._db = self._prepare()
        return self._db

    def _on_task_finished(self) -> None:
        if self._busy:  # a bug ended the task: give the form back
            self._set_busy(False)

    def _on_sign_in_failed(self, error: ClinicDeskError) -> None:
        self._set_busy(False)
        self._current_password = ""
        if isinstance(error, AuthenticationError | ValidationError):
            self.message.show_error(error)
        else:
            self.message.clear_message()
            self._messages.error(error, self)
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_session_opened(self, start: SessionStart) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        if start.must_change_password:
            self._pending = start
            self._show_change_page()
            return
        self._current_password = ""
        self._finish(start)

    def _finish(self, start: SessionStart) -> None:
        self._pending = None
        self.accept()
        self.signed_in.emit(start)

    # --- choosing a new password ---------------------------------------------------------

    def _on_change_button_clicked(self) -> None:
        if self._busy or self._pending is None:
            return
        new = self.new_password_edit.text()
        again = self.repeat_password_edit.text()
        from clinicdesk.domain import passwords

        problem = passwords.password_problem(new)
        if problem:
            self.change_message.show_message(problem)
            self.new_password_edit.setFocus()
            return
        if new != again:
            self.change_message.show_message(self.tr("The two passwords differ."))
            self.repeat_password_edit.clear()
            self.repeat_password_edit.setFocus()
            return
        if new == self._current_password:
            self.change_message.show_message(
                self.tr("The new password must differ from the current one.")
            )
            self.new_password_edit.selectAll()
            self.new_password_edit.setFocus()
            return
        self.change_message.clear_message()
        self._set_busy(True)
        start, current = self._pending, self._current_password
        db = start.db or self._db
        assert db is not None  # signed in, so prepared
        task = self._runner.run(
            lambda progress: _change_password(db, start.principal, current, new),
            lambda _result: self._on_password_changed(),
            failure=self._on_change_failed,
            parent=self,
        )
        task.finished.connect(self._on_task_finished)

    def _on_password_changed(self) -> None:
        self._set_busy(False)
        start = self._pending
        assert start is not None
        self._current_password = ""
        self.new_password_edit.clear()
        self.repeat_password_edit.clear()
        self._finish(replace(start, must_change_password=False))

    def _on_change_failed(self, error: ClinicDeskError) -> None:
        self._set_busy(False)
        if isinstance(error, AuthenticationError | ValidationError):
            self.change_message.show_error(error)
            self.new_password_edit.setFocus()
        else:
            self._messages.error(error, self)
            self._abandon_change()

    def _abandon_change(self) -> None:
        """Back to the first step; the half-open session is recorded as signed out."""
        if self._busy:
            return
        start, self._pending = self._pending, None
        self._current_password = ""
        self.new_password_edit.clear()
        self.repeat_password_edit.clear()
        if start is not None:
            db = start.db or self._db
            assert db is not None  # signed in, so prepared
            # the user's own login was opened for this session: closed after
            close = start.db is not None
            self._runner.run(lambda progress: _sign_out(db, start.principal, close=close))
        self.message.clear_message()
        self._show_sign_in_page()

    # --- for the self-test and tests ------------------------------------------------------

    def message_text(self) -> str:
        return self.message.message()

    def sign_in_with(self, username: str, password: str) -> None:
        """Fill the fields and press the button, as a person would."""
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        self.sign_in_button.click()
