"""Policies in the window: a clinician reads a policy from Today to its end and
acknowledges it; the acknowledgement is stored and Today no longer asks."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt

from clinicdesk.domain.standards import parse_standard_json
from clinicdesk.federation.schemas import StandardsPage
from clinicdesk.services import federation_store as store
from clinicdesk.services import policies
from tests.helpers.clinic import add_staff

pytestmark = pytest.mark.gui

LONG = "policy.test-long-read"


def _publish_long_policy(db) -> None:
    paragraphs = "\n\n".join(
        f"{n}. Each paragraph of this policy must be read before it is acknowledged."
        for n in range(1, 80)
    )
    document = parse_standard_json(
        json.dumps(
            {
                "id": LONG,
                "version": 2,
                "kind": "policy",
                "title": "Conduct on the ward",
                "body": f"# Conduct on the ward\n\n{paragraphs}\n\nThe end.",
                "effective_from": "2025-01-01",
                "rule": {"acknowledged_by": ["clinician"], "within_days": 10},
            }
        )
    )
    with db.uow() as uow:
        store.apply_standards_page(
            uow, StandardsPage(upserts=(document,), next_cursor="c-1", has_more=False)
        )
        uow.commit()


def test_a_clinician_acknowledges_a_policy_from_today(qtbot, sqlite_db, sqlite_admin, make_window):
    db, admin = sqlite_db, sqlite_admin
    _publish_long_policy(db)
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")

    window = make_window(db, quinn)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.policies.isVisible()
    assert [m.policy.policy_id for m in view.summary.policies] == [LONG]
    assert "Conduct on the ward (version 2): Acknowledge it by" in view.policies.text.text()

    qtbot.mouseClick(view.policies.button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    bar = dialog.body.verticalScrollBar()
    assert bar.maximum() > 0  # the text is longer than the box
    assert not dialog.ok_button.isEnabled()
    assert "Read the text to its end" in dialog.hint.text()
    bar.setValue(bar.maximum() // 2)
    assert not dialog.ok_button.isEnabled()
    bar.setValue(bar.maximum())
    assert dialog.ok_button.isEnabled()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    qtbot.waitUntil(lambda: view.summary is not None and not view.summary.policies)
    assert not view.policies.isVisible()
    with db.uow(read_only=True) as uow:
        [mine] = policies.my_policies(uow, quinn)
    assert mine.status.state.value == "acknowledged"
    assert mine.status.acknowledged_on == date.today()
