"""The Federation area driven by keys and clicks against a real database:
the standards with their text, rule and changes; the outbox's retry and
discard (audited); the offline course reader; who may see the area at all."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from clinicdesk.db import outbox
from clinicdesk.db.models import AuditEvent, OutboxMessage
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.federation.packages import build_package, sha256_hex
from clinicdesk.federation.schemas import ContributionSubmission, CoursesPage, StandardsPage
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import federation_store
from clinicdesk.ui import areas, language
from clinicdesk.ui.federation.courses import CoursesTab
from clinicdesk.ui.federation.outbox import DiscardDialog, OutboxTab
from clinicdesk.ui.federation.standards import StandardsTab
from clinicdesk.ui.federation.view import FederationView
from tests.gui.conftest import add_clinician
from tests.helpers.gui_context import Harness, gui_harness
from tests.integration.hub.bodies import contribution

pytestmark = pytest.mark.gui

COURSES_DIR = federation_store.default_standards_dir().parent / "courses"
HAND_HYGIENE = "training.hand-hygiene"


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


@pytest.fixture
def defaults(db) -> int:
    with db.uow() as uow:
        result = federation_store.load_default_standards(uow)
        uow.commit()
    return result.added


def open_view(qtbot, harness: Harness) -> FederationView:
    view = FederationView(harness.ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def click_row(qtbot, table, proxy, source_row: int) -> None:
    index = proxy.mapFromSource(proxy.sourceModel().index(source_row, 0))
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def audit_actions(db) -> list[str]:
    with db.uow(read_only=True) as uow:
        return list(
            uow.session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars()
        )


def outbox_row(db, message_id: int) -> OutboxMessage:
    with db.uow(read_only=True) as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        uow.session.expunge(row)
        return row


# -- who sees it ---------------------------------------------------------------------------


def test_the_area_is_for_managers_and_admins_not_clinicians(qtbot, db, admin, make_window):
    clinician = add_clinician(db, admin)
    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    assert "federation" not in [a.key for a in areas.areas_for(clinician)]
    assert "federation" in [a.key for a in areas.areas_for(manager)]

    window = make_window(db, clinician)
    assert "federation" not in window.area_keys()

    window = make_window(db, admin)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = window.area_keys()
    assert keys.index("federation") == keys.index("admin") - 1
    qtbot.keyClick(window.nav, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "federation"
    view = window.area_widget("federation")
    assert isinstance(view, FederationView)
    assert view.tab_titles() == ["Standards", "Outbox", "Courses", "Connection"]


# -- standards -----------------------------------------------------------------------------


def test_standards_list_text_rule_and_changes(qtbot, qtmodeltester, db, harness, defaults):
    view = open_view(qtbot, harness)
    tab: StandardsTab = view.standards_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == defaults)
    assert defaults >= 20
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    row = tab.model.row_of(HAND_HYGIENE)
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Title"
    assert tab.model.index(row, 0).data() == "Hand hygiene, every year"
    assert [tab.model.index(row, c).data() for c in (1, 2, 3, 5, 6)] == [
        "Training requirement",
        1,
        format_date(date(2025, 1, 1)),
        1,
        HAND_HYGIENE,
    ]
    # The filter box (Ctrl+F) narrows the list.
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.filter.hasFocus()
    qtbot.keyClicks(tab.filter, "hand hygiene")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    assert tab.count_label.text() == f"1 of {defaults} standards"

    # A second version arrives, as a page built from the contract's schemas.
    path = federation_store.default_standards_dir() / f"{HAND_HYGIENE}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document.update(version=2, effective_from="2026-01-01")
    document["body"] += "\n\nFrom 2026 the course is repeated every **two years**."
    document["rule"]["recurrence_months"] = 24
    page = StandardsPage.model_validate(
        {"upserts": [document], "next_cursor": "c-1", "has_more": False}
    )
    with db.uow() as uow:
        federation_store.apply_standards_page(uow, page)
        uow.commit()
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tab.model.find(HAND_HYGIENE).version == 2)
    assert tab.model.index(row, 5).data() == 2

    click_row(qtbot, tab.table, tab.proxy, row)
    qtbot.waitUntil(lambda: tab.detail is not None)
    harness.wait_idle(qtbot)
    assert "version 2" in tab.heading.text()
    assert "every two years" in tab.body.toPlainText()
    assert "every 24 months" in tab.rule.toPlainText()
    assert "Clinician, Front desk" in tab.rule.toPlainText()
    diff = tab.diff.toPlainText()
    assert f"--- {HAND_HYGIENE} version 1 (body)" in diff
    assert "+From 2026 the course is repeated every **two years**." in diff
    assert '-  "recurrence_months": 12,' in diff
    assert '+  "recurrence_months": 24,' in diff
    # The version box shows the first version, which has nothing before it.
    assert tab.version_box.isEnabled() and tab.version_box.count() == 2
    tab.version_box.setFocus()
    qtbot.keyClick(tab.version_box, Qt.Key.Key_Down)
    assert "version 1" in tab.heading.text()
    assert "every 12 months" in tab.rule.toPlainText()
    assert "first version" in tab.diff.toPlainText()
    assert harness.errors == []


def test_the_standards_read_in_spanish(qtbot, db, harness, defaults):
    """Issue 17: a shipped standard's Spanish title in the list, and its Spanish title and
    text when it is selected; the id, version and dates stay the document's own."""
    language.install("es")
    try:
        view = open_view(qtbot, harness)
        tab: StandardsTab = view.standards_tab
        qtbot.waitUntil(lambda: tab.model.rowCount() == defaults)
        row = tab.model.row_of(HAND_HYGIENE)
        assert tab.model.index(row, 6).data() == HAND_HYGIENE
        assert tab.model.index(row, 0).data() == "Higiene de manos, cada año"
        click_row(qtbot, tab.table, tab.proxy, row)
        qtbot.waitUntil(lambda: tab.detail is not None)
        harness.wait_idle(qtbot)
        assert tab.heading.text().startswith("Higiene de manos, cada año")
        assert "dentro de los 14 días de su ingreso" in tab.body.toPlainText()
        assert harness.errors == []
    finally:
        language.install("en")


