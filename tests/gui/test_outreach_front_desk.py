"""Front desk make outreach lists (issue 13: calls are their job): the Outreach action is
shown to them, and the list they save covers the whole clinic."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import caregaps
from tests.gui.test_panel import _wait_idle, clinic, open_panel  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def test_front_desk_save_an_outreach_list_for_the_clinic(
    qtbot: Any,
    sqlite_db: Database,
    sqlite_admin: Principal,
    clinic: dict[str, Any],  # noqa: F811 - the fixture
    open_panel: Any,  # noqa: F811 - the fixture
    tmp_path: Any,
) -> None:
    with sqlite_db.uow() as uow:
        caregaps.evaluate_clinic(uow, sqlite_admin)
    view = open_panel(clinic["desk"])
    tab = view.patients_tab
    assert tab.buttons["outreach"].isVisible()
    flu = "care-gap.influenza-vaccine"
    qtbot.waitUntil(lambda: tab.gap.findData(flu) > 0, timeout=30_000)
    _wait_idle(qtbot, view)
    tab.gap.setCurrentIndex(tab.gap.findData(flu))
    assert tab.outreach_action.isEnabled()
    target = tmp_path / "flu.csv"
    tab.choose_export_path = lambda _suggested: target
    qtbot.mouseClick(tab.buttons["outreach"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=30_000)
    text = target.read_text(encoding="utf-8")
    assert "Q-3" in text and "R-1" in text  # both clinicians' patients
    _wait_idle(qtbot, view)
