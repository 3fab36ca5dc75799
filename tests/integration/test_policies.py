"""Policy acknowledgements on real databases (SQLite and PostgreSQL): due, late and
acknowledged as of any date across two versions, the append-only ledger with bad input
refused and nothing stored, roles, the audit trail, and the exports read back."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from clinicdesk.db.models import AuditEvent, OutboxMessage
from clinicdesk.db.models_policies import PolicyAcknowledgement
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.policies import PolicyCounts, PolicyState
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.domain.standards import parse_standard_json
from clinicdesk.errors import NotFoundError, PermissionDenied, ValidationError
from clinicdesk.federation.schemas import StandardDocument, StandardsPage
from clinicdesk.services import federation_store as store
from clinicdesk.services import policies, training
from clinicdesk.services.policies.counts import counts_key, queue_daily_counts
from clinicdesk.services.policies.status import add_acknowledgement
from clinicdesk.services.sync import POLICY_COUNTS
from clinicdesk.services.training.staff import staff_info
from tests.helpers.clinic import add_staff

TODAY = date.today()
POLICY = "policy.test-conduct"
OPEN = "policy.test-open-door"
MANAGERS = "policy.test-finance"


def policy_document(
    policy_id: str,
    version: int,
    start: str,
    end: str | None = None,
    rule: dict[str, object] | None = None,
) -> StandardDocument:
    data: dict[str, object] = {
        "id": policy_id,
        "version": version,
        "kind": "policy",
        "title": f"{policy_id} v{version}",
        "body": "# Conduct\n\nRead this to the end.",
        "effective_from": start,
        "effective_to": end,
    }
    if rule is not None:
        data["rule"] = rule
    return parse_standard_json(json.dumps(data))


def publish(db: Database, *documents: StandardDocument) -> None:
    with db.uow() as uow:
        store.apply_standards_page(
            uow, StandardsPage(upserts=documents, next_cursor="c-1", has_more=False)
        )
        uow.commit()


@pytest.fixture
def manager(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "manager", "Mara Manager", "manager")


@pytest.fixture
def clinician(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")


@pytest.fixture
def published(db: Database) -> None:
    publish(
        db,
        # version 1: everyone (no rule: published before rules existed), 30 days
        policy_document(POLICY, 1, "2025-01-01", "2025-07-01"),
        # version 2: clinicians only, 14 days
        policy_document(
            POLICY,
            2,
            "2025-07-01",
            rule={"acknowledged_by": ["clinician"], "within_days": 14},
        ),
        policy_document(
            OPEN, 1, "2025-01-01", rule={"acknowledged_by": "everyone", "within_days": 30}
        ),
        policy_document(
            MANAGERS,
            1,
            "2025-01-01",
            rule={"acknowledged_by": ["manager", "admin"], "within_days": 30},
        ),
    )


def _count(db: Database) -> int:
    with db.uow(read_only=True) as uow:
        query = select(func.count()).select_from(PolicyAcknowledgement)
        return int(uow.session.execute(query).scalar_one())


def _history(db: Database, manager: Principal, who: Principal, version: int, day: date) -> None:
    with db.uow() as uow:
        add_acknowledgement(uow, who, staff_info(uow, who.username), POLICY, version, day)
        uow.commit()


def _counts(db: Database, manager: Principal, day: date) -> tuple[PolicyCounts, dict[str, str]]:
    with db.uow(read_only=True) as uow:
        overview = policies.policy_overview(uow, manager, day)
    states = {}
    for row in overview.rows:
        cell = overview.cell(row.staff.id, POLICY)
        assert cell is not None
        states[row.staff.name] = cell.state.value
    return overview.counts[POLICY], states


@pytest.mark.usefixtures("published")
def test_due_and_late_across_versions_as_of_any_date(
    db: Database, admin: Principal, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        for who in ("root", "manager", "dr.reyes"):
            training.update_staff(uow, manager, who, start_on=date(2024, 1, 1))
        cleaner = training.add_staff(
            uow, manager, "Olu Bakare", [Role.FRONT_DESK], date(2025, 3, 10), job_title="Cleaner"
        )
    _history(db, manager, clinician, 1, date(2025, 1, 20))
    _history(db, manager, manager, 1, date(2025, 2, 15))  # after 30 January: late
    _history(db, manager, admin, 1, date(2025, 1, 30))  # the last day in time
    _history(db, manager, clinician, 2, date(2025, 7, 20))  # after 14 July: late

    counts, states = _counts(db, manager, date(2025, 1, 25))
    assert states == {
        "Ana Reyes": "acknowledged",
        "Mara Manager": "due",
        "Root Admin": "due",
    }  # the cleaner is not on staff yet
    assert (counts.acknowledged, counts.due, counts.late) == (1, 2, 0)

    counts, states = _counts(db, manager, date(2025, 1, 31))
    assert states["Mara Manager"] == "late" and states["Root Admin"] == "acknowledged"

    counts, states = _counts(db, manager, date(2025, 4, 9))
    # the cleaner started on 10 March: 30 days, late from 9 April
    assert states[cleaner.name] == "late"
    assert (counts.acknowledged, counts.due, counts.late) == (3, 0, 1)
    with db.uow(read_only=True) as uow:
        overview = policies.policy_overview(uow, manager, date(2025, 4, 9))
    mara = next(r for r in overview.rows if r.staff.name == "Mara Manager")
    cell = overview.cell(mara.staff.id, POLICY)
    assert cell is not None and cell.on_time is False and cell.due_by == date(2025, 1, 30)

    # version 2 from 1 July: clinicians only, and the version 1 acknowledgement does not count
    counts, states = _counts(db, manager, date(2025, 7, 14))
    assert states == {
        "Ana Reyes": "due",
        "Mara Manager": "not_applicable",
        "Olu Bakare": "not_applicable",
        "Root Admin": "not_applicable",
    }
    assert (counts.acknowledged, counts.due, counts.late) == (0, 1, 0)
    assert _counts(db, manager, date(2025, 7, 15))[1]["Ana Reyes"] == "late"
    counts, states = _counts(db, manager, date(2025, 7, 20))
    assert states["Ana Reyes"] == "acknowledged"
    assert (counts.acknowledged, counts.due, counts.late) == (1, 0, 0)
    # the ledger keeps both of Ana's acknowledgements
    with db.uow(read_only=True) as uow:
        mine = policies.my_acknowledgements(uow, clinician)
    assert [(a.policy_id, a.version) for a in mine] == [(POLICY, 2), (POLICY, 1)]


@pytest.mark.usefixtures("published")
def test_acknowledging_today_is_checked_audited_and_stored_once(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow(read_only=True) as uow:
        mine = policies.my_policies(uow, clinician)
    assert {(m.policy.policy_id, m.policy.version) for m in mine} == {(POLICY, 2), (OPEN, 1)}
    assert all(m.status.state.awaiting for m in mine)
    before = _count(db)
    refusals: list[tuple[str, int, type[Exception], str]] = [
        (POLICY, 1, ValidationError, "Version 1 .* acknowledge version 2"),
        (MANAGERS, 1, ValidationError, "does not apply"),
        ("policy.nothing-like-it", 1, NotFoundError, "There is no policy"),
    ]
    for policy_id, version, error, message in refusals:
        with pytest.raises(error, match=message), db.uow() as uow:
            policies.acknowledge(uow, clinician, policy_id, version)
    assert _count(db) == before  # nothing stored

    with db.uow() as uow:
        info = policies.acknowledge(uow, clinician, f"  {OPEN} ", 1)
    assert (info.staff_name, info.version, info.acknowledged_on) == ("Ana Reyes", 1, TODAY)
    with pytest.raises(ValidationError, match="already acknowledged version 1"), db.uow() as uow:
        policies.acknowledge(uow, clinician, OPEN, 1)
    assert _count(db) == before + 1
    with db.uow(read_only=True) as uow:
        mine = policies.my_policies(uow, clinician)
        events = uow.session.execute(
            select(AuditEvent.actor_name, AuditEvent.details).where(
                AuditEvent.action == "policy.acknowledge"
            )
        ).all()
    states = {m.policy.policy_id: m.status.state for m in mine}
    assert states[OPEN] is PolicyState.ACKNOWLEDGED
    assert [(name, json.loads(str(details))["policy"]) for name, details in events] == [
        ("dr.reyes", OPEN)
    ]


@pytest.mark.usefixtures("published")
def test_roles_are_enforced(db: Database, clinician: Principal) -> None:
    os_account = system_principal("cli:someone")  # SQLite without --user: every role
    with pytest.raises(ValidationError, match="by a person on staff"), db.uow() as uow:
        policies.acknowledge(uow, os_account, OPEN, 1)
    nobody = Principal(clinician.user_id, clinician.username, "No roles", frozenset())
    with pytest.raises(PermissionDenied), db.uow() as uow:
        policies.acknowledge(uow, nobody, OPEN, 1)
    with pytest.raises(PermissionDenied), db.uow(read_only=True) as uow:
        policies.policy_overview(uow, clinician)
    with pytest.raises(PermissionDenied), db.uow() as uow:
        policies.export_overview(uow, clinician, Path("never.csv"))


@pytest.mark.usefixtures("published")
def test_the_overview_exports_as_csv_and_pdf(
    db: Database, manager: Principal, clinician: Principal, tmp_path: Path
) -> None:
    with db.uow() as uow:
        policies.acknowledge(uow, clinician, OPEN, 1)
    with pytest.raises(ValidationError, match="End the file name"), db.uow() as uow:
        policies.export_overview(uow, manager, tmp_path / "status.txt")
    with db.uow() as uow:
        people = policies.export_overview(uow, manager, tmp_path / "status.csv")
    assert people == 3
    rows = list(csv.DictReader(io.StringIO((tmp_path / "status.csv").read_text("utf-8"))))
    ana = {r["policy_id"]: r for r in rows if r["name"] == "Ana Reyes"}
    assert ana[OPEN]["state"] == "acknowledged" and ana[OPEN]["acknowledged_on"] == str(TODAY)
    # staff added today have their 14 days from today
    assert ana[POLICY]["state"] == "due" and ana[POLICY]["policy_version"] == "2"
    assert MANAGERS not in ana  # not for clinicians: not listed
    with db.uow() as uow:
        policies.export_overview(uow, manager, tmp_path / "status.pdf")
    reader = PdfReader(io.BytesIO((tmp_path / "status.pdf").read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Policy acknowledgements as of" in text
    assert f"{OPEN} v1" in text and "Ana Reyes" in text and "Due" in text
    with db.uow(read_only=True) as uow:
        exports = uow.session.execute(
            select(func.count()).where(AuditEvent.action == "policy.status_export")
        ).scalar_one()
    assert exports == 2


def test_a_clinic_not_connected_uses_the_shipped_policies(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow(read_only=True) as uow:
        overview = policies.policy_overview(uow, manager)
    ids = {p.policy_id for p in overview.policies}
    assert "policy.patient-data-stays-local" in ids
    with db.uow(read_only=True) as uow:
        mine = {m.policy.policy_id for m in policies.my_policies(uow, clinician)}
    # the contribution policy is for managers and administrators only
    assert "policy.patient-data-stays-local" in mine
    assert "policy.contribution-submissions" not in mine


def test_two_syncs_at_once_queue_the_days_counts_once(db: Database, admin: Principal) -> None:
    """A second workstation queueing the same day's counts waits for the first to commit,
    then finds its messages (on PostgreSQL through an advisory lock; SQLite's write lock)."""
    day = TODAY
    results: list[int] = []
    with db.uow() as first:
        assert queue_daily_counts(first, day) == 2  # the two shipped policies
        second = threading.Thread(target=lambda: results.append(_queue(db, day)))
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive()  # waiting for the first to commit
        first.commit()
    second.join(timeout=30)
    assert results == [0]
    with db.uow(read_only=True) as uow:
        keys = uow.session.execute(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == POLICY_COUNTS)
        ).scalars()
        assert sorted(keys) == sorted(
            counts_key(p, 2, day)  # the shipped policies are at version 2
            for p in ("policy.contribution-submissions", "policy.patient-data-stays-local")
        )


def _queue(db: Database, day: date) -> int:
    with db.uow() as uow:
        queued = queue_daily_counts(uow, day)
        uow.commit()
    return queued