# -- outbox --------------------------------------------------------------------------------


def enqueue(db, period: str) -> int:
    with db.uow() as uow:
        info = federation_store.enqueue(
            uow,
            "contribution",
            f"contribution:{period}",
            ContributionSubmission.model_validate(contribution(period)),
        )
        uow.commit()
    return info.id


def fail(db, message_id: int, *, max_attempts: int) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    with db.uow() as uow:
        outbox.mark_failed(uow, message_id, "hub said 503", later, max_attempts)
        uow.commit()


def test_outbox_retry_and_discard_change_the_database_and_are_audited(
    qtbot, qtmodeltester, db, harness
):
    dead = enqueue(db, "2026-01")
    failed = enqueue(db, "2026-02")
    waiting = enqueue(db, "2026-03")
    fail(db, dead, max_attempts=1)
    fail(db, failed, max_attempts=8)

    view = open_view(qtbot, harness)
    view.tabs.setCurrentWidget(view.outbox_tab)
    tab: OutboxTab = view.outbox_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    states = {m.id: tab.model.index(tab.model.row_of(m.id), 2).data() for m in tab.model.rows()}
    assert states == {dead: "Stopped", failed: "Failed, will retry", waiting: "Waiting"}
    assert tab.model.index(tab.model.row_of(dead), 5).data() == "hub said 503"
    assert "1 need attention" not in tab.count_label.text()
    assert "2 need attention" in tab.count_label.text()

    # A waiting message can be neither retried nor discarded.
    click_row(qtbot, tab.table, tab.proxy, tab.model.row_of(waiting))
    assert not tab.retry_action.isEnabled() and not tab.discard_action.isEnabled()

    before = audit_actions(db)
    click_row(qtbot, tab.table, tab.proxy, tab.model.row_of(dead))
    assert tab.retry_action.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.find(dead).state == "pending")
    harness.wait_idle(qtbot)
    stored = outbox_row(db, dead)
    assert (stored.state, stored.attempts) == ("pending", 0)
    assert audit_actions(db) == [*before, "federation.outbox.retry"]

    click_row(qtbot, tab.table, tab.proxy, tab.model.row_of(failed))
    qtbot.mouseClick(tab.buttons["discard"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, DiscardDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "   ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = harness.wait_error(qtbot)
    harness.wait_idle(qtbot)
    assert "Say why" in error.text and error.parent is dialog
    assert dialog.isVisible() and dialog.reason.text() == "   "
    assert outbox_row(db, failed).state == "failed"

    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, "Sent on paper instead")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.find(failed).state == "discarded")
    harness.wait_idle(qtbot)
    assert tab.dialog is None
    stored = outbox_row(db, failed)
    assert (stored.state, stored.discarded_reason) == ("discarded", "Sent on paper instead")
    assert audit_actions(db) == [*before, "federation.outbox.retry", "federation.outbox.discard"]
    assert tab.model.index(tab.model.row_of(failed), 2).data() == "Discarded"


