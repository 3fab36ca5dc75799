"""The federation API contract (federation/schemas): money, periods, the strict request
bodies, the lenient response bodies, and the rules inside standards."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinicdesk.domain.roles import Role
from clinicdesk.federation import schemas
from clinicdesk.federation.schemas import (
    AmendmentReason,
    CareGapRule,
    ClinicInfo,
    CodeSystem,
    ConceptSet,
    ContributionRateRule,
    ContributionReceipt,
    ContributionsForPeriod,
    ContributionSubmission,
    CourseManifest,
    CoursesPage,
    CourseVersionInfo,
    FundAllocationRule,
    FundPart,
    FundStatement,
    ProblemDetails,
    RequestModel,
    RevenueCategory,
    StandardsPage,
    TrainingCompletion,
    TrainingCompletionsReceipt,
    TrainingCompletionsSubmission,
    ValueThreshold,
    parse_standard_json,
    split_by_largest_remainder,
)

# --------------------------------------------------------------------------------------
# Example bodies
# --------------------------------------------------------------------------------------


def submission_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "period": "2025-03",
        "sequence": 0,
        "revenue_by_category": {
            "member_fees": "12000.00",
            "anchor_contracts": "30500.50",
            "fee_for_service": "4210.25",
            "grants": "8000.00",
            "other": "0.00",
        },
        "contributable_categories": ["member_fees", "anchor_contracts", "fee_for_service"],
        "contributable_base": "46710.75",
        "rate_standard": {"id": "contribution-rate.federation", "version": 1},
        "rate": "0.0300",
        "amount": "1401.32",  # 46710.75 x 0.03 = 1401.3225
    }
    body.update(changes)
    return body


def completion_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "completion_id": "0b9c1f8e-4d1a-4f7e-9d3c-2a1b3c4d5e6f",
        "staff_ref": "5f0e2d6c-8a7b-4c3d-9e1f-0a1b2c3d4e5f",
        "course_id": "hand-hygiene",
        "course_version": 1,
        "completed_on": "2025-02-10",
        "expires_on": "2026-02-10",
        "certificate_code": "HH-2025-000417",
    }
    body.update(changes)
    return body


def care_gap_document(**rule_changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "eligibility": {
            "min_age_years": 18,
            "conditions": [
                {
                    "system": "http://snomed.info/sct",
                    "codes": [{"code": "44054006", "display": "Diabetes mellitus type 2"}],
                }
            ],
        },
        "satisfied_by": [
            {
                "label": "HbA1c result",
                "event_kind": "observation",
                "concepts": [
                    {
                        "system": "http://loinc.org",
                        "codes": [{"code": "4548-4", "display": "Hemoglobin A1c"}],
                    }
                ],
                "interval_months": 6,
            }
        ],
        "due_soon_days": 30,
    }
    rule.update(rule_changes)
    return {
        "id": "care-gap.test",
        "version": 1,
        "kind": "care_gap",
        "title": "Test gap",
        "body": "Body",
        "effective_from": "2025-01-01",
        "rule": rule,
    }


def fund_rule_body(*fractions: str) -> dict[str, Any]:
    parts = [part.value for part in FundPart]
    return {
        "parts": [
            {"part": part, "fraction": fraction}
            for part, fraction in zip(parts, fractions, strict=False)
        ],
        "leftover_cents": "largest_remainder",
    }


def errors_of(info: pytest.ExceptionInfo[pydantic.ValidationError]) -> str:
    return " | ".join(str(error["msg"]) for error in info.value.errors())


# --------------------------------------------------------------------------------------
# Money, fractions, periods
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored", "sent"),
    [
        ("1234.5", Decimal("1234.50"), "1234.50"),
        ("0", Decimal("0.00"), "0.00"),
        ("0.07", Decimal("0.07"), "0.07"),
        ("999999999999.99", Decimal("999999999999.99"), "999999999999.99"),
    ],
)
def test_money_is_a_decimal_sent_with_two_decimals(text: str, stored: Decimal, sent: str) -> None:
    receipt = ContributionReceipt.model_validate(
        {
            "receipt_id": "r-1",
            "received_at": "2025-04-02T09:30:00Z",
            "period": "2025-03",
            "sequence": 0,
            "amount": text,
        }
    )
    assert isinstance(receipt.amount, Decimal)
    assert receipt.amount == stored
    assert receipt.amount.as_tuple().exponent == -2
    assert json.loads(receipt.model_dump_json())["amount"] == sent


@pytest.mark.parametrize(
    "value",
    [12.5, 12, True, "12.345", "-1.00", "1e3", " 12.00", "12,00", "NaN", "1000000000000.00", ""],
)
def test_money_refuses_numbers_and_anything_but_plain_cents(value: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        ContributionReceipt.model_validate(
            {
                "receipt_id": "r-1",
                "received_at": "2025-04-02T09:30:00Z",
                "period": "2025-03",
                "sequence": 0,
                "amount": value,
            }
        )


def test_money_as_a_json_number_is_refused_with_a_message_that_says_why() -> None:
    text = json.dumps(submission_body()).replace('"1401.32"', "1401.32")
    with pytest.raises(pydantic.ValidationError) as info:
        ContributionSubmission.model_validate_json(text)
    assert "string" in errors_of(info)
    assert "not as a number" in errors_of(info)


def test_money_refuses_a_decimal_with_fractions_of_a_cent() -> None:
    with pytest.raises(pydantic.ValidationError, match="two decimals"):
        ContributionSubmission.model_validate(submission_body(amount=Decimal("1401.322")))
    exact = ContributionSubmission.model_validate(submission_body(amount=Decimal("1401.3200")))
    assert str(exact.amount) == "1401.32"


@pytest.mark.parametrize(
    ("text", "sent"), [("0.03", "0.0300"), ("1", "1.0000"), ("0", "0.0000"), ("0.1234", "0.1234")]
)
def test_fractions_are_sent_with_four_decimals(text: str, sent: str) -> None:
    rule = ContributionRateRule.model_validate(
        {
            "rate": text,
            "contributable_categories": ["member_fees"],
            "due_day": 15,
            "rounding": "half_up_to_cent",
        }
    )
    assert rule.rate == Decimal(text)
    assert json.loads(rule.model_dump_json())["rate"] == sent


@pytest.mark.parametrize("value", ["1.5", "-0.1", "0.00001", "3%", 0.03, "1.0001"])
def test_fractions_outside_zero_to_one_or_too_fine_are_refused(value: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        ContributionRateRule.model_validate(
            {
                "rate": value,
                "contributable_categories": ["member_fees"],
                "due_day": 15,
                "rounding": "half_up_to_cent",
            }
        )


@pytest.mark.parametrize("period", ["2025-01", "2025-12", "1999-07"])
def test_periods_are_calendar_months(period: str) -> None:
    assert ContributionSubmission.model_validate(submission_body(period=period)).period == period


@pytest.mark.parametrize(
    "period", ["2025-13", "2025-00", "2025-3", "25-03", "2025-03-01", "2025/03", 202503, "1850-01"]
)
def test_bad_periods_are_refused(period: object) -> None:
    with pytest.raises(pydantic.ValidationError, match=r"YYYY-MM|plausible"):
        ContributionSubmission.model_validate(submission_body(period=period))


# --------------------------------------------------------------------------------------
# Requests: strict, and no patient data
# --------------------------------------------------------------------------------------


def test_a_valid_submission_keeps_its_figures_exactly() -> None:
    submission = ContributionSubmission.model_validate(submission_body())
    assert submission.contributable_base == Decimal("46710.75")
    assert submission.amount == Decimal("1401.32")
    assert submission.revenue_by_category[RevenueCategory.GRANTS] == Decimal("8000.00")


@pytest.mark.parametrize(
    "field",
    ["patient_name", "patients", "mrn", "birth_date", "member_names", "note", "staff_name"],
)
def test_personal_fields_cannot_be_added_to_a_contribution(field: str) -> None:
    body = submission_body(**{field: "Maria Lopez, 1970-05-03"})
    with pytest.raises(pydantic.ValidationError) as info:
        ContributionSubmission.model_validate(body)
    assert [error["type"] for error in info.value.errors()] == ["extra_forbidden"]
    assert info.value.errors()[0]["loc"] == (field,)


def test_personal_fields_cannot_hide_in_a_nested_request_object() -> None:
    body = submission_body(
        rate_standard={"id": "contribution-rate.federation", "version": 1, "patient": "x"}
    )
    with pytest.raises(pydantic.ValidationError, match="Extra inputs are not permitted"):
        ContributionSubmission.model_validate(body)


def _request_models() -> list[type[pydantic.BaseModel]]:
    found: list[type[pydantic.BaseModel]] = []
    pending: list[type[pydantic.BaseModel]] = list(RequestModel.__subclasses__())
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            for arg in _types_in(field.annotation):
                if isinstance(arg, type) and issubclass(arg, pydantic.BaseModel):
                    pending.append(arg)
    return found


def _types_in(annotation: object) -> list[object]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    result: list[object] = []
    for arg in args:
        result.extend(_types_in(arg))
    return result


PERSONAL_WORDS = ("name", "birth", "mrn", "patient", "address", "phone", "email", "note", "member")


def test_every_request_body_forbids_unknown_fields_and_has_no_personal_field() -> None:
    models = _request_models()
    names = {model.__name__ for model in models}
    assert {
        "ContributionSubmission",
        "TrainingCompletionsSubmission",
        "TrainingCompletion",
    } <= names
    for model in models:
        assert model.model_config.get("extra") == "forbid", model.__name__
        for field_name in model.model_fields:
            assert not any(word in field_name for word in PERSONAL_WORDS), (model, field_name)


def test_amount_must_be_rate_times_base_rounded_half_up() -> None:
    with pytest.raises(pydantic.ValidationError, match=r"rate x base .*1401\.32"):
        ContributionSubmission.model_validate(submission_body(amount="1401.33"))


def test_rounding_is_half_up_not_to_even() -> None:
    body = submission_body(
        revenue_by_category={c.value: "0.00" for c in RevenueCategory} | {"member_fees": "0.50"},
        contributable_categories=["member_fees"],
        contributable_base="0.50",
        rate="0.0500",
        amount="0.03",  # 0.025 -> 0.03 (half to even would give 0.02)
    )
    assert ContributionSubmission.model_validate(body).amount == Decimal("0.03")


def test_base_must_be_the_sum_of_the_contributable_categories() -> None:
    with pytest.raises(pydantic.ValidationError, match="not the sum"):
        ContributionSubmission.model_validate(submission_body(contributable_base="54710.75"))


def test_every_revenue_category_must_be_reported() -> None:
    revenue = submission_body()["revenue_by_category"]
    del revenue["other"]
    with pytest.raises(pydantic.ValidationError, match="missing for: other"):
        ContributionSubmission.model_validate(submission_body(revenue_by_category=revenue))


def test_original_and_amendments_differ_by_reason() -> None:
    with pytest.raises(pydantic.ValidationError, match="sequence 0"):
        ContributionSubmission.model_validate(submission_body(amendment_reason="late_revenue"))
    with pytest.raises(pydantic.ValidationError, match="needs an amendment reason"):
        ContributionSubmission.model_validate(submission_body(sequence=1))
    amendment = ContributionSubmission.model_validate(
        submission_body(sequence=2, amendment_reason="revenue_corrected")
    )
    assert amendment.amendment_reason is AmendmentReason.REVENUE_CORRECTED


def test_free_text_reasons_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        ContributionSubmission.model_validate(
            submission_body(sequence=1, amendment_reason="Mrs Lopez paid late")
        )


def test_training_completion_identifies_staff_only_by_an_opaque_id() -> None:
    completion = TrainingCompletion.model_validate(completion_body())
    assert isinstance(completion.staff_ref, uuid.UUID)
    with pytest.raises(pydantic.ValidationError, match="UUID"):
        TrainingCompletion.model_validate(completion_body(staff_ref="Sam Jones"))
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        TrainingCompletion.model_validate(completion_body(staff_name="Sam Jones"))


def test_training_completion_expiry_must_follow_completion() -> None:
    with pytest.raises(pydantic.ValidationError, match="expires_on must be after"):
        TrainingCompletion.model_validate(completion_body(expires_on="2025-02-10"))
    assert TrainingCompletion.model_validate(completion_body(expires_on=None)).expires_on is None


@pytest.mark.parametrize("code", ["hh-2025", "HH 2025 01", "X", "HH-2025-000417-" + "9" * 40])
def test_certificate_codes_have_a_fixed_form(code: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        TrainingCompletion.model_validate(completion_body(certificate_code=code))


def test_completion_batches_are_bounded_and_ids_unique() -> None:
    one = completion_body()
    with pytest.raises(pydantic.ValidationError, match="listed twice"):
        TrainingCompletionsSubmission.model_validate({"completions": [one, one]})
    with pytest.raises(pydantic.ValidationError, match="1 to 500"):
        TrainingCompletionsSubmission.model_validate({"completions": []})


# --------------------------------------------------------------------------------------
# Responses: lenient about new fields, strict about their content
# --------------------------------------------------------------------------------------


def test_responses_ignore_fields_the_hub_adds_later() -> None:
    info = ClinicInfo.model_validate(
        {
            "clinic_id": "coop-0042",
            "name": "Riverside Community Health Cooperative",
            "region": "north",
            "contribution_rate": {
                "standard_id": "contribution-rate.federation",
                "version": 3,
                "rate": "0.0300",
                "contributable_categories": ["member_fees", "anchor_contracts"],
                "due_day": 15,
                "label": "3 %",
            },
        }
    )
    assert info.contribution_rate.rate == Decimal("0.0300")
    assert "region" not in info.model_dump()


def test_receipts_need_an_instant_with_its_offset() -> None:
    body = {
        "receipt_id": "r-1",
        "received_at": "2025-04-02T09:30:00",
        "period": "2025-03",
        "sequence": 0,
        "amount": "1.00",
    }
    with pytest.raises(pydantic.ValidationError, match="timezone"):
        ContributionReceipt.model_validate(body)


def test_receipts_for_a_period_must_all_be_for_that_period() -> None:
    receipt = {
        "receipt_id": "r-1",
        "received_at": "2025-04-02T09:30:00Z",
        "period": "2025-02",
        "sequence": 0,
        "amount": "1.00",
    }
    with pytest.raises(pydantic.ValidationError, match="is for 2025-02"):
        ContributionsForPeriod.model_validate({"period": "2025-03", "receipts": [receipt]})


def test_a_standards_page_envelope_is_lenient_but_its_documents_are_strict() -> None:
    page = StandardsPage.model_validate(
        {
            "upserts": [care_gap_document()],
            "retirements": [{"id": "care-gap.old", "retired_on": "2025-03-01", "why": "x"}],
            "next_cursor": "c-17",
            "has_more": False,
            "server_time": "2025-03-02T10:00:00Z",
        }
    )
    assert [doc.id for doc in page.upserts] == ["care-gap.test"]
    assert page.retirements[0].version is None
    document = care_gap_document()
    document["rule"]["eligibility"]["pregnant"] = True
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        StandardsPage.model_validate(
            {"upserts": [document], "next_cursor": "c-18", "has_more": False}
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"package_url": "ftp://hub/x.zip"}, "package_url"),
        ({"sha256": "A" * 64}, "pattern"),
        ({"sha256": "a" * 63}, "pattern"),
        ({"size_bytes": 0}, "greater than or equal"),
    ],
)
def test_course_versions_are_checked(changes: dict[str, Any], message: str) -> None:
    body = {
        "course_id": "hand-hygiene",
        "version": 2,
        "title": "Hand hygiene",
        "package_url": "/v1/courses/hand-hygiene/versions/2/package",
        "sha256": "a" * 64,
        "size_bytes": 20910,
        "published_at": "2025-01-05T08:00:00+01:00",
    }
    assert (
        CoursesPage.model_validate({"versions": [body], "next_cursor": "x", "has_more": True})
        .versions[0]
        .version
        == 2
    )
    with pytest.raises(pydantic.ValidationError, match=message):
        CourseVersionInfo.model_validate(body | changes)


def test_problem_details_keep_extension_members() -> None:
    problem = ProblemDetails.model_validate_json(
        json.dumps(
            {
                "type": schemas.ProblemType.PERIOD_ALREADY_SUBMITTED,
                "title": "Period already submitted",
                "status": 409,
                "detail": "2025-03 has an original submission; send an amendment.",
                "errors": [{"field": "sequence", "message": "use 1"}],
                "existing_receipt_id": "r-9",
            }
        )
    )
    assert problem.status == 409
    assert problem.errors[0].field == "sequence"
    assert problem.model_dump()["existing_receipt_id"] == "r-9"
    with pytest.raises(pydantic.ValidationError):
        ProblemDetails.model_validate({"title": "x", "status": 200})


def test_fund_statement_amounts_must_add_up() -> None:
    rule = FundAllocationRule.model_validate(fund_rule_body("0.35", "0.20", "0.20", "0.15", "0.10"))
    total = Decimal("12345.67")
    amounts = rule.allocate(total)
    body: dict[str, Any] = {
        "standard_id": "fund-allocation.federation",
        "version": 1,
        "period_from": "2025-01",
        "period_to": "2025-12",
        "total": str(total),
        "parts": [
            {
                "part": share.part.value,
                "fraction": str(share.fraction),
                "amount": str(amounts[share.part]),
            }
            for share in rule.parts
        ],
    }
    assert FundStatement.model_validate(body).total == total
    body["parts"][0]["amount"] = "1.00"
    with pytest.raises(pydantic.ValidationError, match="do not add up to the total"):
        FundStatement.model_validate(body)


# --------------------------------------------------------------------------------------
# Round trips: JSON out and back in loses nothing
# --------------------------------------------------------------------------------------


def _examples() -> list[pydantic.BaseModel]:
    fund = FundAllocationRule.model_validate(fund_rule_body("0.35", "0.20", "0.20", "0.15", "0.10"))
    amounts = fund.allocate(Decimal("1000.01"))
    return [
        ContributionSubmission.model_validate(submission_body()),
        ContributionSubmission.model_validate(
            submission_body(sequence=1, amendment_reason="other")
        ),
        ContributionReceipt(
            receipt_id="r-1",
            received_at=datetime(2025, 4, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
            period="2025-03",
            sequence=0,
            amount=Decimal("1401.32"),
        ),
        ContributionsForPeriod(period="2025-03", receipts=()),
        TrainingCompletionsSubmission.model_validate({"completions": [completion_body()]}),
        TrainingCompletionsReceipt(
            receipt_id="t-1",
            received_at=datetime(2025, 2, 11, tzinfo=UTC),
            accepted=(uuid.uuid4(),),
        ),
        ClinicInfo.model_validate(
            {
                "clinic_id": "coop-0042",
                "name": "Riverside",
                "contribution_rate": {
                    "standard_id": "contribution-rate.federation",
                    "version": 1,
                    "rate": "0.0300",
                    "contributable_categories": ["member_fees"],
                    "due_day": 15,
                },
            }
        ),
        StandardsPage.model_validate(
            {"upserts": [care_gap_document()], "next_cursor": "c", "has_more": False}
        ),
        FundStatement(
            standard_id="fund-allocation.federation",
            version=1,
            period_from="2025-01",
            period_to="2025-03",
            total=Decimal("1000.01"),
            parts=tuple(
                schemas.FundPartAmount(part=s.part, fraction=s.fraction, amount=amounts[s.part])
                for s in fund.parts
            ),
        ),
        ProblemDetails(title="Bad", status=422, detail="x"),
    ]


@pytest.mark.parametrize("example", _examples(), ids=lambda model: type(model).__name__)
def test_json_round_trip_is_lossless(example: pydantic.BaseModel) -> None:
    text = example.model_dump_json()
    again = type(example).model_validate_json(text)
    assert again == example
    assert again.model_dump_json() == text
    # Decimals come back with the same digits and exponent, not merely an equal value.
    assert _decimals(again.model_dump()) == _decimals(example.model_dump())
    assert all(isinstance(value, str) for value in _decimals(again.model_dump()).values())


def _decimals(value: object, path: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(value, Decimal):
        found[path] = str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= _decimals(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found |= _decimals(item, f"{path}[{index}]")
    return found


def test_every_api_model_has_a_json_schema_for_the_openapi_document() -> None:
    models: list[type[pydantic.BaseModel]] = [
        ClinicInfo, StandardsPage, CoursesPage, ContributionSubmission, ContributionReceipt,
        ContributionsForPeriod, TrainingCompletionsSubmission, TrainingCompletionsReceipt,
        FundStatement, ProblemDetails, CourseManifest,
    ]  # fmt: skip
    for model in models:
        schema = model.model_json_schema()
        assert schema["type"] == "object"
    money = ContributionSubmission.model_json_schema()["properties"]["amount"]
    assert money["type"] == "string"


# --------------------------------------------------------------------------------------
# Standards documents and rules
# --------------------------------------------------------------------------------------


def test_a_care_gap_document_parses_by_its_kind() -> None:
    document = parse_standard_json(json.dumps(care_gap_document()))
    assert isinstance(document, schemas.CareGapStandard)
    assert document.rule.satisfied_by[0].interval_months == 6
    assert document.in_force_on(date(2025, 1, 1))
    assert not document.in_force_on(date(2024, 12, 31))


@pytest.mark.parametrize("effective_to", ["2024-12-31", "2025-01-01"])
def test_effective_to_must_come_after_effective_from(effective_to: str) -> None:
    document = care_gap_document() | {"effective_to": effective_to}
    with pytest.raises(pydantic.ValidationError, match="must be after effective_from"):
        parse_standard_json(json.dumps(document))


def test_effective_to_is_the_first_day_a_version_no_longer_applies() -> None:
    document = parse_standard_json(json.dumps(care_gap_document() | {"effective_to": "2025-07-01"}))
    assert document.in_force_on(date(2025, 6, 30))
    assert not document.in_force_on(date(2025, 7, 1))


def test_unknown_kinds_and_rules_on_policies_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="does not match any of the expected tags"):
        parse_standard_json(json.dumps(care_gap_document() | {"kind": "billing_rule"}))
    policy = {
        "id": "policy.x",
        "version": 1,
        "kind": "policy",
        "title": "Policy",
        "body": "Text",
        "effective_from": "2025-01-01",
    }
    old = parse_standard_json(json.dumps(policy))
    assert isinstance(old, schemas.PolicyStandard)
    # a policy published before acknowledgements existed: everyone, within 30 days
    assert old.acknowledgement.everyone and old.acknowledgement.within_days == 30
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        parse_standard_json(json.dumps(policy | {"rule": {}}))
    rule = {"acknowledged_by": ["clinician"], "within_days": 14}
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        parse_standard_json(json.dumps(policy | {"rule": rule | {"quiz": True}}))
    for bad in ({"acknowledged_by": []}, {"acknowledged_by": "nobody"}, {"within_days": 0}):
        with pytest.raises(pydantic.ValidationError):
            parse_standard_json(json.dumps(policy | {"rule": rule | bad}))
    with pytest.raises(pydantic.ValidationError, match="listed twice"):
        parse_standard_json(
            json.dumps(policy | {"rule": rule | {"acknowledged_by": ["clinician", "clinician"]}})
        )
    parsed = parse_standard_json(json.dumps(policy | {"rule": rule}))
    assert isinstance(parsed, schemas.PolicyStandard)
    assert parsed.acknowledgement.roles == (schemas.Role.CLINICIAN,)
    assert not parsed.acknowledgement.everyone


def test_an_interval_must_be_given_even_when_it_is_once_in_a_lifetime() -> None:
    document = care_gap_document()
    del document["rule"]["satisfied_by"][0]["interval_months"]
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        parse_standard_json(json.dumps(document))
    document["rule"]["satisfied_by"][0]["interval_months"] = None
    gap = parse_standard_json(json.dumps(document))
    assert isinstance(gap, schemas.CareGapStandard)
    assert gap.rule.satisfied_by[0].interval_months is None


@pytest.mark.parametrize(
    ("concept_set", "message"),
    [
        ({"system": "http://snomed.info/sct"}, "lists no codes"),
        ({"system": "http://snomed.info/sct", "codes": []}, "lists no codes"),
        (
            {"system": "http://snomed.info/sct/", "codes": [{"code": "44054006", "display": "x"}]},
            "enum",
        ),
        (
            {"system": "http://snomed.info/sct", "codes": [{"code": "44054007", "display": "x"}]},
            "check digit",
        ),
        (
            {"system": "http://loinc.org", "codes": [{"code": "4548-5", "display": "x"}]},
            "check digit",
        ),
        (
            {"system": "http://snomed.info/sct", "codes": [{"code": "123456017", "display": "x"}]},
            "not of a concept",
        ),
        (
            {"system": "http://loinc.org", "codes": [{"code": "4548", "display": "x"}]},
            "not written like",
        ),
        (
            {"system": "http://hl7.org/fhir/sid/cvx", "codes": [{"code": "1400", "display": "x"}]},
            "not written like",
        ),
        ({"system": "http://snomed.info/sct", "prefixes": ["4405"]}, "only for ICD-10-CM"),
        (
            {"system": "http://hl7.org/fhir/sid/icd-10-cm", "prefixes": ["E1"]},
            "not an ICD-10-CM category",
        ),
        (
            {"system": "http://snomed.info/sct", "codes": [{"code": "44054006", "display": ""}]},
            "at least 1",
        ),
        (
            {
                "system": "http://snomed.info/sct",
                "codes": [
                    {"code": "44054006", "display": "a"},
                    {"code": "44054006", "display": "b"},
                ],
            },
            "listed twice",
        ),
    ],
)
def test_concept_sets_are_checked(concept_set: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        ConceptSet.model_validate(concept_set)


def test_a_list_of_concept_sets_names_each_system_once() -> None:
    document = care_gap_document()
    conditions = document["rule"]["eligibility"]["conditions"]
    conditions.append(dict(conditions[0]))
    with pytest.raises(pydantic.ValidationError, match="listed twice"):
        parse_standard_json(json.dumps(document))


def test_icd10cm_prefixes_match_codes_with_or_without_the_dot() -> None:
    concepts = ConceptSet.model_validate(
        {
            "system": CodeSystem.ICD_10_CM.value,
            "codes": [{"code": "I10", "display": "Essential (primary) hypertension"}],
            "prefixes": ["E11", "E13.3"],
        }
    )
    icd = CodeSystem.ICD_10_CM.value
    assert concepts.matches(icd, "E11.9")
    assert concepts.matches(icd, "E119")
    assert concepts.matches(icd, "e11.65")
    assert concepts.matches(icd, "E13.319")
    assert concepts.matches(icd, "I10")
    assert not concepts.matches(icd, "E13.9")
    assert not concepts.matches(icd, "E10.9")
    assert not concepts.matches(CodeSystem.SNOMED_CT.value, "E11.9")


def test_other_systems_match_codes_exactly() -> None:
    concepts = ConceptSet.model_validate(
        {"system": CodeSystem.CVX.value, "codes": [{"code": "09", "display": "Td (adult)"}]}
    )
    assert concepts.matches(CodeSystem.CVX.value, "09")
    assert not concepts.matches(CodeSystem.CVX.value, "9")
    assert not concepts.matches(CodeSystem.CVX.value, "090")


def test_a_value_threshold_only_fits_an_observation() -> None:
    document = care_gap_document()
    way = document["rule"]["satisfied_by"][0]
    way["value"] = {"comparator": "<", "value": "8.0", "unit": "%"}
    assert isinstance(parse_standard_json(json.dumps(document)), schemas.CareGapStandard)
    way["event_kind"] = "procedure"
    with pytest.raises(pydantic.ValidationError, match="only an observation can have a value"):
        parse_standard_json(json.dumps(document))


def test_a_value_threshold_compares_in_its_own_unit_only() -> None:
    threshold = ValueThreshold.model_validate({"comparator": "<", "value": "8.0", "unit": "%"})
    assert threshold.accepts(Decimal("7.9"), "%")
    assert not threshold.accepts(Decimal("8.0"), "%")
    assert not threshold.accepts(Decimal("53"), "mmol/mol")
    with pytest.raises(pydantic.ValidationError):
        ValueThreshold.model_validate({"comparator": "<", "value": 8.0, "unit": "%"})
    from_python = ValueThreshold(comparator=">=", value=Decimal("1.4E+2"), unit="mm[Hg]")
    assert json.loads(from_python.model_dump_json())["value"] == "140"
    assert ValueThreshold.model_validate_json(from_python.model_dump_json()) == from_python


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eligibility": {"min_age_years": 76, "max_age_years": 75}}, "above max_age_years"),
        ({"satisfied_by": []}, "at least one way"),
        ({"due_soon_days": 400}, "less than or equal"),
        ({"eligibility": {"sex": "other"}}, "female"),
    ],
)
def test_care_gap_rules_are_checked(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        CareGapRule.model_validate(care_gap_document(**changes)["rule"])


def test_ways_to_close_a_gap_have_distinct_labels() -> None:
    document = care_gap_document()
    ways = document["rule"]["satisfied_by"]
    ways.append(dict(ways[0]))
    with pytest.raises(pydantic.ValidationError, match="listed twice"):
        parse_standard_json(json.dumps(document))


@pytest.mark.parametrize(
    "fractions",
    [
        ("0.35", "0.20", "0.20", "0.15", "0.09"),
        ("0.35", "0.20", "0.20", "0.15", "0.1001"),
        ("0.5", "0.6"),
    ],
)
def test_fund_shares_must_add_up_to_exactly_one(fractions: tuple[str, ...]) -> None:
    with pytest.raises(pydantic.ValidationError, match="not exactly 1"):
        FundAllocationRule.model_validate(fund_rule_body(*fractions))


def test_a_fund_part_appears_once() -> None:
    body = fund_rule_body("0.5")
    body["parts"].append({"part": "shared_technology", "fraction": "0.5"})
    with pytest.raises(pydantic.ValidationError, match="listed twice"):
        FundAllocationRule.model_validate(body)


def test_leftover_cents_go_to_the_largest_remainders() -> None:
    rule = FundAllocationRule.model_validate(fund_rule_body("0.35", "0.20", "0.20", "0.15", "0.10"))
    amounts = rule.allocate(Decimal("100.03"))
    assert [str(amounts[part]) for part in FundPart] == [
        "35.01",
        "20.01",
        "20.01",
        "15.00",
        "10.00",
    ]


def test_equal_remainders_go_to_the_part_listed_first() -> None:
    assert split_by_largest_remainder(Decimal("0.01"), [Decimal("0.5"), Decimal("0.5")]) == [
        Decimal("0.01"),
        Decimal("0.00"),
    ]
    # 2 cents: remainders 0.6666, 0.6666, 0.6668 -> the largest first, then the tie goes
    # to the part listed first.
    assert split_by_largest_remainder(
        Decimal("0.02"), [Decimal("0.3333"), Decimal("0.3333"), Decimal("0.3334")]
    ) == [Decimal("0.01"), Decimal("0.00"), Decimal("0.01")]


@given(
    cents=st.integers(min_value=0, max_value=10**13),
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5),
)
def test_a_split_always_adds_up_to_the_total(cents: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights = [*weights[:-1], 10_000]
    # Turn the weights into four-decimal fractions that sum to exactly 1.
    fractions = [Decimal(w * 10_000 // sum(weights)) / 10_000 for w in weights]
    fractions[-1] += 1 - sum(fractions)
    total = Decimal(cents).scaleb(-2)
    shares = split_by_largest_remainder(total, fractions)
    assert sum(shares) == total
    for share, fraction in zip(shares, fractions, strict=True):
        assert share.as_tuple().exponent == -2
        assert abs(share - total * fraction) < Decimal("0.01")


def test_contribution_rule_applies_the_rate_to_contributable_revenue_only() -> None:
    rule = ContributionRateRule.model_validate(
        {
            "rate": "0.0300",
            "contributable_categories": ["member_fees", "fee_for_service"],
            "due_day": 15,
            "rounding": "half_up_to_cent",
        }
    )
    revenue = {
        RevenueCategory.MEMBER_FEES: Decimal("1000.00"),
        RevenueCategory.FEE_FOR_SERVICE: Decimal("250.50"),
        RevenueCategory.GRANTS: Decimal("9999.99"),
    }
    base = rule.contributable_base(revenue)
    assert base == Decimal("1250.50")
    assert rule.contribution(base) == Decimal("37.52")  # 37.515 rounds up


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contributable_categories": []}, "at least one"),
        ({"contributable_categories": ["grants", "grants"]}, "listed twice"),
        ({"due_day": 31}, "less than or equal to 28"),
        ({"rounding": "half_even"}, "half_up_to_cent"),
    ],
)
def test_contribution_rate_rules_are_checked(changes: dict[str, Any], message: str) -> None:
    body = {
        "rate": "0.0300",
        "contributable_categories": ["member_fees"],
        "due_day": 15,
        "rounding": "half_up_to_cent",
    }
    with pytest.raises(pydantic.ValidationError, match=message):
        ContributionRateRule.model_validate(body | changes)


def test_training_requirement_rules_are_checked() -> None:
    body = {
        "roles": ["clinician", "front_desk"],
        "course_id": "hand-hygiene",
        "recurrence_months": 12,
        "grace_days": 14,
    }
    rule = schemas.TrainingRequirementRule.model_validate(body)
    assert rule.roles == (Role.CLINICIAN, Role.FRONT_DESK)
    with pytest.raises(pydantic.ValidationError, match="at least one role"):
        schemas.TrainingRequirementRule.model_validate(body | {"roles": []})
    with pytest.raises(pydantic.ValidationError):
        schemas.TrainingRequirementRule.model_validate(body | {"roles": ["doctor"]})
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        schemas.TrainingRequirementRule.model_validate(
            {k: v for k, v in body.items() if k != "recurrence_months"}
        )


# --------------------------------------------------------------------------------------
# Course manifests
# --------------------------------------------------------------------------------------


def manifest_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "hand-hygiene",
        "version": 1,
        "title": "Hand hygiene",
        "summary": "When and how.",
        "minutes": 20,
        "roles": ["clinician"],
        "sections": ["01-intro.md", "02-more.html"],
        "quiz": {
            "pass_mark_percent": 80,
            "questions": [
                {
                    "id": "q1",
                    "text": "Rub for how long?",
                    "options": ["5 s", "20-30 s"],
                    "answer": "20-30 s",
                }
            ],
        },
    }
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sections": ["../etc/passwd.md"]}, "not a safe file name"),
        ({"sections": ["/abs.md"]}, "not a safe file name"),
        ({"sections": ["notes.txt"]}, "Markdown"),
        ({"sections": []}, "at least one section"),
        ({"sections": ["a.md", "a.md"]}, "listed twice"),
        ({"roles": []}, "at least one role"),
        ({"minutes": 0}, "greater than or equal"),
        ({"author": "x"}, "Extra inputs"),
    ],
)
def test_course_manifests_are_checked(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        CourseManifest.model_validate(manifest_body(**changes))


def test_quiz_answer_must_be_one_of_the_options_and_the_pass_mark_is_applied() -> None:
    quiz_body = manifest_body()["quiz"]
    quiz_body["questions"][0]["answer"] = "1 minute"
    with pytest.raises(pydantic.ValidationError, match="not one of the options"):
        CourseManifest.model_validate(manifest_body(quiz=quiz_body))
    quiz = schemas.Quiz.model_validate(
        {
            "pass_mark_percent": 80,
            "questions": [
                {"id": f"q{i}", "text": "?", "options": ["a", "b"], "answer": "a"} for i in range(5)
            ],
        }
    )
    assert quiz.passed({f"q{i}": "a" for i in range(4)} | {"q4": "b"})  # 4 of 5 = 80 %
    assert not quiz.passed({f"q{i}": "a" for i in range(3)})  # 3 of 5 = 60 %
