"""No patient data ever goes to the hub (DESIGN §5): every body the clinic can send is
checked three ways.

1. Every request model refuses fields that are not in the contract, so nothing can ride
   along in a payload.
2. No field of a request body, however deeply nested, is named like personal data, and no
   text field is free text: each is held to a pattern, a closed list or a format.
3. A real sync against a real hub, from a clinic database in which patient-like values
   were planted where a careless implementation could pick them up (users' display
   names, the audit trail), sends none of them: every request's URL, headers and body
   are captured as they left the client.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pydantic
import pytest
import requests

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.federation import credentials, schemas
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import (
    AuditHead,
    ContributionSubmission,
    PolicyCountsSubmission,
    RequestModel,
    TrainingCompletion,
    TrainingCompletionsSubmission,
)
from clinicdesk.services import audit, federation_link, users
from clinicdesk.services import federation_store as store
from clinicdesk.services.sync import CONTRIBUTION, TRAINING_COMPLETIONS, SyncEngine
from tests.helpers.hub import HubProcess
from tests.helpers.hub_fixtures import Member
from tests.integration.hub.bodies import contribution

SENT_BODIES: tuple[type[RequestModel], ...] = (
    ContributionSubmission,
    TrainingCompletionsSubmission,
    AuditHead,
    PolicyCountsSubmission,
)
"""The bodies the client POSTs. A new request model must be added here and to the sync
below, or `test_every_request_model_is_covered` fails."""

PERSONAL = re.compile(
    r"name|birth|dob|mrn|patient|address|street|city|post_?code|zip|phone|mobile|fax"
    r"|e_?mail|ssn|social|national|passport|licen[cs]e|insur|sex|gender|ethnic|race"
    r"|diagnos|condition|medication|note|comment|free_?text|age|nhs|medicare|medicaid",
    re.IGNORECASE,
)

# Patient-like values planted in the clinic's database.
SENTINELS = (
    "Zephyrine Quillfeather",
    "Quillfeather",
    "1931-07-19",
    "MRN-QX-771239",
    "42 Wisteria Lane",
    "+1-555-0199-7731",
    "zephyrine.q@example.org",
    "078-05-1120",
)


def request_models() -> set[type[RequestModel]]:
    found: set[type[RequestModel]] = set()
    todo = list(RequestModel.__subclasses__())
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo += model.__subclasses__()
    return found


def valid_bodies() -> dict[type[RequestModel], dict[str, Any]]:
    """One valid JSON body per request model, nested ones included."""
    original = contribution("2025-01")
    amendment = contribution("2025-01", "13000.00", sequence=1)
    completion = {
        "completion_id": str(uuid.uuid4()),
        "staff_ref": str(uuid.uuid4()),
        "course_id": "hand-hygiene",
        "course_version": 1,
        "completed_on": "2026-03-02",
        "expires_on": "2027-03-02",
        "certificate_code": "HH-2026-0001",
    }
    assert ContributionSubmission.model_validate(amendment).amendment_reason is not None
    return {
        AuditHead: {"seq": 12, "hash": "ab" * 32},
        ContributionSubmission: original,
        schemas.StandardRef: original["rate_standard"],
        TrainingCompletion: completion,
        TrainingCompletionsSubmission: {"completions": [completion]},
        schemas.TrainingRevocation: {
            "completion_id": str(uuid.uuid4()),
            "revoked_on": "2026-04-01",
        },
        PolicyCountsSubmission: {
            "policy": {"id": "policy.patient-data-stays-local", "version": 1},
            "as_of": "2026-04-01",
            "acknowledged": 7,
            "due": 2,
            "late": 1,
        },
        schemas.RequirementCensus: {
            "requirement_id": "training.hand-hygiene",
            "as_of": "2026-04-01",
            "applicable": 12,
            "current": 9,
        },
    }


def test_every_request_model_is_covered() -> None:
    assert request_models() == set(valid_bodies()), (
        "a request model was added to the contract: give it a valid body here and send it "
        "in the real sync below"
    )
    assert set(SENT_BODIES) <= request_models()


def _name(model: type[RequestModel]) -> str:
    return model.__name__


@pytest.mark.parametrize("model", sorted(request_models(), key=str), ids=_name)
def test_request_models_refuse_unknown_fields(model: type[RequestModel]) -> None:
    body = valid_bodies()[model]
    model.model_validate(body)
    assert model.model_config.get("extra") == "forbid"
    assert model.model_json_schema().get("additionalProperties") is False
    for extra in ("patient_name", "notes", "x"):
        with pytest.raises(pydantic.ValidationError, match="Extra inputs are not permitted"):
            model.model_validate({**body, extra: "Zephyrine Quillfeather"})
    with pytest.raises(pydantic.ValidationError):
        model(**body, patient_name="Zephyrine Quillfeather")  # type: ignore[call-arg]


def _walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}/{index}")


def _constrained(node: dict[str, Any]) -> bool:
    return any(key in node for key in ("pattern", "enum", "const", "format"))


@pytest.mark.parametrize("model", SENT_BODIES, ids=lambda m: m.__name__)
def test_no_field_is_personal_or_free_text(model: type[RequestModel]) -> None:
    schema = model.model_json_schema()
    names: list[str] = []
    for where, node in _walk(schema, model.__name__):
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, where
        for name in node.get("properties", {}) if isinstance(node.get("properties"), dict) else ():
            names.append(name)
            assert not PERSONAL.search(name), f"{where}: the field {name!r} looks personal"
        if node.get("type") == "string":
            assert _constrained(node), f"{where} is free text: {node}"
        for value in node.get("enum", ()):
            assert not PERSONAL.search(str(value)), f"{where}: {value!r} looks personal"
    # the walk reached the nested models (an audit head has only its two fields)
    assert len(names) >= (2 if model is AuditHead else 5)


# --- what goes over the wire ----------------------------------------------------------------


def plant_sentinels(db: Database, admin: Principal) -> None:
    """Patient-like values where a careless payload builder could find them."""
    with db.uow() as uow:
        users.add_user(uow, admin, "zquill", SENTINELS[0], [Role.CLINICIAN], "a-long-password-1")
    with db.uow() as uow:
        audit.record(
            uow,
            admin,
            "patient.view",
            "patient",
            SENTINELS[3],
            {
                "patient_name": SENTINELS[0],
                "family": SENTINELS[1],
                "birth_date": SENTINELS[2],
                "address": SENTINELS[4],
                "phone": SENTINELS[5],
                "email": SENTINELS[6],
                "ssn": SENTINELS[7],
            },
            actor_name=SENTINELS[0],
        )
        uow.commit()


def test_a_real_sync_sends_none_of_the_planted_values(
    db: Database, admin: Principal, hub: HubProcess, member: Member
) -> None:
    plant_sentinels(db, admin)
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)
    with db.uow() as uow:
        store.enqueue(
            uow,
            CONTRIBUTION,
            "contribution:2025-01",
            ContributionSubmission.model_validate(contribution("2025-01")),
        )
        store.enqueue(
            uow,
            CONTRIBUTION,
            "contribution:2025-01",
            ContributionSubmission.model_validate(contribution("2025-01", "13000.00", sequence=1)),
        )
        completion = TrainingCompletion(
            completion_id=uuid.uuid4(),
            staff_ref=uuid.uuid4(),  # the clinic's opaque id for "zquill"
            course_id="hand-hygiene",
            course_version=1,
            completed_on=date(2026, 3, 2),
            certificate_code="HH-2026-0042",
        )
        store.enqueue(
            uow,
            TRAINING_COMPLETIONS,
            "training:zquill",
            TrainingCompletionsSubmission(completions=(completion,)),
        )
        uow.commit()

    sent: list[requests.PreparedRequest] = []
    sessions: list[requests.Session] = []

    def capture(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        sent.append(response.request)

    def factory(hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False
        session.hooks["response"].append(capture)
        sessions.append(session)
        return HubClient(hub_url, api_key, session=session, max_attempts=1)

    try:
        report = SyncEngine(db, factory).run_once()
    finally:
        for session in sessions:
            session.close()
    assert report.exit_code == 0, report.errors
    # the three queued above, and the day's counts of the two shipped policies (the
    # planted clinician is on staff: counted, never named)
    assert report.pushed == 5

    posts = [r for r in sent if r.method == "POST"]
    assert sorted(r.path_url for r in posts) == [
        "/v1/audit-heads",  # the audit trail's head: a number and a keyed hash
        "/v1/contributions",
        "/v1/contributions",
        "/v1/policy-acknowledgements",
        "/v1/policy-acknowledgements",
        "/v1/training-completions",
    ]
    assert len(sent) > len(posts)  # the pulls were captured too
    for request in sent:
        body = request.body or b""
        text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
        wire = "\n".join([request.url or "", *(f"{k}: {v}" for k, v in request.headers.items())])
        for sentinel in SENTINELS:
            assert sentinel.lower() not in text.lower(), f"{request.path_url} sent {sentinel!r}"
            assert sentinel.lower() not in wire.lower(), f"{request.path_url} sent {sentinel!r}"
    # Each body is exactly a contract model: nothing but its fields.
    models: dict[str, type[RequestModel]] = {
        "/v1/contributions": ContributionSubmission,
        "/v1/audit-heads": AuditHead,
        "/v1/policy-acknowledgements": PolicyCountsSubmission,
    }
    for post in posts:
        model = models.get(post.path_url, TrainingCompletionsSubmission)
        model.model_validate_json(post.body or b"")
