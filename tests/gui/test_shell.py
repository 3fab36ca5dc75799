"""The main window and the start-up shell: navigation by role, lazy areas, shortcuts,
status bar, window state, sign-out, closing with work running, and start-up refusals."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from clinicdesk import __version__
from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import audit, users
from clinicdesk.ui import messages as messages_module
from clinicdesk.ui.application import Shell, run_gui
from clinicdesk.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import CLINICIAN_PASSWORD, TextArea, add_clinician
from tests.helpers import old_schema

pytestmark = pytest.mark.gui


def audit_actions(db, prefix: str = "auth.") -> list[str]:
    with db.uow() as uow:
        events = audit.list_events(
            uow, system_principal("test"), audit.AuditFilter(action=prefix), newest_first=False
        )
    return [e.action for e in events]


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


# --- navigation -------------------------------------------------------------------------


def test_navigation_lists_only_the_areas_the_role_allows(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    clinician = add_clinician(sqlite_db, sqlite_admin)
    admin_window = make_window(sqlite_db, sqlite_admin)
    clinician_window = make_window(sqlite_db, clinician)

    assert nav_titles(admin_window) == ["Today", "Notes", "Users"]
    assert nav_titles(clinician_window) == ["Today", "Notes"]
    assert "users" not in clinician_window.area_actions


def test_real_areas_admin_sees_admin_and_a_clinician_does_not(qtbot, db, admin, make_window):
    clinician = add_clinician(db, admin)
    admin_window = make_window(db, admin)
    clinician_window = make_window(db, clinician)

    assert "Admin" in nav_titles(admin_window)
    assert "My account" in nav_titles(admin_window)
    assert "Admin" not in nav_titles(clinician_window)
    assert "My account" in nav_titles(clinician_window)
    # Every area the admin may see builds into a real widget.
    for key in admin_window.area_keys():
        admin_window.show_area(key)
        qtbot.waitUntil(lambda: not admin_window.ctx.runner.busy)
        assert admin_window.area_widget(key) is admin_window.stack.currentWidget()
    assert admin_window.area_failures == {}


def test_areas_are_built_on_first_visit_and_kept(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    assert fake_areas.built == ["today"]
    assert window.area_widget("notes") is None

    window.nav.setCurrentRow(1)
    notes = window.area_widget("notes")
    assert isinstance(notes, TextArea)
    assert window.stack.currentWidget() is notes

    window.show_area("today")
    window.show_area("notes")
    assert fake_areas.built == ["today", "notes"]  # built once, then kept
    assert window.area_widget("notes") is notes


def test_area_shortcuts_and_arrow_keys_switch_areas(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    qtbot.keyClick(window.nav, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "users"
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "today"
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_area() == "notes"
    assert window.area_actions["users"].shortcut().toString() == "Ctrl+9"


def test_an_area_that_fails_to_build_is_reported_not_skipped(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window, monkeypatch
):
    from clinicdesk.ui import areas

    specs = areas.all_areas()

    def broken(_ctx):
        raise ImportError("No module named 'clinicdesk.ui.missing'")

    specs.append(areas.AreaSpec("missing", "Missing", lambda p: True, broken, "Ctrl+5"))
    monkeypatch.setattr(areas, "all_areas", lambda: specs)
    window = make_window(sqlite_db, sqlite_admin)
    assert "Missing" in nav_titles(window)

    with qtbot.captureExceptions() as exceptions:
        window.show_area("missing")
    assert [type(e[1]) for e in exceptions] == [ImportError]
    assert "missing" in window.area_failures
    assert window.stack.currentWidget() is window.area_widget("missing")


# --- status bar, about ------------------------------------------------------------------


def test_status_bar_names_user_roles_and_database(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    assert window.user_label.text() == "Root Admin (Administrator)"
    assert window.database_label.text() == sqlite_db.description
    assert window.database_label.text().startswith("SQLite ")
    # The federation sync's spot stays empty until the sync reports.
    assert window.sync_label.isHidden()
    window.set_sync_state("Synced 10:42 · 2 pending", "Last sync at 10:42")
    assert window.sync_label.isVisible()
    assert window.sync_label.text() == "Synced 10:42 · 2 pending"
    window.set_sync_state(None)
    assert window.sync_label.isHidden()


def test_about_names_the_version(qtbot, sqlite_db, sqlite_admin, fake_areas, make_window, boxes):
    window = make_window(sqlite_db, sqlite_admin)
    window.about_action.trigger()
    assert len(boxes) == 1
    assert boxes[0].icon == QMessageBox.Icon.Information
    assert __version__ in boxes[0].text
    assert "Test Cooperative Clinic" in boxes[0].text
    # The schema revision, as the open database records it.
    with sqlite_db.engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    assert f"(schema {revision})" in boxes[0].text


# --- window state -----------------------------------------------------------------------


def test_geometry_persists_across_two_windows(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    first = make_window(sqlite_db, sqlite_admin)
    first.resize(731, 517)
    first.splitter.setSizes([260, 471])
    qtbot.waitUntil(lambda: first.size().width() == 731)
    first.close()

    second = make_window(sqlite_db, sqlite_admin)
    assert (second.width(), second.height()) == (731, 517)
    assert second.splitter.sizes()[0] == 260


def test_first_start_on_a_small_screen_takes_its_width(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    """With nothing saved, a screen up to 1440 px wide (the offscreen one is 800) gets a
    window as wide as it, less the frame, and as tall as leaves the title bar on it."""
    window = make_window(sqlite_db, sqlite_admin)
    room = window.screen().availableGeometry()
    assert room.width() <= 1440
    assert room.width() - 12 <= window.width() < room.width()
    assert window.height() <= room.height() - 40


# --- closing ----------------------------------------------------------------------------


def test_closing_with_work_running_asks_first(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    window.close_grace_ms = 100
    release = threading.Event()
    window.ctx.runner.run(lambda progress: release.wait(10))
    asked: list[bool] = []
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))

    window.confirm_close = lambda: asked.append(True) or False
    window.quit_action.trigger()
    assert asked == [True]
    assert window.isVisible()
    assert closed == []

    window.confirm_close = lambda: asked.append(True) or True
    window.close()
    release.set()
    assert not window.isVisible()
    assert closed == [True]


def test_closing_without_work_does_not_ask(qtbot, sqlite_db, sqlite_admin, fake_areas, make_window):
    window = make_window(sqlite_db, sqlite_admin)
    window.confirm_close = lambda: pytest.fail("asked although nothing was running")
    with qtbot.waitSignal(window.closed):
        window.quit_action.trigger()


# --- the shell: sign-in to sign-out -------------------------------------------------------


def no_questions(window: MainWindow) -> None:
    """A modal question would hang the test: fail instead."""

    def unexpected() -> bool:
        raise AssertionError("asked whether to close although no work should be running")

    window.confirm_close = unexpected


@pytest.fixture
def make_shell(qtbot, messages, runner, ui_state):
    shells: list[Shell] = []

    def build(db, *, lock_timeout_ms=0):
        shell = Shell(
            messages=messages, runner=runner, ui_state=ui_state, lock_timeout_ms=lock_timeout_ms
        )
        shells.append(shell)
        shell.window_shown.connect(no_questions)
        shell.start(db)
        return shell

    yield build
    for shell in shells:
        shell.shutdown()


def sign_in(qtbot, shell: Shell, username: str, password: str) -> MainWindow:
    dialog = shell.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    assert shell.window is not None
    return shell.window


def test_sign_in_sign_out_and_sign_in_as_someone_else(qtbot, db, admin, make_shell, boxes):
    add_clinician(db, admin)
    shell = make_shell(db)
    assert shell.sign_in_dialog is not None
    assert shell.first_run_dialog is None

    window = sign_in(qtbot, shell, "root", ADMIN_PASSWORD)
    assert "Admin" in nav_titles(window)
    assert window.windowTitle().startswith("Test Cooperative Clinic")

    with qtbot.waitSignal(shell.signed_out):
        window.sign_out_action.trigger()
    assert shell.window is None
    assert shell.sign_in_dialog is not None and shell.sign_in_dialog.isVisible()
    assert shell.sign_in_dialog.username_edit.text() == ""  # a shared PC: nobody pre-filled
    qtbot.waitUntil(lambda: not shell.runner.busy)

    second = sign_in(qtbot, shell, "dr.quinn", CLINICIAN_PASSWORD)
    assert "Admin" not in nav_titles(second)
    assert second.user_label.text() == "Dr Rosa Quinn (Clinician)"
    assert boxes == []
    assert audit_actions(db) == ["auth.sign_in", "auth.sign_out", "auth.sign_in"]

    qtbot.waitUntil(lambda: not shell.runner.busy)  # "My account" loads in the background
    with qtbot.waitSignal(shell.finished) as finished:
        second.close()
    assert finished.args == [0]
    qtbot.waitUntil(lambda: not shell.runner.busy)
    assert audit_actions(db)[-1] == "auth.sign_out"


def test_quit_on_the_sign_in_dialog_finishes_with_zero(qtbot, sqlite_db, sqlite_admin, make_shell):
    shell = make_shell(sqlite_db)
    with qtbot.waitSignal(shell.finished) as finished:
        qtbot.keyClick(shell.sign_in_dialog, Qt.Key.Key_Escape)
    assert finished.args == [0]
    assert shell.exit_code == 0


def test_ctrl_l_locks_and_ctrl_q_is_refused_while_locked(
    qtbot, sqlite_db, sqlite_admin, make_shell, fake_areas
):
    shell = make_shell(sqlite_db)
    window = sign_in(qtbot, shell, "root", ADMIN_PASSWORD)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert not window.quit_action.isEnabled()
    window.close()  # the window manager's close button: refused while locked
    assert window.isVisible()
    assert shell.exit_code is None


# --- start-up refusals --------------------------------------------------------------------


@pytest.fixture
def shown_boxes(monkeypatch):
    """What run_gui's own message bridge would have shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages_module,
        "_show_box",
        lambda _parent, _icon, title, body: shown.append((title, body)),
    )
    return shown


