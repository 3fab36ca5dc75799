"""Staff training completions: idempotent like contributions, a completion sent again
unchanged is accepted once, a changed one is refused, and clinics are kept apart."""

from __future__ import annotations

import copy
import uuid

from sqlalchemy import func, select

from clinicdesk.federation.schemas import ProblemType, TrainingCompletionsReceipt
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import HubClinic, HubTrainingCompletion
from tests.helpers.hub import assert_problem
from tests.integration.hub.bodies import completions, new_key
from tests.integration.hub.conftest import ClinicClient


def _stored(db: HubDatabase, clinic_id: str) -> int:
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(HubTrainingCompletion)
                .join(HubClinic, HubClinic.id == HubTrainingCompletion.clinic_pk)
                .where(HubClinic.clinic_id == clinic_id)
            )
            or 0
        )


def test_completions_are_idempotent(clinic: ClinicClient, hub_db: HubDatabase) -> None:
    body = completions(3)
    key = new_key()
    first = clinic.http.post("/v1/training-completions", body, key=key)
    assert first.status_code == 201, first.text
    receipt = TrainingCompletionsReceipt.model_validate_json(first.content)
    assert [str(c) for c in receipt.accepted] == [c["completion_id"] for c in body["completions"]]

    replay = clinic.http.post("/v1/training-completions", body, key=key)
    assert (replay.status_code, replay.content) == (201, first.content)
    other = clinic.http.post("/v1/training-completions", completions(1), key=key)
    assert_problem(other, 422, ProblemType.IDEMPOTENCY_KEY_REUSED)
    assert _stored(hub_db, clinic.clinic_id) == 3

    # The same completions in a new request (say, after the client lost its records of
    # the first one) are accepted again, not stored twice.
    again = clinic.http.post("/v1/training-completions", body, key=new_key())
    assert again.status_code == 201
    assert again.json()["receipt_id"] != receipt.receipt_id
    assert _stored(hub_db, clinic.clinic_id) == 3

    changed = copy.deepcopy(body)
    changed["completions"][0]["certificate_code"] = "HH-2026-CHANGED"
    refused = clinic.http.post("/v1/training-completions", changed, key=new_key())
    problem = assert_problem(refused, 409)
    assert body["completions"][0]["completion_id"] in problem["detail"]
    assert _stored(hub_db, clinic.clinic_id) == 3


def test_completions_of_two_clinics_are_apart(
    clinic: ClinicClient, other_clinic: ClinicClient, hub_db: HubDatabase
) -> None:
    body = completions(1)
    assert clinic.http.post("/v1/training-completions", body, key="k-1").status_code == 201
    # The same completion id and key from another clinic is that clinic's own.
    theirs = other_clinic.http.post("/v1/training-completions", body, key="k-1")
    assert theirs.status_code == 201
    assert _stored(hub_db, clinic.clinic_id) == 1
    assert _stored(hub_db, other_clinic.clinic_id) == 1


def test_completions_refuse_what_the_contract_does_not_hold(clinic: ClinicClient) -> None:
    body = completions(1)
    body["completions"][0]["staff_name"] = "Dr. Somebody"
    refused = clinic.http.post("/v1/training-completions", body, key=new_key())
    problem = assert_problem(refused, 422, ProblemType.VALIDATION)
    assert problem["errors"][0]["field"] == "completions.0.staff_name"
    empty = clinic.http.post("/v1/training-completions", {"completions": []}, key=str(uuid.uuid4()))
    assert "1 to 500" in assert_problem(empty, 422)["detail"]
