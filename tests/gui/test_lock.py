"""The inactivity lock: covers, keeps everything typed, and asks for the password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from clinicdesk.domain import lockout
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import audit, users
from clinicdesk.services.settings import ClinicSettings
from clinicdesk.ui.lock import Curtain, LockDialog
from clinicdesk.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import CLINICIAN_PASSWORD, add_clinician

pytestmark = pytest.mark.gui


def curtains_of(widget) -> list[Curtain]:
    return [c for c in widget.findChildren(Curtain) if c.parentWidget() is widget]


def prompt(window: MainWindow) -> LockDialog:
    dialog = window.session_lock.dialog
    assert dialog is not None
    return dialog


def unlock_with(qtbot, window: MainWindow, password: str) -> LockDialog:
    dialog = prompt(window)
    dialog.message.clear_message()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    return dialog


def open_draft_dialog(qtbot, window: MainWindow) -> tuple[QDialog, QLineEdit]:
    """An area's dialog with something typed in it, open when the lock comes."""
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    edit.setAccessibleName("Draft")
    QVBoxLayout(dialog).addWidget(edit)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(edit, "draft letter")
    return dialog, edit


def auth_actions(db) -> list[str]:
    with db.uow() as uow:
        events = audit.list_events(
            uow, system_principal("t"), audit.AuditFilter(action="auth."), newest_first=False
        )
    return [e.action for e in events]


def test_inactivity_locks_and_nothing_typed_is_lost(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window, runner
):
    window = make_window(sqlite_db, sqlite_admin, lock_timeout_ms=250)
    area = window.area_widget("today")
    qtbot.keyClicks(area.edit, "half-typed note")
    draft, draft_edit = open_draft_dialog(qtbot, window)

    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)

    # Covered, not closed: the window and the open dialog are still there, under curtains.
    assert window.isVisible() and draft.isVisible()
    assert curtains_of(window) and curtains_of(draft)
    assert curtains_of(window)[0].geometry() == window.rect()
    assert prompt(window).isVisible()
    assert prompt(window).windowModality() == Qt.WindowModality.ApplicationModal
    # Input for anything but the prompt is dropped while locked.
    qtbot.keyClicks(area.edit, "typed while locked")
    assert area.edit.text() == "half-typed note"

    dialog = unlock_with(qtbot, window, "not-my-password")
    qtbot.waitUntil(lambda: dialog.message.message() != "")
    assert dialog.message.message().startswith("The password is not correct.")
    assert window.is_locked
    assert dialog.password_edit.text() == ""

    window.session_lock.set_timeout(0)  # no second lock while the test looks around
    unlock_with(qtbot, window, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: not window.is_locked)

    assert window.session_lock.dialog is None
    assert curtains_of(window) == [] and curtains_of(draft) == []
    assert window.area_widget("today") is area
    assert area.edit.text() == "half-typed note"
    assert draft.isVisible() and draft_edit.text() == "draft letter"
    qtbot.waitUntil(lambda: not runner.busy)
    assert auth_actions(sqlite_db) == ["auth.lock", "auth.unlock_failed", "auth.unlock"]
    draft.reject()


def test_escape_and_the_close_button_do_not_unlock(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    window.lock_now()
    dialog = prompt(window)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    dialog.close()
    assert window.is_locked
    assert dialog.isVisible()


def test_input_keeps_the_window_open_and_silence_locks_it(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin, lock_timeout_ms=600)
    area = window.area_widget("today")
    for _ in range(12):  # about a second of typing, never 600 ms of silence
        qtbot.keyClick(area.edit, Qt.Key.Key_A)
        qtbot.wait(80)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)


def test_zero_minutes_never_locks(qtbot, sqlite_db, sqlite_admin, fake_areas, make_window):
    window = make_window(sqlite_db, sqlite_admin, lock_timeout_ms=0)
    qtbot.wait(300)
    assert not window.is_locked
    assert not window.session_lock._timer.isActive()


def test_a_window_opened_while_locked_is_covered_too(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    window.lock_now()
    late = QDialog(window)
    late.setWindowTitle("Import finished: 1,024 patients")
    late.show()
    qtbot.waitUntil(lambda: bool(curtains_of(late)))
    qtbot.waitUntil(lambda: prompt(window).isVisible())

    unlock_with(qtbot, window, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: not window.is_locked)
    # a removed curtain is hidden at once and deleted by the event loop (deleteLater)
    qtbot.waitUntil(lambda: all(not c.isVisible() for c in curtains_of(late)))
    qtbot.waitUntil(lambda: curtains_of(late) == [])
    assert late.isVisible()
    late.close()


def test_wrong_unlock_passwords_count_towards_the_lockout(
    qtbot, sqlite_db, sqlite_admin, fake_areas, make_window
):
    window = make_window(sqlite_db, sqlite_admin)
    window.lock_now()
    for _ in range(lockout.MAX_FAILED_ATTEMPTS):
        dialog = unlock_with(qtbot, window, "wrong-password-x")
        qtbot.waitUntil(lambda d=dialog: d.message.message() != "" and d.unlock_button.isEnabled())
    assert "locked" in prompt(window).message.message()
    unlock_with(qtbot, window, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: prompt(window).message.message() != "")
    assert "locked" in prompt(window).message.message()
    assert window.is_locked


def test_a_disabled_account_cannot_unlock_and_is_signed_out(
    qtbot, db, admin, fake_areas, make_window, boxes
):
    clinician = add_clinician(db, admin)
    window = make_window(db, clinician)
    window.lock_now()
    with db.uow() as uow:  # an administrator elsewhere disables the account meanwhile
        users.set_active(uow, admin, clinician.username, False)

    with qtbot.waitSignal(window.sign_out_requested):
        unlock_with(qtbot, window, CLINICIAN_PASSWORD)
    assert len(boxes) == 1
    assert "disabled" in boxes[0].text


def test_a_new_lock_time_from_admin_applies_at_once(qtbot, sqlite_db, sqlite_admin, make_ctx):
    window = MainWindow(make_ctx(sqlite_db, sqlite_admin), lock_timeout_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    try:
        admin_view = window.show_area("admin")
        assert admin_view is not None
        admin_view.settings_saved.emit(ClinicSettings(inactivity_lock_minutes=3))
        assert window.session_lock.timeout_ms == 180_000
        admin_view.settings_saved.emit(ClinicSettings(inactivity_lock_minutes=0))
        assert window.session_lock.timeout_ms == 0
        assert not window.session_lock._timer.isActive()
    finally:
        window.close_for_sign_out()


def test_a_new_sync_interval_from_admin_applies_at_once(qtbot, sqlite_db, sqlite_admin, make_ctx):
    window = MainWindow(make_ctx(sqlite_db, sqlite_admin), lock_timeout_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    timer = window.sync_status.timer
    try:
        admin_view = window.show_area("admin")
        assert admin_view is not None
        assert timer.isActive()
        admin_view.settings_saved.emit(ClinicSettings(sync_interval_minutes=240))
        assert timer.interval() == 240 * 60_000 and timer.isActive()
        admin_view.settings_saved.emit(ClinicSettings(sync_interval_minutes=0))
        assert not timer.isActive()
        assert window.sync_status.sync_action.isEnabled()  # Sync now still works
    finally:
        window.close_for_sign_out()