def test_a_manager_may_act_on_the_outbox(qtbot, harness):
    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    view = FederationView(harness.context_for(manager))
    qtbot.addWidget(view)
    assert view.outbox_tab.can_manage


# -- courses -------------------------------------------------------------------------------


def shipped_version(course_id: str) -> int:
    manifest = (COURSES_DIR / course_id / "course.json").read_text(encoding="utf-8")
    return int(json.loads(manifest)["version"])


def store_course(db, course_id: str, *, download: bool) -> None:
    data = build_package(COURSES_DIR / course_id)
    version = shipped_version(course_id)
    page = CoursesPage.model_validate(
        {
            "versions": [
                {
                    "course_id": course_id,
                    "version": version,
                    "title": course_id.replace("-", " ").capitalize(),
                    "package_url": f"/v1/courses/{course_id}/versions/{version}/package",
                    "sha256": sha256_hex(data),
                    "size_bytes": len(data),
                    "published_at": "2025-01-01T00:00:00Z",
                }
            ],
            "next_cursor": f"c-{course_id}",
            "has_more": False,
        }
    )
    with db.uow() as uow:
        federation_store.apply_courses_page(uow, page)
        if download:
            federation_store.store_package(uow, course_id, version, data)
        uow.commit()


def test_the_course_reader_renders_a_stored_package_offline(qtbot, qtmodeltester, db, harness):
    store_course(db, "hand-hygiene", download=True)
    store_course(db, "patient-privacy-basics", download=False)
    view = open_view(qtbot, harness)
    view.tabs.setCurrentWidget(view.courses_tab)
    tab: CoursesTab = view.courses_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    hand = tab.model.row_of(("hand-hygiene", shipped_version("hand-hygiene")))
    privacy = tab.model.row_of(
        ("patient-privacy-basics", shipped_version("patient-privacy-basics"))
    )
    assert [tab.model.index(hand, c).data() for c in (0, 2, 3, 4)] == [
        "Hand hygiene",
        shipped_version("hand-hygiene"),
        20,
        "Yes",
    ]
    assert tab.model.index(privacy, 4).data() == "No"

    click_row(qtbot, tab.table, tab.proxy, hand)
    qtbot.keyClick(tab.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.sections.count() == 5)
    assert tab.sections.item(1).text() == "When: My 5 Moments for Hand Hygiene"
    assert "about 20 minutes" in tab.title.text()
    tab.sections.setFocus()
    qtbot.keyClick(tab.sections, Qt.Key.Key_Down)
    assert tab.sections.currentRow() == 1
    assert "patient zone" in tab.reader.toPlainText()
    document = tab.reader.document()
    image = document.resource(
        QTextDocument.ResourceType.ImageResource, QUrl("images/five-moments.svg")
    )
    assert image is not None
    assert 'src="images/five-moments.svg"' in document.toHtml()

    # A course not downloaded yet says so instead of opening.
    click_row(qtbot, tab.table, tab.proxy, privacy)
    qtbot.keyClick(tab.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    error = harness.wait_error(qtbot)
    assert "not downloaded yet" in error.text
    assert error.icon == QMessageBox.Icon.Warning


# -- connection ----------------------------------------------------------------------------


def test_the_connection_tab_says_when_the_clinic_is_not_connected(qtbot, harness):
    view = open_view(qtbot, harness)
    view.tabs.setCurrentWidget(view.connection_tab)
    tab = view.connection_tab
    qtbot.waitUntil(lambda: tab.status is not None)
    assert tab.hub_label.text() == "Not connected to a federation"
    assert tab.standards_label.text() == "never synced"
    assert not tab.test_button.isEnabled()
