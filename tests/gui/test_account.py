"""My account: the signed-in person's details and changing their own password, against a
real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent
from clinicdesk.domain.roles import Role
from clinicdesk.errors import AuthenticationError
from clinicdesk.services import auth
from clinicdesk.ui.account.view import AccountView
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui


@pytest.fixture
def signed_in(db, admin):
    """The administrator as after a real sign-in (so there is a last sign-in time)."""
    with db.uow() as uow:
        return auth.sign_in(uow, "root", ADMIN_PASSWORD)


@pytest.fixture
def harness(qtbot, db, signed_in, tmp_path):
    with gui_harness(db, signed_in, tmp_path) as h:
        yield h


@pytest.fixture
def view(qtbot, harness) -> AccountView:
    page = AccountView(harness.ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.info is not None)
    harness.wait_idle(qtbot)
    return page


def type_passwords(qtbot, view: AccountView, current: str, new: str, again: str) -> None:
    qtbot.keyClicks(view.current_password, current)
    qtbot.keyClick(view.current_password, Qt.Key.Key_Tab)
    assert view.new_password.hasFocus() or not view.isActiveWindow()
    qtbot.keyClicks(view.new_password, new)
    qtbot.keyClicks(view.new_password_again, again)


def last_action(db) -> str:
    with db.uow() as uow:
        return uow.session.execute(
            select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(1)
        ).scalar_one()


def test_shows_who_is_signed_in(view, signed_in):
    assert view.display_name.text() == "Root Admin"
    assert view.username.text() == "root"
    assert view.roles.text() == "Administrator"
    assert view.info.roles == {Role.ADMIN}
    assert view.info.last_sign_in_at is not None
    assert view.last_sign_in.text() not in ("", "never")
    assert view.current_password.echoMode() == view.current_password.EchoMode.Password
    assert view.current_password.accessibleName() == "Current password"


def test_change_password_clears_the_form_and_the_new_password_works(qtbot, db, harness, view):
    type_passwords(qtbot, view, ADMIN_PASSWORD, "brand-new-pass-7", "brand-new-pass-7")
    qtbot.keyClick(view.new_password_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.status.text() == "Your password was changed.")
    harness.wait_idle(qtbot)
    assert harness.errors == []
    assert view.current_password.text() == ""
    assert view.new_password.text() == ""
    assert view.new_password_again.text() == ""
    assert "Your password was changed." in harness.statuses
    assert last_action(db) == "user.password_change"

    with db.uow() as uow:
        assert auth.sign_in(uow, "root", "brand-new-pass-7").username == "root"
    with db.uow() as uow, pytest.raises(AuthenticationError):
        auth.sign_in(uow, "root", ADMIN_PASSWORD)


def test_a_wrong_current_password_is_refused_and_the_fields_are_kept(qtbot, db, harness, view):
    before = last_action(db)
    type_passwords(qtbot, view, "not-my-password", "brand-new-pass-7", "brand-new-pass-7")
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    error = harness.wait_error(qtbot)
    harness.wait_idle(qtbot)
    assert error.title == "Sign-in failed"
    assert error.text == "The current password is not correct."
    assert error.parent is view
    assert view.current_password.text() == "not-my-password"
    assert view.new_password.text() == "brand-new-pass-7"
    assert view.new_password_again.text() == "brand-new-pass-7"
    assert view.status.text() == "The password was not changed."
    assert view.change_button.isEnabled()
    assert last_action(db) == before
    with db.uow() as uow:
        assert auth.sign_in(uow, "root", ADMIN_PASSWORD).username == "root"


def test_mismatched_or_weak_new_passwords_are_refused_before_or_by_the_service(
    qtbot, db, harness, view
):
    type_passwords(qtbot, view, ADMIN_PASSWORD, "brand-new-pass-7", "brand-new-pass-8")
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    error = harness.wait_error(qtbot)
    assert "not the same" in error.text
    assert not harness.ctx.runner.busy  # refused without asking the database
    assert view.new_password_again.text() == "brand-new-pass-8"

    view.new_password.clear()
    view.new_password_again.clear()
    qtbot.keyClicks(view.new_password, "short")
    qtbot.keyClicks(view.new_password_again, "short")
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    error = harness.wait_error(qtbot, 2)
    harness.wait_idle(qtbot)
    assert "at least 8 characters" in error.text
    assert view.current_password.text() == ADMIN_PASSWORD
    assert view.new_password.text() == "short"
