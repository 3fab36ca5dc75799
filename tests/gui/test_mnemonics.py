"""Alt shortcuts are unique on every screen: for each role, each area and each of its
tabs, no two visible mnemonics (menu titles, buttons, tool buttons, labels with a buddy,
check boxes, tabs, group boxes) share a letter — Alt+letter always does one thing."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QTabWidget, QWidget

from tests.helpers.clinic import add_staff

pytestmark = pytest.mark.gui


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _mnemonics(window: QWidget) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}

    def note(text: str, what: str) -> None:
        letter = _letter(text)
        if letter:
            seen.setdefault(letter, []).append(f"{what} “{text}”")

    for action in window.menuBar().actions():
        note(action.text(), "menu")
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            note(button.text(), type(button).__name__)
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            note(label.text(), "label")
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for index in range(bar.count()):
                note(bar.tabText(index), "tab")
    for box in window.findChildren(QGroupBox):
        if box.isVisible():
            note(box.title(), "group")
    return seen


def _screens(qtbot, window):
    """Every area, and within it every tab of its tab widgets, as shown."""
    for spec in window.areas:
        area = window.show_area(spec.key)
        qtbot.wait(100)
        yield spec.key
        for tabs in area.findChildren(QTabWidget) if area is not None else []:
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(50)
                yield f"{spec.key} › {tabs.tabText(index).replace('&', '')}"
            tabs.setCurrentIndex(0)


@pytest.mark.parametrize("role", ["admin", "manager", "clinician", "front_desk"])
def test_alt_shortcuts_are_unique_on_every_screen(
    qtbot, sqlite_db, sqlite_admin, make_window, role
):
    person = (
        sqlite_admin
        if role == "admin"
        else add_staff(sqlite_db, sqlite_admin, f"p.{role}", f"Person {role}", role)
    )
    window = make_window(sqlite_db, person)
    clashes = []
    for screen in _screens(qtbot, window):
        for letter, owners in _mnemonics(window).items():
            if len(owners) > 1:
                clashes.append(f"{screen}: Alt+{letter.upper()} is {', '.join(owners)}")
    assert not clashes, "\n".join(clashes)
