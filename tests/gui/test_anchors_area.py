"""The Anchors area driven by clicks against a real database: a manager adds an
organisation and a contract, imports a roster (first only showing what would change),
decides a held row, runs and issues the month's invoices, records a payment and saves
the PDF; front desk see the lists with no actions; the table models pass the tester."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from clinicdesk.services import anchors, revenue
from clinicdesk.services.patients import PatientInput
from clinicdesk.services.patients.changing import register_patient
from clinicdesk.ui import areas
from clinicdesk.ui.anchors.dialogs import (
    ContractDialog,
    OrganisationDialog,
    PaymentDialog,
    ResolveDialog,
    RosterImportDialog,
)
from clinicdesk.ui.anchors.view import AnchorsView
from tests.helpers.clinic import add_staff
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui

ROSTER = """Employee ID,Surname,First name,DOB
E1,Okafor,Ada,1980-04-02
E2,Berg,Lena,1970-02-02
E3,Martin,Jon,1990-01-15
"""


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def select_first(qtbot, tab) -> None:
    rect = tab.table.visualRect(tab.proxy.index(0, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def finish(qtbot, harness, tab) -> None:
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    harness.wait_idle(qtbot)


def test_a_manager_imports_a_roster_and_issues_invoices(qtbot, qtmodeltester, db, admin, tmp_path):
    manager = add_staff(db, admin, "manager", "Mara Manager", "manager")
    with db.uow() as uow:  # same name as Jon on the roster, another birth date: uncertain
        jon = register_patient(uow, admin, PatientInput("M1", "Martin", "Jon", date(1990, 1, 16)))
    with gui_harness(db, manager, tmp_path) as harness:
        view = AnchorsView(harness.ctx)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        view.show()
        qtbot.waitExposed(view)
        harness.wait_idle(qtbot)
        tab = view.contracts
        qtmodeltester.check(tab.model)
        # an empty list says what to do first
        assert tab.table.showing_empty_text()
        assert tab.table.empty_text.startswith("No direct-care contracts yet. Add organisation…")

        click(qtbot, tab.buttons["add"])
        dialog = tab.dialog
        assert isinstance(dialog, OrganisationDialog)
        qtbot.keyClicks(dialog.name, "Harbour Port Co-op")
        dialog.kind.setCurrentIndex(dialog.kind.findData("coop"))
        click(qtbot, dialog.ok_button)
        finish(qtbot, harness, tab)
        assert tab.organisations == ["Harbour Port Co-op"]

        click(qtbot, tab.buttons["edit"])
        dialog = tab.dialog
        assert isinstance(dialog, ContractDialog)
        qtbot.keyClicks(dialog.reference, "PORT")
        qtbot.keyClicks(dialog.pmpm, "12.50")  # refused: not an amount (a decimal comma)
        dialog.pmpm.setText("80,5")
        qtbot.keyClicks(dialog.start, "2026-01-01")
        click(qtbot, dialog.ok_button)
        assert "not an amount" in harness.wait_error(qtbot).text
        assert dialog.isVisible() and dialog.reference.text() == "PORT"  # kept
        dialog.pmpm.setText("80.00")
        click(qtbot, dialog.ok_button)
        finish(qtbot, harness, tab)
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
        assert tab.model.index(0, 2).data() == "80.00"
        assert not tab.table.showing_empty_text()
        # a filter that hides the one contract says so, not "no contracts yet"
        tab.filter.setText("no such organisation")
        qtbot.waitUntil(lambda: tab.table.showing_empty_text())
        assert tab.table.empty_text == "Nothing matches the filter."
        tab.filter.clear()
        qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)

        census = tmp_path / "census.csv"
        census.write_text(ROSTER, encoding="utf-8")
        for dry_run in (True, False):
            click(qtbot, tab.buttons["import"])
            dialog = tab.dialog
            assert isinstance(dialog, RosterImportDialog)
            dialog.path.setText(str(census))
            dialog.effective.setText("2026-03-01")
            dialog.dry_run.setChecked(dry_run)
            click(qtbot, dialog.ok_button)
            finish(qtbot, harness, tab)
            assert tab.last_roster is not None and tab.last_roster.dry_run is dry_run
            assert tab.last_roster.summary["add"] == 2 and tab.last_roster.summary["review"] == 1
        assert "Changed PORT" in tab.outcome.text()
        qtbot.waitUntil(lambda: tab.model.index(0, 7).data() == 2)

        view.tabs.setCurrentWidget(view.review)
        review = view.review
        qtbot.waitUntil(lambda: review.model.rowCount() == 1)
        qtmodeltester.check(review.model)
        select_first(qtbot, review)
        click(qtbot, review.buttons["approve"])
        dialog = review.dialog
        assert isinstance(dialog, ResolveDialog)
        assert dialog.choice.currentData() == jon.id
        click(qtbot, dialog.ok_button)
        finish(qtbot, harness, review)
        qtbot.waitUntil(lambda: review.model.rowCount() == 0)

        view.tabs.setCurrentWidget(view.invoices)
        invoices = view.invoices
        harness.wait_idle(qtbot)
        invoices.month.setText("2026-03")
        click(qtbot, invoices.buttons["evaluate"])
        qtbot.waitUntil(lambda: invoices.model.rowCount() == 1)
        assert invoices.last_run is not None and invoices.last_run.total == Decimal("240.00")
        assert invoices.model.index(0, 1).data() == "March 2026"  # as the app names months
        click(qtbot, invoices.buttons["submit"])
        qtbot.waitUntil(lambda: invoices.model.row_at(0).status == "issued")
        qtmodeltester.check(invoices.model)
        select_first(qtbot, invoices)
        click(qtbot, invoices.buttons["pay"])
        dialog = invoices.dialog
        assert isinstance(dialog, PaymentDialog) and dialog.amount.text() == "240.00"
        dialog.amount.setText("100.00")
        dialog.paid_on.setText(date.today().isoformat())
        click(qtbot, dialog.ok_button)
        finish(qtbot, harness, invoices)
        qtbot.waitUntil(lambda: invoices.model.index(0, 4).data() != "issued")
        assert invoices.model.row_at(0).paid == Decimal("100.00")
        assert "draft revenue" in invoices.outcome.text()

        target = tmp_path / "out" / "invoice.pdf"
        target.parent.mkdir()
        invoices.choose_path = lambda _title, _name: target
        click(qtbot, invoices.buttons["pdf"])
        qtbot.waitUntil(lambda: invoices.last_saved == target)
        assert target.read_bytes().startswith(b"%PDF")

        view.tabs.setCurrentWidget(view.ageing)  # not due yet: 140.00 owed, current
        qtbot.waitUntil(lambda: view.ageing.model.rowCount() == 1)
        qtmodeltester.check(view.ageing.model)
        assert view.ageing.model.index(0, 6).data() == "140.00"

        tab = view.proposal
        assert tab is not None
        view.tabs.setCurrentWidget(tab)
        tab.employees.setValue(120)
        tab.current.setText("550.00")
        tab.pmpm.setText("85.00")
        tab.wrap.setText("210.00")
        assert tab.outcome.text().startswith("Yearly saving 367,200.00 (3,060.00 per employee")
        tab.wrap.setText("21,0")  # not an amount: said, and nothing to save
        assert "not an amount" in tab.outcome.text() and not tab.pdf_action.isEnabled()
        tab.wrap.setText("210.00")
        qtbot.keyClicks(tab.employer, "Acme Foods")
        proposal = tmp_path / "out" / "proposal.pdf"
        tab.choose_path = lambda _title, _name: proposal
        click(qtbot, tab.buttons["pdf"])
        qtbot.waitUntil(lambda: tab.last_saved == proposal)
        assert proposal.read_bytes().startswith(b"%PDF")

    with db.uow() as uow:
        (invoice,) = anchors.list_invoices(uow, manager)
        month = revenue.show(uow, manager, date.today().strftime("%Y-%m"))
    assert invoice.paid == Decimal("100.00")
    assert month.totals["anchor_contracts"] == Decimal("100.00")


def test_front_desk_see_the_lists_without_actions(qtbot, db, admin, tmp_path):
    desk = add_staff(db, admin, "desk", "Dee Desk", "front_desk")
    clinician = add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")
    assert "anchors" in [a.key for a in areas.areas_for(desk)]
    assert "anchors" not in [a.key for a in areas.areas_for(clinician)]
    with gui_harness(db, desk, tmp_path) as harness:
        view = AnchorsView(harness.ctx)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        harness.wait_idle(qtbot)
        assert set(view.contracts.buttons) == {"refresh"}
        assert view.contracts.table.showing_empty_text()
        assert view.contracts.table.empty_text == (
            "No direct-care contracts yet. A clinic manager adds them."
        )
        assert set(view.review.buttons) == {"refresh"}
        assert set(view.invoices.buttons) == {"pdf", "refresh"}
        assert view.proposal is None  # the pitch is the managers'
        assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
            "Co&ntracts",
            "Roster revie&w",
            "In&voices",
            "&Ageing",
        ]
        view.contracts.import_roster()  # a shortcut pressed anyway does nothing
        assert view.contracts.dialog is None
