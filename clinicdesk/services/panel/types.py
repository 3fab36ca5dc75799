"""What a panel query asks for and what it returns, and the conditions a panel can be
filtered by."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

MAX_PAGE = 1000


class SortKey(enum.StrEnum):
    NAME = "name"
    MRN = "mrn"
    AGE = "age"
    SEX = "sex"
    LAST_VISIT = "last_visit"
    OPEN_GAPS = "open_gaps"
    NEXT_DUE = "next_due"
    CLINICIAN = "clinician"


class Match(enum.StrEnum):
    PREFIX = "prefix"  # name "family given" or MRN starts with the text (indexed)
    CONTAINS = "contains"  # anywhere in the name or MRN (a scan)


class DueStatus(enum.StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    DUE_SOON = "due_soon"
    ANY_OPEN = "open"  # due soon, due or overdue: caregaps.open_gap


@dataclass(frozen=True)
class Condition:
    """A condition to filter a panel by: SNOMED CT codes and ICD-10-CM prefixes."""

    key: str
    label: str
    snomed: tuple[str, ...] = ()
    icd10_prefixes: tuple[str, ...] = ()


# The conditions the shipped care-gap standards are about (their codes), and a few more a
# primary-care panel is commonly sliced by.
CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "diabetes",
        "Diabetes",
        (
            "44054006",
            "46635009",
            "73211009",
            "127013003",
            "422034002",
            "90781000119102",
            "368581000119106",
        ),
        ("E10", "E11", "E13"),
    ),
    Condition(
        "hypertension", "Hypertension", ("38341003", "59621000"), ("I10", "I11", "I12", "I13")
    ),
    Condition("prediabetes", "Prediabetes", ("15777000", "714628002"), ("R73.0",)),
    Condition("depression", "Depression", ("35489007", "370143000"), ("F32", "F33")),
    Condition("asthma", "Asthma", ("195967001",), ("J45",)),
    Condition("copd", "COPD", ("13645005",), ("J44",)),
    Condition("ckd", "Chronic kidney disease", ("709044004", "46177005"), ("N18",)),
    Condition("hyperlipidemia", "Hyperlipidaemia", ("55822004",), ("E78",)),
)
CONDITIONS_BY_KEY = {c.key: c for c in CONDITIONS}


@dataclass(frozen=True)
class PanelQuery:
    """What the panel shows. `clinician_id` None: a clinician's own panel, or for someone
    who may view all panels, every patient. `as_of`: the clinician's panel on a past day
    (from the dated attributions; the other columns show today's values)."""

    clinician_id: int | None = None
    text: str = ""
    match: Match = Match.PREFIX
    gap: str | None = None  # a care-gap standard id with an open result
    due: DueStatus | None = None
    min_age: int | None = None
    max_age: int | None = None
    condition: str | None = None  # a CONDITIONS key, or "system|code"
    statuses: tuple[str, ...] = ("active",)
    as_of: date | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False
    today: date | None = None  # for ages; tests freeze it

    def with_text(self, text: str) -> PanelQuery:
        return replace(self, text=text)

    @property
    def filtered(self) -> bool:
        """Whether it narrows the panel down (text, gap, due, age or condition)."""
        return self != replace(
            self, text="", gap=None, due=None, min_age=None, max_age=None, condition=None
        )


class PanelRow(NamedTuple):
    """One panel line. A named tuple: a page of them is built per keystroke."""

    id: int
    mrn: str
    family_name: str
    given_names: str
    birth_date: date | None
    age: int | None
    sex: str
    status: str
    clinician_id: int | None
    last_visit_on: date | None
    open_gaps: int
    next_due_on: date | None

    @property
    def name(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")


@dataclass(frozen=True)
class PanelPage:
    offset: int
    rows: list[PanelRow] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
