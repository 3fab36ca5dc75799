"""Policies in the window: a clinician reads a policy from Today to its end and
acknowledges it (the acknowledgement is stored and Today no longer asks), or from My
account; a manager sees who acknowledged as of a date beside the training matrix and
exports it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from clinicdesk.domain.standards import parse_standard_json
from clinicdesk.federation.schemas import StandardsPage
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import federation_store as store
from clinicdesk.services import policies, training
from clinicdesk.ui import language
from clinicdesk.ui.account.view import AccountView
from clinicdesk.ui.training.view import TrainingView
from tests.helpers.clinic import add_staff
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui

LONG = "policy.test-long-read"


def _publish_long_policy(db) -> None:
    paragraphs = "\n\n".join(
        f"{n}. Each paragraph of this policy must be read before it is acknowledged."
        for n in range(1, 80)
    )
    document = parse_standard_json(
        json.dumps(
            {
                "id": LONG,
                "version": 2,
                "kind": "policy",
                "title": "Conduct on the ward",
                "body": f"# Conduct on the ward\n\n{paragraphs}\n\nThe end.",
                "effective_from": "2025-01-01",
                "rule": {"acknowledged_by": ["clinician"], "within_days": 10},
            }
        )
    )
    with db.uow() as uow:
        store.apply_standards_page(
            uow, StandardsPage(upserts=(document,), next_cursor="c-1", has_more=False)
        )
        uow.commit()


def test_a_clinician_acknowledges_a_policy_from_today(qtbot, sqlite_db, sqlite_admin, make_window):
    db, admin = sqlite_db, sqlite_admin
    _publish_long_policy(db)
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")

    window = make_window(db, quinn)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.policies.isVisible()
    assert [m.policy.policy_id for m in view.summary.policies] == [LONG]
    assert "Conduct on the ward (version 2): Acknowledge it by" in view.policies.text.text()

    qtbot.mouseClick(view.policies.button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    bar = dialog.body.verticalScrollBar()
    assert bar.maximum() > 0  # the text is longer than the box
    assert not dialog.ok_button.isEnabled()
    assert "Read the text to its end" in dialog.hint.text()
    bar.setValue(bar.maximum() // 2)
    assert not dialog.ok_button.isEnabled()
    bar.setValue(bar.maximum())
    assert dialog.ok_button.isEnabled()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    qtbot.waitUntil(lambda: view.summary is not None and not view.summary.policies)
    assert not view.policies.isVisible()
    with db.uow(read_only=True) as uow:
        [mine] = policies.my_policies(uow, quinn)
    assert mine.status.state.value == "acknowledged"
    assert mine.status.acknowledged_on == date.today()


# -- My account and the manager's tab (SQLite and PostgreSQL) ---------------------------------


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with db.uow() as uow:
        store.load_default_standards(uow)  # the shipped policies, as a clinic not connected
        uow.commit()
    with gui_harness(db, admin, tmp_path) as made:
        yield made


def test_my_account_lists_my_policies_and_acknowledges_one(
    qtbot, qtmodeltester, db, admin, harness
):
    reyes = add_staff(db, admin, "dr.reyes", "Ana Reyes")
    view = AccountView(harness.context_for(reyes))
    qtbot.addWidget(view)
    view.resize(900, 760)
    view.show()
    qtbot.waitExposed(view)
    box = view.policies
    assert box is not None
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    qtmodeltester.check(box.model)
    assert box.model.index(0, 0).data() == "Patient data stays in the clinic"
    assert box.model.index(0, 2).data().startswith("◷ Due by ")
    assert "1 to read and acknowledge" in box.summary.text()
    assert box.acknowledge_button.isEnabled()

    qtbot.mouseClick(box.acknowledge_button, Qt.MouseButton.LeftButton)
    dialog = box.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    bar = dialog.body.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.model.rowCount() == 1 and "✔" in box.model.index(0, 2).data())
    assert box.model.index(0, 2).data() == f"✔ Acknowledged {format_date(date.today())}"
    assert not box.acknowledge_button.isEnabled()
    assert "every policy" in box.summary.text()


def test_my_policies_read_in_spanish(qtbot, db, admin, harness):
    """Issue 17: the shipped policy's Spanish title in My account and its Spanish title and
    text in the dialog where it is read and acknowledged."""
    reyes = add_staff(db, admin, "dr.reyes", "Ana Reyes")
    language.install("es")
    try:
        view = AccountView(harness.context_for(reyes))
        qtbot.addWidget(view)
        view.resize(900, 760)
        view.show()
        qtbot.waitExposed(view)
        box = view.policies
        assert box is not None
        qtbot.waitUntil(lambda: box.model.rowCount() == 1)
        title = "Los datos de los pacientes se quedan en la clínica"
        assert box.model.index(0, 0).data() == title
        qtbot.mouseClick(box.acknowledge_button, Qt.MouseButton.LeftButton)
        dialog = box.dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        heading = dialog.findChild(QLabel, "policyHeading")
        assert heading is not None and heading.text().startswith(title)
        assert "Nunca se envía a la federación" in dialog.body.toPlainText()
        dialog.reject()
    finally:
        language.install("en")


def test_the_manager_sees_who_acknowledged_as_of_a_date_and_exports_it(
    qtbot, qtmodeltester, db, admin, harness, tmp_path
):
    manager = add_staff(db, admin, "mara", "Mara Manager", "manager")
    reyes = add_staff(db, admin, "dr.reyes", "Ana Reyes")
    with db.uow() as uow:
        training.update_staff(uow, manager, "dr.reyes", start_on=date(2024, 1, 1))
    with db.uow() as uow:
        policies.acknowledge(uow, manager, "policy.patient-data-stays-local", 2)

    view = TrainingView(harness.context_for(manager))
    qtbot.addWidget(view)
    view.resize(1080, 680)
    view.show()
    qtbot.waitExposed(view)
    assert view.tab_titles()[:2] == ["Compliance matrix", "Policies"]
    tab = view.policies_tab
    assert tab is not None
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert titles[:2] == ["Name", "Job roles"]
    # two policies leave room to spare: their titles whole, not cut at the matrix's cap
    header = tab.table.horizontalHeader()
    for column in range(2, tab.model.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    assert header.sectionSizeHint(2) > 240  # "Submitting and correcting monthly …"
    assert tab.as_of.width() < tab.filter.width() / 2  # a date's width
    local = 2 + [p.policy_id for p in tab.model.policies].index("policy.patient-data-stays-local")

    def cell(name: str, column: int) -> str:
        row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data() == name)
        return tab.model.index(row, column).data()

    assert cell("Mara Manager", local).startswith("✔ Acknowledged")
    assert cell("Ana Reyes", local).startswith("✘ Late, due by ")  # on staff since 2024
    assert "Patient data stays in the clinic: 1 acknowledged, 1 due, 1 late" in tab.counts.text()

    tab.as_of.setDate(QDate(2024, 12, 31))  # before the policies took effect
    qtbot.waitUntil(lambda: tab.overview is not None and tab.overview.as_of == date(2024, 12, 31))
    assert tab.model.policies == ()
    assert "No policy is in force" in tab.counts.text()
    tab.as_of.setDate(QDate.currentDate())
    qtbot.waitUntil(lambda: tab.model.policies != ())

    for kind in ("csv", "pdf"):
        target = tmp_path / f"acknowledgements.{kind}"
        tab.choose_path = lambda _title, _name, target=target: target
        tab.export(kind)
        qtbot.waitUntil(lambda target=target: tab.last_export == target, timeout=20_000)
        assert target.stat().st_size > 0
    assert "Ana Reyes" in (tmp_path / "acknowledgements.csv").read_text("utf-8")
    assert reyes.username == "dr.reyes"


def test_a_managers_today_counts_the_late_and_leads_to_the_policies_tab(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    db, admin = sqlite_db, sqlite_admin
    manager = add_staff(db, admin, "mara", "Mara Manager", "manager")
    add_staff(db, admin, "dr.reyes", "Ana Reyes")
    with db.uow() as uow:
        training.update_staff(uow, manager, "dr.reyes", start_on=date(2024, 1, 1))

    window = make_window(db, manager)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    # Ana (on staff since 2024) is late with the one policy for everyone; the manager and
    # the administrator are due with both (the other is for managers and administrators)
    assert (view.summary.policy_late, view.summary.policy_due) == (1, 4)
    assert view.policy_clinic.isVisible()
    assert view.policy_clinic.text.text() == "The clinic: 1 late, 4 still within their days."
    qtbot.mouseClick(view.policy_clinic.button, Qt.MouseButton.LeftButton)
    area = window.area_widget("training")
    assert window.stack.currentWidget() is area
    assert area.tabs.currentWidget() is area.policies_tab
