"""What the accessibility tests look at: the interactive widgets a screen reader
announces, and the name and description Qt gives them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
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


def _focusable(widget: QWidget) -> bool:
    return bool(
        widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    )


def tab_walk(qtbot: Any, dialog: QWidget, limit: int = 120) -> list[QWidget]:
    """The widgets Tab visits in `dialog`, in the order first reached, from the one
    with the focus once round. A widget may keep the focus for a few presses (a date
    edit steps through its day, month and year; a table through its cells)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    first = QApplication.focusWidget()
    visited: list[QWidget] = []
    current = first
    for _press in range(limit):
        if current is None:
            break
        if current not in visited:
            visited.append(current)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is first and len(visited) > 1:
            break
    return visited


def _box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _before(a: QRect, b: QRect) -> bool:
    """Whether `a` comes before `b` in reading order: above it, or on the same line
    (their heights overlap around the middle) and to its left."""
    same_line = a.top() <= b.center().y() <= a.bottom() or b.top() <= a.center().y() <= b.bottom()
    if same_line:
        return a.left() < b.left()
    return a.top() < b.top()


def tab_order_problems(qtbot: Any, dialog: QWidget) -> list[str]:
    """Tab walks `dialog` in reading order (top to bottom, then left to right) and
    reaches every input it shows."""
    walk = tab_walk(qtbot, dialog)
    problems = []
    boxes = [_box(w, dialog) for w in walk]
    start = min(range(len(walk)), key=lambda i: (boxes[i].top(), boxes[i].left()), default=0)
    ordered = walk[start:] + walk[:start]
    ordered_boxes = boxes[start:] + boxes[:start]
    for (a, box_a), (b, box_b) in itertools.pairwise(zip(ordered, ordered_boxes, strict=True)):
        if _before(box_b, box_a):
            problems.append(f"Tab goes back from {describe(a)} to {describe(b)}")
    for widget in controls(dialog):
        if isinstance(widget, (QAbstractButton, QTabBar)):
            continue  # buttons have mnemonics and default buttons; inputs must be reached
        if _focusable(widget) and widget not in walk:
            problems.append(f"Tab never reaches {describe(widget)}")
    return problems
