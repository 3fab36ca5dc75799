"""The Admin area's Users and Clinic settings tabs, driven by keys and clicks against a
real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent, User
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.services import auth, settings, users
from clinicdesk.ui.admin.dialogs import AddUserDialog, ChangeRolesDialog, ResetPasswordDialog
from clinicdesk.ui.admin.users import UsersTab
from clinicdesk.ui.admin.view import AdminView
from tests.helpers.gui_context import Harness, gui_harness

pytestmark = pytest.mark.gui

JO_PASSWORD = "jo-password-1"


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


@pytest.fixture
def jo(db, admin):
    """A clinician account made before the Admin area opens."""
    with db.uow() as uow:
        return users.add_user(uow, admin, "jo", "Jo Bloggs", [Role.CLINICIAN], JO_PASSWORD)


def open_admin(qtbot, harness: Harness) -> AdminView:
    view = AdminView(harness.ctx)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot, harness, jo) -> AdminView:
    return open_admin(qtbot, harness)


@pytest.fixture
def tab(qtbot, view) -> UsersTab:
    assert view.users_tab is not None
    qtbot.waitUntil(lambda: view.users_tab.model.rowCount() == 2)
    view.activateWindow()
    view.users_tab.table.setFocus()
    return view.users_tab


def select_user(qtbot, tab: UsersTab, username: str) -> None:
    source_row = tab.model.row_of(username)
    assert source_row is not None, username
    index = tab.proxy.mapFromSource(tab.model.index(source_row, 0))
    rect = tab.table.visualRect(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.selected_user().username == username


def stored_user(db, username: str) -> User:
    with db.uow() as uow:
        user = uow.session.execute(select(User).where(User.username == username)).scalar_one()
        uow.session.expunge(user)
        return user


def actions_in_db(db) -> list[str]:
    with db.uow() as uow:
        return list(
            uow.session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars()
        )


def toggle(qtbot, box: QCheckBox) -> None:
    """Tick or untick with the keyboard (a click in the middle of a wide check box
    misses its text, as it would for a person)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def shortcut(qtbot, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.ControlModifier):
    qtbot.keyClick(widget, key, modifiers)


# -- the area ------------------------------------------------------------------------------


def test_tabs_follow_the_principals_permissions(qtbot, harness):
    view = open_admin(qtbot, harness)
    assert view.tab_titles() == ["Users", "Audit trail", "Clinic settings"]

    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    other = AdminView(harness.context_for(manager))
    qtbot.addWidget(other)
    assert other.tab_titles() == []
    assert other.users_tab is None and other.audit_tab is None and other.settings_tab is None


def test_users_table_shows_accounts_and_passes_the_model_tester(qtbot, qtmodeltester, tab):
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    texts = {
        tab.model.index(r, 0).data(): [tab.model.index(r, c).data() for c in range(5)]
        for r in range(tab.model.rowCount())
    }
    assert texts["root"][1:4] == ["Root Admin", "Administrator", "Active"]
    assert texts["jo"][1:4] == ["Jo Bloggs", "Clinician", "Active (new password due)"]
    assert texts["jo"][4] == ""  # never signed in
    assert tab.count_label.text() == "2 accounts"
    # The filter box narrows the table once typing pauses.
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.filter.hasFocus()
    qtbot.keyClicks(tab.filter, "bloggs")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    assert tab.proxy.index(0, 0).data() == "jo"
    assert tab.count_label.text() == "1 of 2 accounts"


# -- add -----------------------------------------------------------------------------------


