"""Fixtures for driving the shell's real widgets offscreen.

The widgets run on a SQLite database: what differs between the back-ends lives below the
services, and the integration and end-to-end tests prove that on both. A GUI test about
PostgreSQL itself would parametrize `backend` with it.

Message boxes are never shown: `boxes` records what the message bridge would have shown.
A bug in background work is recorded and fails the test at the end. Window state goes
to a QSettings file in the test's tmp_path.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import setup, users
from clinicdesk.ui import areas, language
from clinicdesk.ui.areas import AreaSpec
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.databases import DatabaseTemplates

CLINICIAN_PASSWORD = "clinician-password-1"


@dataclass(frozen=True)
class Box:
    icon: QMessageBox.Icon
    title: str
    text: str


@pytest.fixture(autouse=True)
def window_in_english(qapp: Any) -> None:
    """The window speaks English, counts included ("1 member", "5 members"), as the
    program's own start installs it."""
    if language.current_qt_language() != "en":
        language.install("en")


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def boxes() -> list[Box]:
    return []


@pytest.fixture
def messages(boxes: list[Box]) -> MessageBridge:
    bridge = MessageBridge()
    bridge.show_box = lambda _parent, icon, title, text: boxes.append(Box(icon, title, text))
    return bridge


@pytest.fixture
def bugs() -> list[Any]:
    return []


@pytest.fixture
def runner(messages: MessageBridge, bugs: list[Any]) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(messages.error, bugs.append)
    try:
        yield task_runner
    finally:
        task_runner.cancel_all()
        task_runner.wait_for_all()
    if bugs:
        details = "\n".join(
            "".join(traceback.format_exception(*bug)) if isinstance(bug, tuple) else repr(bug)
            for bug in bugs
        )
        pytest.fail(f"Background work raised a bug:\n{details}", pytrace=False)


@pytest.fixture
def ui_state(tmp_path: Path) -> UiState:
    return UiState(QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def sqlite_db(
    tmp_path: Path, password_cost: ScryptCost, database_templates: DatabaseTemplates
) -> Iterator[Database]:
    """A migrated SQLite database, for tests where the back-end does not matter."""
    url = f"sqlite:///{tmp_path / 'gui.sqlite3'}"
    database_templates.fill("sqlite", url)
    database = open_database(url, password_cost=password_cost)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_admin(sqlite_db: Database) -> Principal:
    with sqlite_db.uow() as uow:
        return setup.initialise(
            uow, "Test Cooperative Clinic", "root", "Root Admin", ADMIN_PASSWORD
        )


def add_clinician(db: Database, admin: Principal, username: str = "dr.quinn") -> Principal:
    with db.uow() as uow:
        info = users.add_user(
            uow,
            admin,
            username,
            "Dr Rosa Quinn",
            ["clinician"],
            CLINICIAN_PASSWORD,
            must_change_password=False,
        )
    return Principal(info.id, info.username, info.display_name, info.roles)


@pytest.fixture
def make_ctx(
    runner: TaskRunner, messages: MessageBridge, ui_state: UiState
) -> Callable[[Database, Principal], AppContext]:
    def build(db: Database, principal: Principal) -> AppContext:
        with db.uow() as uow:
            clinic = setup.clinic_info(uow)
        assert clinic is not None
        return AppContext(db, principal, clinic, runner, messages, ui_state)

    return build


class TextArea(QWidget):
    """A stand-in area with one line edit, to check that typed text survives."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"{key}_edit")
        self.edit.setAccessibleName(key)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)


@dataclass
class FakeAreas:
    built: list[str]

    def widget_factory(self, key: str) -> Callable[[AppContext], QWidget]:
        def factory(_ctx: AppContext) -> QWidget:
            self.built.append(key)
            return TextArea(key)

        return factory


@pytest.fixture
def fake_areas(monkeypatch: pytest.MonkeyPatch) -> FakeAreas:
    """Two areas for anyone signed in, one only for those who manage users."""
    fake = FakeAreas(built=[])
    specs = [
        AreaSpec("today", "Today", lambda p: True, fake.widget_factory("today"), "Ctrl+1"),
        AreaSpec("notes", "Notes", lambda p: True, fake.widget_factory("notes"), "Ctrl+2"),
        AreaSpec(
            "users",
            "Users",
            lambda p: p.can(Permission.MANAGE_USERS),
            fake.widget_factory("users"),
            "Ctrl+9",
        ),
    ]
    monkeypatch.setattr(areas, "all_areas", lambda: list(specs))
    return fake


def _unexpected_question() -> bool:
    raise AssertionError("asked whether to close although no work was expected to run")


@pytest.fixture
def make_window(
    qtbot: Any, make_ctx: Callable[[Database, Principal], AppContext]
) -> Iterator[Callable[..., Any]]:
    """MainWindow for a principal, shown; closed (and its lock released) afterwards."""
    from clinicdesk.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def build(db: Database, principal: Principal, *, lock_timeout_ms: int = 0) -> MainWindow:
        window = MainWindow(
            make_ctx(db, principal), lock_timeout_ms=lock_timeout_ms, fixed_lock_timeout=True
        )
        qtbot.addWidget(window)
        window.confirm_close = _unexpected_question  # a modal question would hang the test
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.close_for_sign_out()
