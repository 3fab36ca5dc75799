"""The main flows done with the keyboard alone, as a person who cannot use a mouse would:
every key goes to the widget that has the focus (no widget is clicked or chosen by the
test), and the flow must get there through shortcuts, Tab, Enter and the arrow keys.

Sign in; find a patient and open the record; close a month (enter its lines, lock it);
record a member's share payment. On the demo clinic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from clinicdesk.app import open_database
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import Member, ShareEvent
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import demo, revenue
from clinicdesk.services.demo import DEMO_PASSWORD
from clinicdesk.services.revenue import PeriodStatus
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
    """One key, to whatever has the focus, and what it queued (as a person is never
    faster than the event loop)."""
    qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(20)


def type_text(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: Any, widget: QWidget, limit: int = 40) -> None:
    """Tab until `widget` has the focus (as a person tabs to a field they can see)."""
    for _press in range(limit):
        if focused() is widget:
            return
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}")


def answer_next_box_with(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A question box blocks until answered: press `key` in it once it is up."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        qtbot.keyClick(box.focusWidget() or box, key, modifier)

    QTimer.singleShot(20, answer)


def back_to(qtbot: Any, window: QWidget) -> None:
    """After a dialog closes the window manager gives the window back its activation
    (the offscreen platform has no window manager: do its part)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


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
    qtbot.waitUntil(lambda: not shiboken6.isValid(record) or not record.isVisible())


def test_close_a_month_enter_its_lines_and_lock_it(qtbot, demo_db, runner, make_window, boxes):
    window = open_window(qtbot, make_window, demo_db, demo_user(demo_db, "manager"))
    press(qtbot, Key.Key_7, CTRL)  # Go › Revenue
    assert window.current_area() == "revenue"
    view = window.area_widget("revenue")
    qtbot.waitUntil(lambda: not runner.busy and view.current is not None, timeout=10_000)
    assert focused() is view.months_table
    press(qtbot, Key.Key_Home, CTRL)  # the newest month, still a draft
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.DRAFT, timeout=10_000)
    period = view.current.period
    press(qtbot, Key.Key_E, CTRL)  # Enter lines…
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isActiveWindow())
    dialog = view.dialog
    assert focused() is dialog.table and dialog.table.currentColumn() == 2  # an amount
    press(qtbot, Key.Key_F2)  # edit the amount of the first row
    press(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, "1234.50")
    press(qtbot, Key.Key_Return)  # the cell
    assert dialog.amount_text("member_fees") == "1234.50"
    press(qtbot, Key.Key_Return)  # Save (the default button)
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    back_to(qtbot, window)
    assert focused() is view.months_table
    manager = demo_user(demo_db, "manager")
    with demo_db.uow(read_only=True) as uow:
        figures = revenue.show(uow, manager, period)
    assert Decimal("1234.50") in [line.amount for line in figures.lines]

    answer_next_box_with(qtbot, Key.Key_Y)  # "the month is not over: lock it anyway?"
    press(qtbot, Key.Key_L, CTRL | SHIFT)  # Lock… (Ctrl+L locks the session)
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.LOCKED, timeout=10_000)
    assert not boxes


def _member_who_owes(db: Database) -> int:
    """The register number of a member with shares subscribed and not all paid."""
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(Member.register_no, ShareEvent.type, ShareEvent.amount)
            .join(ShareEvent, ShareEvent.member_id == Member.id)
            .where(Member.organisation_name.is_(None))
            .order_by(Member.register_no)
        ).all()
    owed: dict[int, Decimal] = {}
    for number, kind, amount in rows:
        sign = {"subscribe": 1, "pay": -1}.get(kind, 0)
        owed[number] = owed.get(number, Decimal(0)) + sign * amount
    return next(key for key, value in owed.items() if value >= 1)


def test_record_a_share_payment(qtbot, demo_db, runner, make_window, boxes):
    number = _member_who_owes(demo_db)
    window = open_window(qtbot, make_window, demo_db, demo_user(demo_db, "manager"))
    press(qtbot, Key.Key_4, CTRL)  # Go › Members
    assert window.current_area() == "members"
    view = window.area_widget("members")
    press(qtbot, Key.Key_F, CTRL)  # Find
    type_text(qtbot, str(number))
    press(qtbot, Key.Key_Return)  # to the results
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert focused() is view.table
    qtbot.waitUntil(lambda: view.selected_member() is not None, timeout=10_000)
    assert view.selected_member().register_no == number
    press(qtbot, Key.Key_Y, CTRL | SHIFT)  # Pay…
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isActiveWindow())
    dialog = view.dialog
    assert focused() is dialog.amount
    type_text(qtbot, "1.00")
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.effective_on  # today; Tab steps through its parts
    tab_to(qtbot, dialog.note, limit=4)
    type_text(qtbot, "Paid at the desk")
    press(qtbot, Key.Key_Return)  # Record payment (the default button)
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert not boxes
    back_to(qtbot, window)
    assert focused() is view.table
    with demo_db.uow(read_only=True) as uow:
        notes = (
            uow.session.execute(
                select(ShareEvent.amount).where(ShareEvent.note == "Paid at the desk")
            )
            .scalars()
            .all()
        )
    assert notes == [Decimal("1.00")]


@pytest.mark.parametrize("username", ["admin", "manager"])
def test_no_area_shortcut_is_also_a_window_shortcut(qtbot, demo_db, runner, make_window, username):
    """Two actions on one key both stay silent (Qt calls it ambiguous): an area's own
    shortcuts must differ from the window's (Ctrl+L locks, Ctrl+digit goes, F1…)."""
    window = open_window(qtbot, make_window, demo_db, demo_user(demo_db, username))
    for key in window.area_keys():
        window.show_area(key)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
    context = Qt.ShortcutContext
    window_keys = {
        action.shortcut().toString(): action.text()
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty()
        and action.shortcutContext() in (context.WindowShortcut, context.ApplicationShortcut)
    }
    assert "Ctrl+L" in window_keys
    clashes = [
        f"{key}: {action.text()} is also {window_keys[action.shortcut().toString()]}"
        for key in window.area_keys()
        for action in window.area_widget(key).findChildren(QAction)
        if action.shortcutContext() in (context.WidgetShortcut, context.WidgetWithChildrenShortcut)
        and action.shortcut().toString() in window_keys
    ]
    assert not clashes, "\n".join(clashes)