def test_add_user_through_the_dialog_keeps_the_input_after_an_error(qtbot, db, harness, tab):
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    shortcut(qtbot, tab.table, Qt.Key.Key_N)
    dialog = tab.dialog
    assert isinstance(dialog, AddUserDialog) and dialog.isVisible()
    assert dialog.must_change.isChecked()
    qtbot.keyClicks(dialog.username, "Nurse.Kim")
    qtbot.keyClicks(dialog.display_name, "Kim Nurse")
    toggle(qtbot, dialog.roles.boxes[Role.FRONT_DESK])
    qtbot.keyClicks(dialog.password, "kim-password-1")
    qtbot.keyClicks(dialog.password_again, "kim-password-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    error = harness.wait_error(qtbot)
    assert "not the same" in error.text
    assert error.parent is dialog
    assert dialog.isVisible()
    assert dialog.username.text() == "Nurse.Kim"
    assert dialog.roles.selected() == {Role.FRONT_DESK}
    assert dialog.password.text() == "kim-password-1"

    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "kim-password-1")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)  # the default button
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    harness.wait_idle(qtbot)
    assert tab.dialog is None  # closed (and deleted)
    assert resets == []  # inserted, not reset

    assert tab.selected_user().username == "nurse.kim"
    row = tab.model.row_of("nurse.kim")
    assert tab.model.index(row, 2).data() == "Front desk"
    stored = stored_user(db, "nurse.kim")
    assert stored.display_name == "Kim Nurse"
    assert stored.roles == "front_desk"
    assert stored.must_change_password is True
    assert actions_in_db(db)[-1] == "user.add"
    assert len(harness.errors) == 1


