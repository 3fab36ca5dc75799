"""Golden cases for the 15 shipped care-gap standards, with a frozen as-of date.

Each case is a hand-made patient just inside or just outside one boundary of one rule:
age limits (both ends included), sex, a condition present / resolved / not yet begun,
interval edges the day before and after, value thresholds and units, exclusions in and
out of their window, a way's minimum age, and medications active on the date. The
evaluation rules are those of resources/standards/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from clinicdesk.domain.caregaps import (
    Event,
    GapState,
    PatientFacts,
    add_months,
    evaluate,
)
from clinicdesk.federation.packages import load_standards
from clinicdesk.federation.schemas import CareGapStandard, CodeSystem

STANDARDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "standards"
STANDARDS: dict[str, CareGapStandard] = {
    doc.id: doc for doc in load_standards(STANDARDS_DIR) if isinstance(doc, CareGapStandard)
}

D = date(2025, 6, 15)
"""The frozen as-of date of every case unless a case says otherwise."""

SCT = CodeSystem.SNOMED_CT.value
LOINC = CodeSystem.LOINC.value
ICD = CodeSystem.ICD_10_CM.value
CVX = CodeSystem.CVX.value
RXNORM = CodeSystem.RXNORM.value
CPT = CodeSystem.CPT.value

MET, DUE_SOON, DUE, OVERDUE = GapState.MET, GapState.DUE_SOON, GapState.DUE, GapState.OVERDUE
NA, EXCLUDED = GapState.NOT_APPLICABLE, GapState.EXCLUDED


def aged(years: int, *, turning_tomorrow: bool = False, on: date = D) -> date:
    """A birth date: `years` old on `on` (a birthday that day), or one day short of it."""
    birth = on.replace(year=on.year - years)
    return birth + timedelta(days=1) if turning_tomorrow else birth


def months_ago(months: int, days: int = 0, on: date = D) -> date:
    """`months` calendar months before `on`, then `days` later."""
    return add_months(on, -months) + timedelta(days=days)


def cond(code: str, on: date, ended: date | None = None, system: str = SCT) -> Event:
    return Event("condition", system, code, on, ended)


def obs(
    code: str, on: date, value: str | None = None, unit: str | None = None, system: str = LOINC
) -> Event:
    return Event("observation", system, code, on, None, Decimal(value) if value else None, unit)


def proc(code: str, on: date, system: str = SCT) -> Event:
    return Event("procedure", system, code, on)


def imm(code: str, on: date) -> Event:
    return Event("immunization", CVX, code, on)


def med(code: str, start: date, end: date | None = None) -> Event:
    return Event("medication", RXNORM, code, start, end)


DIABETES = cond("44054006", date(2015, 1, 1))
HOSPICE_CODE = "385763009"


@dataclass(frozen=True)
class Case:
    standard: str
    name: str
    birth_date: date | None
    sex: str
    events: tuple[Event, ...]
    state: GapState
    due_on: date | None = None
    check_due: bool = False
    status: str = "active"
    as_of: date = D
    satisfied_by: str | None = None


def case(
    standard: str,
    name: str,
    state: GapState,
    *events: Event,
    born: date | str | None = "aged 50",
    sex: str = "female",
    status: str = "active",
    as_of: date = D,
    due_on: date | str | None = "unchecked",
    satisfied_by: str | None = None,
) -> object:
    check_due = due_on != "unchecked"
    return pytest.param(
        Case(
            standard=f"care-gap.{standard}",
            name=name,
            birth_date=aged(50, on=as_of) if isinstance(born, str) else born,
            sex=sex,
            events=events,
            state=state,
            due_on=due_on if isinstance(due_on, date) else None,
            check_due=check_due,
            status=status,
            as_of=as_of,
            satisfied_by=satisfied_by,
        ),
        id=f"{standard}: {name}",
    )


BREAST = [
    case(
        "breast-cancer-screening",
        "aged 40 today, never screened",
        OVERDUE,
        born=aged(40),
        due_on=None,
    ),
    case("breast-cancer-screening", "turns 40 tomorrow", NA, born=aged(40, turning_tomorrow=True)),
    case("breast-cancer-screening", "aged 74", OVERDUE, born=aged(74)),
    case("breast-cancer-screening", "aged 75", NA, born=aged(75)),
    case("breast-cancer-screening", "a man", NA, sex="male"),
    case("breast-cancer-screening", "sex unknown", NA, sex="unknown"),
    case(
        "breast-cancer-screening",
        "mammogram exactly 24 months ago: due today",
        DUE,
        proc("71651007", months_ago(24)),
        due_on=D,
    ),
    case(
        "breast-cancer-screening",
        "mammogram 24 months less a day ago: due soon",
        DUE_SOON,
        proc("71651007", months_ago(24, 1)),
        due_on=D + timedelta(days=1),
        satisfied_by="Mammogram (procedure record)",
    ),
    case(
        "breast-cancer-screening",
        "due in 60 days: due soon",
        DUE_SOON,
        proc("71651007", months_ago(24) + timedelta(days=60)),
    ),
    case(
        "breast-cancer-screening",
        "due in 61 days: met",
        MET,
        proc("71651007", months_ago(24) + timedelta(days=61)),
    ),
    case(
        "breast-cancer-screening",
        "CPT mammogram counts",
        MET,
        proc("77067", months_ago(3), system=CPT),
    ),
    case(
        "breast-cancer-screening",
        "imaging report (LOINC) counts",
        MET,
        obs("24606-6", months_ago(3)),
        satisfied_by="Mammogram (imaging report)",
    ),
    case(
        "breast-cancer-screening",
        "mammogram after the as-of date does not count",
        OVERDUE,
        proc("71651007", D + timedelta(days=1)),
    ),
    case(
        "breast-cancer-screening",
        "due 90 days ago: overdue",
        OVERDUE,
        proc("71651007", months_ago(24) - timedelta(days=90)),
        due_on=D - timedelta(days=90),
    ),
    case(
        "breast-cancer-screening",
        "due 89 days ago: due",
        DUE,
        proc("71651007", months_ago(24) - timedelta(days=89)),
    ),
    case(
        "breast-cancer-screening",
        "bilateral mastectomy long ago: excluded",
        EXCLUDED,
        proc("27865001", date(2001, 1, 1)),
    ),
    case(
        "breast-cancer-screening",
        "hospice exactly 12 months ago: outside the window",
        OVERDUE,
        proc(HOSPICE_CODE, months_ago(12)),
    ),
    case(
        "breast-cancer-screening",
        "hospice 12 months less a day ago: excluded",
        EXCLUDED,
        proc(HOSPICE_CODE, months_ago(12, 1)),
    ),
    case(
        "breast-cancer-screening",
        "hospice tomorrow: not yet excluded",
        OVERDUE,
        proc(HOSPICE_CODE, D + timedelta(days=1)),
    ),
    case("breast-cancer-screening", "deceased patient", NA, status="deceased"),
    case("breast-cancer-screening", "birth date unknown", NA, born=None),
]

CERVICAL = [
    case("cervical-cancer-screening", "aged 21", OVERDUE, born=aged(21)),
    case(
        "cervical-cancer-screening", "turns 21 tomorrow", NA, born=aged(21, turning_tomorrow=True)
    ),
    case("cervical-cancer-screening", "aged 65", OVERDUE, born=aged(65)),
    case("cervical-cancer-screening", "aged 66", NA, born=aged(66)),
    case("cervical-cancer-screening", "a man", NA, sex="male"),
    case(
        "cervical-cancer-screening",
        "cytology 36 months ago: due",
        DUE,
        obs("10524-7", months_ago(36)),
        due_on=D,
    ),
    case(
        "cervical-cancer-screening",
        "cytology 36 months less a day: due soon",
        DUE_SOON,
        obs("10524-7", months_ago(36, 1)),
    ),
    case(
        "cervical-cancer-screening",
        "HPV test at 30 counts for 5 years",
        MET,
        obs("21440-3", months_ago(40)),
        born=aged(34),
        satisfied_by="High-risk HPV test, age 30 or over",
    ),
    case(
        "cervical-cancer-screening",
        "HPV test the day before the 30th birthday: no",
        OVERDUE,
        obs("21440-3", date(2023, 3, 9)),
        born=date(1993, 3, 10),
    ),
    case(
        "cervical-cancer-screening",
        "HPV test on the 30th birthday counts",
        MET,
        obs("21440-3", date(2023, 3, 10)),
        born=date(1993, 3, 10),
        due_on=date(2028, 3, 10),
    ),
    case(
        "cervical-cancer-screening",
        "HPV test at 30 for someone born on 29 February",
        OVERDUE,
        obs("21440-3", date(2022, 2, 28)),
        born=date(1992, 2, 29),
    ),
    case(
        "cervical-cancer-screening",
        "born 29 February: 30 on 1 March",
        MET,
        obs("21440-3", date(2022, 3, 1)),
        born=date(1992, 2, 29),
    ),
    case(
        "cervical-cancer-screening",
        "hysterectomy (CPT): excluded",
        EXCLUDED,
        proc("58150", date(2010, 5, 1), system=CPT),
    ),
    case(
        "cervical-cancer-screening",
        "no cervix condition, even resolved: excluded",
        EXCLUDED,
        cond("37687000", date(2010, 5, 1), ended=date(2011, 1, 1)),
    ),
    case(
        "cervical-cancer-screening",
        "hospice within 12 months: excluded",
        EXCLUDED,
        proc(HOSPICE_CODE, months_ago(1)),
    ),
]

COLORECTAL = [
    case("colorectal-cancer-screening", "aged 45", OVERDUE, born=aged(45)),
    case("colorectal-cancer-screening", "aged 44", NA, born=aged(44)),
    case("colorectal-cancer-screening", "aged 75, a man", OVERDUE, born=aged(75), sex="male"),
    case("colorectal-cancer-screening", "aged 76", NA, born=aged(76)),
    case(
        "colorectal-cancer-screening",
        "colonoscopy 10 years ago: due",
        DUE,
        proc("73761001", months_ago(120)),
        due_on=D,
    ),
    case(
        "colorectal-cancer-screening",
        "colonoscopy 10 years less a day: due soon",
        DUE_SOON,
        proc("73761001", months_ago(120, 1)),
        satisfied_by="Colonoscopy",
    ),
    case(
        "colorectal-cancer-screening",
        "CPT colonoscopy counts",
        MET,
        proc("45378", months_ago(50), system=CPT),
    ),
    case(
        "colorectal-cancer-screening",
        "sigmoidoscopy 5 years ago: due",
        DUE,
        proc("44441009", months_ago(60)),
    ),
    case(
        "colorectal-cancer-screening",
        "FIT 11 months ago: due soon (60 days)",
        DUE_SOON,
        obs("57905-2", months_ago(11)),
    ),
    case(
        "colorectal-cancer-screening", "FIT 12 months ago: due", DUE, obs("57905-2", months_ago(12))
    ),
    case(
        "colorectal-cancer-screening",
        "old colonoscopy, recent FIT: the later due date wins",
        MET,
        proc("73761001", months_ago(119)),
        obs("57905-2", months_ago(2)),
        due_on=add_months(months_ago(2), 12),
        satisfied_by="FIT or gFOBT stool test result",
    ),
    case(
        "colorectal-cancer-screening",
        "sDNA-FIT 35 months ago: due soon",
        DUE_SOON,
        obs("77353-1", months_ago(35)),
    ),
    case(
        "colorectal-cancer-screening",
        "colorectal cancer C18.9 (prefix): excluded",
        EXCLUDED,
        cond("C18.9", date(2020, 1, 1), system=ICD),
    ),
    case(
        "colorectal-cancer-screening",
        "colorectal cancer C189 without the dot: excluded",
        EXCLUDED,
        cond("C189", date(2020, 1, 1), system=ICD),
    ),
    case(
        "colorectal-cancer-screening",
        "C19 listed exactly: excluded",
        EXCLUDED,
        cond("C19", date(2020, 1, 1), system=ICD),
    ),
    case(
        "colorectal-cancer-screening",
        "C19.1 is not C19 (no prefix): not excluded",
        OVERDUE,
        cond("C19.1", date(2020, 1, 1), system=ICD),
    ),
    case(
        "colorectal-cancer-screening",
        "cancer recorded as a procedure kind: not excluded",
        OVERDUE,
        Event("procedure", SCT, "363406005", date(2020, 1, 1)),
    ),
    case(
        "colorectal-cancer-screening",
        "total colectomy (CPT): excluded",
        EXCLUDED,
        proc("44150", date(2012, 1, 1), system=CPT),
    ),
]

DEPRESSION = [
    case("depression-screening", "aged 12", OVERDUE, born=aged(12)),
    case("depression-screening", "turns 12 tomorrow", NA, born=aged(12, turning_tomorrow=True)),
    case("depression-screening", "aged 101: no upper limit", OVERDUE, born=aged(101)),
    case("depression-screening", "PHQ 12 months ago: due", DUE, obs("44249-1", months_ago(12))),
    case(
        "depression-screening",
        "PHQ 10 months ago: met (30 days due soon)",
        MET,
        obs("44249-1", months_ago(10)),
    ),
    case(
        "depression-screening",
        "PHQ 12 months less 30 days: due soon",
        DUE_SOON,
        obs("44249-1", months_ago(12, 30)),
    ),
    case(
        "depression-screening",
        "PHQ 12 months less 31 days: met",
        MET,
        obs("44249-1", months_ago(12, 31)),
    ),
    case(
        "depression-screening",
        "depression F32.A: excluded",
        EXCLUDED,
        cond("F32.A", date(2019, 1, 1), system=ICD),
    ),
    case(
        "depression-screening",
        "bipolar F31 resolved: still excluded",
        EXCLUDED,
        cond("F31.9", date(2019, 1, 1), ended=date(2020, 1, 1), system=ICD),
    ),
]


def _diabetes_cases(standard: str, low: int, high: int | None) -> list[object]:
    cases = [
        case(standard, f"aged {low} with diabetes", OVERDUE, DIABETES, born=aged(low)),
        case(
            standard, f"turns {low} tomorrow", NA, DIABETES, born=aged(low, turning_tomorrow=True)
        ),
        case(standard, "no diabetes", NA),
        case(
            standard,
            "diabetes resolved yesterday",
            NA,
            cond("44054006", date(2015, 1, 1), ended=D - timedelta(days=1)),
        ),
        case(
            standard,
            "diabetes resolved today: still eligible",
            OVERDUE,
            cond("44054006", date(2015, 1, 1), ended=D),
        ),
        case(standard, "diabetes from tomorrow", NA, cond("44054006", D + timedelta(days=1))),
        case(standard, "diabetes from today", OVERDUE, cond("44054006", D)),
        case(standard, "ICD-10-CM E11.9", OVERDUE, cond("E11.9", date(2015, 1, 1), system=ICD)),
        case(
            standard,
            "ICD-10-CM e119 in lower case, no dot",
            OVERDUE,
            cond("e119", date(2015, 1, 1), system=ICD),
        ),
        case(
            standard, "ICD-10-CM E12 is not listed", NA, cond("E12.0", date(2015, 1, 1), system=ICD)
        ),
        case(
            standard,
            "diabetes code as an observation does not qualify",
            NA,
            Event("observation", SCT, "44054006", date(2015, 1, 1)),
        ),
        case(
            standard,
            "hospice within 12 months: excluded",
            EXCLUDED,
            DIABETES,
            proc(HOSPICE_CODE, months_ago(3)),
        ),
    ]
    if high is not None:
        cases += [
            case(standard, f"aged {high}", OVERDUE, DIABETES, born=aged(high)),
            case(standard, f"aged {high + 1}", NA, DIABETES, born=aged(high + 1)),
        ]
    else:
        cases.append(case(standard, "aged 95: no upper limit", OVERDUE, DIABETES, born=aged(95)))
    return cases


EYE = [
    *_diabetes_cases("diabetes-eye-exam", 18, 75),
    case(
        "diabetes-eye-exam",
        "eye exam 12 months ago: due",
        DUE,
        DIABETES,
        proc("36228007", months_ago(12)),
        due_on=D,
    ),
    case(
        "diabetes-eye-exam",
        "eye exam 12 months less a day: due soon",
        DUE_SOON,
        DIABETES,
        proc("36228007", months_ago(12, 1)),
    ),
    case(
        "diabetes-eye-exam",
        "CPT retinal photography counts",
        MET,
        DIABETES,
        proc("92250", months_ago(2), system=CPT),
    ),
]

HBA1C = "4548-4"
CONTROL = [
    *_diabetes_cases("diabetes-hba1c-control", 18, 75),
    case(
        "diabetes-hba1c-control",
        "7.9 % three months ago: met",
        MET,
        DIABETES,
        obs(HBA1C, months_ago(3), "7.9", "%"),
        due_on=add_months(months_ago(3), 12),
        satisfied_by="Most recent HbA1c below 8 %",
    ),
    case(
        "diabetes-hba1c-control",
        "8.0 % is not below 8: due from its date",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(1), "8.0", "%"),
        due_on=months_ago(1),
    ),
    case(
        "diabetes-hba1c-control",
        "9.5 % four months ago: overdue (90 days)",
        OVERDUE,
        DIABETES,
        obs(HBA1C, months_ago(4), "9.5", "%"),
    ),
    case(
        "diabetes-hba1c-control",
        "7.0 in mmol/mol: the unit does not match",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(1), "7.0", "mmol/mol"),
    ),
    case(
        "diabetes-hba1c-control",
        "a result without a value does not count",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(1)),
    ),
    case(
        "diabetes-hba1c-control",
        "a newer bad result cancels an older good one",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(5), "6.5", "%"),
        obs(HBA1C, months_ago(1), "8.4", "%"),
    ),
    case(
        "diabetes-hba1c-control",
        "a newer good result replaces an older bad one",
        MET,
        DIABETES,
        obs(HBA1C, months_ago(5), "9.5", "%"),
        obs(HBA1C, months_ago(1), "7.4", "%"),
    ),
    case(
        "diabetes-hba1c-control",
        "good and bad on the same day: not controlled",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(1), "7.0", "%"),
        obs(HBA1C, months_ago(1), "8.1", "%"),
    ),
    case(
        "diabetes-hba1c-control",
        "good result 12 months ago: outside the interval",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(12), "6.0", "%"),
        due_on=D,
    ),
    case(
        "diabetes-hba1c-control",
        "good result 12 months less a day: due soon",
        DUE_SOON,
        DIABETES,
        obs(HBA1C, months_ago(12, 1), "6.0", "%"),
    ),
    case(
        "diabetes-hba1c-control",
        "other listed LOINC code 17856-6 counts",
        MET,
        DIABETES,
        obs("17856-6", months_ago(2), "6.9", "%"),
    ),
]

TEST = [
    *_diabetes_cases("diabetes-hba1c-test", 18, None),
    case(
        "diabetes-hba1c-test",
        "HbA1c 6 months ago: due",
        DUE,
        DIABETES,
        obs(HBA1C, months_ago(6)),
        due_on=D,
    ),
    case(
        "diabetes-hba1c-test",
        "HbA1c 6 months less a day: due soon",
        DUE_SOON,
        DIABETES,
        obs(HBA1C, months_ago(6, 1)),
    ),
    case(
        "diabetes-hba1c-test",
        "any value counts (no threshold)",
        MET,
        DIABETES,
        obs(HBA1C, months_ago(2), "11.2", "%"),
    ),
    case(
        "diabetes-hba1c-test",
        "31 August + 6 months = 28 February: due on the 28th",
        DUE,
        DIABETES,
        obs(HBA1C, date(2024, 8, 31)),
        as_of=date(2025, 2, 28),
        due_on=date(2025, 2, 28),
    ),
    case(
        "diabetes-hba1c-test",
        "1 September + 6 months = 1 March: still closed",
        DUE_SOON,
        DIABETES,
        obs(HBA1C, date(2024, 9, 1)),
        as_of=date(2025, 2, 28),
        due_on=date(2025, 3, 1),
    ),
]

UACR = [
    *_diabetes_cases("diabetes-kidney-uacr", 18, 75),
    case(
        "diabetes-kidney-uacr",
        "UACR 12 months ago: due",
        DUE,
        DIABETES,
        obs("9318-7", months_ago(12)),
    ),
    case(
        "diabetes-kidney-uacr",
        "UACR 12 months less a day: due soon",
        DUE_SOON,
        DIABETES,
        obs("9318-7", months_ago(12, 1)),
    ),
    case(
        "diabetes-kidney-uacr",
        "end-stage kidney disease N18.6: excluded",
        EXCLUDED,
        DIABETES,
        cond("N18.6", date(2020, 1, 1), system=ICD),
    ),
    case(
        "diabetes-kidney-uacr",
        "N186 without the dot: excluded",
        EXCLUDED,
        DIABETES,
        cond("N186", date(2020, 1, 1), system=ICD),
    ),
    case(
        "diabetes-kidney-uacr",
        "N18.5 (stage 5, not end-stage): not excluded",
        OVERDUE,
        DIABETES,
        cond("N18.5", date(2020, 1, 1), system=ICD),
    ),
]

STATIN = [
    *_diabetes_cases("diabetes-statin", 40, 75),
    case(
        "diabetes-statin",
        "statin active with no end: met",
        MET,
        DIABETES,
        med("36567", date(2019, 1, 1)),
        due_on=add_months(D, 12),
        satisfied_by="Statin active",
    ),
    case(
        "diabetes-statin",
        "statin that ended 12 months ago: due",
        DUE,
        DIABETES,
        med("314231", date(2019, 1, 1), months_ago(12)),
        due_on=D,
    ),
    case(
        "diabetes-statin",
        "statin that ended 12 months less a day ago: due soon",
        DUE_SOON,
        DIABETES,
        med("314231", date(2019, 1, 1), months_ago(12, 1)),
    ),
    case(
        "diabetes-statin",
        "statin ending next year: active today, met",
        MET,
        DIABETES,
        med("83367", date(2024, 1, 1), date(2026, 1, 1)),
        due_on=add_months(D, 12),
    ),
    case(
        "diabetes-statin",
        "statin started tomorrow: does not count",
        OVERDUE,
        DIABETES,
        med("83367", D + timedelta(days=1)),
    ),
    case("diabetes-statin", "statin started today: counts", MET, DIABETES, med("83367", D)),
    case(
        "diabetes-statin",
        "an unlisted RxNorm drug does not count",
        OVERDUE,
        DIABETES,
        med("197361", date(2019, 1, 1)),
    ),
    case(
        "diabetes-statin",
        "a statin code recorded as a procedure does not count",
        OVERDUE,
        DIABETES,
        Event("procedure", RXNORM, "36567", months_ago(1)),
    ),
]

BP = [
    case(
        "hypertension-bp-check",
        "hypertension SNOMED, aged 18",
        OVERDUE,
        cond("38341003", date(2020, 1, 1)),
        born=aged(18),
    ),
    case(
        "hypertension-bp-check",
        "turns 18 tomorrow",
        NA,
        cond("38341003", date(2020, 1, 1)),
        born=aged(18, turning_tomorrow=True),
    ),
    case(
        "hypertension-bp-check",
        "aged 85",
        OVERDUE,
        cond("38341003", date(2020, 1, 1)),
        born=aged(85),
    ),
    case("hypertension-bp-check", "aged 86", NA, cond("38341003", date(2020, 1, 1)), born=aged(86)),
    case(
        "hypertension-bp-check",
        "ICD I10 exactly",
        OVERDUE,
        cond("I10", date(2020, 1, 1), system=ICD),
    ),
    case(
        "hypertension-bp-check",
        "ICD I11.9 by prefix",
        OVERDUE,
        cond("I11.9", date(2020, 1, 1), system=ICD),
    ),
    case(
        "hypertension-bp-check",
        "ICD I15.0 is not listed",
        NA,
        cond("I15.0", date(2020, 1, 1), system=ICD),
    ),
    case("hypertension-bp-check", "no hypertension", NA),
    case(
        "hypertension-bp-check",
        "BP 6 months ago: due",
        DUE,
        cond("38341003", date(2020, 1, 1)),
        obs("85354-9", months_ago(6)),
    ),
    case(
        "hypertension-bp-check",
        "systolic 4 months ago: met",
        MET,
        cond("38341003", date(2020, 1, 1)),
        obs("8480-6", months_ago(4), "128", "mm[Hg]"),
    ),
]

FLU = [
    case("influenza-vaccine", "aged 1", OVERDUE, born=aged(1)),
    case("influenza-vaccine", "turns 1 tomorrow", NA, born=aged(1, turning_tomorrow=True)),
    case("influenza-vaccine", "CVX 140 twelve months ago: due", DUE, imm("140", months_ago(12))),
    case(
        "influenza-vaccine",
        "CVX 140 eleven months ago: due soon (30 days)",
        DUE_SOON,
        imm("140", months_ago(11)),
    ),
    case("influenza-vaccine", "CVX 140 eight months ago: met", MET, imm("140", months_ago(8))),
    case(
        "influenza-vaccine",
        "SNOMED procedure record counts",
        MET,
        proc("86198006", months_ago(2)),
        satisfied_by="Influenza vaccination (procedure record)",
    ),
    case(
        "influenza-vaccine",
        "CVX 088 is not 88 (codes compared exactly)",
        OVERDUE,
        imm("088", months_ago(2)),
    ),
    case("influenza-vaccine", "transferred patient", NA, status="transferred"),
]

LIPID = [
    case("lipid-panel", "aged 40", OVERDUE, born=aged(40)),
    case("lipid-panel", "aged 39", NA, born=aged(39)),
    case("lipid-panel", "aged 75", OVERDUE, born=aged(75)),
    case("lipid-panel", "aged 76", NA, born=aged(76)),
    case("lipid-panel", "cholesterol 60 months ago: due", DUE, obs("2093-3", months_ago(60))),
    case(
        "lipid-panel",
        "cholesterol due in 60 days: due soon",
        DUE_SOON,
        obs("2093-3", months_ago(60, 60)),
        due_on=D + timedelta(days=60),
    ),
    case(
        "lipid-panel",
        "cholesterol due in 61 days: met",
        MET,
        obs("2093-3", months_ago(60, 61)),
        due_on=D + timedelta(days=61),
    ),
]

PNEUMO = [
    case("pneumococcal-vaccine", "aged 65, never vaccinated", OVERDUE, born=aged(65), due_on=None),
    case("pneumococcal-vaccine", "aged 64", NA, born=aged(64)),
    case(
        "pneumococcal-vaccine",
        "vaccinated 30 years ago: once is enough",
        MET,
        imm("33", date(1995, 3, 1)),
        born=aged(80),
        due_on=None,
    ),
    case(
        "pneumococcal-vaccine",
        "vaccine after the as-of date does not count",
        OVERDUE,
        imm("215", D + timedelta(days=1)),
        born=aged(70),
    ),
]

PREDIABETES = [
    case(
        "prediabetes-glycemic-test",
        "prediabetes R73.03",
        OVERDUE,
        cond("R73.03", date(2022, 1, 1), system=ICD),
    ),
    case(
        "prediabetes-glycemic-test",
        "R73.0 alone is not listed",
        NA,
        cond("R73.0", date(2022, 1, 1), system=ICD),
    ),
    case(
        "prediabetes-glycemic-test",
        "prediabetes SNOMED, aged 17",
        NA,
        cond("15777000", date(2022, 1, 1)),
        born=aged(17),
    ),
    case(
        "prediabetes-glycemic-test",
        "has diabetes too: excluded",
        EXCLUDED,
        cond("15777000", date(2022, 1, 1)),
        DIABETES,
    ),
    case(
        "prediabetes-glycemic-test",
        "diabetes resolved long ago still excludes",
        EXCLUDED,
        cond("15777000", date(2022, 1, 1)),
        cond("E11.9", date(2010, 1, 1), ended=date(2011, 1, 1), system=ICD),
    ),
    case(
        "prediabetes-glycemic-test",
        "diabetes diagnosed tomorrow: not yet excluded",
        OVERDUE,
        cond("15777000", date(2022, 1, 1)),
        cond("44054006", D + timedelta(days=1)),
    ),
    case(
        "prediabetes-glycemic-test",
        "fasting glucose 12 months ago: due",
        DUE,
        cond("15777000", date(2022, 1, 1)),
        obs("1558-6", months_ago(12)),
    ),
    case(
        "prediabetes-glycemic-test",
        "fasting glucose 12 months less a day: due soon",
        DUE_SOON,
        cond("15777000", date(2022, 1, 1)),
        obs("1558-6", months_ago(12, 1)),
    ),
]

TD = [
    case("td-tdap-booster", "aged 19", OVERDUE, born=aged(19)),
    case("td-tdap-booster", "aged 18", NA, born=aged(18)),
    case("td-tdap-booster", "Tdap 10 years ago: due", DUE, imm("115", months_ago(120))),
    case(
        "td-tdap-booster",
        "Tdap 10 years less 60 days: due soon",
        DUE_SOON,
        imm("115", months_ago(120, 60)),
    ),
    case(
        "td-tdap-booster", "Tdap 10 years less 61 days: met", MET, imm("115", months_ago(120, 61))
    ),
    case("td-tdap-booster", "CVX 09 with its leading zero", MET, imm("09", months_ago(12))),
    case(
        "td-tdap-booster",
        "CVX 9 without the leading zero does not match",
        OVERDUE,
        imm("9", months_ago(12)),
    ),
]

ALL_CASES = [
    *BREAST, *CERVICAL, *COLORECTAL, *DEPRESSION, *EYE, *CONTROL, *TEST, *UACR, *STATIN,
    *BP, *FLU, *LIPID, *PNEUMO, *PREDIABETES, *TD,
]  # fmt: skip


@pytest.mark.parametrize("golden", ALL_CASES)
def test_golden(golden: Case) -> None:
    standard = STANDARDS[golden.standard]
    patient = PatientFacts(golden.birth_date, golden.sex, golden.status, golden.events)
    result = evaluate(standard, patient, golden.as_of)
    assert result.state is golden.state, result.explanation
    assert result.standard_id == golden.standard
    assert result.standard_version == standard.version
    if golden.check_due:
        assert result.due_on == golden.due_on, result.explanation
    if golden.satisfied_by is not None:
        assert result.satisfied_by == golden.satisfied_by
    assert result.explanation.startswith(f"{golden.state.label}")


def test_every_shipped_standard_has_golden_cases() -> None:
    covered = {param.values[0].standard for param in ALL_CASES}  # type: ignore[attr-defined]
    assert covered == set(STANDARDS)
    assert len(STANDARDS) == 15


# --- the words ---------------------------------------------------------------------------


def _explain(standard: str, *events: Event, born: date | None = None, as_of: date = D) -> str:
    patient = PatientFacts(born or aged(50), "female", "active", events)
    return evaluate(STANDARDS[f"care-gap.{standard}"], patient, as_of).explanation


def test_an_open_gap_says_what_is_missing_since_when_and_for_whom() -> None:
    text = _explain("diabetes-hba1c-test", DIABETES, obs(HBA1C, date(2024, 11, 20)))
    assert text == (
        "Due since 2025-05-20: no HbA1c result (LOINC 4548-4) within 6 months "
        "(last on 2024-11-20); due every 6 months for patients aged 18 or over with "
        "diabetes mellitus type 2 (SNOMED 44054006)."
    )


def test_a_never_done_gap_says_none_is_on_record() -> None:
    assert _explain("td-tdap-booster") == (
        "Overdue: no Td or Tdap vaccine given (CVX 09) on record; "
        "due every 10 years for patients aged 19 or over."
    )


def test_a_met_gap_names_the_way_and_the_next_due_date() -> None:
    text = _explain("colorectal-cancer-screening", proc("73761001", date(2020, 3, 1)))
    assert text == (
        "Met: Colonoscopy on 2020-03-01, due again on 2030-03-01; for patients aged 45 to 75."
    )


def test_a_bad_control_result_is_named_with_the_threshold() -> None:
    text = _explain("diabetes-hba1c-control", DIABETES, obs(HBA1C, date(2025, 5, 1), "8.6", "%"))
    assert text.startswith(
        "Due since 2025-05-01: Most recent HbA1c below 8 %: the result of 2025-05-01 "
        "(LOINC 4548-4) does not meet < 8.0 %; due every year"
    )


def test_an_exclusion_is_stated_with_its_date_and_window() -> None:
    assert _explain("breast-cancer-screening", proc(HOSPICE_CODE, date(2025, 2, 1))) == (
        "Excluded: In hospice care recorded on 2025-02-01, within the last year."
    )
    assert _explain("breast-cancer-screening", proc("27865001", date(2001, 1, 1))) == (
        "Excluded: Bilateral mastectomy recorded on 2001-01-01."
    )


def test_not_applicable_says_why() -> None:
    assert _explain("lipid-panel", born=aged(30)) == (
        "Not applicable: aged 30; the standard is for patients aged 40 to 75."
    )
    assert _explain("diabetes-eye-exam") == (
        "Not applicable: no active diabetes mellitus type 2 (SNOMED 44054006)."
    )


def test_a_once_only_way_is_met_for_good() -> None:
    text = _explain("pneumococcal-vaccine", imm("33", date(2000, 1, 1)), born=aged(70))
    assert text == (
        "Met: Pneumococcal vaccine given on 2000-01-01; needed once for patients aged 65 or over."
    )


def test_a_standard_out_of_force_does_not_apply() -> None:
    standard = STANDARDS["care-gap.lipid-panel"]
    patient = PatientFacts(aged(50), "female", "active", ())
    result = evaluate(standard, patient, date(2024, 12, 31))
    assert result.state is NA
    assert "not in force" in result.explanation
