"""The hub's side of training beyond plain completions: revocations mark what was received
(an unknown one is refused), each clinic's newest census per requirement is kept (a late
older one is ignored), and `hub training-report` adds the clinics' censuses up into the
federation-wide completion rate. On SQLite and PostgreSQL hubs."""

from __future__ import annotations

import uuid
from typing import Any

from clinicdesk.federation.schemas import ProblemType
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.training import training_report
from tests.helpers.hub import HubProcess, admin_json, assert_problem
from tests.integration.hub.bodies import new_key
from tests.integration.hub.conftest import ClinicClient


def _completion(requirement: str) -> dict[str, Any]:
    return {
        "completion_id": str(uuid.uuid4()),
        "staff_ref": str(uuid.uuid4()),
        "course_id": "hand-hygiene",
        "course_version": 1,
        "completed_on": "2026-03-02",
        "expires_on": "2027-03-02",
        "certificate_code": "TC000001-20260302-ABCDEFGHIJKLMNOP",
        "requirement": {"id": requirement, "version": 1},
    }


def _census(requirement: str, as_of: str, applicable: int, current: int) -> dict[str, Any]:
    return {
        "requirement_id": requirement,
        "as_of": as_of,
        "applicable": applicable,
        "current": current,
    }


def test_revocations_censuses_and_the_report(
    hub: HubProcess, clinic: ClinicClient, other_clinic: ClinicClient, hub_db: HubDatabase
) -> None:
    requirement = f"training.report-{uuid.uuid4().hex[:8]}"
    first, second = _completion(requirement), _completion(requirement)
    sent = clinic.http.post(
        "/v1/training-completions",
        {"completions": [first, second], "census": [_census(requirement, "2026-03-02", 10, 7)]},
        key=new_key(),
    )
    assert sent.status_code == 201, sent.text
    late = clinic.http.post(
        "/v1/training-completions",
        {
            "completions": [_completion(requirement)],
            "census": [_census(requirement, "2026-01-01", 10, 1)],  # older: ignored
        },
        key=new_key(),
    )
    assert late.status_code == 201, late.text
    theirs = other_clinic.http.post(
        "/v1/training-completions",
        {
            "completions": [_completion(requirement)],
            "census": [_census(requirement, "2026-03-05", 5, 5)],
        },
        key=new_key(),
    )
    assert theirs.status_code == 201, theirs.text

    revocation = {
        "revocations": [{"completion_id": first["completion_id"], "revoked_on": "2026-04-01"}]
    }
    revoked = clinic.http.post("/v1/training-completions", revocation, key=new_key())
    assert revoked.status_code == 201, revoked.text
    assert revoked.json()["accepted"] == [first["completion_id"]]
    unknown = clinic.http.post(
        "/v1/training-completions",
        {"revocations": [{"completion_id": str(uuid.uuid4()), "revoked_on": "2026-04-01"}]},
        key=new_key(),
    )
    assert_problem(unknown, 422, ProblemType.VALIDATION)
    # Another clinic cannot revoke this clinic's completion.
    foreign = other_clinic.http.post("/v1/training-completions", revocation, key=new_key())
    assert_problem(foreign, 422, ProblemType.VALIDATION)

    [line] = [r for r in training_report(hub_db) if r.requirement_id == requirement]
    assert (line.clinics, line.applicable, line.current) == (2, 15, 12)
    assert str(line.rate) == "0.8000"
    assert (line.completions, line.revoked) == (4, 1)
    rows = {r["requirement_id"]: r for r in admin_json(hub.db_url, "training-report", "--json")}
    assert rows[requirement]["completion_rate"] == "0.8000"
    assert rows[requirement]["latest_census"] == "2026-03-05"
    assert rows["training.hand-hygiene"]["title"] == "Hand hygiene, every year"
