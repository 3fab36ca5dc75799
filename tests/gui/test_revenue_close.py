"""Revenue walkthrough defects (issue 13), clicked through against a real database: a
clinic set up today is asked only for this month, and says from when months are due
(a manager moves it); locking this month warns that it is not over; a locked month is
unlocked with a confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import revenue, settings
from clinicdesk.services.revenue import PeriodStatus
from clinicdesk.ui.revenue.dialogs import JoinedDialog
from clinicdesk.ui.revenue.models import month_text
from tests.gui.test_revenue_area import LAST_MONTH, click, current_dialog, open_view
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui

THIS_MONTH = str(Period.of(datetime.now(UTC).date()))


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


def test_a_new_clinic_lists_only_this_month_and_a_manager_moves_the_start(
    qtbot, db, admin, tmp_path
):
    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    with gui_harness(db, manager, tmp_path) as harness:
        view = open_view(qtbot, harness, rows=1)
        assert view.months_model.rows()[0].period == THIS_MONTH
        assert not view.overdue_label.isVisible()
        assert month_text(THIS_MONTH) in view.joined_label.text()
        assert view.joined_button.isVisible()

        qtbot.mouseClick(view.joined_button, Qt.MouseButton.LeftButton)
        dialog: JoinedDialog = current_dialog(qtbot, view)
        assert dialog.month.text() == THIS_MONTH
        dialog.month.setText("next year")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert "not a month" in harness.wait_error(qtbot).text and dialog.isVisible()
        dialog.month.setText(LAST_MONTH)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.months_model.rowCount() == 2)
        harness.wait_idle(qtbot)
        assert [m.period for m in view.months_model.rows()] == [THIS_MONTH, LAST_MONTH]
        assert month_text(LAST_MONTH) in view.joined_label.text()


def test_locking_this_month_warns_that_it_is_not_over(qtbot, db, admin, harness):
    with db.uow() as uow:
        revenue.set_lines(uow, admin, THIS_MONTH, revenue.parse_lines(["member_fees=100"]))
    view = open_view(qtbot, harness, rows=1)
    warnings: list[str] = []
    answers = [False, True]

    def warn(_title: str, text: str) -> bool:
        warnings.append(text)
        return answers.pop(0)

    view.confirm_warning = warn
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == THIS_MONTH)
    click(qtbot, view, "lock")
    assert len(warnings) == 1 and "not over yet" in warnings[0]
    assert view.asked == []  # the warning replaces the ordinary question
    harness.wait_idle(qtbot)
    assert view.current.status is PeriodStatus.DRAFT
    click(qtbot, view, "lock")
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.LOCKED)


def test_a_locked_month_is_unlocked_after_a_confirmation(qtbot, db, admin, harness):
    with db.uow() as uow:
        settings.set_federation_joined(uow, admin, LAST_MONTH)
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=100"]))
    with db.uow() as uow:
        revenue.lock(uow, admin, LAST_MONTH)
    view = open_view(qtbot, harness, answers=[False, True], rows=2)
    qtbot.waitUntil(lambda: view.current is not None and view.current.period == LAST_MONTH)
    assert view.buttons["unlock"].isEnabled() and not view.buttons["edit"].isEnabled()
    click(qtbot, view, "unlock")
    assert "draft again" in view.asked[0]
    harness.wait_idle(qtbot)
    assert view.current.status is PeriodStatus.LOCKED
    click(qtbot, view, "unlock")
    qtbot.waitUntil(lambda: view.current.status is PeriodStatus.DRAFT)
    harness.wait_idle(qtbot)
    assert view.buttons["edit"].isEnabled() and not view.buttons["unlock"].isEnabled()
