"""Small helpers shared by the shell's dialogs and areas: inline messages, password
fields, reading an area's data when it is first shown, and a way to wait for the event
loop without a modal (for the self-test)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QEventLoop, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from clinicdesk.errors import ClinicDeskError


def error_text(error: ClinicDeskError) -> str:
    """The message and what to do, as one text for a label."""
    return error.message if not error.hint else f"{error.message}\n{error.hint}"


class InlineMessage(QLabel):
    """A message shown inside a form instead of in a box, so the person stays in the
    field they are fixing. Hidden while empty."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A warning colour that stays readable on light and dark palettes.
        self.setStyleSheet("QLabel { color: #d32f2f; }")
        self.setAccessibleName(name or QCoreApplication.translate("InlineMessage", "Message"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def show_error(self, error: ClinicDeskError) -> None:
        self.show_message(error_text(error))

    def clear_message(self) -> None:
        self.show_message("")

    def message(self) -> str:
        return "" if self.isHidden() else self.text()


class LoadsWhenShown:
    """Mixed into a QWidget (listed before it): the first time the widget is shown it
    calls `refresh()`, so an area nobody opens reads nothing. `loaded` says it has."""

    loaded = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def password_field(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    edit.setMaxLength(256)
    return edit


def text_field(accessible_name: str, parent: QWidget | None = None, *, max_length: int = 200):
    edit = QLineEdit(parent)
    edit.setAccessibleName(accessible_name)
    edit.setMaxLength(max_length)
    return edit


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 5000) -> bool:
    """Run the event loop until `predicate()` holds or the time is up (the self-test's
    equivalent of qtbot.waitUntil). Returns whether the predicate held."""
    deadline = time.monotonic() + timeout_ms / 1000
    loop = QEventLoop()
    while not predicate():
        if time.monotonic() >= deadline:
            return bool(predicate())
        QTimer.singleShot(10, loop.quit)
        loop.exec()
    return True


def add_action_buttons(
    parent: QWidget, layout: QBoxLayout, actions: list[tuple[str, QAction]]
) -> dict[str, QToolButton]:
    """A text button per action (so the action's shortcut, enabled state and text drive
    the button), reachable with Tab, added to `layout`; returned by name."""
    buttons: dict[str, QToolButton] = {}
    for name, action in actions:
        button = QToolButton(parent)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A tool button takes its action's text and enabled state, but not whether it is
        # visible: an action hidden for lack of a permission must hide its button too.
        button.setVisible(action.isVisible())
        action.changed.connect(_follow_visibility(button, action))
        layout.addWidget(button)
        buttons[name] = button
    return buttons


def _follow_visibility(button: QToolButton, action: QAction) -> Callable[[], None]:
    def follow() -> None:
        if shiboken6.isValid(button) and shiboken6.isValid(action):
            button.setVisible(action.isVisible())

    return follow


class CalendarPopup(QCalendarWidget):
    """A calendar under a date field: a click or Enter writes the day (YYYY-MM-DD) into
    the field; Escape closes it and leaves the field as it was."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setAccessibleName(edit.tr("Choose a date"))
        self._edit = edit
        self.activated.connect(self._on_self_chosen)
        self.clicked.connect(self._on_self_chosen)

    def open_for(self, edit: QLineEdit) -> None:
        day = QDate.fromString(edit.text().strip(), "yyyy-MM-dd")
        self.setSelectedDate(day if day.isValid() else QDate.currentDate())
        self.move(edit.mapToGlobal(edit.rect().bottomLeft()))
        self.show()
        self.setFocus()

    def _on_self_chosen(self, day: QDate) -> None:
        self._edit.setText(day.toString("yyyy-MM-dd"))
        self.hide()
        self._edit.setFocus()


def add_date_picker(edit: QLineEdit) -> QAction:
    """A typed date field (YYYY-MM-DD, quick for people who type) that also offers a
    calendar: the button at its end, or Alt+Down as in a drop-down list."""
    popup = CalendarPopup(edit)
    icon = edit.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
    action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip(edit.tr("Choose from a calendar (Alt+Down)"))
    action.triggered.connect(lambda: popup.open_for(edit))
    shortcut = QShortcut(QKeySequence("Alt+Down"), edit)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: popup.open_for(edit))
    edit.calendar_popup = popup  # type: ignore[attr-defined]  # for tests
    return action
