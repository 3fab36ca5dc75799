"""The Admin area's Audit trail tab against a real database:
paging, filters, refresh, CSV export and chain verification."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, text

from clinicdesk.db.models import AuditEvent
from clinicdesk.services import audit
from clinicdesk.ui.admin.audit import AuditTab
from clinicdesk.ui.admin.view import AdminView
from tests.helpers.gui_context import Harness, gui_harness

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


def add_events(db, actor, count: int, action: str = "test.bulk") -> None:
    with db.uow() as uow:
        for n in range(count):
            audit.record(uow, actor, action, "thing", n, {"n": n})
        uow.commit()


def events_in_db(db, action_prefix: str = "") -> int:
    with db.uow() as uow:
        query = select(func.count(AuditEvent.id))
        if action_prefix:
            query = query.where(AuditEvent.action.startswith(action_prefix))
        return int(uow.session.execute(query).scalar_one())


def open_audit(qtbot, harness: Harness) -> tuple[AdminView, AuditTab]:
    view = AdminView(harness.ctx)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    tab = view.audit_tab
    assert tab is not None
    view.tabs.setCurrentWidget(tab)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: tab.model.total > 0 and not tab.model.loading)
    harness.wait_idle(qtbot)
    return view, tab


def column(tab: AuditTab, col: int) -> list[object]:
    model = tab.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def wait_reloaded(qtbot, harness: Harness, tab: AuditTab, predicate) -> None:
    qtbot.waitUntil(lambda: not tab.model.loading and predicate())
    harness.wait_idle(qtbot)


def test_the_trail_pages_in_200_rows_at_a_time(qtbot, qtmodeltester, db, admin, harness):
    add_events(db, admin, 450)
    total = events_in_db(db)
    _view, tab = open_audit(qtbot, harness)  # the view must stay alive
    model = tab.model
    assert model.total == total == 452
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    assert tab.count_label.text() == f"200 of {total} events loaded"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["#", "Time", "User", "Action", "Record", "Details"]
    first = [model.index(0, c).data() for c in range(6)]
    assert first[0] == total  # newest first
    assert first[2:5] == ["Root Admin (root)", "Test: bulk", "thing:449"]
    assert first[5] == "n: 449"

    # The tester stays attached and checks every later insertion; its own fetchMore()
    # call loads the second page.
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 400
    assert model.canFetchMore(QModelIndex())

    # Going to the end asks for the last page, as a person scrolling would.
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rowCount() == total)
    harness.wait_idle(qtbot)
    seqs = column(tab, 0)
    assert seqs == list(range(total, 0, -1))
    assert not model.canFetchMore(QModelIndex())
    assert tab.count_label.text() == f"{total} events"


def test_new_events_appear_after_refresh(qtbot, db, admin, harness):
    _view, tab = open_audit(qtbot, harness)  # the view must stay alive
    before = tab.model.rowCount()
    add_events(db, admin, 1, action="test.ping")
    assert tab.model.rowCount() == before  # not live: the person asks for it
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    wait_reloaded(qtbot, harness, tab, lambda: tab.model.rowCount() == before + 1)
    assert tab.model.index(0, 3).data() == "Test: ping"
    # The action list learnt the new action too.
    assert tab.action_combo.findData("test.ping") >= 0


def test_filters_by_action_text_user_and_date(qtbot, db, admin, harness):
    add_events(db, admin, 5, action="test.bulk")
    add_events(db, None, 3, action="auth.sign_in_failed")
    _view, tab = open_audit(qtbot, harness)  # the view must stay alive
    assert tab.model.rowCount() == events_in_db(db)

    # Action prefix from the combo: a whole group, then one action.
    combo = tab.action_combo
    assert combo.itemText(0) == "All actions"
    group = combo.findData("user.")
    assert group > 0 and combo.itemText(group) == "user.* (all)"
    combo.setCurrentIndex(group)
    wait_reloaded(
        qtbot, harness, tab, lambda: tab.model.filter.action == "user." and tab.model.total == 1
    )
    assert column(tab, 3) == ["Added a user"]

    combo.setCurrentIndex(combo.findData("test.bulk"))
    wait_reloaded(qtbot, harness, tab, lambda: tab.model.total == 5)
    assert set(column(tab, 3)) == {"Test: bulk"}

    # Free text, debounced: one query once typing pauses.
    combo.setCurrentIndex(0)
    qtbot.keyClicks(tab.text_filter, "SIGN_IN_F")
    wait_reloaded(qtbot, harness, tab, lambda: tab.model.filter.text == "SIGN_IN_F")
    assert column(tab, 3) == ["Sign-in failed"] * 3
    qtbot.keyClick(tab.text_filter, Qt.Key.Key_Escape)

    # User.
    qtbot.keyClicks(tab.user_filter, "system")
    wait_reloaded(qtbot, harness, tab, lambda: tab.model.filter.actor == "system")
    assert column(tab, 3) == ["Sign-in failed"] * 3
    tab.user_filter.clear()

    # Dates: everything is from today; a range starting tomorrow shows nothing.
    tab.from_check.setChecked(True)
    tab.from_date.setDate(QDate.currentDate().addDays(1))
    wait_reloaded(qtbot, harness, tab, lambda: tab.model.filter.since is not None)
    assert tab.model.rowCount() == 0
    tab.from_date.setDate(QDate.currentDate())
    tab.to_check.setChecked(True)
    wait_reloaded(
        qtbot,
        harness,
        tab,
        lambda: tab.model.filter.until is not None and tab.model.rowCount() == events_in_db(db),
    )


def test_export_writes_the_csv_and_is_audited(qtbot, db, admin, harness, tmp_path):
    add_events(db, admin, 7)
    _view, tab = open_audit(qtbot, harness)  # the view must stay alive
    target = tmp_path / "trail.csv"
    asked: list[Path] = []

    def chooser(_parent, suggested: Path) -> Path:
        asked.append(suggested)
        return target

    tab.choose_export_path = chooser
    expected = events_in_db(db)
    tab.table.setFocus()
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: tab.last_export is not None)
    wait_reloaded(
        qtbot, harness, tab, lambda: tab.model.index(0, 3).data() == "Exported the audit trail"
    )

    assert asked and asked[0].suffix == ".csv"
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["seq", "occurred_at_utc", "actor", "action"]
    assert len(rows) - 1 == expected == tab.last_export[1]
    assert f"Exported {expected} events" in tab.result_label.text()
    assert harness.statuses[-1].startswith(f"Exported {expected} events")
    with db.uow() as uow:
        action, details = uow.session.execute(
            select(AuditEvent.action, AuditEvent.details).order_by(AuditEvent.seq.desc()).limit(1)
        ).one()
    assert action == "audit.export"
    assert f'"rows":{expected}' in details

    # Cancelling the file chooser does nothing.
    tab.choose_export_path = lambda _parent, _suggested: None
    qtbot.mouseClick(tab.buttons["export"], Qt.MouseButton.LeftButton)
    harness.wait_idle(qtbot)
    assert events_in_db(db, "audit.export") == 1


def test_verify_reports_an_intact_and_a_tampered_chain(qtbot, db, harness):
    _view, tab = open_audit(qtbot, harness)  # the view must stay alive
    qtbot.mouseClick(tab.buttons["verify"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.last_verify is not None)
    harness.wait_idle(qtbot)
    assert tab.last_verify.ok
    assert "intact" in tab.result_label.text()
    assert tab.result_label.property("error") is False
    assert harness.errors == []

    with db.uow() as uow:
        uow.session.execute(text("UPDATE audit_event SET actor_name = 'mallory' WHERE seq = 1"))
        uow.commit()
    tab.table.setFocus()
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    error = harness.wait_error(qtbot)
    harness.wait_idle(qtbot)
    assert not tab.last_verify.ok
    # the same result as `clinicdesk audit verify`: the keyed chain, then the hub's copy
    assert tab.result_label.text().startswith(
        "Audit trail BROKEN at event 1: its seal does not match: its contents were changed"
    )
    assert tab.result_label.text().endswith(
        "Not checked against the hub: this clinic is not connected to a federation hub."
    )
    assert tab.result_label.property("error") is True
    assert error.icon == QMessageBox.Icon.Warning
    assert "BROKEN at event 1" in error.text
    # The table shows what is stored, tampering included, and the verification events.
    assert tab.model.index(0, 3).data() == "Verified the audit chain"
    assert tab.model.index(tab.model.rowCount() - 1, 2).data() == "mallory"


def test_rows_name_people_and_records_and_say_what_happened(qtbot, db, admin, harness):
    from tests.helpers.clinic import register

    patient = register(db, admin, "MRN-4411", "Okafor", "Ada")
    _view, tab = open_audit(qtbot, harness)
    harness.wait_idle(qtbot)
    rows = {tab.model.index(r, 3).data(): r for r in range(tab.model.rowCount())}
    row = rows["Registered a patient"]
    assert tab.model.index(row, 2).data() == "Root Admin (root)"
    assert tab.model.index(row, 4).data() == "patient MRN MRN-4411"
    assert tab.model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole) == patient.uuid
    assert tab.model.index(row, 5).data() == "mrn: MRN-4411"
    assert tab.model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole) == "patient.register"
    # The name of the patient is not shown: the trail names records, not people.
    texts = [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]
    assert not any("Okafor" in str(t) for t in texts)
