"""Open areas update themselves: a background sync changes Revenue and the Outbox, and
both show it without anyone pressing Refresh; an area that is not on screen catches up
when it is shown; reading never sets off a chain of reloads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from clinicdesk.db.models import Base
from clinicdesk.domain.revenue import Period
from clinicdesk.federation import credentials
from clinicdesk.services import federation_link, revenue
from clinicdesk.services.revenue import PeriodStatus
from clinicdesk.ui import changes
from clinicdesk.ui.revenue.view import RevenueView
from tests.gui.test_sync_status import CountingFactory
from tests.helpers.hub_fixtures import add_member

pytestmark = pytest.mark.gui

LAST_MONTH = str(Period.of(datetime.now(UTC).date()).previous())


@pytest.fixture
def factory() -> Iterator[CountingFactory]:
    made = CountingFactory()
    yield made
    made.close()


def test_every_watched_table_exists() -> None:
    import clinicdesk.db.models_clinical  # the tables register on import
    import clinicdesk.db.models_members
    import clinicdesk.db.models_revenue
    import clinicdesk.db.models_training  # noqa: F401

    watched = set().union(*changes.ALL_GROUPS, changes.SETTINGS)
    assert watched - set(Base.metadata.tables) == set()


def _submitted_month(db, admin) -> None:
    with db.uow() as uow:
        revenue.set_lines(uow, admin, LAST_MONTH, revenue.parse_lines(["member_fees=1000.00"]))
    with db.uow() as uow:
        revenue.lock(uow, admin, LAST_MONTH)
    with db.uow() as uow:
        revenue.submit(uow, admin, LAST_MONTH)


def test_a_sync_updates_revenue_and_the_outbox_without_a_click(
    qtbot, db, admin, make_window, factory, hub
):
    member = add_member(hub)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)
    _submitted_month(db, admin)

    window = make_window(db, admin)
    window.sync_status.client_factory = factory
    # The Outbox is read once (waiting), then left for Revenue.
    federation = window.show_area("federation")
    federation.tabs.setCurrentWidget(federation.outbox_tab)
    outbox = federation.outbox_tab
    qtbot.waitUntil(lambda: outbox.model.rowCount() == 1)
    assert outbox.model.rows()[0].state.value == "pending"

    view = window.show_area("revenue")
    assert isinstance(view, RevenueView)
    qtbot.waitUntil(lambda: view.months_model.rowCount() > 0)
    view.select_period(LAST_MONTH)
    qtbot.waitUntil(
        lambda: view.current is not None and view.current.status is PeriodStatus.SUBMITTED
    )

    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=60_000):
        window.sync_status.sync_now()
    # No click: the visible Revenue area shows the hub's receipt by itself.
    qtbot.waitUntil(
        lambda: view.current is not None and view.current.status is PeriodStatus.ACKNOWLEDGED,
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: view.submissions_model.rowCount() == 1)
    assert view.submissions_model.index(0, 4).data()  # the receipt id

    # The Outbox was hidden during the sync: it catches up when shown.
    window.show_area("federation")
    qtbot.waitUntil(lambda: outbox.model.rows()[0].state.value == "sent", timeout=10_000)


def test_reading_every_area_sets_off_no_chain_of_reloads(qtbot, db, admin, make_window):
    window = make_window(db, admin)
    for spec in window.areas:
        window.show_area(spec.key)
        qtbot.wait(50)
    # The status bar's first read of the federation link is due 2 s after the window
    # shows: let it happen before the quiet period, which is about reloads.
    initial_read = window.sync_status.initial_timer
    qtbot.waitUntil(
        lambda: not initial_read.isActive() and not window.ctx.runner.busy, timeout=10_000
    )
    qtbot.wait(changes.SETTLE_MS * 3)
    heard: list[frozenset[str]] = []
    window.ctx.runner.data_changed.connect(heard.append)
    qtbot.wait(changes.SETTLE_MS * 4)  # several reload periods, nobody doing anything
    assert heard == []
    assert not window.ctx.runner.busy
