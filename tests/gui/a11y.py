"""What the accessibility tests look at: the interactive widgets a screen reader
announces, and the name and description Qt gives them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
# Inputs and views also say what they are for (a description).
DESCRIBED = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit)


def _is_part_of_another(widget: QWidget) -> bool:
    """Pieces Qt builds inside a composite control (a combo box's line edit, a tab bar's
    scroll arrows, a table's corner button, a tool bar's overflow button, headers):
    the composite itself carries the name."""
    parent = widget.parentWidget()
    if isinstance(widget, QHeaderView):
        return True
    if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QAbstractItemView)):
        return True
    if isinstance(parent, QTabWidget) and isinstance(widget, QAbstractButton):
        return True
    if isinstance(parent, QToolBar) and widget.objectName() == "qt_toolbar_ext_button":
        return True
    name = widget.objectName()
    return name.startswith("qt_") and name != "qt_toolbar_ext_button"


def _labelled(widget: QWidget) -> bool:
    window = widget.window()
    return any(label.buddy() is widget for label in window.findChildren(QLabel))


def controls(root: QWidget) -> Iterator[QWidget]:
    """The visible interactive widgets under `root` (and `root` itself)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, CONTROLS) and widget.isVisible() and not _is_part_of_another(widget):
            yield widget


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def accessible_description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description).strip() if interface else ""


def describe(widget: QWidget) -> str:
    """Where a widget is, for a failure message."""
    path = []
    current: QWidget | None = widget
    while current is not None and len(path) < 4:
        path.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__} {'/'.join(reversed(path))} “{shown}”"


def missing_names(root: QWidget) -> list[str]:
    """Every control under `root` without an accessible name, or (inputs and views)
    without a description."""
    problems = []
    for widget in controls(root):
        if not accessible_name(widget):
            problems.append(f"no name: {describe(widget)}")
        elif isinstance(widget, QComboBox) and not (widget.accessibleName() or _labelled(widget)):
            # On Linux a combo box's accessible name is its current choice: the name of
            # the question it answers comes from an accessible name or a label.
            problems.append(f"no name, only its value: {describe(widget)}")
        elif isinstance(widget, DESCRIBED) and not accessible_description(widget):
            problems.append(f"no description: {describe(widget)} ({accessible_name(widget)})")
    return problems