def test_a_taken_user_name_is_refused_and_nothing_is_stored(qtbot, db, harness, tab):
    before = actions_in_db(db)
    qtbot.mouseClick(tab.buttons["add"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.username, "jo")
    toggle(qtbot, dialog.roles.boxes[Role.MANAGER])
    qtbot.keyClicks(dialog.password, "another-pass-1")
    qtbot.keyClicks(dialog.password_again, "another-pass-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = harness.wait_error(qtbot)
    harness.wait_idle(qtbot)
    assert "already taken" in error.text
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.username.hasFocus() or not dialog.isActiveWindow()
    assert stored_user(db, "jo").roles == "clinician"
    assert actions_in_db(db) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert tab.dialog is None


# -- roles ---------------------------------------------------------------------------------


def test_the_last_admin_rule_is_shown_and_the_database_is_unchanged(qtbot, db, harness, tab):
    before = actions_in_db(db)
    select_user(qtbot, tab, "root")
    shortcut(qtbot, tab.table, Qt.Key.Key_R)
    dialog = tab.dialog
    assert isinstance(dialog, ChangeRolesDialog)
    assert dialog.stored.text() == "Administrator"
    toggle(qtbot, dialog.roles.boxes[Role.ADMIN])
    toggle(qtbot, dialog.roles.boxes[Role.MANAGER])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    error = harness.wait_error(qtbot)
    harness.wait_idle(qtbot)
    assert error.title == "Please check the input"
    assert "last active administrator" in error.text
    assert dialog.isVisible()
    assert dialog.roles.selected() == {Role.MANAGER}
    assert stored_user(db, "root").roles == "admin"
    assert actions_in_db(db) == before

    # Disabling oneself is refused the same way.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.mouseClick(tab.buttons["toggle"], Qt.MouseButton.LeftButton)
    box = tab.confirm_box
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.buttons()[0], Qt.MouseButton.LeftButton)  # "Disable"
    error = harness.wait_error(qtbot, 2)
    assert "your own account" in error.text
    assert stored_user(db, "root").active is True


def test_a_concurrent_role_change_is_a_conflict_not_an_overwrite(qtbot, db, harness, tab):
    # Someone else (another administrator's workstation) changes jo after the table loaded.
    with db.uow() as uow:
        users.set_roles(uow, system_principal("other-admin"), "jo", [Role.MANAGER])

    select_user(qtbot, tab, "jo")
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on a row opens Change roles
    dialog = tab.dialog
    assert isinstance(dialog, ChangeRolesDialog)
    assert dialog.stored.text() == "Clinician"  # what this screen last saw
    toggle(qtbot, dialog.roles.boxes[Role.FRONT_DESK])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    error = harness.wait_error(qtbot)
    assert error.title == "Changed elsewhere"
    assert "changed by someone else" in error.text
    assert error.parent is dialog
    assert stored_user(db, "jo").roles == "manager"
    # The dialog stays open with the choice made, and now shows what is stored.
    qtbot.waitUntil(lambda: dialog.stored.text() == "Clinic manager")
    harness.wait_idle(qtbot)
    assert dialog.isVisible()
    assert dialog.roles.selected() == {Role.CLINICIAN, Role.FRONT_DESK}
    row = tab.model.row_of("jo")
    assert tab.model.index(row, 2).data() == "Clinic manager"

    # Saving again, knowingly over the newer version, now works.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    harness.wait_idle(qtbot)
    assert stored_user(db, "jo").roles == "clinician,front_desk"
    assert tab.model.index(tab.model.row_of("jo"), 2).data() == "Clinician, Front desk"
    assert actions_in_db(db)[-2:] == ["user.roles", "user.roles"]
    assert len(harness.errors) == 1


# -- disable / enable ----------------------------------------------------------------------


def test_disable_and_enable_with_confirmation(qtbot, db, harness, tab):
    select_user(qtbot, tab, "jo")
    assert tab.toggle_action.text() == "&Disable…"

    shortcut(qtbot, tab.table, Qt.Key.Key_D)
    box = tab.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "jo" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    harness.wait_idle(qtbot)
    assert stored_user(db, "jo").active is True

    shortcut(qtbot, tab.table, Qt.Key.Key_D)
    box = tab.confirm_box
    confirm = box.defaultButton()
    assert confirm.text() == "&Disable"
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.find("jo").active is False)
    harness.wait_idle(qtbot)
    assert stored_user(db, "jo").active is False
    assert tab.model.index(tab.model.row_of("jo"), 3).data() == "Disabled"
    assert tab.toggle_action.text() == "&Enable…"
    assert tab.buttons["toggle"].text() == "&Enable…"

    qtbot.mouseClick(tab.buttons["toggle"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.confirm_box.defaultButton(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.find("jo").active is True)
    harness.wait_idle(qtbot)
    assert stored_user(db, "jo").active is True
    assert actions_in_db(db)[-2:] == ["user.disable", "user.enable"]
    assert harness.errors == []


# -- reset password ------------------------------------------------------------------------


def test_reset_password_then_sign_in_with_it(qtbot, db, harness, tab):
    select_user(qtbot, tab, "jo")
    shortcut(
        qtbot,
        tab.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = tab.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    assert dialog.who.text() == "New password for Jo Bloggs (jo)"
    qtbot.keyClicks(dialog.password, "fresh-start-9")
    qtbot.keyClicks(dialog.password_again, "fresh-start-9")
    toggle(qtbot, dialog.must_change)  # not required this time
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    harness.wait_idle(qtbot)
    assert harness.errors == []
    assert tab.model.index(tab.model.row_of("jo"), 3).data() == "Active"

    with db.uow() as uow:
        principal = auth.sign_in(uow, "jo", "fresh-start-9")
    assert principal.username == "jo"
    assert stored_user(db, "jo").must_change_password is False
    assert "user.password_reset" in actions_in_db(db)


# -- refresh and header state --------------------------------------------------------------


def test_refresh_brings_in_changes_made_elsewhere_without_a_reset(qtbot, db, harness, tab):
    select_user(qtbot, tab, "jo")
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    with db.uow() as uow:
        users.set_display_name(uow, system_principal("elsewhere"), "jo", "Joanna Bloggs")
        users.set_active(uow, system_principal("elsewhere"), "jo", False)
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tab.model.find("jo").display_name == "Joanna Bloggs")
    harness.wait_idle(qtbot)
    assert resets == []
    assert tab.selected_user().username == "jo"  # the selection survived
    assert tab.toggle_action.text() == "&Enable…"


def test_header_state_is_kept_for_the_next_time(qtbot, harness, tab):
    header = tab.table.horizontalHeader()
    header.resizeSection(1, 211)
    tab.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    tab.table.save_header_state()
    again = open_admin(qtbot, harness)
    header2 = again.users_tab.table.horizontalHeader()
    assert header2.sectionSize(1) == 211
    assert header2.sortIndicatorSection() == 1
    assert header2.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


# -- clinic settings -----------------------------------------------------------------------


def test_clinic_settings_tab_saves_the_lock_time(qtbot, db, admin, harness):
    view = open_admin(qtbot, harness)
    view.tabs.setCurrentWidget(view.settings_tab)
    page = view.settings_tab
    qtbot.waitUntil(page.isEnabled)
    assert page.lock_minutes.value() == 10
    assert not page.save_button.isEnabled()
    page.lock_minutes.setFocus()
    page.lock_minutes.selectAll()
    qtbot.keyClicks(page.lock_minutes, "25")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(view.settings_saved) as saved:
        qtbot.keyClick(page.lock_minutes, Qt.Key.Key_Return)
    assert saved.args[0].inactivity_lock_minutes == 25
    harness.wait_idle(qtbot)
    with db.uow() as uow:
        assert settings.load(uow).inactivity_lock_minutes == 25
    assert actions_in_db(db)[-1] == "settings.update"
    assert not page.save_button.isEnabled()
    assert "Clinic settings saved." in harness.statuses


def test_clinic_settings_tab_saves_the_sync_interval(qtbot, db, admin, harness):
    view = open_admin(qtbot, harness)
    view.tabs.setCurrentWidget(view.settings_tab)
    page = view.settings_tab
    qtbot.waitUntil(page.isEnabled)
    assert page.sync_minutes.value() == 30
    page.sync_minutes.setFocus()
    page.sync_minutes.selectAll()
    qtbot.keyClicks(page.sync_minutes, "120")
    with qtbot.waitSignal(view.settings_saved) as saved:
        qtbot.keyClick(page.sync_minutes, Qt.Key.Key_Return)
    assert saved.args[0].sync_interval_minutes == 120
    harness.wait_idle(qtbot)
    # the lowest value of the box is "Only when asked", stored as 0
    page.sync_minutes.setValue(page.sync_minutes.minimum())
    assert page.sync_minutes.text() == "Only when asked"
    with qtbot.waitSignal(view.settings_saved) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].sync_interval_minutes == 0
    harness.wait_idle(qtbot)
    with db.uow() as uow:
        assert settings.load(uow).sync_interval_minutes == 0


def test_clinic_settings_tab_saves_the_joined_month_and_the_currency(qtbot, db, admin, harness):
    view = open_admin(qtbot, harness)
    view.tabs.setCurrentWidget(view.settings_tab)
    page = view.settings_tab
    qtbot.waitUntil(page.isEnabled)
    assert page.joined.text() == "" and page.currency.text() == "USD"
    page.joined.setText("2999-01")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    box = harness.wait_error(qtbot)
    assert "joined the federation" in box.text and "future" in box.text
    page.joined.setText("2025-01")
    page.currency.setText("cad")
    with qtbot.waitSignal(view.settings_saved) as saved:
        qtbot.keyClick(page.currency, Qt.Key.Key_Return)
    assert (saved.args[0].federation_joined, saved.args[0].currency) == ("2025-01", "CAD")
    harness.wait_idle(qtbot)
    with db.uow() as uow:
        assert settings.joined_month(uow).year == 2025
        assert settings.load(uow).currency == "CAD"


def test_clinic_settings_tab_saves_what_invoices_print(qtbot, db, admin, harness):
    view = open_admin(qtbot, harness)
    view.tabs.setCurrentWidget(view.settings_tab)
    page = view.settings_tab
    qtbot.waitUntil(page.isEnabled)
    assert not page.save_button.isEnabled()
    page.billing_address.setPlainText("12 Quay Street\nPortville")
    page.payment_instructions.setPlainText("x" * 1001)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "1000 characters at most" in harness.wait_error(qtbot).text
    page.payment_instructions.setPlainText("IBAN XX00 1234, quoting the invoice number")
    with qtbot.waitSignal(view.settings_saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    harness.wait_idle(qtbot)
    with db.uow() as uow:
        stored = settings.load(uow)
    assert stored.billing_address == "12 Quay Street\nPortville"
    assert stored.payment_instructions.startswith("IBAN")
