"""The Members area driven by clicks and keys against a real database:
enrol → approve → subscribe → pay, dialogs that keep what was typed after an
error, front desk who may only enrol, and the table models under the model tester."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from clinicdesk.domain.members import Status
from clinicdesk.domain.roles import Permission, Principal, Role, system_principal
from clinicdesk.services import members
from clinicdesk.services.members import EnrolRequest
from clinicdesk.ui import areas
from clinicdesk.ui.members.dialogs import (
    ApproveDialog,
    EnrolDialog,
    LeaveDialog,
    PayDialog,
    PrintRegisterDialog,
    ReverseDialog,
    SubscribeDialog,
    TransferDialog,
)
from clinicdesk.ui.members.import_dialog import RegisterImportDialog
from clinicdesk.ui.members.view import MembersView
from tests.helpers.gui_context import Harness, drag_divider, gui_harness

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


def open_view(qtbot, harness: Harness, ctx=None) -> MembersView:
    view = MembersView(ctx or harness.ctx)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    harness.wait_idle(qtbot)
    return view


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def set_date(edit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def select_row(qtbot, view: MembersView, row: int) -> None:
    rect = view.table.visualRect(view.model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def finish(qtbot, harness: Harness, view: MembersView) -> None:
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    harness.wait_idle(qtbot)


def test_enrol_approve_subscribe_pay(qtbot, qtmodeltester, db, harness):
    view = open_view(qtbot, harness)
    qtmodeltester.check(view.model)
    # English has no plural catalogue yet: Qt writes the numerus source as it is
    assert view.count_label.text() == "0 members"

    click(qtbot, view.buttons["enrol"])
    dialog = view.dialog
    assert isinstance(dialog, EnrolDialog) and dialog.isVisible()
    assert dialog.member_class.currentData() == "patient"  # most members are patients
    qtbot.keyClicks(dialog.family_name, "Okafor")
    qtbot.keyClicks(dialog.given_names, "Esi")
    set_date(dialog.applied_on, date(2024, 1, 8))
    click(qtbot, dialog.ok_button)  # no consents ticked: refused, input kept
    error = harness.wait_error(qtbot)
    assert "bylaws and the data policy" in error.text and error.parent is dialog
    assert dialog.isVisible() and dialog.family_name.text() == "Okafor"
    dialog.consent_bylaws.setChecked(True)
    dialog.consent_data.setChecked(True)
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 1).data() == "Okafor, Esi"
    assert view.model.index(0, 3).data() == "applicant"
    qtbot.waitUntil(lambda: view.detail is not None)

    select_row(qtbot, view, 0)
    assert view.approve_action.isEnabled()
    click(qtbot, view.buttons["approve"])
    dialog = view.dialog
    assert isinstance(dialog, ApproveDialog)
    set_date(dialog.approved_on, date(2024, 2, 1))
    qtbot.keyClicks(dialog.minute_ref, "Board 2024/2")
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(
        lambda: view.model.rowCount() == 1 and view.model.index(0, 3).data() == "active"
    )

    select_row(qtbot, view, 0)
    click(qtbot, view.buttons["subscribe"])
    dialog = view.dialog
    assert isinstance(dialog, SubscribeDialog)
    dialog.quantity.setValue(1)  # below the minimum of 2: refused, input kept
    set_date(dialog.effective_on, date(2024, 2, 1))
    click(qtbot, dialog.ok_button)
    error = harness.wait_error(qtbot, 2)
    assert "below the minimum" in error.text and dialog.quantity.value() == 1
    dialog.quantity.setValue(4)
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.index(0, 4).data() == 4)

    select_row(qtbot, view, 0)
    click(qtbot, view.buttons["pay"])
    dialog = view.dialog
    assert isinstance(dialog, PayDialog)
    qtbot.keyClicks(dialog.amount, "a hundred")
    click(qtbot, dialog.ok_button)
    error = harness.wait_error(qtbot, 3)
    assert "is not an amount" in error.text and dialog.amount.text() == "a hundred"
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "100.00")
    set_date(dialog.effective_on, date(2024, 3, 1))
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    finish(qtbot, harness, view)
    qtbot.waitUntil(
        lambda: view.model.rowCount() == 1 and view.model.index(0, 5).data() == "100.00"
    )
    qtbot.waitUntil(lambda: view.detail is not None and len(view.detail.ledger) == 2)

    # the detail shows the ledger as a timeline
    qtmodeltester.check(view.ledger_model)
    rows = [
        [view.ledger_model.index(r, c).data() for c in range(6)]
        for r in range(view.ledger_model.rowCount())
    ]
    assert rows == [
        ["Feb 1, 2024", "Subscription", "A", 4, "100.00", 4],
        ["Mar 1, 2024", "Payment", "A", "", "100.00", 4],
    ]
    assert "Votes: yes" in view.summary.text()
    with db.uow() as uow:
        detail = members.member_detail(uow, harness.ctx.principal, view.detail.id)
    assert detail.status is Status.ACTIVE and detail.paid_up == Decimal("100.00")


def test_search_pages_and_finds_by_number(qtbot, qtmodeltester, db, admin, harness):
    for n in range(250):
        with db.uow() as uow:
            members.enrol(
                uow,
                admin,
                EnrolRequest(
                    f"Name{n:03d}",
                    "X",
                    "patient",
                    date(2024, 1, 1),
                    consent_bylaws=True,
                    consent_data=True,
                ),
            )
    view = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: view.model.rowCount() == 200)
    qtmodeltester.check(view.model)
    assert view.count_label.text() == "200 of 250 members loaded"
    qtbot.keyClicks(view.filter, "name02")
    view.filter.flush()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 10)
    view.filter.clear()
    qtbot.keyClicks(view.filter, "17")
    view.filter.flush()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1)
    assert view.model.index(0, 0).data() == 17


def test_front_desk_may_only_enrol_and_clinicians_see_no_area(qtbot, harness):
    desk = Principal(None, "desk", "Desk", frozenset({Role.FRONT_DESK}))
    view = open_view(qtbot, harness, harness.context_for(desk))
    assert set(view.buttons) == {"enrol", "print", "refresh"}
    assert not view.approve_action.isEnabled()
    clinician = Principal(None, "dr", "Dr", frozenset({Role.CLINICIAN}))
    assert "members" not in [a.key for a in areas.areas_for(clinician)]
    assert "members" in [a.key for a in areas.areas_for(desk)]
    assert not clinician.can(Permission.VIEW_MEMBERS)


def _paid_member(db, admin, family: str, shares: int) -> int:
    with db.uow() as uow:
        row = members.enrol(
            uow,
            admin,
            EnrolRequest(
                family, "Ana", "patient", date(2023, 1, 2), consent_bylaws=True, consent_data=True
            ),
        )
    with db.uow() as uow:
        members.approve(uow, admin, row.id, date(2023, 2, 1), "Board 2023/1")
    with db.uow() as uow:
        members.subscribe(uow, admin, row.id, "A", shares, date(2023, 2, 1))
    with db.uow() as uow:
        members.pay(uow, admin, row.id, "A", Decimal(25 * shares), date(2023, 2, 1))
    return row.id


def test_transfer_leave_and_print(qtbot, db, admin, harness, tmp_path):
    from pypdf import PdfReader

    _paid_member(db, admin, "Alpha", 5)
    _paid_member(db, admin, "Beta", 2)
    view = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    select_row(qtbot, view, 0)  # Alpha, member 1
    click(qtbot, view.buttons["transfer"])
    dialog = view.dialog
    assert isinstance(dialog, TransferDialog)
    dialog.to_member.setValue(2)
    dialog.quantity.setValue(3)
    set_date(dialog.effective_on, date(2024, 5, 1))
    click(qtbot, dialog.ok_button)  # no board approval given: refused, input kept
    error = harness.wait_error(qtbot)
    assert "board approval" in error.text and dialog.quantity.value() == 3
    qtbot.keyClicks(dialog.approval_ref, "Board 2024/5")
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.index(1, 4).data() == 5)
    assert view.model.index(0, 4).data() == 2

    select_row(qtbot, view, 0)
    click(qtbot, view.buttons["leave"])
    dialog = view.dialog
    assert isinstance(dialog, LeaveDialog)
    set_date(dialog.end_on, date(2024, 12, 31))
    qtbot.keyClicks(dialog.reason, "Moved away")
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.index(0, 3).data() == "former")

    click(qtbot, view.buttons["print"])
    dialog = view.dialog
    assert isinstance(dialog, PrintRegisterDialog)
    set_date(dialog.as_of, date(2024, 6, 30))
    dialog.path.setText(str(tmp_path / "register.pdf"))
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(view.last_printed).pages).split())
    assert "Member register as of Jun 30, 2024" in text
    assert "Alpha, Ana" in text and "A: 2 (50.00 paid)" in text and "A: 5 (125.00 paid)" in text


def test_record_a_dividend_with_notices(qtbot, db, admin, harness, tmp_path):
    from pypdf import PdfReader

    from clinicdesk.ui.members.dialogs import DividendDialog

    _paid_member(db, admin, "Gamma", 2)  # 50.00 paid
    delta = _paid_member(db, admin, "Delta", 6)  # 150.00 paid
    view = open_view(qtbot, harness)
    click(qtbot, view.buttons["dividend"])
    dialog = view.dialog
    assert isinstance(dialog, DividendDialog)
    dialog.year.setValue(2023)
    qtbot.keyClicks(dialog.surplus, "1,000.00x")
    click(qtbot, dialog.ok_button)
    error = harness.wait_error(qtbot)
    assert "is not an amount" in error.text and dialog.surplus.text() == "1,000.00x"
    dialog.surplus.clear()
    qtbot.keyClicks(dialog.surplus, "1,000.01")
    dialog.notices.setText(str(tmp_path / "notices.pdf"))
    click(qtbot, dialog.ok_button)
    harness.wait_idle(qtbot)
    assert len(harness.errors) == 1, harness.errors[-1].text
    finish(qtbot, harness, view)
    info = view.last_dividend
    assert [(p[0], p[3]) for p in info.parts] == [(1, Decimal("250.00")), (2, Decimal("750.01"))]
    assert len(PdfReader(str(tmp_path / "notices.pdf")).pages) == 2
    # the member's details name the dividend by its title, once
    view.show_member(delta)
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.id == delta)
    assert view.summary.text().splitlines()[-1] == "Patronage dividend 2023: 750.01"


def test_an_empty_list_says_what_to_do_next(qtbot, db, harness):
    view = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: view.table.showing_empty_text())
    assert view.table.empty_text == (
        "No members yet. Enrol… (Ctrl+N) adds the first; Import register… (Ctrl+Shift+I) "
        "brings in a register kept elsewhere."
    )
    view.status_filter.setCurrentIndex(view.status_filter.findData("applicant"))
    qtbot.waitUntil(lambda: view.table.empty_text == "No member matches this search.")
    # front desk enrol, and do not import
    desk = Principal(None, "desk", "Desk", frozenset({Role.FRONT_DESK}))
    desk_view = open_view(qtbot, harness, harness.context_for(desk))
    qtbot.waitUntil(lambda: desk_view.table.showing_empty_text())
    assert desk_view.table.empty_text == "No members yet. Enrol… (Ctrl+N) adds the first."


def test_the_standard_class_names_are_marked_for_translation():
    from clinicdesk.services.members.common import DEFAULT_MEMBER_CLASSES, DEFAULT_SHARE_CLASSES
    from clinicdesk.ui.members.dialogs import STANDARD_NAMES
    from clinicdesk.ui.members.models import CLASS_NAMES

    assert {c[0] for c in DEFAULT_MEMBER_CLASSES} == set(CLASS_NAMES)
    names = [c[1] for c in DEFAULT_MEMBER_CLASSES] + [c[1] for c in DEFAULT_SHARE_CLASSES]
    assert set(names) == set(STANDARD_NAMES)


def enrol(db, admin, member_class: str = "patient", organisation: str | None = None) -> None:
    with db.uow() as uow:
        members.enrol(
            uow,
            admin,
            EnrolRequest(
                "Okafor",
                "Esi",
                member_class,
                date(2024, 1, 1),
                organisation_name=organisation,
                consent_bylaws=True,
                consent_data=True,
            ),
        )


def test_the_list_shows_all_its_columns_beside_the_details(qtbot, db, admin, harness):
    enrol(db, admin, "anchor", "Riverside School District Trust")
    view = MembersView(harness.ctx)
    qtbot.addWidget(view)
    view.resize(1040, 640)  # the area of a 1280 x 720 window
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.list_fitted)
    table, header = view.table, view.table.horizontalHeader()
    last = view.model.columnCount() - 1
    assert view.model.headerData(last, Qt.Orientation.Horizontal) == "Applied"
    # every column in view, from the number to the application date, none cut off
    assert header.sectionViewportPosition(0) == 0
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(1) >= header.sectionSizeFromContents(1).width()
    # and the member's details keep at least three tenths of the area
    left, right = view.splitter.sizes()
    assert right >= (left + right) * 0.3 - 1


def test_the_division_between_list_and_details_is_remembered(qtbot, db, admin, harness):
    enrol(db, admin)
    first = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: first.list_fitted)
    dragged = drag_divider(first.splitter, 0.25)
    first.close()

    again = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: again.model.rowCount() == 1)
    harness.wait_idle(qtbot)
    # kept as the person left it: not widened again for the list's columns
    assert again.list_fitted
    assert again.splitter.sizes() == dragged


_REGISTER_HEADER = (
    "record,register_no,family_name,given_names,organisation_name,member_class,email,phone,"
    "applied_on,approved_on,approval_ref,end_on,leave_reason,type,effective_on,share_class,"
    "quantity,amount,counterpart_register_no\n"
)
_REGISTER = _REGISTER_HEADER + (
    "member,3,Okafor,Esi,,patient,,,2018-01-10,2018-02-01,Board 2018-02,,,,,,,,\n"
    "member,4,Lindqvist,Tove,,worker,,,2018-02-01,2018-03-01,,,,,,,,,\n"
    "share,3,,,,,,,,,,,,subscribe,2018-02-01,A,2,,\n"
    "share,3,,,,,,,,,,,,pay,2018-02-15,A,,50.00,\n"
    "share,4,,,,,,,,,,,,subscribe,2018-03-01,A,4,100.00,\n"
    "share,4,,,,,,,,,,,,pay,2018-03-01,A,,100.00,\n"
    "share,4,,,,,,,,,Board 2019-05,,,transfer,2019-05-01,A,2,,3\n"
)


def _open_import(qtbot, view: MembersView, path) -> RegisterImportDialog:
    click(qtbot, view.buttons["import"])
    dialog = view.dialog
    assert isinstance(dialog, RegisterImportDialog) and dialog.isVisible()
    dialog.choose_file = lambda _parent: path
    click(qtbot, dialog.choose_button)
    assert dialog.path.text() == str(path)
    return dialog


def _member_count(db) -> int:
    with db.uow(read_only=True) as uow:
        return members.count_members(uow, system_principal("test"), "")


def test_a_manager_previews_then_imports_a_legacy_register(qtbot, db, harness, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(_REGISTER, encoding="utf-8")
    view = open_view(qtbot, harness)
    dialog = _open_import(qtbot, view, path)

    # Preview: every row checked, the counts told, nothing stored
    click(qtbot, dialog.preview_button)
    qtbot.waitUntil(lambda: dialog.last_report is not None and not dialog.busy)
    assert dialog.outcome.toPlainText() == (
        "Every row is accepted: Import would store 2 members and 5 share rows "
        "(register numbers 3–4). Nothing is stored yet."
    )
    assert _member_count(db) == 0

    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert [view.model.index(r, 1).data() for r in range(2)] == ["Lindqvist, Tove", "Okafor, Esi"]
    assert "Imported 2 members and 5 share rows" in harness.statuses
    assert _member_count(db) == 2


def test_a_register_with_a_refused_row_lists_it_and_stores_nothing(qtbot, db, harness, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(_REGISTER + "share,4,,,,,,,,,,,,redeem,2019-06-01,A,9,,\n", encoding="utf-8")
    view = open_view(qtbot, harness)
    dialog = _open_import(qtbot, view, path)

    click(qtbot, dialog.preview_button)
    qtbot.waitUntil(lambda: dialog.last_report is not None and not dialog.busy)
    lines = dialog.outcome.toPlainText().splitlines()
    assert lines[0].startswith("Nothing can be imported. Refused rows: 1.")
    assert lines[1].startswith("line 9: Member 4:") and len(lines) == 2

    # Import anyway: refused whole, said in a box, the rows listed, the dialog kept open
    click(qtbot, dialog.ok_button)
    box = harness.wait_error(qtbot)
    assert box.text.startswith("Nothing was imported. Refused rows: 1.")
    assert dialog.isVisible() and dialog.path.text() == str(path)
    assert dialog.outcome.toPlainText().splitlines()[1].startswith("line 9: Member 4:")
    assert _member_count(db) == 0


def test_the_import_asks_for_a_file_first(qtbot, db, harness):
    view = open_view(qtbot, harness)
    click(qtbot, view.buttons["import"])
    dialog = view.dialog
    click(qtbot, dialog.preview_button)
    box = harness.wait_error(qtbot)
    assert box.text.startswith("Choose the register file.")
    assert dialog.isVisible() and dialog.focusWidget() is dialog.path


def test_a_payment_entered_in_error_is_reversed_from_the_ledger(qtbot, db, admin, harness):
    member_id = _paid_member(db, admin, "Alpha", 2)  # subscribe 2 A shares, pay 50.00
    view = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    select_row(qtbot, view, 0)
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.id == member_id)
    assert view.detail.paid_up == Decimal("50.00")
    assert not view.reverse_action.isEnabled()  # no entry chosen yet
    payment = next(r for r, e in enumerate(view.detail.ledger) if e.type.value == "pay")
    view.ledger.selectRow(payment)
    assert view.reverse_action.isEnabled()

    click(qtbot, view.buttons["reverse"])
    dialog = view.dialog
    assert isinstance(dialog, ReverseDialog)
    assert (
        dialog.findChild(QLabel, "reversed_entry").text()
        == "Entry: Feb 1, 2023, Payment, class A, 50.00"
    )
    assert dialog.effective_on.date() == QDate(2023, 2, 1)  # the entry's own day
    click(qtbot, dialog.ok_button)  # no reason: refused, the dialog kept
    error = harness.wait_error(qtbot)
    assert "Say why the entry is reversed." in error.text and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "cheque returned")
    click(qtbot, dialog.ok_button)
    finish(qtbot, harness, view)

    qtbot.waitUntil(lambda: view.detail is not None and len(view.detail.ledger) == 3)
    assert view.detail.paid_up == Decimal("0.00")
    lines = [view.ledger_model.index(r, 1).data() for r in range(3)]
    assert lines[payment] == "Payment (reversed)" and "Reversal of entry" in lines[2]
    # neither the reversed entry nor its reversal is reversed again
    for row in (payment, 2):
        view.ledger.selectRow(row)
        assert not view.reverse_action.isEnabled()
