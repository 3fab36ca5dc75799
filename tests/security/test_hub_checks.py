"""The hub never trusts a figure it can compute (issue 12, "The hub checks what it
receives"), against a real hub process on 127.0.0.1, on SQLite and PostgreSQL.

Each test was written to fail on the hub as it was: a clinic could pick its own rate (with
an amount that matched it), cite a standard the hub never published, leave a category out
of its base, submit a month not yet begun or from before it joined, and write amounts in
other scripts' digits; `GET /v1/fund?period_from=0001-01` answered 500; and revoking a key
revoked every key of the clinic, so a key could not be rotated with an overlap.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicdesk.federation.schemas import ProblemType
from clinicdesk.hub import resources_dir
from clinicdesk.hub.db import open_hub_database
from clinicdesk.hub.models import HubClinic, HubContribution
from tests.helpers.databases import BACKENDS
from tests.helpers.hub import HubClient, HubProcess, admin_json, assert_problem, run_admin
from tests.helpers.hub_fixtures import running_hub

RATE_ID = "contribution-rate.federation"
CATEGORIES = ("member_fees", "anchor_contracts", "fee_for_service", "grants", "other")
CONTRIBUTABLE = ("member_fees", "anchor_contracts", "fee_for_service")
# Version 2 of the rate (3.5 %) applies from this month on; the months before keep 3 %.
V2_FROM = "2026-07"
JOINED = "2025-01-01"


@pytest.fixture(scope="module", params=BACKENDS)
def hub_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HubProcess]:
    """This module's own hub per back-end (it publishes a second rate version)."""
    backend = str(request.param)
    folder = tmp_path_factory.mktemp(f"hub-checks-{backend}")
    with running_hub(backend, folder) as server:
        document = json.loads(
            (resources_dir() / "standards" / f"{RATE_ID}.json").read_text(encoding="utf-8")
        )
        document.update(
            version=2,
            title="Monthly contribution to the federation fund: 3.5 %",
            effective_from=f"{V2_FROM}-01",
        )
        document["rule"]["rate"] = "0.0350"
        path = folder / "rate-v2.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        code, out, err = run_admin(server.db_url, "publish-standard", str(path))
        assert code == 0, f"{out}\n{err}"
        yield server


def _member(hub: HubProcess, *extra: str) -> tuple[dict[str, Any], HubClient]:
    created = admin_json(
        hub.db_url, "add-clinic", "--name", f"Checked Co-op {uuid.uuid4().hex[:6]}", *extra
    )
    return created, hub.client(created["api_key"])


@pytest.fixture
def clinic(hub: HubProcess) -> Iterator[HubClient]:
    """A clinic that joined the federation on JOINED."""
    _created, client = _member(hub, "--joined", JOINED)
    yield client
    client.close()


def body(
    period: str,
    *,
    revenue: dict[str, str] | None = None,
    categories: tuple[str, ...] = CONTRIBUTABLE,
    rate: str = "0.0300",
    standard: tuple[str, int] = (RATE_ID, 1),
    sequence: int = 0,
    amount: str | None = None,
) -> dict[str, Any]:
    """A body that is consistent in itself (base = the categories' sum, amount = base x
    rate rounded half up), whatever rate, categories and standard it claims."""
    lines = {c: "0.00" for c in CATEGORIES}
    lines.update(
        revenue
        or {
            "member_fees": "12000.00",
            "anchor_contracts": "4500.50",
            "fee_for_service": "1999.99",
            "grants": "800.00",
        }
    )
    base = sum((Decimal(lines[c]) for c in categories), Decimal("0.00"))
    computed = (base * Decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "period": period,
        "sequence": sequence,
        "amendment_reason": "revenue_corrected" if sequence else None,
        "revenue_by_category": lines,
        "contributable_categories": list(categories),
        "contributable_base": f"{base:.2f}",
        "rate_standard": {"id": standard[0], "version": standard[1]},
        "rate": rate,
        "amount": amount if amount is not None else f"{computed:.2f}",
    }


def post(client: HubClient, payload: dict[str, Any]) -> Any:
    return client.post("/v1/contributions", payload, key=str(uuid.uuid4()))


def refused(client: HubClient, payload: dict[str, Any], *words: str) -> dict[str, Any]:
    problem: dict[str, Any] = assert_problem(post(client, payload), 422, ProblemType.VALIDATION)
    for word in words:
        assert word in problem["detail"], problem
    return problem


# --- the rate comes from the standard in force ----------------------------------------------


def test_a_rate_other_than_the_standards_is_refused(clinic: HubClient) -> None:
    problem = refused(clinic, body("2025-03", rate="0.0100"), "0.0100", "0.0300", RATE_ID)
    assert problem["errors"][0]["field"] == "rate"
    assert post(clinic, body("2025-03")).status_code == 201
    # An amendment is recomputed the same way.
    refused(clinic, body("2025-03", rate="0.0010", sequence=1), "0.0300")
    assert post(clinic, body("2025-03", sequence=1)).status_code == 201


