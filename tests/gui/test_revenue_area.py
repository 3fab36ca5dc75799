"""The Revenue area driven by clicks and keys against a real database:
who sees it; entering a month's lines; lock and submit with their
confirmations; the amendment; the statement preview (QtPdf) and save; the chart; every
table model checked by qtmodeltester."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.reports.page import month as month_name
from clinicdesk.services import federation_store, revenue, settings
from clinicdesk.services.revenue import PeriodStatus
from clinicdesk.ui import areas
from clinicdesk.ui.revenue.dialogs import ImportDialog, LinesDialog
from clinicdesk.ui.revenue.models import month_text
from clinicdesk.ui.revenue.statement import StatementDialog
from clinicdesk.ui.revenue.view import RevenueView
from clinicdesk.ui.tables import EXPORT_ROLE
from tests.gui.conftest import add_clinician
from tests.helpers.gui_context import Harness, drag_divider, gui_harness

pytestmark = pytest.mark.gui

LAST_MONTH = str(Period.of(datetime.now(UTC).date()).previous())


def joined_months_ago(db, actor: Principal, months: int = 23) -> None:
    """The clinic joined the federation `months` months ago: Revenue lists that month
    to this one (24 rows by default). A clinic set up today is asked only for this one."""
    first = Period.of(datetime.now(UTC).date())
    for _ in range(months):
        first = first.previous()
    with db.uow() as uow:
        settings.set_federation_joined(uow, actor, str(first))


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    joined_months_ago(db, admin)
    with gui_harness(db, admin, tmp_path) as h:
        yield h


def open_view(
    qtbot, harness: Harness, answers: list[bool] | None = None, rows: int = 24
) -> RevenueView:
    view = RevenueView(harness.ctx)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    asked: list[str] = []

    def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0) if answers else False

    view.confirm = confirm
    view.asked = asked  # type: ignore[attr-defined]
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.months_model.rowCount() == rows)
    harness.wait_idle(qtbot)
    return view


def click(qtbot, view: RevenueView, name: str) -> None:
    button = view.buttons[name]
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def current_dialog(qtbot, view: RevenueView):
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    return view.dialog


def test_the_area_is_for_managers_and_admins_only(qtbot, db, admin, make_window):
    clinician = add_clinician(db, admin)
    desk = Principal(None, "desk", "Desk", frozenset({Role.FRONT_DESK}))
    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    for outsider in (clinician, desk):
        assert "revenue" not in [a.key for a in areas.areas_for(outsider)]
    assert "revenue" in [a.key for a in areas.areas_for(manager)]
    assert make_window(db, clinician).area_keys().count("revenue") == 0

    window = make_window(db, admin)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = window.area_keys()
    assert keys.index("revenue") == keys.index("federation") - 1  # DESIGN §7 order
    qtbot.keyClick(window.nav, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "revenue"
    assert isinstance(window.area_widget("revenue"), RevenueView)


def test_enter_lock_submit_amend_and_statement(qtbot, qtmodeltester, db, admin, harness, tmp_path):
    answers = [False, True, True]  # lock: no, then yes; submit: yes
    view = open_view(qtbot, harness, answers)
    qtmodeltester.check(view.months_model)
    qtmodeltester.check(view.months_proxy)
    assert view.selected_month().period == LAST_MONTH
    # The month reads as a month ("November 2026"); a CSV export keeps YYYY-MM.
    first = view.months_model.index(view.months_model.row_of(LAST_MONTH), 0)
    assert first.data() == month_text(LAST_MONTH) != LAST_MONTH
    assert first.data(EXPORT_ROLE) == LAST_MONTH
    assert view.status_label.text() == "No revenue entered"
    assert [view.buttons[n].isEnabled() for n in ("edit", "lock", "submit", "amend")] == [
        True,
        False,
        False,
        False,
    ]

    # Enter the lines: a bad amount is refused and the dialog keeps what was typed.
    click(qtbot, view, "edit")
    dialog: LinesDialog = current_dialog(qtbot, view)
    dialog.set_amount("member_fees", "12000")
    dialog.set_amount("grants", "-800")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    box = harness.wait_error(qtbot)
    assert "negative" in box.text and "Row 4" in box.text
    assert dialog.isVisible() and dialog.amount_text("member_fees") == "12000"
    dialog.set_amount("grants", "800")
    dialog.set_amount("fee_for_service", "1,999.99")  # the one money rule: grouping is fine
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    row = dialog.table.rowCount() - 1
    dialog.table.cellWidget(row, 0).setCurrentIndex(1)  # anchor-organisation contracts
    dialog.table.item(row, 1).setText("City schools")
    dialog.table.item(row, 2).setText("4500.50")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == LAST_MONTH)
    harness.wait_idle(qtbot)
    assert view.current.status is PeriodStatus.DRAFT
    assert view.figures["contribution"].text() == "555.01"
    # The rate names its standard by title; the id and version are in its tooltip.
    assert "Monthly contribution to the federation fund" in view.figures["rate"].text()
    assert "contribution-rate.federation" not in view.figures["rate"].text()
    assert view.figures["rate"].toolTip() == "contribution-rate.federation, version 1"
    qtmodeltester.check(view.lines_model)
    assert view.lines_model.rowCount() == 4
    assert view.months_model.find(LAST_MONTH).status is PeriodStatus.DRAFT

    # Lock: the first answer is No (nothing happens), the second Yes.
    click(qtbot, view, "lock")
    assert len(view.asked) == 1 and "555.01" in view.asked[0]
    harness.wait_idle(qtbot)
    assert view.current.status is PeriodStatus.DRAFT
    click(qtbot, view, "lock")
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.LOCKED)
    harness.wait_idle(qtbot)
    assert view.buttons["submit"].isEnabled() and not view.buttons["edit"].isEnabled()

    click(qtbot, view, "submit")
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.SUBMITTED)
    harness.wait_idle(qtbot)
    assert view.status_label.text() == "submitted — waiting to send"
    qtmodeltester.check(view.submissions_model)
    assert view.submissions_model.index(0, 4).data() == "Waiting to send"
    with db.uow(read_only=True) as uow:
        [message] = federation_store.list_outbox(uow, admin)
    assert message.aggregate_key == f"contribution:{LAST_MONTH}"

    # Amend with Ctrl+M.
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.months_table.setFocus()
    qtbot.keyClick(view.months_table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = current_dialog(qtbot, view)
    assert dialog.amend and dialog.amount_text("member_fees") == "12000.00"
    assert dialog.amount_text("anchor_contracts", "City schools") == "4500.50"
    dialog.set_amount("member_fees", "12500")
    dialog.table.setCurrentCell(dialog.row_of("grants"), 2)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # grants become 0.00
    assert dialog.row_of("grants") is None
    dialog.reason.setCurrentIndex(dialog.reason.findData("late_revenue"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.submissions_model.rowCount() == 2)
    harness.wait_idle(qtbot)
    assert view.submissions_model.index(1, 0).data() == "Amendment 1"
    assert view.submissions_model.index(1, 3).data() == "+15.00"

    # The statement: previewed with QtPdf, saved.
    click(qtbot, view, "statement")
    statement: StatementDialog = current_dialog(qtbot, view)
    assert statement.page_count >= 1
    target = tmp_path / "statement.pdf"
    statement.save_to(target)
    text = pypdf.PdfReader(target).pages[0].extract_text()
    assert "570.01" in text and "+15.00" in text and month_name(LAST_MONTH) in text
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    statement.print_to(printer)
    assert len(pypdf.PdfReader(printed).pages) == statement.page_count
    statement.reject()
    with db.uow(read_only=True) as uow:
        info = revenue.show(uow, admin, LAST_MONTH)
    assert info.contribution == Decimal("570.01")
    assert info.totals["grants"] == Decimal("0.00")
    assert harness.errors and len(harness.errors) == 1  # only the negative amount


def test_the_chart_shows_24_months(qtbot, db, admin, harness):
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=100"]))
    joined_months_ago(db, admin, 24)  # 25 months listed; the chart leaves out this one
    view = open_view(qtbot, harness, rows=25)
    view.tabs.setCurrentIndex(1)
    assert len(view.chart.months) == 24 and view.chart.months[-1] == LAST_MONTH
    # The month is a draft: drawn in the draft bar set, not as final revenue.
    final, draft = view.chart.chart().series()[0].barSets()
    assert (final.at(23), draft.at(23)) == (0, 100)
    assert view.chart.drafts == [LAST_MONTH]
    QApplication.processEvents()


def test_overdue_months_are_named(qtbot, db, admin, harness):
    # Nothing entered: last month is overdue once its due date (the 15th) has passed.
    view = open_view(qtbot, harness)
    overdue = [m.period for m in view.months_model.rows() if m.overdue]
    assert view.overdue_label.isVisible() == bool(overdue)
    for period in overdue:  # named as the person's language names a month
        assert month_text(period) in view.overdue_label.text()
    assert len(overdue) >= 20  # of 24 months: not those before the first rate, nor not yet due


def test_csv_import_with_mapping_preview_and_refusal(qtbot, qtmodeltester, db, harness, tmp_path):
    view = open_view(qtbot, harness)
    bad = tmp_path / "bad.csv"
    bad.write_text("Account;Total\nmember_fees;100\nbingo;5\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(
        "Total;Memo;Account\n1200.00;Dues;Member fees\n300.50;;fee_for_service\n",
        encoding="utf-8",
    )
    click(qtbot, view, "import")
    dialog: ImportDialog = current_dialog(qtbot, view)

    dialog.load_file(bad)
    # No column is called "category" or "amount": the person is asked to choose.
    qtbot.waitUntil(lambda: "Choose which columns" in dialog.problems.toPlainText())
    assert not dialog.import_button.isEnabled()
    dialog.category_column.setCurrentIndex(dialog.category_column.findData("Account"))
    dialog.amount_column.setCurrentIndex(dialog.amount_column.findData("Total"))
    qtbot.waitUntil(lambda: "Row 3" in dialog.problems.toPlainText())
    assert "bingo" in dialog.problems.toPlainText()
    assert not dialog.import_button.isEnabled()

    dialog.load_file(good)
    dialog.category_column.setCurrentIndex(dialog.category_column.findData("Account"))
    dialog.amount_column.setCurrentIndex(dialog.amount_column.findData("Total"))
    dialog.label_column.setCurrentIndex(dialog.label_column.findData("Memo"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    harness.wait_idle(qtbot)
    assert dialog.problems.toPlainText() == ""
    assert "total 1,500.50" in dialog.totals.text()
    qtmodeltester.check(dialog.lines_model)
    assert dialog.lines_model.rowCount() == 2
    with db.uow(read_only=True) as uow:
        assert revenue.month_statuses(uow, harness.ctx.principal, months=1)[0].total is None

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == LAST_MONTH)
    harness.wait_idle(qtbot)
    assert view.figures["total"].text() == "1,500.50"
    assert {(line.category, line.label) for line in view.current.lines} == {
        ("member_fees", "Dues"),
        ("fee_for_service", ""),
    }


def test_every_amendment_reason_has_a_name_to_translate():
    from clinicdesk.federation.schemas import AmendmentReason
    from clinicdesk.ui.revenue.models import REASON_TITLES

    assert set(REASON_TITLES) == set(AmendmentReason)


def test_the_months_list_shows_its_key_columns_whole(qtbot, db, admin, harness):
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=123456.78"]))
    view = open_view(qtbot, harness)  # 1300 px wide
    view.splitter.setSizes([300, 900])  # as a narrow first layout would leave it
    view.months_fitted = False
    view.refresh()
    qtbot.waitUntil(lambda: view.months_fitted)
    QApplication.processEvents()
    table = view.months_table
    header = table.horizontalHeader()
    contribution = view.months_model.KEY_COLUMNS - 1
    assert view.months_model.headerData(contribution, Qt.Orientation.Horizontal) == ("Contribution")
    # month, status, revenue and contribution in view, none cut off
    assert header.sectionViewportPosition(0) == 0
    end = header.sectionViewportPosition(contribution) + header.sectionSize(contribution)
    assert end <= table.viewport().width()
    # and the month's details keep at least half the area
    left, right = view.splitter.sizes()
    assert right >= left


def test_the_division_the_manager_drags_to_is_kept(qtbot, db, admin, harness):
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=100"]))
    first = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: first.months_fitted)
    dragged = drag_divider(first.splitter, 0.2)
    first.close()
    again = open_view(qtbot, harness)
    qtbot.waitUntil(lambda: again.current is not None)
    harness.wait_idle(qtbot)
    assert again.splitter.sizes() == dragged  # not widened again for the key columns


def test_a_months_lines_are_fitted_to_that_month_not_the_first_one_shown(qtbot, db, admin, harness):
    earlier = str(Period.parse(LAST_MONTH).previous())
    long_label = "Riverside School District (anchor invoices)"
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=100"]))
    with db.uow() as uow:
        revenue.set_lines(
            uow, admin, earlier, revenue.parse_lines([f"anchor_contracts/{long_label}=1260.00"])
        )
    view = open_view(qtbot, harness)  # last month first: short labels
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == LAST_MONTH)
    view.select_period(earlier)
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == earlier)
    table = view.lines_table
    # the sub-line is whole: its column as wide as the longest label (up to the cap)
    wanted = min(table.sizeHintForColumn(1), table.MAX_FITTED_WIDTH)
    assert table.horizontalHeader().sectionSize(1) >= wanted
    assert view.lines_model.index(0, 1).data() == long_label


def test_the_rate_and_the_fund_allocation_read_across_the_details(qtbot, db, admin, harness):
    """The rate with its standard and the fund's five parts are sentences: beside the
    navigation list of a 1280 x 720 window they run the width of the month's details in
    a line or two, not down a half-width column (ten lines, before)."""
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=12000"]))
    view = open_view(qtbot, harness)
    view.resize(1060, 640)  # what the area gets in a 1280 x 720 window
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == LAST_MONTH)
    QApplication.processEvents()
    for name in ("rate", "allocation"):
        label = view.figures[name]
        assert label.text()
        lines = label.height() / label.fontMetrics().lineSpacing()
        assert lines < 2.5, (name, label.text(), lines)
