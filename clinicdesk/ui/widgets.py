"""Small helpers shared by the shell's dialogs and areas: inline messages, password
fields, reading an area's data when it is first shown, and a way to wait for the event
loop without a modal (for the self-test)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEventLoop, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolBar,
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
        self.setStyleSheet("QLabel { color: #e53935; }")
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


class ActionBar(QToolBar):
    """An area's row of actions: icon and text side by side; what does not fit goes
    into the bar's overflow menu (») instead of widening the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(18, 18))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)


def add_action_buttons(
    parent: QWidget, layout: QBoxLayout, actions: list[tuple[str, QAction]]
) -> dict[str, QToolButton]:
    """The actions as a tool bar (each action's shortcut, enabled state, visibility and
    text drive its button), each button reachable with Tab, added to `layout`; the
    buttons are returned by name. The name picks the icon (theme.ICONS)."""
    from clinicdesk.ui import theme

    bar = ActionBar(parent)
    buttons: dict[str, QToolButton] = {}
    for name, action in actions:
        if action.icon().isNull():
            action.setIcon(theme.icon(name))
        bar.addAction(action)
        button = bar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        button.setObjectName(f"{name}_button")
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        buttons[name] = button
    layout.addWidget(bar)
    return buttons


class CalendarPopup(QCalendarWidget):
    """A calendar under a date field: a click or Enter writes the day (YYYY-MM-DD) into
    the field; Escape closes it and leaves the field as it was."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setAccessibleName(QCoreApplication.translate("CalendarPopup", "Choose a date"))
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
    from clinicdesk.ui import theme

    popup = CalendarPopup(edit)
    action = edit.addAction(theme.icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip(
        QCoreApplication.translate("CalendarPopup", "Choose from a calendar (Alt+Down)")
    )
    action.triggered.connect(lambda: popup.open_for(edit))
    shortcut = QShortcut(QKeySequence("Alt+Down"), edit)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: popup.open_for(edit))
    edit.calendar_popup = popup  # type: ignore[attr-defined]  # for tests
    return action