def test_an_unknown_standard_or_version_is_refused(clinic: HubClient) -> None:
    refused(clinic, body("2025-04", standard=("contribution-rate.cheap", 1)), "no version 1")
    refused(clinic, body("2025-04", standard=(RATE_ID, 99)), "no version 99")
    refused(
        clinic,
        body("2025-04", standard=("fund-allocation.federation", 1)),
        "not a contribution rate",
    )
    assert post(clinic, body("2025-04")).status_code == 201


def test_the_standard_in_force_for_the_month_decides(clinic: HubClient) -> None:
    later = "2026-08"
    problem = refused(clinic, body(later), "version 2", later, "0.0350")
    assert problem["errors"][0]["field"] == "rate_standard"
    accepted = post(clinic, body(later, rate="0.0350", standard=(RATE_ID, 2)))
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["amount"] == "647.52"  # 18,500.49 x 3.5 % = 647.51715
    # Version 2 does not reach back before it began.
    refused(clinic, body("2026-06", rate="0.0350", standard=(RATE_ID, 2)), "version 1")
    assert post(clinic, body("2026-06")).status_code == 201


def test_categories_that_do_not_match_the_standard_are_refused(clinic: HubClient) -> None:
    problem = refused(clinic, body("2025-05", categories=(*CONTRIBUTABLE, "grants")), "grants")
    assert problem["errors"][0]["field"] == "contributable_categories"
    refused(clinic, body("2025-05", categories=("member_fees",)), "anchor_contracts")
    assert post(clinic, body("2025-05", categories=tuple(reversed(CONTRIBUTABLE)))).status_code == (
        201
    )


def test_the_amount_is_base_times_rate_rounded_half_up(clinic: HubClient) -> None:
    revenue = {"member_fees": "1.50"}  # 1.50 x 3 % = 0.045
    banker = (Decimal("1.50") * Decimal("0.03")).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    assert f"{banker}" == "0.04"
    refused(clinic, body("2025-06", revenue=revenue, amount="0.04"), "0.05")
    refused(clinic, body("2025-06", amount="555.02"), "555.01")
    accepted = post(clinic, body("2025-06", revenue=revenue))
    assert (accepted.status_code, accepted.json()["amount"]) == (201, "0.05")


# --- the month ----------------------------------------------------------------------------------


def test_a_month_not_yet_begun_is_refused(clinic: HubClient) -> None:
    next_year = f"{datetime.now(UTC).year + 1}-06"
    problem = refused(clinic, body(next_year, rate="0.0350", standard=(RATE_ID, 2)), next_year)
    assert problem["errors"][0]["field"] == "period"
    assert "not begun" in problem["detail"]


def test_a_month_before_the_clinic_joined_is_refused(hub: HubProcess) -> None:
    created, late = _member(hub, "--joined", "2025-09-15")
    try:
        problem = refused(late, body("2025-08"), "2025-09", "joined")
        assert problem["errors"][0]["field"] == "period"
        assert post(late, body("2025-09")).status_code == 201  # the month it joined counts
    finally:
        late.close()
    listed = admin_json(hub.db_url, "clinics", "--json")
    [row] = [c for c in listed if c["clinic_id"] == created["clinic_id"]]
    assert row["joined"] == "2025-09-15"


def test_a_month_held_from_before_the_join_rule_can_still_be_amended(hub: HubProcess) -> None:
    """A hub that accepted a month before it checked join dates keeps it amendable."""
    created, late = _member(hub, "--joined", "2025-09-15")
    db = open_hub_database(hub.db_url, upgrade_schema=False)
    try:
        with db.read() as session:
            clinic_pk = session.scalars(
                select(HubClinic.id).where(HubClinic.clinic_id == created["clinic_id"])
            ).one()
        old = body("2025-08")

        def store_as_before(session: Session) -> None:
            session.add(
                HubContribution(
                    receipt_id=str(uuid.uuid4()),
                    clinic_pk=clinic_pk,
                    period="2025-08",
                    sequence=0,
                    contributable_base=Decimal(old["contributable_base"]),
                    rate=Decimal(old["rate"]),
                    rate_standard_id=RATE_ID,
                    rate_standard_version=1,
                    amount=Decimal(old["amount"]),
                    submission=json.dumps(old),
                )
            )

        db.write(store_as_before)
        amended = post(late, body("2025-08", sequence=1))
        assert amended.status_code == 201, amended.text
        refused(late, body("2025-07"), "joined")
    finally:
        late.close()
        db.dispose()


def test_a_clinic_added_today_owes_nothing_for_last_year(hub: HubProcess) -> None:
    _created, new = _member(hub)
    try:
        refused(new, body(f"{datetime.now(UTC).year - 1}-12"), "joined")
    finally:
        new.close()


def test_join_dates_in_the_future_or_malformed_are_refused(hub: HubProcess) -> None:
    for joined, words in (("2999-01-01", "future"), ("2025-13-01", "YYYY-MM-DD")):
        code, _out, err = run_admin(hub.db_url, "add-clinic", "--name", "X", "--joined", joined)
        assert code == 2 and words in err, err


