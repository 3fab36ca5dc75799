"""Dialogs every area uses.

`ServiceDialog`: OK runs one service call on the worker; while it runs the buttons are
disabled; a known error is shown and the dialog stays open with everything typed (the
field the error names gets the focus); on success `saved(result)` fires and the dialog
closes. A subclass builds its form and implements `build_call`.

`DialogHost`: for the widget that opens them, one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.ui.context import AppContext

ServiceCall = Callable[[UnitOfWork], Any]


class ServiceDialog(QDialog):
    saved = Signal(object)
    # True for a call that talks to the federation hub: it runs on the network worker.
    uses_network = False

    def __init__(
        self, ctx: AppContext, title: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.field_widgets: dict[str, QWidget] = {}
        self.result_value: Any = None
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def build_call(self) -> ServiceCall:
        """Read the form (on the UI thread) and return the call to make on the worker.
        Raise a ClinicDeskError for input that is wrong before asking the database."""
        raise NotImplementedError

    def make_work(self, call: Any) -> Callable[[Any], Any]:
        """The worker's job for `call`: by default one unit of work, committed by the
        service. A dialog whose service opens its own units of work (and talks to the
        network between them) overrides this to hand over the database instead."""
        db = self.ctx.db

        def work(_progress: Any) -> Any:
            with db.uow() as uow:
                return call(uow)

        return work

    def on_failed(self, error: ClinicDeskError) -> None:
        """Hook after a known error has been shown; the dialog is still open."""

    def reject(self) -> None:
        if not self._busy:  # a running save finishes first; it cannot be abandoned
            super().reject()

    def _on_buttons_accepted(self) -> None:
        if self._busy:
            return
        try:
            call = self.build_call()
        except ClinicDeskError as error:
            self._show_error(error)
            return
        self.run_call(call, self._on_work_succeeded)

    def run_call(self, call: ServiceCall, succeeded: Callable[[Any], None]) -> None:
        """Run `call` on the worker with the dialog busy: `succeeded(result)` after it,
        or the error shown (and `on_failed`) with the dialog open. OK does this and then
        closes; a dialog's other buttons (a preview) may run their own calls."""
        self._set_busy(True)
        task = self.ctx.runner.run(
            self.make_work(call),
            succeeded,
            failure=self._on_work_failed,
            parent=self,
            network=self.uses_network,
        )
        task.finished.connect(self._on_task_finished)

    def _on_work_succeeded(self, result: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.result_value = result
        self._set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _on_work_failed(self, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self._set_busy(False)
        self._show_error(error)
        self.on_failed(error)

    def _on_task_finished(self) -> None:
        if shiboken6.isValid(self):
            self._set_busy(False)

    def _show_error(self, error: ClinicDeskError) -> None:
        self.ctx.messages.error(error, self)
        field = getattr(error, "field", None)
        widget = self.field_widgets.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    # -- helpers for subclasses ------------------------------------------------------

    def line_edit(self, label: str, name: str, *, password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def describe_fields(self, **descriptions: str) -> None:
        """Say what each field is for (its accessible description), by object name:
        `self.describe_fields(mrn=self.tr("…"))`."""
        for name, description in descriptions.items():
            widget = self.findChild(QWidget, name)
            assert widget is not None, name
            widget.setAccessibleDescription(description)

    def passwords_match(self, first: QLineEdit, second: QLineEdit) -> str:
        if first.text() != second.text():
            error = ValidationError(
                self.tr("The two passwords are not the same."),
                field="password_again",
                hint=self.tr("Type the same new password in both boxes."),
            )
            raise error
        return first.text()


class DialogHost:
    """Mixed into a widget that opens one ServiceDialog at a time: `dialog` is the one
    open (None when none, so a second click does not open another); it is deleted when
    it closes."""

    dialog: ServiceDialog | None = None

    def open_dialog(self, dialog: ServiceDialog, on_saved: Callable[[Any], None]) -> None:
        dialog.saved.connect(on_saved)
        dialog.finished.connect(lambda _result: self._on_hosted_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_hosted_dialog_finished(self, dialog: ServiceDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
