"""The main flows done with the keyboard alone, as a person who cannot use a mouse would:
every key goes to the widget that has the focus (no widget is clicked or chosen by the
test), and the flow must get there through shortcuts, Tab, Enter and the arrow keys.

Sign in; find a patient and open the record; close a month (enter its lines, lock it);
record a member's share payment. On the demo clinic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from clinicdesk.app import open_database
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import demo
from clinicdesk.services.demo import DEMO_PASSWORD
from clinicdesk.ui.panel.detail import PatientDetailDialog
from clinicdesk.ui.signin import SignInDialog

pytestmark = [pytest.mark.gui, pytest.mark.slow]

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo clinic for the module: each flow works on its own records."""
    folder: Path = tmp_path_factory.mktemp("keyboard")
    database = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    with database.uow() as uow:
        demo.create(uow, seed=1, patients=40)
    try:
        yield database
    finally:
        database.dispose()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """One key, to whatever has the focus."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: Any, widget: QWidget, limit: int = 40) -> None:
    """Tab until `widget` has the focus (as a person tabs to a field they can see)."""
    for _press in range(limit):
        if focused() is widget:
            return
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}")


def answer_next_box_with(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A question box blocks until answered: press `key` in it once it is up."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        qtbot.keyClick(box.focusWidget() or box, key, modifier)

    QTimer.singleShot(20, answer)


def sign_in(qtbot: Any, db: Database, runner: Any, messages: Any, username: str) -> Principal:
    dialog = SignInDialog(db, runner, messages, clinic_name="Demo")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.signed_in, timeout=20_000) as signed_in:
        type_text(qtbot, username)
        press(qtbot, Key.Key_Tab)
        type_text(qtbot, DEMO_PASSWORD)
        press(qtbot, Key.Key_Return)
    return signed_in.args[0].principal


def open_window(qtbot: Any, make_window: Callable[..., Any], db: Database, who: Principal):
    window = make_window(db, who)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_sign_in_with_the_keyboard(qtbot, demo_db, runner, messages):
    principal = sign_in(qtbot, demo_db, runner, messages, "manager")
    assert principal.username == "manager"


def demo_user(db: Database, username: str) -> Principal:
    """A demo account signed in without typing (the sign-in test types it)."""
    with db.uow() as uow:
        return demo.sign_in_demo_user(uow, username)


def test_find_a_patient_and_open_the_record(qtbot, demo_db, runner, make_window):
    with demo_db.uow() as uow:
        patient = (
            uow.session.execute(
                select(Patient).where(Patient.status == "active").order_by(Patient.id)
            )
            .scalars()
            .first()
        )
        family, given = patient.family_name, patient.given_names
    window = open_window(qtbot, make_window, demo_db, demo_user(demo_db, "admin"))
    press(qtbot, Key.Key_2, CTRL)  # Go › Panel: the focus moves into the area
    assert window.current_area() == "panel"
    press(qtbot, Key.Key_F, CTRL)  # Find
    type_text(qtbot, family)
    press(qtbot, Key.Key_Return)  # to the results, on the first row
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    tab = window.area_widget("panel").patients_tab
    assert focused() is tab.table and tab.table.currentIndex().row() == 0
    while family not in str(tab.table.currentIndex().data()):
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)  # open the record
    record = tab.detail_dialog
    assert isinstance(record, PatientDetailDialog)
    qtbot.waitUntil(lambda: record.detail is not None, timeout=10_000)
    assert record.heading.text().startswith(f"{family}, {given}")
    assert record.isActiveWindow()
    press(qtbot, Key.Key_Escape)  # and back to the list
    qtbot.waitUntil(lambda: not record.isVisible())