# --- digits -----------------------------------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULLWIDTH], ids=["arabic-indic", "fullwidth"])
def test_digits_of_other_scripts_are_refused(clinic: HubClient, digits: dict[int, int]) -> None:
    """The contract publishes money as `^[0-9]{1,12}\\.[0-9]{2}$`: ASCII digits only."""
    good = body("2025-07")
    for field in ("amount", "contributable_base", "rate"):
        problem = refused(clinic, {**good, field: good[field].translate(digits)})
        assert problem["errors"][0]["field"] == field, problem
    lines = {**good["revenue_by_category"], "grants": "800.00".translate(digits)}
    refused(clinic, {**good, "revenue_by_category": lines})
    refused(clinic, {**good, "period": "2025-07".translate(digits)})
    other_script = clinic.get("/v1/contributions/" + "2025-07".translate(digits))
    assert_problem(other_script, 422)
    assert post(clinic, good).status_code == 201


# --- the fund statement ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period_from", "period_to", "field", "words"),
    [
        ("0001-01", "9999-12", "period_from", "1900"),
        ("0001-01", "2025-06", "period_from", "1900"),
        ("2025-01", "9999-12", "period_to", "not begun"),
        ("2025-06", "2025-01", "period_from", "after"),
        ("2025-13", "2025-12", "query.period_from", "period_from"),
        ("2025-1", "2025-12", "query.period_from", "period_from"),
        ("2025-01", "abcd-ef", "query.period_to", "period_to"),
        ("2025-01", "２０２５-06", "query.period_to", "period_to"),
        ("٢٠٢٥-01", "2025-06", "query.period_from", "period_from"),
    ],
)
def test_an_absurd_fund_range_is_422_never_500(
    clinic: HubClient, period_from: str, period_to: str, field: str, words: str
) -> None:
    response = clinic.get("/v1/fund", params={"period_from": period_from, "period_to": period_to})
    problem = assert_problem(response, 422, ProblemType.VALIDATION)
    assert problem["errors"][0]["field"] == field, problem
    assert words in problem["detail"], problem


def test_a_sensible_fund_range_still_answers(clinic: HubClient) -> None:
    assert post(clinic, body("2025-02")).status_code == 201
    this_month = datetime.now(UTC).strftime("%Y-%m")
    response = clinic.get("/v1/fund", params={"period_from": "1900-01", "period_to": this_month})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == "555.01"


# --- keys ----------------------------------------------------------------------------------------


def test_one_key_is_revoked_by_id_while_the_newer_one_keeps_working(hub: HubProcess) -> None:
    created, old = _member(hub, "--joined", JOINED)
    clinic_id = created["clinic_id"]
    newer = admin_json(hub.db_url, "new-key", "--clinic", clinic_id)
    assert created["key_id"] != newer["key_id"]
    listed = admin_json(hub.db_url, "keys", "--clinic", clinic_id, "--json")
    assert [(k["key_id"], k["revoked_at"]) for k in listed] == [
        (created["key_id"], None),
        (newer["key_id"], None),
    ]
    new = hub.client(newer["api_key"])
    try:
        assert old.get("/v1/clinic").status_code == 200  # the overlap: both work
        assert new.get("/v1/clinic").status_code == 200

        code, out, err = run_admin(
            hub.db_url, "revoke-key", "--clinic", clinic_id, "--key-id", str(created["key_id"])
        )
        assert code == 0, err
        assert out.strip() == f"Revoked key {created['key_id']} of clinic {clinic_id}."
        assert_problem(old.get("/v1/clinic"), 401, ProblemType.UNAUTHORIZED)
        assert new.get("/v1/clinic").status_code == 200
        listed = admin_json(hub.db_url, "keys", "--clinic", clinic_id, "--json")
        assert [k["revoked_at"] is None for k in listed] == [False, True]

        again = run_admin(
            hub.db_url, "revoke-key", "--clinic", clinic_id, "--key-id", str(created["key_id"])
        )
        assert again[0] == 0 and "already revoked" in again[1]
        other, _client = _member(hub)
        _client.close()
        foreign = run_admin(
            hub.db_url, "revoke-key", "--clinic", other["clinic_id"], "--key-id",
            str(newer["key_id"]),
        )  # fmt: skip
        assert foreign[0] == 2 and f"no key {newer['key_id']}" in foreign[2], foreign
        assert new.get("/v1/clinic").status_code == 200
    finally:
        old.close()
        new.close()


def test_keys_listing_never_shows_a_key(hub: HubProcess) -> None:
    created, client = _member(hub)
    client.close()
    code, out, _err = run_admin(hub.db_url, "keys", "--clinic", created["clinic_id"])
    assert code == 0 and str(created["key_id"]) in out and "active" in out
    assert created["api_key"] not in out


def test_the_published_contract_admits_only_ascii_digits() -> None:
    """What the contract publishes is what the hub enforces: no `\\d`, which some regex
    engines (Python's, pydantic's) read as any script's digits."""
    contract = (resources_dir() / "federation-openapi.json").read_text(encoding="utf-8")
    patterns = [value for key, value in _pairs(json.loads(contract)) if key == "pattern"]
    assert patterns and all("\\d" not in p for p in patterns), patterns


def _pairs(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _pairs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _pairs(item)
