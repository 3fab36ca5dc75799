"""The first-run dialog creates the clinic and its first administrator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clinicdesk.services import auth, setup
from clinicdesk.ui.application import Shell
from clinicdesk.ui.first_run import FirstRunDialog

pytestmark = pytest.mark.gui

PASSWORD = "first-admin-pass-1"


@pytest.fixture
def make_dialog(qtbot, runner, messages):
    def build(db) -> FirstRunDialog:
        dialog = FirstRunDialog(db, runner, messages)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def fill(qtbot, dialog: FirstRunDialog, **values: str) -> None:
    for key, edit in dialog._edits().items():
        if key in values:
            edit.clear()
            qtbot.keyClicks(edit, values[key])


def test_creates_the_clinic_and_its_administrator(qtbot, db, make_dialog):
    dialog = make_dialog(db)
    fill(
        qtbot,
        dialog,
        clinic_name="Harbourside Primary Care Cooperative",
        username="Rosa",
        display_name="Rosa Morales",
        password=PASSWORD,
        repeat=PASSWORD,
    )
    with qtbot.waitSignal(dialog.completed) as completed:
        qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert completed.args == ["rosa"]
    assert not dialog.isVisible()

    with db.uow() as uow:
        assert setup.is_initialised(uow)
        clinic = setup.clinic_info(uow)
        assert clinic is not None and clinic.name == "Harbourside Primary Care Cooperative"
    with db.uow() as uow:
        principal = auth.sign_in(uow, "rosa", PASSWORD)
    assert principal.display_name == "Rosa Morales"
    assert {r.value for r in principal.roles} == {"admin"}


def test_problems_show_next_to_their_fields_and_nothing_typed_is_lost(
    qtbot, sqlite_db, make_dialog, runner
):
    dialog = make_dialog(sqlite_db)
    fill(qtbot, dialog, username="bad name!", display_name="Rosa", password="short", repeat="x")
    dialog.create_button.click()

    assert dialog.field_message("clinic_name") == "Give the clinic a name."
    assert "cannot be a user name" in dialog.field_message("username")
    assert "at least 8 characters" in dialog.field_message("password")
    assert dialog.field_message("display_name") == ""
    assert not runner.busy  # nothing was sent
    assert dialog.isVisible()
    assert dialog.username_edit.text() == "bad name!"
    assert dialog.display_name_edit.text() == "Rosa"
    assert dialog.focusWidget() is dialog.clinic_name_edit

    fill(
        qtbot, dialog, clinic_name="Co-op", username="rosa", password=PASSWORD, repeat="other-one-1"
    )
    dialog.create_button.click()
    assert dialog.field_message("clinic_name") == ""
    assert dialog.field_message("username") == ""
    assert dialog.field_message("repeat") == "The two passwords differ."
    with sqlite_db.uow() as uow:
        assert not setup.is_initialised(uow)


def test_a_clinic_created_elsewhere_meanwhile_goes_to_sign_in(qtbot, sqlite_db, make_dialog, boxes):
    dialog = make_dialog(sqlite_db)
    with sqlite_db.uow() as uow:  # another workstation was quicker
        setup.initialise(uow, "Other Co-op", "other", "Other Admin", "other-password-1")
    fill(
        qtbot,
        dialog,
        clinic_name="Mine",
        username="rosa",
        password=PASSWORD,
        repeat=PASSWORD,
    )
    with qtbot.waitSignal(dialog.completed) as completed:
        dialog.create_button.click()
    assert completed.args == [""]
    assert len(boxes) == 1
    assert "already has a clinic" in boxes[0].text


def test_shell_goes_from_first_run_to_a_prefilled_sign_in(
    qtbot, sqlite_db, messages, runner, ui_state
):
    shell = Shell(messages=messages, runner=runner, ui_state=ui_state, lock_timeout_ms=0)
    shell.start(sqlite_db)
    try:
        dialog = shell.first_run_dialog
        assert dialog is not None and dialog.isVisible()
        fill(
            qtbot,
            dialog,
            clinic_name="Prairie Commons Health Co-op",
            username="rosa",
            display_name="Rosa Morales",
            password=PASSWORD,
            repeat=PASSWORD,
        )
        dialog.create_button.click()
        qtbot.waitUntil(lambda: shell.sign_in_dialog is not None)
        sign_in = shell.sign_in_dialog
        assert sign_in.username_edit.text() == "rosa"
        heading = sign_in.findChild(QLabel, "clinicName")
        assert heading.text() == "Prairie Commons Health Co-op"
        assert shell.first_run_dialog is None
    finally:
        shell.shutdown()
