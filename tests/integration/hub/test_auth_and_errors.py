"""Authentication and the shape of every refusal, against the real hub over HTTP:
no key, a wrong key and a revoked key are 401; unknown paths, wrong methods, oversized
and invalid bodies are RFC 9457 problems with a readable detail."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import requests

from clinicdesk.federation.schemas import ClinicInfo, ProblemDetails, ProblemType
from clinicdesk.hub.app import MAX_BODY_BYTES
from clinicdesk.hub.db import HubDatabase
from tests.helpers.hub import HubClient, HubProcess, assert_problem, run_admin
from tests.integration.hub.bodies import contribution, new_key
from tests.integration.hub.conftest import ClinicClient


def _unauthorized(response: requests.Response) -> str:
    problem = assert_problem(response, 401, ProblemType.UNAUTHORIZED)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    ProblemDetails.model_validate(problem)
    return str(problem["detail"])


def test_clinic_sees_itself_and_the_rate_in_force(clinic: ClinicClient) -> None:
    response = clinic.http.get("/v1/clinic")
    assert response.status_code == 200, response.text
    info = ClinicInfo.model_validate_json(response.content)
    assert info.clinic_id == clinic.clinic_id
    assert info.name.startswith("Riverside Health Co-op")
    assert info.contribution_rate.standard_id == "contribution-rate.federation"
    assert info.contribution_rate.rate == Decimal("0.0300")
    assert response.json()["contribution_rate"]["rate"] == "0.0300"  # money-like text


@pytest.mark.parametrize(
    "path",
    [
        "/v1/clinic",
        "/v1/standards",
        "/v1/courses",
        "/v1/courses/hand-hygiene/versions/1/package",
        "/v1/fund",
        "/v1/contributions/2026-01",
    ],
)
def test_every_call_needs_a_key(anonymous: HubClient, path: str) -> None:
    assert "no API key" in _unauthorized(anonymous.get(path))


def test_a_post_without_a_key_is_401_before_its_body_is_judged(anonymous: HubClient) -> None:
    _unauthorized(anonymous.post("/v1/contributions", {"nonsense": True}, key=new_key()))


def test_wrong_key_and_other_schemes_are_refused(hub: HubProcess, clinic: ClinicClient) -> None:
    wrong = hub.client(clinic.api_key[:-2] + "xx")
    assert "not known" in _unauthorized(wrong.get("/v1/clinic"))
    basic = hub.client()
    response = basic.get("/v1/clinic", auth=("clinic", clinic.api_key))
    _unauthorized(response)


def test_revoked_key_is_refused_and_a_new_key_works(hub: HubProcess, clinic: ClinicClient) -> None:
    assert clinic.http.get("/v1/clinic").status_code == 200
    code, out, _err = run_admin(hub.db_url, "revoke-key", "--clinic", clinic.clinic_id)
    assert code == 0 and "Revoked 1 key" in out
    assert "revoked" in _unauthorized(clinic.http.get("/v1/clinic"))
    code, out, _err = run_admin(hub.db_url, "new-key", "--clinic", clinic.clinic_id)
    assert code == 0
    fresh = hub.client(json.loads(out)["api_key"])
    assert fresh.get("/v1/clinic").json()["clinic_id"] == clinic.clinic_id


def test_unknown_path_and_wrong_method_are_problems(clinic: ClinicClient) -> None:
    problem = assert_problem(clinic.http.get("/v1/nothing-here"), 404, ProblemType.NOT_FOUND)
    assert "/v1/nothing-here" in problem["detail"]
    response = clinic.http.request("DELETE", "/v1/clinic")
    problem = assert_problem(response, 405)
    assert response.headers["Allow"] == "GET"
    assert "DELETE" in problem["detail"]


def test_oversized_bodies_are_413(clinic: ClinicClient) -> None:
    declared = clinic.http.post(
        "/v1/contributions",
        key=new_key(),
        data=b" " * (MAX_BODY_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert "larger than" in assert_problem(declared, 413)["detail"]

    def chunks() -> object:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    chunked = clinic.http.post(
        "/v1/contributions",
        key=new_key(),
        data=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert_problem(chunked, 413)


def test_unknown_field_is_refused_as_a_validation_problem(clinic: ClinicClient) -> None:
    body = {**contribution("2026-01"), "patient_name": "Jane Doe"}
    response = clinic.http.post("/v1/contributions", body, key=new_key())
    problem = assert_problem(response, 422, ProblemType.VALIDATION)
    assert problem["errors"] == [
        {"field": "patient_name", "message": "is not a field of the federation contract"}
    ]
    assert "patient_name" in problem["detail"]


def test_validation_problems_say_what_is_wrong(clinic: ClinicClient) -> None:
    body = contribution("2026-01")
    as_number = clinic.http.post("/v1/contributions", {**body, "amount": 555.01}, key=new_key())
    problem = assert_problem(as_number, 422, ProblemType.VALIDATION)
    assert problem["errors"][0]["field"] == "amount"
    assert "string" in problem["errors"][0]["message"]

    wrong_sum = clinic.http.post("/v1/contributions", {**body, "amount": "1.00"}, key=new_key())
    assert "rate x base" in assert_problem(wrong_sum, 422, ProblemType.VALIDATION)["detail"]

    no_key = clinic.http.post("/v1/contributions", body)
    problem = assert_problem(no_key, 422, ProblemType.VALIDATION)
    assert problem["errors"] == [{"field": "header.Idempotency-Key", "message": "is required"}]

    broken = clinic.http.post(
        "/v1/contributions",
        key=new_key(),
        data=b'{"period": ',
        headers={"Content-Type": "application/json"},
    )
    assert "not valid JSON" in assert_problem(broken, 422, ProblemType.VALIDATION)["detail"]

    bad_period = clinic.http.get("/v1/contributions/2026-13")
    assert assert_problem(bad_period, 422)["errors"][0]["field"] == "path.period"


def test_storage_is_checked_not_trusted(clinic: ClinicClient, hub_db: HubDatabase) -> None:
    """A refused request stores nothing."""
    from clinicdesk.hub import service

    clinic.http.post("/v1/contributions", {**contribution("2026-02"), "x": 1}, key=new_key())
    assert service.list_contributions(hub_db, clinic.clinic_id) == []
