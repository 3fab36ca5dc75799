"""The published contract, resources/federation-openapi.json, is exactly what the hub
serves, and `hub openapi` writes it byte for byte."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from clinicdesk.hub import cli as hub_cli
from clinicdesk.hub import resources_dir
from tests.helpers.hub import HubClient

COMMITTED = resources_dir() / "federation-openapi.json"


def _canonical(document: object) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_the_committed_contract_is_what_the_hub_serves(anonymous: HubClient) -> None:
    response = anonymous.get("/openapi.json")
    assert response.status_code == 200
    served = response.json()
    committed = COMMITTED.read_text(encoding="utf-8")
    assert _canonical(served) == committed, (
        "resources/federation-openapi.json is out of date: regenerate it with "
        "`clinicdesk hub openapi --out resources/federation-openapi.json`"
    )


def test_the_contract_documents_problems_and_the_api_key(anonymous: HubClient) -> None:
    served = anonymous.get("/openapi.json").json()
    post = served["paths"]["/v1/contributions"]["post"]
    assert set(post["responses"]) >= {"201", "401", "409", "413", "422"}
    assert post["responses"]["409"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
    }
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert served["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in served["components"]["schemas"]


def test_hub_openapi_writes_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    with contextlib.redirect_stdout(io.StringIO()):
        assert hub_cli.main(["openapi", "--out", str(out)]) == 0
    assert out.read_bytes() == COMMITTED.read_bytes()
