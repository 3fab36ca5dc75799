"""The inactivity lock.

An application-wide event filter notes the time of the last keyboard or mouse input.
After the clinic's `inactivity_lock_minutes` without input (0 = never) every open window
is covered by an opaque curtain and a password prompt appears on top. Nothing is closed,
hidden or rebuilt: open dialogs keep running (a hidden modal dialog would end its exec
loop) and typed text stays in its fields. While locked, input to anything but the prompt
is dropped, and a window that opens meanwhile (a message from background work) is
covered too.

Unlocking checks the password with services.auth.unlock_session; wrong passwords count
towards the account lockout. A disabled account, or one whose roles changed, cannot
unlock: the session ends and the person signs in again.
"""

from __future__ import annotations

import contextlib
import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import AuthenticationError, ClinicDeskError, PermissionDenied
from clinicdesk.services import auth, settings
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.widgets import InlineMessage, password_field

log = logging.getLogger(__name__)

_T = QEvent.Type
INPUT_EVENTS = frozenset(
    {
        _T.KeyPress,
        _T.KeyRelease,
        _T.MouseButtonPress,
        _T.MouseButtonRelease,
        _T.MouseButtonDblClick,
        _T.MouseMove,
        _T.Wheel,
        _T.TouchBegin,
        _T.TouchUpdate,
        _T.TabletPress,
        _T.TabletMove,
        _T.InputMethod,
    }
)
# Dropped while locked unless they go to the prompt.
_BLOCKED_WHILE_LOCKED = INPUT_EVENTS | {_T.Shortcut, _T.ShortcutOverride, _T.ContextMenu}

_SKIPPED_WINDOW_TYPES = {
    Qt.WindowType.Popup,
    Qt.WindowType.ToolTip,
    Qt.WindowType.SplashScreen,
    Qt.WindowType.Desktop,
}


def _unlock(db: Database, principal: Principal, password: str) -> tuple[Principal, int]:
    with db.uow() as uow:
        again = auth.unlock_session(uow, principal, password)
    with db.uow(read_only=True) as uow:
        minutes = settings.load(uow).inactivity_lock_minutes
    return again, minutes


def _record_lock(db: Database, principal: Principal, reason: str) -> None:
    with db.uow() as uow:
        auth.lock_session(uow, principal, reason=reason)


