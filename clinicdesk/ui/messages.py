"""The one bridge through which known errors and notices reach the person.

Widgets never build their own error boxes: they call `messages.error(err, parent)`.
Tests replace `show_box` to capture what would be shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from clinicdesk.errors import ClinicDeskError, log_reference
from clinicdesk.i18n import _

log = logging.getLogger(__name__)


class MessageBridge(QObject):
    error_shown = Signal(str, str)  # title, text
    info_shown = Signal(str, str)
    status_message = Signal(str, int)  # text, timeout ms

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_box: Callable[[QWidget | None, QMessageBox.Icon, str, str], None] = _show_box

    def error(self, error: ClinicDeskError, parent: QWidget | None = None) -> None:
        # A code, never the text: the message may name a patient (errors.log_reference).
        where = type(parent).__name__ if parent is not None else "no window"
        log.info("Known error shown: %s in %s", log_reference(error), where)
        text = error.message if not error.hint else f"{error.message}\n\n{error.hint}"
        # The titles are the error classes' constants, marked N_() in clinicdesk.errors.
        title = _(error.title)
        self.error_shown.emit(title, text)
        self.show_box(parent, QMessageBox.Icon.Warning, title, text)

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        self.info_shown.emit(title, text)
        self.show_box(parent, QMessageBox.Icon.Information, title, text)

    def status(self, text: str, timeout_ms: int = 5000) -> None:
        self.status_message.emit(text, timeout_ms)


def _show_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    # Messages quote what people typed and what the hub sent: shown as written, never
    # rendered as rich text (an <img> in it would make Qt read that file).
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
