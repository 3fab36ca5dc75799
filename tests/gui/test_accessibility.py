"""Every control a person can reach has a name a screen reader announces, and every
input and view says what it is for — for each role, in each area and each of its tabs,
on the demo clinic (full of data, so every list and chart is shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import demo, users
from tests.gui.a11y import missing_names, tab_order_problems

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROLES = ("admin", "manager", "clinician", "front_desk")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder: Path = tmp_path_factory.mktemp("a11y")
    database = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    with database.uow() as uow:
        demo.create(uow, seed=1, patients=40)
    try:
        yield database
    finally:
        database.dispose()


def demo_principal(db: Database, role: str) -> Principal:
    """A demo account that has exactly `role` (the admin and manager by name)."""
    with db.uow() as uow:
        admin = demo.sign_in_demo_user(uow, "admin")
    if role in ("admin", "manager"):
        username = role
    else:
        with db.uow() as uow:
            accounts = users.list_users(uow, admin)
        username = next(a.username for a in accounts if a.roles == frozenset({Role(role)}))
    with db.uow() as uow:
        return demo.sign_in_demo_user(uow, username)


def screens(qtbot: Any, window: Any, runner: Any) -> Iterator[str]:
    """Every area, and within it every tab of its tab widgets, as shown."""
    for key in window.area_keys():
        area = window.show_area(key)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
        qtbot.wait(30)
        yield key
        for tabs in area.findChildren(QTabWidget) if area is not None else []:
            if not shiboken6.isValid(tabs) or not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
                qtbot.wait(30)
                yield f"{key} › {tabs.tabText(index).replace('&', '')}"
            tabs.setCurrentIndex(0)


@pytest.mark.parametrize("role", ROLES)
def test_every_control_has_a_name_and_every_input_a_description(
    qtbot: Any, demo_db: Database, make_window: Callable[..., Any], runner: Any, role: str
) -> None:
    window = make_window(demo_db, demo_principal(demo_db, role))
    problems: dict[str, None] = {}
    for screen in screens(qtbot, window, runner):
        for problem in missing_names(window):
            problems.setdefault(f"{screen}: {problem}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


OPENS_A_RECORD = ("&Open record",)


def _dialog_openers(area: QWidget) -> list[QAbstractButton | QAction]:
    """What opens a dialog in the part of an area on screen ("…", or a record): its
    visible buttons, and its actions (some live only in a context menu)."""
    found: list[QAbstractButton | QAction] = []
    for button in area.findChildren(QAbstractButton):
        in_a_bar = isinstance(button, QToolButton) and button.defaultAction() is not None
        if button.isVisible() and "…" in button.text() and not in_a_bar:
            found.append(button)
    for action in area.findChildren(QAction):
        owner = action.parent()
        opens = "…" in action.text() or action.text() in OPENS_A_RECORD
        if isinstance(owner, QWidget) and owner.isVisible() and opens:
            found.append(action)
    return found


def _select_first_rows(area: QWidget) -> None:
    for table in area.findChildren(QTableView):
        model = table.model()
        if table.isVisible() and model is not None and model.rowCount():
            table.setCurrentIndex(model.index(0, 0))


def _open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def _problems_in_tabs(qtbot: Any, dialog: QDialog) -> list[str]:
    """Names and descriptions on every tab of the dialog's tab widgets."""
    problems = []
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait(20)
            problems += missing_names(tabs.widget(index))
        tabs.setCurrentIndex(0)
    return problems


@pytest.fixture
def no_file_choosers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file chooser or a yes/no question would wait for a person: none is answered."""
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: ""))
    no = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", no)
    monkeypatch.setattr(QMessageBox, "warning", no)


@pytest.mark.parametrize("role", ROLES)
def test_every_dialog_names_its_controls_and_tabs_in_reading_order(
    qtbot: Any,
    demo_db: Database,
    make_window: Callable[..., Any],
    runner: Any,
    role: str,
    no_file_choosers: None,
) -> None:
    window = make_window(demo_db, demo_principal(demo_db, role))
    window.resize(1600, 1000)
    seen: set[str] = set()
    problems: dict[str, None] = {}
    for screen in screens(qtbot, window, runner):
        area = window.area_widget(screen.split(" › ")[0])
        _select_first_rows(area)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
        for opener in _dialog_openers(area):
            if not opener.isEnabled():
                continue
            before = set(_open_dialogs())
            if isinstance(opener, QAction):
                opener.trigger()
            else:
                opener.click()
            qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
            opened = [d for d in _open_dialogs() if d not in before]
            for dialog in opened:
                name = type(dialog).__name__
                if name not in seen:
                    seen.add(name)
                    qtbot.wait(30)
                    where = f"{screen} › {opener.text().replace('&', '')} ({name})"
                    for problem in missing_names(dialog) + tab_order_problems(qtbot, dialog):
                        problems.setdefault(f"{where}: {problem}")
                    for problem in _problems_in_tabs(qtbot, dialog):
                        problems.setdefault(f"{where}: {problem}")
                dialog.reject()
                qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=5000)
            window.activateWindow()
    print(sorted(seen))
    assert seen, "some dialog was opened"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _colour_problems(table: QTableView) -> list[str]:
    """In a table, a coloured cell must say its state in text or with an icon, and the
    same marker (the text's first word or symbol, or the icon) never comes in two
    colours: the colour adds nothing the text does not say."""
    model = table.model()
    problems = []
    colours_of: dict[str, set[str]] = {}
    for row in range(min(model.rowCount(), 200)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            colours = [
                model.data(index, role)
                for role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            ]
            if all(colour is None for colour in colours):
                continue
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "").strip()
            icon = model.data(index, Qt.ItemDataRole.DecorationRole)
            if not text and icon is None:
                problems.append(f"{table.accessibleName()} row {row} column {column}: colour only")
                continue
            marker = text.split()[0] if text else f"icon {icon.cacheKey()}"
            names = "/".join(c.color().name() if c is not None else "-" for c in colours)
            colours_of.setdefault(marker, set()).add(names)
    for marker, colours in colours_of.items():
        if len(colours) > 1:
            problems.append(f"{table.accessibleName()}: “{marker}” comes in {sorted(colours)}")
    return problems


@pytest.mark.parametrize("role", ["manager", "clinician"])
def test_no_state_is_shown_by_colour_alone(
    qtbot: Any, demo_db: Database, make_window: Callable[..., Any], runner: Any, role: str
) -> None:
    window = make_window(demo_db, demo_principal(demo_db, role))
    problems: dict[str, None] = {}
    coloured = 0
    for screen in screens(qtbot, window, runner):
        for table in window.findChildren(QTableView):
            if table.isVisible() and table.model() is not None:
                for problem in _colour_problems(table):
                    problems.setdefault(f"{screen}: {problem}")
                model = table.model()
                coloured += (
                    any(
                        model.data(model.index(0, c), Qt.ItemDataRole.BackgroundRole) is not None
                        for c in range(model.columnCount())
                    )
                    if model.rowCount()
                    else 0
                )
    assert coloured, "some table shows coloured states"
    assert not problems, "\n".join(problems)
