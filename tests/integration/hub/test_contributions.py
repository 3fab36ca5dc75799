"""Monthly contributions: receipts, idempotent replays (byte for byte), a reused key with
another body (422), a second original (409: send an amendment), amendments in sequence,
reconciliation by period, the fund statement, and two clinics that never see each
other's data."""

from __future__ import annotations

from decimal import Decimal

from clinicdesk.federation import packages
from clinicdesk.federation.schemas import (
    ContributionReceipt,
    ContributionsForPeriod,
    FundAllocationStandard,
    FundStatement,
    ProblemType,
)
from clinicdesk.hub import resources_dir, service
from clinicdesk.hub.db import HubDatabase
from tests.helpers.hub import assert_problem
from tests.integration.hub.bodies import contribution, new_key
from tests.integration.hub.conftest import ClinicClient

AMENDMENT_OUT_OF_SEQUENCE = "urn:clinicdesk:problem:amendment-out-of-sequence"


def test_original_replay_conflict_and_amendment(clinic: ClinicClient, hub_db: HubDatabase) -> None:
    original = contribution("2026-03")
    key = new_key()
    first = clinic.http.post("/v1/contributions", original, key=key)
    assert first.status_code == 201, first.text
    assert first.headers["Content-Type"] == "application/json"
    receipt = ContributionReceipt.model_validate_json(first.content)
    assert (receipt.period, receipt.sequence, receipt.amount) == ("2026-03", 0, Decimal("555.01"))
    assert first.json()["amount"] == "555.01"

    replay = clinic.http.post("/v1/contributions", original, key=key)
    assert replay.status_code == 201
    assert replay.content == first.content
    assert replay.headers["Idempotent-Replayed"] == "true"

    changed = clinic.http.post("/v1/contributions", contribution("2026-03", "13000.00"), key=key)
    problem = assert_problem(changed, 422, ProblemType.IDEMPOTENCY_KEY_REUSED)
    assert key in problem["detail"]

    second_original = clinic.http.post(
        "/v1/contributions", contribution("2026-03", "13000.00"), key=new_key()
    )
    problem = assert_problem(second_original, 409, ProblemType.PERIOD_ALREADY_SUBMITTED)
    assert "amendment" in problem["detail"] and problem["next_sequence"] == 1

    skipped = clinic.http.post(
        "/v1/contributions", contribution("2026-03", "13000.00", sequence=2), key=new_key()
    )
    assert assert_problem(skipped, 409, AMENDMENT_OUT_OF_SEQUENCE)["next_sequence"] == 1

    amendment = clinic.http.post(
        "/v1/contributions", contribution("2026-03", "13000.00", sequence=1), key=new_key()
    )
    assert amendment.status_code == 201, amendment.text
    amended = ContributionReceipt.model_validate_json(amendment.content)
    assert (amended.sequence, amended.amount) == (1, Decimal("585.01"))
    assert amended.receipt_id != receipt.receipt_id

    listed = clinic.http.get("/v1/contributions/2026-03")
    assert listed.status_code == 200
    receipts = ContributionsForPeriod.model_validate_json(listed.content).receipts
    assert receipts == (receipt, amended)  # the same ids, times and amounts as the POSTs

    stored = service.list_contributions(hub_db, clinic.clinic_id)
    assert [(r.period, r.sequence, r.amount) for r in stored] == [
        ("2026-03", 0, Decimal("555.01")),
        ("2026-03", 1, Decimal("585.01")),
    ]
    assert clinic.http.get("/v1/contributions/2026-04").json() == {
        "period": "2026-04",
        "receipts": [],
    }


def test_an_amendment_needs_an_original(clinic: ClinicClient) -> None:
    orphan = clinic.http.post(
        "/v1/contributions", contribution("2026-05", sequence=1), key=new_key()
    )
    problem = assert_problem(orphan, 409, AMENDMENT_OUT_OF_SEQUENCE)
    assert "sequence 0" in problem["detail"] and problem["next_sequence"] == 0


def test_a_refused_request_may_reuse_its_key_once_corrected(clinic: ClinicClient) -> None:
    key = new_key()
    orphan = clinic.http.post("/v1/contributions", contribution("2026-06", sequence=1), key=key)
    assert orphan.status_code == 409
    fixed = clinic.http.post("/v1/contributions", contribution("2026-06"), key=key)
    assert fixed.status_code == 201, fixed.text


def test_two_clinics_never_see_each_other(
    clinic: ClinicClient, other_clinic: ClinicClient, hub_db: HubDatabase
) -> None:
    key = new_key()  # the same key, used by both clinics: keys are scoped per clinic
    mine = clinic.http.post("/v1/contributions", contribution("2026-01"), key=key)
    theirs = other_clinic.http.post("/v1/contributions", contribution("2026-01", "500.00"), key=key)
    assert mine.status_code == 201 and theirs.status_code == 201, theirs.text
    assert mine.json()["receipt_id"] != theirs.json()["receipt_id"]

    for member, receipt in ((clinic, mine), (other_clinic, theirs)):
        listed = member.http.get("/v1/contributions/2026-01").json()["receipts"]
        assert listed == [receipt.json()]
        fund = member.http.get(
            "/v1/fund", params={"period_from": "2026-01", "period_to": "2026-01"}
        ).json()
        assert fund["total"] == receipt.json()["amount"]

    assert [r.amount for r in service.list_contributions(hub_db, clinic.clinic_id)] == [
        Decimal("555.01")
    ]
    assert [r.amount for r in service.list_contributions(hub_db, other_clinic.clinic_id)] == [
        Decimal("210.01")
    ]


def test_the_fund_statement_splits_the_latest_amounts(clinic: ClinicClient) -> None:
    november = contribution("2025-11", "1000.00")
    december = contribution("2025-12", "2000.00")
    december_amended = contribution("2025-12", "2100.00", sequence=1)
    january = contribution("2026-01", "3000.00")  # outside the range asked for
    for body in (november, december, december_amended, january):
        assert clinic.http.post("/v1/contributions", body, key=new_key()).status_code == 201
    response = clinic.http.get(
        "/v1/fund", params={"period_from": "2025-11", "period_to": "2025-12"}
    )
    assert response.status_code == 200, response.text
    statement = FundStatement.model_validate_json(response.content)
    # The amendment restates December: its amount replaces the original's.
    assert statement.total == Decimal(november["amount"]) + Decimal(december_amended["amount"])
    assert statement.total == Decimal("483.02")
    assert sum(part.amount for part in statement.parts) == statement.total
    documents = {d.id: d for d in packages.load_standards(resources_dir() / "standards")}
    allocation = documents["fund-allocation.federation"]
    assert isinstance(allocation, FundAllocationStandard)
    expected = allocation.rule.allocate(statement.total)
    assert {part.part: part.amount for part in statement.parts} == expected
    assert response.json()["total"] == f"{statement.total:.2f}"

    default = clinic.http.get("/v1/fund")
    assert default.status_code == 200
    assert default.json()["period_from"].endswith("-01")

    backwards = clinic.http.get(
        "/v1/fund", params={"period_from": "2026-02", "period_to": "2026-01"}
    )
    assert_problem(backwards, 422, ProblemType.VALIDATION)
