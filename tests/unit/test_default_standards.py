"""The standards shipped in resources/standards: every file validates, says where it comes
from, and uses the codes that real (Synthea-generated) records carry."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from clinicdesk.domain.roles import Role
from clinicdesk.errors import ValidationError
from clinicdesk.federation.packages import load_standards
from clinicdesk.federation.schemas import (
    CareGapStandard,
    CodeSystem,
    ContributionRateStandard,
    EventKind,
    FundAllocationStandard,
    FundPart,
    PolicyStandard,
    RevenueCategory,
    StandardDocument,
    StandardKind,
    TrainingRequirementStandard,
    concepts_match,
    standard_adapter,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
STANDARDS = RESOURCES / "standards"
COURSES = RESOURCES / "courses"

SNOMED = CodeSystem.SNOMED_CT.value
LOINC = CodeSystem.LOINC.value
ICD = CodeSystem.ICD_10_CM.value
CVX = CodeSystem.CVX.value
RXNORM = CodeSystem.RXNORM.value


@pytest.fixture(scope="module")
def standards() -> dict[str, StandardDocument]:
    return {document.id: document for document in load_standards(STANDARDS)}


def care_gap(standards: dict[str, StandardDocument], standard_id: str) -> CareGapStandard:
    document = standards[standard_id]
    assert isinstance(document, CareGapStandard)
    return document


def test_the_default_set_is_complete(standards: dict[str, StandardDocument]) -> None:
    kinds = Counter(document.kind for document in standards.values())
    assert kinds[StandardKind.CARE_GAP] >= 10
    assert kinds[StandardKind.TRAINING_REQUIREMENT] >= 4
    assert kinds[StandardKind.CONTRIBUTION_RATE] == 1
    assert kinds[StandardKind.FUND_ALLOCATION] == 1
    assert kinds[StandardKind.POLICY] >= 1
    assert len(list(STANDARDS.glob("*.json"))) == len(standards)


@pytest.mark.parametrize("path", sorted(STANDARDS.glob("*.json")), ids=lambda path: path.name)
def test_each_file_is_one_standard_named_by_its_id_and_reads_back_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = standard_adapter.validate_json(text)
    assert path.name == f"{document.id}.json"
    # What the file says is exactly what the model holds: nothing dropped, nothing reformatted.
    assert document.model_dump(mode="json", exclude_unset=True) == json.loads(text)


def test_all_defaults_are_in_force_now_and_open_ended(
    standards: dict[str, StandardDocument],
) -> None:
    for document in standards.values():
        assert document.in_force_on(date(2025, 6, 1)), document.id
        assert document.effective_to is None, document.id


def test_every_care_gap_cites_its_source(standards: dict[str, StandardDocument]) -> None:
    for document in standards.values():
        if isinstance(document, CareGapStandard):
            assert "*Source" in document.body, document.id
            assert any(
                body_mentions in document.body
                for body_mentions in (
                    "USPSTF",
                    "US Preventive Services Task Force",
                    "CDC",
                    "American Diabetes Association",
                    "ACC/AHA",
                    "AHA/ACC",
                )
            ), document.id
            assert document.body.startswith(f"# {document.title}"), document.id


def test_care_gap_ways_and_exclusions_all_name_real_event_kinds(
    standards: dict[str, StandardDocument],
) -> None:
    seen: set[EventKind] = set()
    for document in standards.values():
        if isinstance(document, CareGapStandard):
            seen |= {way.event_kind for way in document.rule.satisfied_by}
            seen |= {exclusion.event_kind for exclusion in document.rule.exclusions}
    assert seen == set(EventKind)


# Codes that Synthea really writes (see shared/fixtures/fhir): the defaults must catch them,
# so that the care-gap engine finds real gaps in the demo and test data.
@pytest.mark.parametrize(
    ("standard_id", "part", "system", "code"),
    [
        ("care-gap.diabetes-hba1c-test", "eligibility", SNOMED, "44054006"),
        ("care-gap.diabetes-hba1c-test", "eligibility", ICD, "E11.9"),
        ("care-gap.diabetes-hba1c-test", "eligibility", ICD, "E1065"),
        ("care-gap.diabetes-hba1c-test", "satisfied_by", LOINC, "4548-4"),
        ("care-gap.diabetes-hba1c-test", "satisfied_by", LOINC, "17856-6"),
        ("care-gap.diabetes-hba1c-control", "satisfied_by", LOINC, "4548-4"),
        ("care-gap.prediabetes-glycemic-test", "eligibility", SNOMED, "15777000"),
        ("care-gap.prediabetes-glycemic-test", "satisfied_by", LOINC, "4548-4"),
        ("care-gap.prediabetes-glycemic-test", "exclusions", SNOMED, "44054006"),
        ("care-gap.hypertension-bp-check", "eligibility", SNOMED, "59621000"),
        ("care-gap.hypertension-bp-check", "eligibility", SNOMED, "38341003"),
        ("care-gap.hypertension-bp-check", "eligibility", ICD, "I10"),
        ("care-gap.hypertension-bp-check", "satisfied_by", LOINC, "85354-9"),
        ("care-gap.hypertension-bp-check", "satisfied_by", LOINC, "8480-6"),
        ("care-gap.hypertension-bp-check", "satisfied_by", LOINC, "55284-4"),
        ("care-gap.colorectal-cancer-screening", "satisfied_by", SNOMED, "73761001"),
        ("care-gap.colorectal-cancer-screening", "satisfied_by", SNOMED, "104435004"),
        ("care-gap.colorectal-cancer-screening", "satisfied_by", LOINC, "57905-2"),
        ("care-gap.colorectal-cancer-screening", "exclusions", ICD, "C18.9"),
        ("care-gap.cervical-cancer-screening", "satisfied_by", SNOMED, "90226004"),
        ("care-gap.cervical-cancer-screening", "exclusions", SNOMED, "116140006"),
        ("care-gap.influenza-vaccine", "satisfied_by", CVX, "140"),
        ("care-gap.influenza-vaccine", "satisfied_by", CVX, "150"),
        ("care-gap.influenza-vaccine", "satisfied_by", CVX, "205"),
        ("care-gap.pneumococcal-vaccine", "satisfied_by", CVX, "133"),
        ("care-gap.pneumococcal-vaccine", "satisfied_by", CVX, "33"),
        ("care-gap.pneumococcal-vaccine", "satisfied_by", CVX, "216"),
        ("care-gap.td-tdap-booster", "satisfied_by", CVX, "113"),
        ("care-gap.td-tdap-booster", "satisfied_by", CVX, "115"),
        ("care-gap.diabetes-statin", "satisfied_by", RXNORM, "83367"),
        ("care-gap.diabetes-statin", "satisfied_by", RXNORM, "301542"),
        ("care-gap.diabetes-statin", "satisfied_by", RXNORM, "312961"),
        ("care-gap.diabetes-statin", "satisfied_by", RXNORM, "314231"),
        ("care-gap.diabetes-statin", "satisfied_by", RXNORM, "259255"),
        ("care-gap.lipid-panel", "satisfied_by", LOINC, "2093-3"),
        ("care-gap.lipid-panel", "satisfied_by", LOINC, "18262-6"),
        ("care-gap.depression-screening", "satisfied_by", LOINC, "55758-7"),
        ("care-gap.depression-screening", "satisfied_by", LOINC, "44261-6"),
        ("care-gap.depression-screening", "satisfied_by", SNOMED, "171207006"),
        ("care-gap.diabetes-kidney-uacr", "satisfied_by", LOINC, "9318-7"),
        ("care-gap.diabetes-kidney-uacr", "satisfied_by", LOINC, "14959-1"),
        ("care-gap.diabetes-eye-exam", "satisfied_by", SNOMED, "36228007"),
    ],
)
def test_defaults_catch_the_codes_real_records_use(
    standards: dict[str, StandardDocument], standard_id: str, part: str, system: str, code: str
) -> None:
    rule = care_gap(standards, standard_id).rule
    if part == "eligibility":
        assert concepts_match(rule.eligibility.conditions, system, code)
    elif part == "satisfied_by":
        assert any(concepts_match(way.concepts, system, code) for way in rule.satisfied_by)
    else:
        assert any(concepts_match(ex.concepts, system, code) for ex in rule.exclusions)


def test_codes_do_not_leak_between_unrelated_gaps(standards: dict[str, StandardDocument]) -> None:
    flu = care_gap(standards, "care-gap.influenza-vaccine").rule
    assert not any(concepts_match(way.concepts, CVX, "113") for way in flu.satisfied_by)
    diabetes = care_gap(standards, "care-gap.diabetes-hba1c-test").rule.eligibility.conditions
    assert not concepts_match(diabetes, SNOMED, "15777000")  # prediabetes is not diabetes
    assert not concepts_match(diabetes, ICD, "E78.5")


def test_colorectal_screening_has_a_way_per_test_with_its_own_interval(
    standards: dict[str, StandardDocument],
) -> None:
    rule = care_gap(standards, "care-gap.colorectal-cancer-screening").rule
    intervals = {way.label: way.interval_months for way in rule.satisfied_by}
    assert intervals["Colonoscopy"] == 120
    assert intervals["Flexible sigmoidoscopy"] == 60
    assert intervals["Stool DNA with FIT (sDNA-FIT)"] == 36
    assert intervals["FIT or gFOBT stool test result"] == 12
    assert (rule.eligibility.min_age_years, rule.eligibility.max_age_years) == (45, 75)


def test_screening_populations_follow_the_guidelines(
    standards: dict[str, StandardDocument],
) -> None:
    breast = care_gap(standards, "care-gap.breast-cancer-screening").rule
    assert (
        breast.eligibility.sex,
        breast.eligibility.min_age_years,
        breast.eligibility.max_age_years,
    ) == (
        "female",
        40,
        74,
    )
    assert {way.interval_months for way in breast.satisfied_by} == {24}
    cervical = care_gap(standards, "care-gap.cervical-cancer-screening").rule
    assert (cervical.eligibility.min_age_years, cervical.eligibility.max_age_years) == (21, 65)
    hpv = next(way for way in cervical.satisfied_by if "HPV" in way.label)
    assert (hpv.interval_months, hpv.min_age_years) == (60, 30)
    assert any("Hysterectomy" in exclusion.label for exclusion in cervical.exclusions)
    pneumococcal = care_gap(standards, "care-gap.pneumococcal-vaccine").rule
    assert pneumococcal.eligibility.min_age_years == 65
    assert pneumococcal.satisfied_by[0].interval_months is None  # once in a lifetime
    td = care_gap(standards, "care-gap.td-tdap-booster").rule
    assert td.satisfied_by[0].interval_months == 120


def test_the_control_measure_has_a_threshold(standards: dict[str, StandardDocument]) -> None:
    way = care_gap(standards, "care-gap.diabetes-hba1c-control").rule.satisfied_by[0]
    assert way.value is not None
    assert way.value.accepts(Decimal("7.4"), "%")
    assert not way.value.accepts(Decimal("8.0"), "%")


def test_training_requirements_point_at_courses_and_roles(
    standards: dict[str, StandardDocument],
) -> None:
    requirements = [d for d in standards.values() if isinstance(d, TrainingRequirementStandard)]
    courses = {r.rule.course_id: r.rule for r in requirements}
    shipped = {path.parent.name for path in COURSES.glob("*/course.json")}
    assert shipped <= set(courses)  # every shipped course is required of someone
    assert set(courses["patient-privacy-basics"].roles) == set(Role)
    assert courses["basic-life-support"].roles == (Role.CLINICIAN,)
    assert courses["basic-life-support"].recurrence_months == 24
    assert courses["bloodborne-pathogens"].grace_days == 0


def test_the_contribution_rate_is_three_percent_of_contributable_revenue(
    standards: dict[str, StandardDocument],
) -> None:
    rates = [d for d in standards.values() if isinstance(d, ContributionRateStandard)]
    rule = rates[0].rule
    assert rule.rate == Decimal("0.0300")
    assert set(rule.contributable_categories) == {
        RevenueCategory.MEMBER_FEES,
        RevenueCategory.ANCHOR_CONTRACTS,
        RevenueCategory.FEE_FOR_SERVICE,
    }
    assert rule.due_day == 15
    revenue = {category: Decimal("1000.00") for category in RevenueCategory}
    assert rule.contribution(rule.contributable_base(revenue)) == Decimal("90.00")


def test_the_fund_allocation_divides_every_cent(standards: dict[str, StandardDocument]) -> None:
    allocation = next(d for d in standards.values() if isinstance(d, FundAllocationStandard))
    shares = {share.part: share.fraction for share in allocation.rule.parts}
    assert shares == {
        FundPart.SHARED_TECHNOLOGY: Decimal("0.35"),
        FundPart.TRAINING: Decimal("0.20"),
        FundPart.REGIONAL_DEVELOPMENT: Decimal("0.20"),
        FundPart.RESERVE: Decimal("0.15"),
        FundPart.MEMBER_DIVIDEND: Decimal("0.10"),
    }
    amounts = allocation.rule.allocate(Decimal("4321.09"))
    assert sum(amounts.values()) == Decimal("4321.09")


def test_policies_are_prose(standards: dict[str, StandardDocument]) -> None:
    policies = [d for d in standards.values() if isinstance(d, PolicyStandard)]
    assert {p.id for p in policies} >= {"policy.patient-data-stays-local"}
    assert all(len(p.body.split()) > 100 for p in policies)


def test_the_readme_documents_every_kind() -> None:
    readme = (STANDARDS / "README.md").read_text(encoding="utf-8")
    for kind in StandardKind:
        assert f"## `{kind.value}`" in readme


def test_loading_refuses_a_file_not_named_by_its_id(tmp_path: Path) -> None:
    source = STANDARDS / "care-gap.influenza-vaccine.json"
    (tmp_path / "flu.json").write_bytes(source.read_bytes())
    with pytest.raises(
        ValidationError, match=re.escape("name the file care-gap.influenza-vaccine.json")
    ):
        load_standards(tmp_path)


def test_loading_names_the_broken_file(tmp_path: Path) -> None:
    document = json.loads((STANDARDS / "fund-allocation.federation.json").read_text("utf-8"))
    document["rule"]["parts"][0]["fraction"] = "0.3400"
    (tmp_path / "fund-allocation.federation.json").write_text(json.dumps(document), "utf-8")
    with pytest.raises(ValidationError) as info:
        load_standards(tmp_path)
    assert "fund-allocation.federation.json" in str(info.value)
    assert "not exactly 1" in str(info.value)
    assert info.value.field == "fund-allocation.federation.json"


def test_loading_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="No standards found"):
        load_standards(tmp_path)


def test_a_stored_standard_reads_back_as_the_document_it_was_stored_from(
    standards: dict[str, StandardDocument],
) -> None:
    """federation_store remembers the documents it stores by their stored content and
    gives them back when it reads those rows, instead of validating them again: right
    only if a row read back through JSON is the document it was stored from."""
    from clinicdesk.services import federation_store

    for document in standards.values():
        values = federation_store._standard_values(document)
        data = federation_store._data(document.id, document.version, values)
        again = standard_adapter.validate_json(json.dumps(data))
        assert again == document
        assert again.model_dump(mode="json") == document.model_dump(mode="json")