def test_start_up_refuses_a_database_from_a_newer_program(qtbot, db, db_url, shown_boxes):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999newer'"))

    code = run_gui(db_url=db_url, demo=False)

    assert code != 0
    assert len(shown_boxes) == 1
    title, body = shown_boxes[0]
    assert title == "Database problem"
    assert "newer version of ClinicDesk" in body
    assert "ffff9999newer" in body
    assert migrate.status(db).state is migrate.SchemaState.AHEAD  # untouched


def test_start_up_refuses_a_damaged_file(qtbot, tmp_path: Path, shown_boxes):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database, just some bytes" * 200)

    code = run_gui(db_url=f"sqlite:///{damaged}", demo=False)

    assert code == 5
    assert len(shown_boxes) == 1
    assert "damaged" in shown_boxes[0][1]


def test_start_up_refuses_foreign_tables(qtbot, tmp_path: Path, shown_boxes):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")

    assert run_gui(db_url=f"sqlite:///{path}", demo=False) == 5
    assert "not ClinicDesk's" in shown_boxes[0][1]


def test_start_up_refuses_a_read_only_database(
    qtbot, sqlite_db, sqlite_admin, tmp_path, shown_boxes
):
    path = tmp_path / "gui.sqlite3"
    copy = tmp_path / "read-only.sqlite3"
    shutil.copyfile(path, copy)

    code = run_gui(db_url=f"sqlite:///file:{copy}?mode=ro&uri=true", demo=False)

    assert code == 5
    assert "read-only" in shown_boxes[0][1]


