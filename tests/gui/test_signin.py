"""The sign-in dialog, driven with real key presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clinicdesk.domain import lockout
from clinicdesk.domain.roles import system_principal
from clinicdesk.errors import AuthenticationError
from clinicdesk.services import audit, auth, users
from clinicdesk.ui.signin import SessionStart, SignInDialog
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.gui


@pytest.fixture
def make_dialog(qtbot, runner, messages):
    def build(db, **kwargs) -> SignInDialog:
        dialog = SignInDialog(db, runner, messages, clinic_name="Test Cooperative Clinic", **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def type_and_submit(qtbot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter submits


def wait_for_failure(qtbot, dialog: SignInDialog) -> str:
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message_text() != "")
    return dialog.message_text()


def gap_above_buttons(page_buttons, field) -> int:
    """Pixels between the bottom of a page's last field and the top of its buttons."""
    field_bottom = field.mapTo(field.window(), field.rect().bottomLeft()).y()
    return page_buttons.mapTo(page_buttons.window(), page_buttons.rect().topLeft()).y() - (
        field_bottom
    )


def test_each_page_is_as_tall_as_it_needs(qtbot, sqlite_db, sqlite_admin, make_dialog):
    with sqlite_db.uow() as uow:
        users.add_user(uow, sqlite_admin, "newbie", "New Person", ["front_desk"], "first-pass-1")
    dialog = make_dialog(sqlite_db)
    row = dialog.password_edit.height()
    # no blank band the height of the password change's extra rows above the buttons
    assert gap_above_buttons(dialog.buttons, dialog.password_edit) < 2 * row
    signing_in = dialog.height()
    # a message there makes room for itself, whole
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == "Enter your user name."
    qtbot.waitUntil(
        lambda: dialog.message.visibleRegion().boundingRect().height() == dialog.message.height()
    )
    dialog.signed_in.connect(lambda _s: None)
    type_and_submit(qtbot, dialog, "newbie", "first-pass-1")
    qtbot.waitUntil(lambda: dialog.changing_password and not dialog.busy)
    # the password change, taller, gets its room: every field whole and in view
    assert dialog.height() > signing_in
    for field in (dialog.new_password_edit, dialog.repeat_password_edit):
        assert field.visibleRegion().boundingRect().height() == field.height()


def test_correct_password_signs_in(qtbot, db, admin, make_dialog):
    dialog = make_dialog(db)
    with qtbot.waitSignal(dialog.signed_in) as signed_in:
        type_and_submit(qtbot, dialog, "root", ADMIN_PASSWORD)
    start = signed_in.args[0]
    assert isinstance(start, SessionStart)
    assert start.principal.username == "root"
    assert start.clinic.name == "Test Cooperative Clinic"
    assert start.lock_minutes == 10
    assert not dialog.isVisible()
    assert dialog.password_edit.text() == ""  # no password left in a widget
    with db.uow() as uow:
        events = audit.list_events(uow, system_principal("t"), audit.AuditFilter(action="auth."))
    assert [e.action for e in events] == ["auth.sign_in"]


def test_wrong_password_and_unknown_user_show_the_same_message(qtbot, db, admin, make_dialog):
    dialog = make_dialog(db)
    dialog.signed_in.connect(lambda _start: pytest.fail("signed in with a wrong password"))

    type_and_submit(qtbot, dialog, "root", "not-the-password")
    wrong_password = wait_for_failure(qtbot, dialog)
    # The typed user name stays; the password is cleared and has the focus.
    assert dialog.username_edit.text() == "root"
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit

    dialog.message.clear_message()
    type_and_submit(qtbot, dialog, "nobody-here", "not-the-password")
    unknown_user = wait_for_failure(qtbot, dialog)

    assert wrong_password == unknown_user
    assert wrong_password.startswith(auth.WRONG_CREDENTIALS)
    assert dialog.isVisible()


def test_five_wrong_passwords_lock_the_account(qtbot, db, admin, make_dialog):
    dialog = make_dialog(db)
    messages = []
    for _ in range(lockout.MAX_FAILED_ATTEMPTS):
        dialog.message.clear_message()
        type_and_submit(qtbot, dialog, "root", "wrong-password-x")
        messages.append(wait_for_failure(qtbot, dialog))
    assert all(m.startswith(auth.WRONG_CREDENTIALS) for m in messages[:-1])
    assert "locked" in messages[-1]
    assert "5 wrong passwords" in messages[-1]

    # Even the right password is refused while the lock lasts.
    dialog.message.clear_message()
    type_and_submit(qtbot, dialog, "root", ADMIN_PASSWORD)
    assert "locked" in wait_for_failure(qtbot, dialog)
    assert dialog.isVisible()


