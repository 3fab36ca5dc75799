"""Audit events in words: phrases for actions, readable details, a fallback for actions
a newer program recorded."""

from __future__ import annotations

import re
from pathlib import Path

from clinicdesk.ui.admin.audit_text import action_text, details_text, known_actions


def test_details_read_as_pairs() -> None:
    assert details_text("") == ""
    assert details_text("{}") == ""
    assert details_text('{"start_on":{"from":"2026-12-03","to":"2021-05-16"}}') == (
        "start on: 2026-12-03 → 2021-05-16"
    )
    assert details_text('{"roles":["clinician","manager"],"evidence":false,"score":null}') == (
        "roles: clinician, manager · evidence: no · score: —"
    )
    assert details_text("not json") == "not json"


def test_an_unknown_action_is_shown_readably_not_hidden() -> None:
    assert action_text("patient.view") == "Viewed a patient"
    assert action_text("anchor.invoice_run") == "Anchor: invoice run"


def test_every_action_the_services_record_has_a_phrase() -> None:
    root = Path(__file__).resolve().parents[2] / "clinicdesk" / "services"
    recorded: set[str] = set()
    pattern = re.compile(r"record\(\s*uow,\s*\w+,\s*\"([a-z_]+\.[a-z_.]+)\"", re.S)
    for path in root.rglob("*.py"):
        recorded.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(recorded) > 30  # the scan finds the calls
    assert recorded - known_actions() == set()
