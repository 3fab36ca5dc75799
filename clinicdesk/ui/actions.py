"""Actions: a shortcut that works inside one widget, and the same text on menus and the
tool buttons that show the action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(
    owner: QWidget,
    text: str,
    slot: Callable[[], None],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    *,
    tip: str = "",
) -> QAction:
    """An action whose shortcut works anywhere inside `owner`; for menus and, through
    QToolButton.setDefaultAction, for buttons."""
    action = QAction(text, owner)
    set_action_text(action, text)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip or text.replace('&', '').rstrip('…')} ({shown})"
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def set_action_text(action: QAction, text: str) -> None:
    """Set the menu text and the button text alike, so a tool button showing the action
    keeps the mnemonic (Alt+letter) and the "…" that says a dialog follows."""
    action.setText(text)
    action.setIconText(text)