def test_start_up_reports_an_unreachable_server(qtbot, shown_boxes):
    code = run_gui(db_url="postgresql+psycopg://postgres@127.0.0.1:9/nothing", demo=False)

    assert code == 5
    assert len(shown_boxes) == 1
    assert "Could not reach the database server" in shown_boxes[0][1]


def test_an_empty_database_gets_a_schema_and_the_first_run_dialog(qtbot, tmp_path, make_shell):
    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}", upgrade=False)
    try:
        assert migrate.status(db).state is migrate.SchemaState.EMPTY
        shell = make_shell(db)
        assert migrate.status(db).state is migrate.SchemaState.CURRENT
        assert shell.first_run_dialog is not None and shell.first_run_dialog.isVisible()
        assert shell.sign_in_dialog is None
        shell.shutdown()
    finally:
        db.dispose()


def test_disabled_user_is_refused_at_sign_in_with_the_same_message(
    qtbot, sqlite_db, sqlite_admin, make_shell
):
    add_clinician(sqlite_db, sqlite_admin)
    with sqlite_db.uow() as uow:
        users.set_active(uow, sqlite_admin, "dr.quinn", False)
    shell = make_shell(sqlite_db)
    dialog = shell.sign_in_dialog
    dialog.sign_in_with("dr.quinn", CLINICIAN_PASSWORD)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message_text() != "")
    assert dialog.message_text().startswith("The user name or password is not correct.")
    assert shell.window is None


