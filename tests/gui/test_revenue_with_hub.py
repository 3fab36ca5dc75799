"""A manager closes a month in the window, submits it, syncs with a real hub from the
status bar and sees the hub's receipt in the Revenue area and on the statement; then
amends it and syncs again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from clinicdesk.domain.revenue import Period
from clinicdesk.federation import credentials
from clinicdesk.services import federation_link
from clinicdesk.services.revenue import PeriodStatus
from clinicdesk.ui.revenue.view import RevenueView
from tests.gui.test_revenue_area import joined_months_ago
from tests.gui.test_sync_status import CountingFactory
from tests.helpers.hub import admin_json
from tests.helpers.hub_fixtures import add_member

pytestmark = pytest.mark.gui

LAST_MONTH = str(Period.of(datetime.now(UTC).date()).previous())


@pytest.fixture
def factory() -> Iterator[CountingFactory]:
    made = CountingFactory()
    yield made
    made.close()


def _sync(qtbot, window) -> None:
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=60_000) as finished:
        qtbot.mouseClick(window.sync_status.button, Qt.MouseButton.LeftButton)
    report = finished.args[0].report
    assert report is not None and report.hub_usable and not report.errors, report


def _wait_month(qtbot, view: RevenueView, status: PeriodStatus) -> None:
    qtbot.waitUntil(
        lambda: (
            view.current is not None
            and view.current.period == LAST_MONTH
            and view.current.status is status
        ),
        timeout=10_000,
    )


def test_close_submit_sync_receipt_amend_in_the_window(
    qtbot, db, admin, make_window, factory, hub, boxes
):
    member = add_member(hub)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)

    joined_months_ago(db, admin)
    window = make_window(db, admin)
    window.sync_status.client_factory = factory
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    view = window.area_widget("revenue")
    assert isinstance(view, RevenueView)
    view.confirm = lambda _title, _text: True
    qtbot.waitUntil(lambda: view.months_model.rowCount() == 24)
    view.select_period(LAST_MONTH)

    qtbot.waitUntil(lambda: view.buttons["edit"].isEnabled())
    qtbot.mouseClick(view.buttons["edit"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    dialog.set_amount("member_fees", "20000")
    dialog.set_amount("fee_for_service", "5000.50")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    _wait_month(qtbot, view, PeriodStatus.DRAFT)
    qtbot.waitUntil(lambda: view.buttons["lock"].isEnabled())
    qtbot.mouseClick(view.buttons["lock"], Qt.MouseButton.LeftButton)
    _wait_month(qtbot, view, PeriodStatus.LOCKED)
    qtbot.waitUntil(lambda: view.buttons["submit"].isEnabled())
    qtbot.mouseClick(view.buttons["submit"], Qt.MouseButton.LeftButton)
    _wait_month(qtbot, view, PeriodStatus.SUBMITTED)
    assert view.status_label.text() == "submitted — waiting to send"

    _sync(qtbot, window)
    _wait_month(qtbot, view, PeriodStatus.ACKNOWLEDGED)
    [held] = admin_json(hub.db_url, "contributions", "--clinic", member.clinic_id, "--json")
    assert held["amount"] == "750.02"  # 25000.50 x 3 % = 750.015 -> 750.02
    qtbot.waitUntil(lambda: view.submissions_model.rowCount() == 1)
    assert view.submissions_model.index(0, 4).data() == held["receipt_id"]

    qtbot.mouseClick(view.buttons["amend"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    view.dialog.set_amount("grants", "1200")
    view.dialog.set_amount("member_fees", "20100")
    qtbot.mouseClick(view.dialog.ok_button, Qt.MouseButton.LeftButton)
    _wait_month(qtbot, view, PeriodStatus.SUBMITTED)
    _sync(qtbot, window)
    _wait_month(qtbot, view, PeriodStatus.ACKNOWLEDGED)
    rows = admin_json(hub.db_url, "contributions", "--clinic", member.clinic_id, "--json")
    assert [(r["sequence"], r["amount"]) for r in rows] == [(0, "750.02"), (1, "753.02")]
    qtbot.waitUntil(lambda: view.submissions_model.rowCount() == 2)
    assert view.submissions_model.index(1, 3).data() == "+3.00"
    assert view.submissions_model.index(1, 4).data() == rows[1]["receipt_id"]
    assert boxes == []