class Curtain(QWidget):
    """An opaque cover over one window's contents; follows the window's size and stays on
    top of children added later."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setAccessibleName(QCoreApplication.translate("Curtain", "Locked"))
        label = QLabel(QCoreApplication.translate("Curtain", "ClinicDesk is locked."), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._window = window
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched, event):
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Resize:
                self.setGeometry(self._window.rect())
            elif kind == QEvent.Type.ChildAdded:
                QTimer.singleShot(0, self._raise_again)
        return False

    def _raise_again(self) -> None:
        # The curtain may be gone by the time the timer fires (unlocked meanwhile).
        with contextlib.suppress(RuntimeError):
            self.raise_()

    def remove(self) -> None:
        """Gone from the window at once (deletion itself waits for the event loop, and a
        removed curtain must not be found among the window's children meanwhile)."""
        self._window.removeEventFilter(self)
        self.hide()
        self.setParent(None)
        self.deleteLater()


class LockDialog(QDialog):
    """The password prompt. Esc and the close button do nothing: only the password (or
    Sign out) leaves it."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setWindowTitle(self.tr("ClinicDesk is locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._closable = False
        text = QLabel(
            self.tr(
                "This window was locked. {name} ({username}) is signed in.\n"
                "Enter the password to continue where you left off."
            )
            .replace("{name}", principal.label)
            .replace("{username}", principal.username),
            self,
        )
        text.setWordWrap(True)
        self.password_edit = password_field(self.tr("Password"), self)
        self.password_edit.setObjectName("unlockPassword")
        label = QLabel(self.tr("&Password:"), self)
        label.setBuddy(self.password_edit)
        self.message = InlineMessage(self, name=self.tr("Unlock message"))
        self.message.setObjectName("unlockMessage")

        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.sign_out_button = QPushButton(self.tr("Sign out"), self)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.sign_out_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def set_busy(self, busy: bool) -> None:
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.sign_out_button.setEnabled(not busy)
        if not busy:
            self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_unlock_button_clicked(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.message.show_message(self.tr("Enter your password."))
            self.password_edit.setFocus()
            return
        self.unlock_requested.emit(password)

    def reject(self) -> None:
        """Esc must not unlock."""

    def closeEvent(self, event):
        if self._closable:
            super().closeEvent(event)
        else:
            event.ignore()

    def dismiss(self) -> None:
        self._closable = True
        self.password_edit.clear()
        self.done(QDialog.DialogCode.Accepted)
        self.deleteLater()


class SessionLock(QObject):
    """Watches for inactivity and locks `window`'s session. `timeout_ms` 0 means never;
    when `fixed_timeout` is false the clinic setting read at unlock replaces it."""

    locked = Signal()
    unlocked = Signal()
    session_ended = Signal()  # the account may not continue: sign out

    def __init__(
        self,
        ctx: AppContext,
        window: QWidget,
        *,
        timeout_ms: int,
        fixed_timeout: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._window = window
        self._timeout_ms = max(0, int(timeout_ms))
        self._fixed_timeout = fixed_timeout
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._watching = False
        self._locked = False
        self._busy = False
        self.dialog: LockDialog | None = None
        self._curtains: dict[QWidget, Curtain] = {}

    # --- watching -----------------------------------------------------------------------

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    @property
    def is_locked(self) -> bool:
        return self._locked

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self._last_input = time.monotonic()
        self._arm(self._timeout_ms)

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False

    def set_timeout(self, timeout_ms: int) -> None:
        self._timeout_ms = max(0, int(timeout_ms))
        if not self._locked:
            self._arm(self._timeout_ms)

    def apply_clinic_setting(self, minutes: int) -> None:
        """A new `inactivity_lock_minutes` (saved in Admin); ignored when tests fixed
        the timeout."""
        if not self._fixed_timeout:
            self.set_timeout(minutes * 60_000)

    def _arm(self, delay_ms: int) -> None:
        if self._timeout_ms <= 0 or not self._watching:
            self._timer.stop()
            return
        self._timer.start(max(1, delay_ms))

    def _on_timer_timeout(self) -> None:
        if self._locked:
            return
        idle_ms = (time.monotonic() - self._last_input) * 1000
        remaining = self._timeout_ms - idle_ms
        if remaining > 0:
            # Input arrived meanwhile: wait for the rest. Restarting the timer on each
            # event instead would cost a timer call per mouse move.
            self._arm(int(remaining) + 1)
            return
        self.lock(reason="inactivity")

    def eventFilter(self, watched, event):
        kind = event.type()
        if not self._locked:
            if kind in INPUT_EVENTS:
                self._last_input = time.monotonic()
            return False
        if kind in _BLOCKED_WHILE_LOCKED:
            owner = watched if isinstance(watched, QWidget) else watched.parent()
            return isinstance(owner, QWidget) and not self._belongs_to_prompt(owner)
        if kind == QEvent.Type.Show and isinstance(watched, QWidget):
            self._cover_if_new_window(watched)
        return False

    # --- locking ------------------------------------------------------------------------

    def lock(self, reason: str = "manual") -> None:
        """Cover every window and ask for the password. Does nothing when locked."""
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        if not self._watching:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._watching = True
        QToolTip.hideText()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        principal = self._ctx.principal
        self.dialog = LockDialog(principal, self._window)
        self.dialog.unlock_requested.connect(self._on_dialog_unlock_requested)
        self.dialog.sign_out_requested.connect(self._on_dialog_sign_out_requested)
        for widget in QApplication.topLevelWidgets():
            self._cover_if_new_window(widget)
        # show(), not open(): open() would make the prompt window-modal, and it must
        # block every window, including dialogs that were open when the lock came.
        self.dialog.show()
        self.dialog.activateWindow()
        self.dialog.password_edit.setFocus()
        db = self._ctx.db
        self._ctx.runner.run(
            lambda progress: _record_lock(db, principal, reason),
            failure=self._on_record_lock_failed,
        )
        log.info("Session of %s locked (%s)", principal.username, reason)
        self.locked.emit()

    def _on_record_lock_failed(self, error: ClinicDeskError) -> None:
        # The lock itself holds; only its audit entry is missing. Say so where it is seen.
        log.error("Could not record the screen lock: %s", error.message)
        if self.dialog is not None:
            self.dialog.message.show_error(error)

    def _belongs_to_prompt(self, widget: QWidget) -> bool:
        dialog = self.dialog
        current: QWidget | None = widget
        while current is not None:
            if current is dialog:
                return True
            current = current.parentWidget()
        return False

    def _cover_if_new_window(self, widget: QWidget) -> None:
        if (
            not widget.isWindow()
            or not widget.isVisible()
            or widget in self._curtains
            or isinstance(widget, Curtain)
            or widget.windowType() in _SKIPPED_WINDOW_TYPES
            or self._belongs_to_prompt(widget)
        ):
            return
        self._curtains[widget] = Curtain(widget)
        widget.destroyed.connect(lambda *_args, w=widget: self._curtains.pop(w, None))
        if self.dialog is not None and self.dialog.isVisible():
            # A window opened while locked would take the modal focus from the prompt:
            # show the prompt again so it is the newest modal window.
            QTimer.singleShot(0, self._bring_prompt_back)

    def _bring_prompt_back(self) -> None:
        dialog = self.dialog
        if dialog is None or not self._locked:
            return
        dialog.hide()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.password_edit.setFocus()

    # --- unlocking ----------------------------------------------------------------------

    def _on_dialog_unlock_requested(self, password: str) -> None:
        if self._busy or self.dialog is None:
            return
        self._busy = True
        self.dialog.set_busy(True)
        db, principal = self._ctx.db, self._ctx.principal
        task = self._ctx.runner.run(
            lambda progress: _unlock(db, principal, password),
            self._on_unlock_succeeded,
            failure=self._on_unlock_failed,
            parent=self.dialog,
        )
        task.finished.connect(self._on_unlock_task_finished)

    def _on_unlock_task_finished(self) -> None:
        self._busy = False
        if self.dialog is not None:
            self.dialog.set_busy(False)

    def _on_unlock_succeeded(self, result: tuple[Principal, int]) -> None:
        principal, minutes = result
        if principal.roles != self._ctx.principal.roles:
            # The areas shown were chosen for the old roles: start a fresh session.
            self._messages_info(
                self.tr("Your roles have changed"),
                self.tr("An administrator changed your roles. Please sign in again."),
            )
            self._end_session()
            return
        if not self._fixed_timeout:
            self._timeout_ms = minutes * 60_000
        self.unlock()

    def _on_unlock_failed(self, error: ClinicDeskError) -> None:
        dialog = self.dialog
        if isinstance(error, PermissionDenied):
            self._ctx.messages.error(error, dialog)
            self._end_session()
            return
        if dialog is None:
            return
        if isinstance(error, AuthenticationError):
            dialog.message.show_error(error)
        else:
            dialog.message.show_error(error)
            self._ctx.messages.status(error.message)
        dialog.password_edit.clear()

    def _messages_info(self, title: str, text: str) -> None:
        self._ctx.messages.info(title, text, self.dialog)

    def unlock(self) -> None:
        """Take the curtains away and go back to watching. (The password check happens
        before this is called.)"""
        if not self._locked:
            return
        self._remove_cover()
        self._locked = False
        self._last_input = time.monotonic()
        self._arm(self._timeout_ms)
        log.info("Session of %s unlocked", self._ctx.principal.username)
        self.unlocked.emit()

    def _remove_cover(self) -> None:
        for curtain in self._curtains.values():
            curtain.remove()
        self._curtains.clear()
        if self.dialog is not None:
            self.dialog.dismiss()
            self.dialog = None

    def _on_dialog_sign_out_requested(self) -> None:
        if self._busy:
            return
        self._end_session()

    def _end_session(self) -> None:
        """Leave the windows covered: the session ends and they are closed."""
        if self.dialog is not None:
            self.dialog.dismiss()
            self.dialog = None
        self.stop()
        self.session_ended.emit()

    def release(self) -> None:
        """Stop watching and take away any cover (the window is closing)."""
        self.stop()
        self._remove_cover()
        self._locked = False
