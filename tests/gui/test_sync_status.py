"""Background sync from the main window against a real hub process (tests/helpers/hub.py)
and the clinic's database: "Sync now" brings the standards and
shows a success state; a clinic not connected makes no request; a refused key is told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import func, select

from clinicdesk.db.models import CourseVersion, Standard
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.credentials import MissingApiKey
from clinicdesk.services import federation_link, settings
from clinicdesk.ui.federation.view import FederationView
from clinicdesk.ui.sync_status import DEFAULT_INTERVAL_MS, SyncOutcome
from tests.helpers.gui_context import gui_harness
from tests.helpers.hub_fixtures import add_member

pytestmark = pytest.mark.gui


class CountingFactory:
    """Builds real clients that ignore proxy settings (the hub is on 127.0.0.1) and
    counts the clients made and the requests sent."""

    def __init__(self) -> None:
        self.clients = 0
        self.requests = 0
        self._sessions: list[requests.Session] = []

    def __call__(self, hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        self.clients += 1
        session = requests.Session()
        session.trust_env = False
        session.hooks["response"].append(self._on_response)
        self._sessions.append(session)
        return HubClient(hub_url, api_key, session=session, max_attempts=1)

    def _on_response(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        self.requests += 1

    def close(self) -> None:
        for session in self._sessions:
            session.close()


@pytest.fixture
def factory() -> Iterator[CountingFactory]:
    made = CountingFactory()
    yield made
    made.close()


def count(db, model) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(model)).scalar_one())


def open_window(qtbot, make_window, db, principal, factory):
    window = make_window(db, principal)
    controller = window.sync_status
    controller.client_factory = factory
    assert controller.timer.isActive()
    assert controller.timer.interval() == DEFAULT_INTERVAL_MS
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_not_connected_makes_no_request_and_says_so(qtbot, db, admin, make_window, factory, boxes):
    window = open_window(qtbot, make_window, db, admin, factory)
    qtbot.waitUntil(lambda: window.sync_label.isVisible())
    assert window.sync_label.text() == "Not connected to a federation"
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=10_000) as finished:
        qtbot.keyClick(window.nav, Qt.Key.Key_F9)
    outcome = finished.args[0]
    assert isinstance(outcome, SyncOutcome) and outcome.report is None
    assert window.sync_label.text() == "Not connected to a federation"
    assert factory.clients == 0 and factory.requests == 0
    assert window.sync_status.sync_action.isEnabled()
    # F9 says so, once per press, and where to connect; the timer stays quiet.
    [box] = boxes
    assert box.title == "Not connected to a federation"
    assert "nothing was sent" in box.text and "Federation → Connection" in box.text
    window.sync_status.sync_now(manual=False)
    qtbot.waitUntil(lambda: not window.sync_status.running)
    assert len(boxes) == 1


def test_the_schedule_follows_the_clinic_setting(qtbot, db, admin, make_window, factory):
    with db.uow() as uow:
        settings.update(uow, admin, sync_interval_minutes=90)
    window = open_window(qtbot, make_window, db, admin, factory)
    timer = window.sync_status.timer
    qtbot.waitUntil(lambda: timer.interval() == 90 * 60_000)
    assert timer.isActive()


def test_sync_now_brings_the_standards_and_shows_success(
    qtbot, db, admin, make_window, factory, hub, boxes
):
    member = add_member(hub)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)
    assert count(db, Standard) == 0

    window = open_window(qtbot, make_window, db, admin, factory)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Never synced"))
    button = window.sync_status.button
    assert button.isVisible() and button.accessibleName() == "Sync now"
    assert not button.icon().isNull()  # an icon beside it: a button, not the bar's text
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=60_000) as finished:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not window.sync_status.sync_action.isEnabled()  # never two at once
        assert window.sync_status.sync_now() is False
    outcome = finished.args[0]
    assert isinstance(outcome, SyncOutcome) and outcome.report is not None
    assert outcome.report.hub_usable and not outcome.report.errors
    text = window.sync_label.text()
    assert text.startswith("Synced ") and text.endswith("· 0 waiting · 0 failed"), text
    tooltip = window.sync_label.toolTip()
    assert f"Hub: {hub.base_url}" in tooltip and "Standards: last synced" in tooltip
    assert count(db, Standard) > 0
    assert count(db, CourseVersion) > 0
    assert factory.requests > 0
    assert boxes == []
    qtbot.waitUntil(lambda: window.sync_status.sync_action.isEnabled())


def test_a_refused_key_asks_the_person_to_reconnect(
    qtbot, db, admin, make_window, factory, hub, boxes
):
    member = add_member(hub)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, "cdk_not_the_right_key")

    window = open_window(qtbot, make_window, db, admin, factory)
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=60_000):
        qtbot.keyClick(window.nav, Qt.Key.Key_F9)
    assert window.sync_label.text().startswith("Key refused by the hub")
    assert [box.icon for box in boxes] == [QMessageBox.Icon.Warning]
    assert "refused this clinic's API key" in boxes[0].text
    assert "Connect the clinic again" in boxes[0].text
    assert count(db, Standard) == 0


def test_a_missing_key_fails_quietly_on_the_timer_and_aloud_on_f9(
    qtbot, db, admin, make_window, factory, boxes
):
    with db.uow() as uow:
        federation_link.connect(uow, admin, "https://hub.example.org", "c-no-key")
    window = open_window(qtbot, make_window, db, admin, factory)
    controller = window.sync_status
    controller.timer.setInterval(1000)
    controller.timer.start()
    with qtbot.waitSignal(controller.sync_finished, timeout=10_000) as finished:
        pass  # the timer starts the run
    assert isinstance(finished.args[0], MissingApiKey)
    assert window.sync_label.text() == "Sync failed"
    assert "API key" in window.sync_label.toolTip()
    assert boxes == []  # a background run does not interrupt anyone
    controller.timer.stop()

    with qtbot.waitSignal(controller.sync_finished, timeout=10_000):
        qtbot.keyClick(window.nav, Qt.Key.Key_F9)
    assert [box.title for box in boxes] == ["Not connected to the federation"]
    assert factory.clients == 0 and factory.requests == 0


def open_connection_tab(qtbot, harness):
    view = FederationView(harness.ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.tabs.setCurrentWidget(view.connection_tab)
    tab = view.connection_tab
    qtbot.waitUntil(lambda: tab.status is not None)
    return view, tab


def test_the_connection_tab_tests_the_link_against_the_hub(
    qtbot, db, admin, tmp_path, factory, hub
):
    member = add_member(hub)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)
    with gui_harness(db, admin, tmp_path) as harness:
        _view, tab = open_connection_tab(qtbot, harness)
        tab.client_factory = factory
        assert tab.hub_label.text() == hub.base_url
        assert tab.clinic_label.text() == member.clinic_id
        assert tab.test_button.isEnabled()
        qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(harness.boxes) == 1, timeout=30_000)
        harness.wait_idle(qtbot)
        assert harness.boxes[0].title == "Connection works"
        assert member.name in tab.result_label.text()
        assert factory.requests == 1
        assert tab.test_button.isEnabled()


def test_a_manager_connects_and_disconnects_from_the_connection_tab(
    qtbot, db, admin, tmp_path, hub, memory_keyring
):
    member = add_member(hub)
    with gui_harness(db, admin, tmp_path) as harness:
        _view, tab = open_connection_tab(qtbot, harness)
        assert tab.hub_label.text() == "Not connected to a federation"
        assert not tab.disconnect_button.isEnabled()
        qtbot.mouseClick(tab.connect_button, Qt.MouseButton.LeftButton)
        dialog = tab.dialog
        assert dialog is not None and dialog.isVisible()

        # a wrong key: the hub refuses, the dialog stays with everything typed
        qtbot.keyClicks(dialog.hub_url, hub.base_url)
        qtbot.keyClicks(dialog.clinic_id, member.clinic_id)
        qtbot.keyClicks(dialog.api_key, "cdk_wrong_key_0000")
        qtbot.keyClick(dialog.api_key, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(harness.boxes) == 1, timeout=30_000)
        harness.wait_idle(qtbot)
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        assert dialog.hub_url.text() == hub.base_url
        assert dialog.clinic_id.text() == member.clinic_id
        # no federation API key is kept (the clinic's audit key from set-up is another entry)
        assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []
        with db.uow(read_only=True) as uow:
            assert federation_link.current_link(uow) is None

        dialog.api_key.clear()
        qtbot.keyClicks(dialog.api_key, member.api_key)
        with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert saved.args[0].clinic_name == member.name
        qtbot.waitUntil(lambda: tab.hub_label.text() == hub.base_url)
        assert tab.clinic_label.text() == member.clinic_id
        assert member.name in tab.result_label.text()
        assert credentials.load_api_key(hub.base_url, member.clinic_id) == member.api_key
        assert tab.disconnect_button.isEnabled() and tab.test_button.isEnabled()

        qtbot.mouseClick(tab.disconnect_button, Qt.MouseButton.LeftButton)
        dialog = tab.dialog
        assert dialog is not None and hub.base_url in dialog.findChild(QLabel).text()
        with qtbot.waitSignal(dialog.saved, timeout=30_000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.hub_label.text() == "Not connected to a federation")
        # no federation API key is kept (the clinic's audit key from set-up is another entry)
        assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []
        assert not tab.disconnect_button.isEnabled()


def test_a_certificate_file_that_is_not_pem_is_refused_in_the_dialog(
    qtbot, db, admin, tmp_path, hub
):
    not_pem = tmp_path / "federation.crt"
    not_pem.write_text("not a certificate", encoding="utf-8")
    with gui_harness(db, admin, tmp_path) as harness:
        _view, tab = open_connection_tab(qtbot, harness)
        qtbot.mouseClick(tab.connect_button, Qt.MouseButton.LeftButton)
        dialog = tab.dialog
        qtbot.keyClicks(dialog.hub_url, hub.base_url)
        qtbot.keyClicks(dialog.clinic_id, "c-1")
        qtbot.keyClicks(dialog.api_key, "cdk_key")
        qtbot.keyClicks(dialog.ca_bundle, str(not_pem))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert [box.title for box in harness.boxes] == ["Please check the input"]
        assert "not a PEM file" in harness.boxes[0].text
        assert dialog.isVisible() and dialog.focusWidget() is dialog.ca_bundle