def test_a_result_for_a_widget_closed_meanwhile_is_dropped(qtbot, runner):
    """Sign-out closes the window while an area may still be loading: the late result
    must not reach the deleted widget (that would be a bug dialog)."""
    delivered: list[object] = []

    class Area(TextArea):
        def on_loaded(self, result: object) -> None:
            delivered.append(result)

    area = Area("late")
    release = threading.Event()
    runner.run(lambda progress: release.wait(10) and "rows", area.on_loaded, parent=area)
    destroyed = []
    area.destroyed.connect(lambda: destroyed.append(True))
    area.deleteLater()
    qtbot.waitUntil(lambda: destroyed == [True])
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert delivered == []


def test_an_older_schema_is_announced_copied_and_upgraded(qtbot, tmp_path, make_shell, boxes):
    """A clinic database written by the previous release (schema 0001, with its clinic
    and administrator): the shell says what will happen, copies the file aside, upgrades
    off the UI thread, and goes on to sign-in with the data intact."""
    from sqlalchemy import text

    path = tmp_path / "older.sqlite3"
    older = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        migrate.upgrade(older, target="0001", via_migrations=True)
        old_schema.initialise(older, "Older Clinic", "root", "Root Admin", ADMIN_PASSWORD)
    finally:
        older.dispose()

    db = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        assert migrate.status(db).state is migrate.SchemaState.BEHIND
        shell = make_shell(db)
        assert [b.title for b in boxes] == ["Upgrading the database"]
        assert "0001" in boxes[0].text and "copy of the file" in boxes[0].text
        qtbot.waitUntil(lambda: shell.sign_in_dialog is not None, timeout=15_000)
        assert shell.exit_code is None
        assert migrate.status(db).state is migrate.SchemaState.CURRENT
        copies = list(tmp_path.glob("older.before-upgrade-*.sqlite3"))
        assert len(copies) == 1
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM clinic")).scalar_one() == "Older Clinic"
    finally:
        db.dispose()


def test_sign_out_from_the_lock_prompt_ends_the_session(
    qtbot, sqlite_db, sqlite_admin, make_shell, fake_areas
):
    from PySide6.QtWidgets import QDialog

    shell = make_shell(sqlite_db)
    window = sign_in(qtbot, shell, "root", ADMIN_PASSWORD)
    draft = QDialog(window)
    draft.open()
    window.lock_now()
    prompt = window.session_lock.dialog

    with qtbot.waitSignal(shell.signed_out):
        qtbot.mouseClick(prompt.sign_out_button, Qt.MouseButton.LeftButton)
    assert not draft.isVisible()  # ended, so its exec loop (if any) returns
    assert shell.window is None
    assert shell.sign_in_dialog is not None and shell.sign_in_dialog.isVisible()
    qtbot.waitUntil(lambda: not shell.runner.busy)
    assert audit_actions(sqlite_db) == ["auth.sign_in", "auth.lock", "auth.sign_out"]


def test_start_up_refuses_a_damaged_settings_file(qtbot, isolated_home: Path, shown_boxes):
    """No --db and no CLINICDESK_DB_URL: the settings file decides, so a damaged one is a
    settings problem at start, never a quiet start on the embedded database."""
    settings = isolated_home / "clinicdesk" / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"database_url": "postgresql+psycopg://clerk@db/clinic"', "utf-8")

    code = run_gui(db_url=None, demo=False)

    assert code == 6
    assert len(shown_boxes) == 1
    title, body = shown_boxes[0]
    assert title == "Settings problem"
    assert str(settings) in body and "not valid JSON" in body and "move it aside" in body
    assert not (isolated_home / "clinicdesk" / "data" / "clinicdesk.sqlite3").exists()
