"""Attribution on a real database (services/attribution): the visit rule, manual
reassignment, capacity, and panels as of a past date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import Attribution, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import PermissionDenied, ValidationError
from clinicdesk.services import attribution, users
from tests.helpers.cli import ROOT, run_cli_as
from tests.helpers.clinic import add_staff, register, visit

AS_OF = date(2026, 11, 1)


@pytest.fixture
def staff(db: Database, admin: Principal) -> dict[str, Principal]:
    return {
        "quinn": add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn"),
        "rossi": add_staff(db, admin, "dr.rossi", "Dr Marco Rossi"),
        "front": add_staff(db, admin, "desk", "Front Desk", "front_desk"),
    }


def _uid(p: Principal) -> int:
    assert p.user_id is not None
    return p.user_id


def _current(db: Database, patient_id: int) -> tuple[int | None, list[tuple[object, ...]]]:
    with db.uow() as uow:
        cached = uow.session.get(Patient, patient_id)
        assert cached is not None
        rows = uow.session.execute(
            select(
                Attribution.clinician_id,
                Attribution.start_on,
                Attribution.end_on,
                Attribution.source,
            )
            .where(Attribution.patient_id == patient_id)
            .order_by(Attribution.id)
        ).all()
        return cached.clinician_id, [tuple(r) for r in rows]


def test_most_visits_in_18_months_wins_and_recency_breaks_ties(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    quinn, rossi = _uid(staff["quinn"]), _uid(staff["rossi"])
    most = register(db, admin, "A-1", "Most", "Visits")
    for day in (date(2026, 1, 5), date(2026, 3, 5)):
        visit(db, most.id, quinn, day)
    visit(db, most.id, rossi, date(2026, 10, 1))
    tie = register(db, admin, "A-2", "Tie", "Break")
    visit(db, tie.id, quinn, date(2026, 2, 1))
    visit(db, tie.id, rossi, date(2026, 6, 1))  # the more recent of one visit each
    old = register(db, admin, "A-3", "Old", "Visits")
    for day in (date(2024, 1, 5), date(2024, 2, 5), date(2024, 3, 5)):  # before the window
        visit(db, old.id, quinn, day)
    visit(db, old.id, rossi, date(2025, 6, 1))
    never = register(db, admin, "A-4", "No", "Visits")
    gone = register(db, admin, "A-5", "Moved", "Away", status="transferred")
    visit(db, gone.id, quinn, date(2026, 9, 9))

    with db.uow() as uow:
        result = attribution.run_attribution(uow, staff["front"], as_of=AS_OF)
    assert (result.considered, result.assigned, result.changed) == (3, 3, 0)
    assert _current(db, most.id) == (quinn, [(quinn, AS_OF, None, "auto")])
    assert _current(db, tie.id)[0] == rossi
    assert _current(db, old.id)[0] == rossi
    assert _current(db, never.id) == (None, [])
    assert _current(db, gone.id) == (None, [])

    # Running again changes nothing.
    with db.uow() as uow:
        again = attribution.run_attribution(uow, admin, as_of=AS_OF)
    assert (again.assigned, again.changed, again.unchanged) == (0, 0, 3)


def test_a_change_ends_the_old_row_and_opens_a_new_one(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    quinn, rossi = _uid(staff["quinn"]), _uid(staff["rossi"])
    p = register(db, admin, "B-1", "Moves", "Along")
    visit(db, p.id, quinn, date(2025, 12, 1))
    with db.uow() as uow:
        attribution.run_attribution(uow, admin, as_of=date(2026, 1, 1))
    for day in (date(2026, 5, 1), date(2026, 6, 1)):
        visit(db, p.id, rossi, day)
    with db.uow() as uow:
        result = attribution.run_attribution(uow, admin, as_of=AS_OF)
    assert result.changed == 1
    assert _current(db, p.id) == (
        rossi,
        [(quinn, date(2026, 1, 1), AS_OF, "auto"), (rossi, AS_OF, None, "auto")],
    )
    # The panel as of any day comes from the dated rows.
    with db.uow() as uow:
        assert attribution.panel_as_of(uow, admin, quinn, date(2026, 6, 1)) == [p.id]
        assert attribution.panel_as_of(uow, admin, rossi, date(2026, 6, 1)) == []
        assert attribution.panel_as_of(uow, admin, rossi, AS_OF) == [p.id]
        assert attribution.panel_as_of(uow, admin, quinn, AS_OF) == []
        sizes = {
            s.username: s.patients
            for s in attribution.panel_sizes(uow, admin, as_of=date(2026, 6, 1))
        }
    assert sizes == {"dr.quinn": 1, "dr.rossi": 0}


def test_the_rule_never_overrides_a_manual_attribution(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    quinn, rossi = _uid(staff["quinn"]), _uid(staff["rossi"])
    p = register(db, admin, "C-1", "Chose", "Quinn")
    for day in (date(2026, 3, 1), date(2026, 4, 1)):
        visit(db, p.id, rossi, day)
    with db.uow() as uow:
        history = attribution.reassign(
            uow, staff["front"], p.id, quinn, "  Asked for a female doctor ", on=date(2026, 5, 1)
        )
    assert [(h.clinician_name, h.source, h.reason) for h in history] == [
        ("Dr Rosa Quinn", "manual", "Asked for a female doctor")
    ]
    with db.uow() as uow:
        result = attribution.run_attribution(uow, admin, as_of=AS_OF)
    assert result.kept_manual == 1 and result.changed == 0
    assert _current(db, p.id) == (quinn, [(quinn, date(2026, 5, 1), None, "manual")])
    with db.uow() as uow:
        [event] = uow.session.execute(
            select(AuditEvent.details, AuditEvent.actor_name).where(
                AuditEvent.action == "attribution.reassign"
            )
        ).all()
    assert event.actor_name == "desk"
    assert json.loads(event.details) == {
        "from": None,
        "to": quinn,
        "on": "2026-05-01",
        "reason": "Asked for a female doctor",
    }


def test_reassign_needs_a_reason_and_a_clinician(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    p = register(db, admin, "D-1", "Needs", "Reason")
    with db.uow() as uow, pytest.raises(ValidationError, match="Say why") as info:
        attribution.reassign(uow, admin, p.id, _uid(staff["quinn"]), "   ")
    assert info.value.field == "reason"
    with db.uow() as uow, pytest.raises(ValidationError, match="only be attributed to a clin"):
        attribution.reassign(uow, admin, p.id, _uid(staff["front"]), "front desk?")
    with db.uow() as uow:
        users.set_active(uow, admin, "dr.rossi", False)
    with db.uow() as uow, pytest.raises(ValidationError, match="disabled"):
        attribution.reassign(uow, admin, p.id, _uid(staff["rossi"]), "left the clinic")
    with db.uow() as uow, pytest.raises(PermissionDenied):
        attribution.reassign(uow, staff["quinn"], p.id, _uid(staff["quinn"]), "mine now")
    assert _current(db, p.id) == (None, [])


def test_reassign_keeps_the_record_version(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    """Attribution is not an edit of the demographics: an open edit form elsewhere must
    not turn into a conflict because the patient moved panels."""
    p = register(db, admin, "E-1", "Keeps", "Version")
    with db.uow() as uow:
        attribution.reassign(uow, admin, p.id, _uid(staff["quinn"]), "first")
    with db.uow() as uow:
        attribution.reassign(uow, admin, p.id, _uid(staff["rossi"]), "second", on=date.today())
    cached, rows = _current(db, p.id)
    assert cached == _uid(staff["rossi"])
    assert [r[3] for r in rows] == ["manual", "manual"] and rows[0][2] == date.today()
    with db.uow() as uow:
        row = uow.session.get(Patient, p.id)
        assert row is not None and row.version == 1


def test_capacity_and_panel_sizes(
    db: Database, admin: Principal, staff: dict[str, Principal]
) -> None:
    quinn = _uid(staff["quinn"])
    for n in range(3):
        p = register(db, admin, f"F-{n}", "Size", f"Patient {n}")
        with db.uow() as uow:
            attribution.reassign(uow, admin, p.id, quinn, "test")
    with db.uow() as uow:
        size = attribution.set_panel_capacity(uow, staff["front"], quinn, 1800)
    assert (size.patients, size.capacity) == (3, 1800)
    with db.uow() as uow, pytest.raises(ValidationError, match="1 to 10,000"):
        attribution.set_panel_capacity(uow, admin, quinn, 0)
    with db.uow() as uow:
        sizes = attribution.panel_sizes(uow, staff["quinn"])
    assert [(s.username, s.patients, s.capacity) for s in sizes] == [
        ("dr.rossi", 0, None),
        ("dr.quinn", 3, 1800),
    ]
    with db.uow() as uow:
        assert [c.username for c in attribution.list_clinicians(uow, staff["quinn"])] == [
            "dr.quinn"
        ]
        assert len(attribution.list_clinicians(uow, staff["front"])) == 2
    with db.uow() as uow, pytest.raises(PermissionDenied, match="only open their own panel"):
        attribution.panel_as_of(uow, staff["quinn"], _uid(staff["rossi"]), AS_OF)


def test_attribution_run_command(
    tmp_path: Path, db_url: str, db: Database, admin: Principal
) -> None:
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    p = register(db, admin, "G-1", "Command", "Line")
    visit(db, p.id, _uid(quinn), date(2026, 10, 1))
    home = tmp_path / "home"
    result = run_cli_as(
        ROOT, home, "attribution", "run", "--db", db_url, "--as-of", "2026-11-01", "--json"
    )
    assert result.returncode == 0, result
    assert result.json() == {
        "as_of": "2026-11-01",
        "considered": 1,
        "assigned": 1,
        "changed": 0,
        "unchanged": 0,
        "kept_manual": 0,
        "kept_future": 0,
    }
    text = run_cli_as(ROOT, home, "attribution", "run", "--db", db_url, "--as-of", "2026-11-01")
    assert text.returncode == 0 and "1 unchanged" in text.stdout
    bad = run_cli_as(ROOT, home, "attribution", "run", "--db", db_url, "--as-of", "yesterday")
    assert bad.returncode == 2 and "not a date" in bad.stderr
