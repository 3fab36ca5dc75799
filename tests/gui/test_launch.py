"""The quick start (ui/launch.py): the sign-in dialog before the database is opened,
handed to the start-up shell once the rest of the program is in; a person who signs in
before that keeps what they typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from clinicdesk.db.glance import glance_sqlite
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.ui import messages as messages_module
from clinicdesk.ui.launch import QuickStart, ensure_application
from tests.conftest import ADMIN_PASSWORD
from tests.gui.test_shell import audit_actions, no_questions

pytestmark = pytest.mark.gui


@pytest.fixture
def shown_boxes(monkeypatch) -> list[tuple[str, str]]:
    """What the quick start's own message bridge would have shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages_module,
        "_show_box",
        lambda _parent, _icon, title, body: shown.append((title, body)),
    )
    return shown


@pytest.fixture
def quick_start(
    qtbot, sqlite_db: Database, sqlite_admin: Principal, shown_boxes
) -> Iterator[QuickStart]:
    url = str(sqlite_db.url.render_as_string(hide_password=False))
    look = glance_sqlite(url)
    assert look is not None
    start = QuickStart(url, look, ensure_application())
    yield start
    start.close()


def type_and_submit(qtbot, start: QuickStart, username: str, password: str) -> None:
    dialog = start.dialog
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_the_dialog_comes_first_and_the_shell_takes_it_over(
    qtbot, quick_start: QuickStart, sqlite_db: Database, shown_boxes
):
    quick_start.start()
    dialog = quick_start.dialog
    assert dialog.isVisible()
    assert dialog.findChild(type(dialog.username_edit), "username") is dialog.username_edit
    assert quick_start.shell is None and quick_start.db is None  # nothing opened yet
    qtbot.waitUntil(lambda: quick_start.shell is not None, timeout=15_000)
    shell = quick_start.shell
    assert shell is not None and shell.sign_in_dialog is dialog
    assert quick_start.ready_ms is not None
    shell.window_shown.connect(no_questions)

    type_and_submit(qtbot, quick_start, "root", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    window = shell.window
    assert window.windowTitle().startswith("Test Cooperative Clinic")
    qtbot.waitUntil(lambda: not shell.runner.busy)

    with qtbot.waitSignal(shell.signed_out):
        window.sign_out_action.trigger()
    # Back to a sign-in dialog of the shell's own, on the database opened meanwhile.
    assert shell.sign_in_dialog is not None and shell.sign_in_dialog.isVisible()
    qtbot.waitUntil(lambda: not shell.runner.busy)
    assert audit_actions(sqlite_db) == ["auth.sign_in", "auth.sign_out"]
    assert shown_boxes == []


def test_signing_in_before_the_rest_is_loaded_keeps_what_was_typed(
    qtbot, quick_start: QuickStart, sqlite_db: Database, shown_boxes
):
    quick_start.start()
    # At once: the warm-up has not run a single step.
    type_and_submit(qtbot, quick_start, "root", ADMIN_PASSWORD)
    shell = quick_start.shell
    assert shell is not None
    assert QApplication.overrideCursor() is None  # the busy cursor was only for the wait
    shell.window_shown.connect(no_questions)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    qtbot.waitUntil(lambda: not shell.runner.busy)
    assert audit_actions(sqlite_db) == ["auth.sign_in"]
    assert shown_boxes == []


def test_quit_before_the_rest_is_loaded_ends_with_zero(qtbot, quick_start: QuickStart):
    quick_start.start()
    with qtbot.waitSignal(quick_start.finished) as finished:
        qtbot.keyClick(quick_start.dialog, Qt.Key.Key_Escape)
    assert finished.args == [0]
    assert quick_start.shell is None


def test_a_database_changed_since_the_glance_goes_through_the_full_start(
    qtbot, quick_start: QuickStart, sqlite_db: Database, shown_boxes
):
    """Another workstation's newer program upgraded the file after the glance: the shell
    starts afresh and refuses it, as the full start would have."""
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999newer'"))
    quick_start.start()
    with qtbot.waitSignal(quick_start.finished, timeout=15_000) as finished:
        pass
    assert finished.args != [0]
    assert len(shown_boxes) == 1
    assert "newer version of ClinicDesk" in shown_boxes[0][1]
    assert not quick_start.dialog.isVisible()


def test_a_database_gone_since_the_glance_is_reported(
    qtbot, quick_start: QuickStart, tmp_path: Path, shown_boxes
):
    quick_start.url = f"sqlite:///{tmp_path / 'no-such-folder' / 'clinic.sqlite3'}"
    quick_start.start()
    with qtbot.waitSignal(quick_start.finished, timeout=15_000) as finished:
        pass
    assert finished.args == [5]
    assert "folder for the database file does not exist" in shown_boxes[0][1]
