"""The demo clinic was never connected, so its Outbox says nothing was sent (issue 13:
it listed 23 contributions as Sent): only last month's submission waits, and Today's
federation line agrees."""

from __future__ import annotations

import pytest

from clinicdesk.services import demo
from clinicdesk.services.federation_store import OutboxState
from clinicdesk.ui.federation.outbox import OutboxTab
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui


def test_the_demo_outbox_shows_nothing_sent(qtbot, db, tmp_path):
    with db.uow() as uow:
        demo.create(uow, seed=2, patients=0)
    with db.uow() as uow:
        manager = demo.sign_in_demo_user(uow, demo.DEMO_MANAGER)
    with gui_harness(db, manager, tmp_path) as harness:
        tab = OutboxTab(harness.ctx)
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitExposed(tab)
        qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
        harness.wait_idle(qtbot)
        states = [tab.model.index(r, 2).data() for r in range(tab.model.rowCount())]
        sent_at = [tab.model.index(r, 7).data() for r in range(tab.model.rowCount())]
        assert states == ["Waiting"] and sent_at == [""]
        assert tab.model.index(0, 0).data() == "Monthly contribution"  # the kind, in words
        assert all(m.state is OutboxState.PENDING for m in tab.model.rows())