def test_empty_fields_are_asked_for_without_a_round_trip(qtbot, sqlite_db, make_dialog, runner):
    dialog = make_dialog(sqlite_db)
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == "Enter your user name."
    assert not runner.busy
    qtbot.keyClicks(dialog.username_edit, "root")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == "Enter your password."
    assert dialog.focusWidget() is dialog.password_edit


def test_a_prefilled_user_name_puts_the_cursor_in_the_password(qtbot, sqlite_db, make_dialog):
    dialog = make_dialog(sqlite_db, username="rosa")
    assert dialog.username_edit.text() == "rosa"
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.password_edit)


def test_escape_quits(qtbot, sqlite_db, make_dialog):
    dialog = make_dialog(sqlite_db)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Escape)


def test_a_required_password_change_comes_right_after_sign_in(
    qtbot, sqlite_db, sqlite_admin, make_dialog
):
    with sqlite_db.uow() as uow:
        users.add_user(
            uow, sqlite_admin, "newbie", "New Person", ["front_desk"], "first-password-1"
        )  # must_change_password by default
    dialog = make_dialog(sqlite_db)
    dialog.signed_in.connect(lambda _s: None)
    type_and_submit(qtbot, dialog, "newbie", "first-password-1")
    qtbot.waitUntil(lambda: dialog.changing_password and not dialog.busy)

    # Mismatch and reuse are caught in the form.
    qtbot.keyClicks(dialog.new_password_edit, "second-password-2")
    qtbot.keyClicks(dialog.repeat_password_edit, "second-password-3")
    qtbot.keyClick(dialog.repeat_password_edit, Qt.Key.Key_Return)
    assert dialog.change_message.message() == "The two passwords differ."
    dialog.new_password_edit.clear()
    qtbot.keyClicks(dialog.new_password_edit, "first-password-1")
    qtbot.keyClicks(dialog.repeat_password_edit, "first-password-1")
    qtbot.keyClick(dialog.repeat_password_edit, Qt.Key.Key_Return)
    assert "must differ" in dialog.change_message.message()

    dialog.new_password_edit.clear()
    dialog.repeat_password_edit.clear()
    qtbot.keyClicks(dialog.new_password_edit, "second-password-2")
    qtbot.keyClicks(dialog.repeat_password_edit, "second-password-2")
    with qtbot.waitSignal(dialog.signed_in) as signed_in:
        qtbot.keyClick(dialog.repeat_password_edit, Qt.Key.Key_Return)
    assert signed_in.args[0].principal.username == "newbie"
    assert signed_in.args[0].must_change_password is False

    with sqlite_db.uow() as uow:
        assert auth.sign_in(uow, "newbie", "second-password-2").username == "newbie"
    with sqlite_db.uow() as uow, pytest.raises(AuthenticationError):
        auth.sign_in(uow, "newbie", "first-password-1")


def test_leaving_the_password_change_signs_out(qtbot, sqlite_db, sqlite_admin, make_dialog, runner):
    with sqlite_db.uow() as uow:
        users.add_user(
            uow, sqlite_admin, "newbie", "New Person", ["front_desk"], "first-password-1"
        )
    dialog = make_dialog(sqlite_db)
    dialog.signed_in.connect(lambda _s: pytest.fail("continued without a new password"))
    type_and_submit(qtbot, dialog, "newbie", "first-password-1")
    qtbot.waitUntil(lambda: dialog.changing_password and not dialog.busy)

    qtbot.keyClick(dialog.new_password_edit, Qt.Key.Key_Escape)
    assert not dialog.changing_password
    assert dialog.isVisible()
    assert dialog.username_edit.text() == "newbie"
    qtbot.waitUntil(lambda: not runner.busy)
    with sqlite_db.uow() as uow:
        events = audit.list_events(uow, system_principal("t"), audit.AuditFilter(action="auth."))
        assert events[0].action == "auth.sign_out"
        assert users.find_user(uow, "newbie").must_change_password is True
