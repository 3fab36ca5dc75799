"""Panel queries for a big, lazily filled table (the Anki browser's shape): how many
patients match, and any page of them in a stable order. The table model asks for the
count and the first page when the query changes, and for further pages as rows scroll
into view; it never asks per cell.

Everything the panel shows, sorts and prefix-filters on is a column of `patient` (see
db/models_clinical.py), so a first page is one indexed statement at 100,000 patients.
Filters by gap, due status and condition are EXISTS sub-queries on indexed tables.

Reading a panel page is not audited: a list row is not a patient's record. Opening a
record is (services/patients.get_patient_detail).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
)

from clinicdesk.db.models_clinical import Attribution, CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.services import requires
from clinicdesk.services.attribution import check_panel_access, months_before
from clinicdesk.services.patients import OPEN_STATES, age_on, standard_titles

MAX_PAGE = 1000

SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"


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
    ANY_OPEN = "open"  # due or overdue


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


@dataclass(frozen=True)
class PanelRow:
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


# --- building the statement --------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefix(column: Any, text: str, dialect: str) -> ColumnElement[bool]:
    """column starts with text. On SQLite (binary collation) a range on the index does it;
    LIKE alone there is case-insensitive and unindexed. PostgreSQL's LIKE is exact."""
    like = column.like(_escape_like(text) + "%", escape="\\")
    if dialect == "sqlite":
        return and_(column >= text, column < text + "\U0010ffff", like)
    return like


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return column.like("%" + _escape_like(text) + "%", escape="\\")


def _looks_like_mrn(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _text_clause(query: PanelQuery, dialect: str) -> ColumnElement[bool] | None:
    """Names are searched in the folded name key; text with a digit in it is an MRN."""
    raw = query.text.strip()
    if not raw:
        return None
    if _looks_like_mrn(raw):
        if query.match == Match.CONTAINS:
            return _contains(func.upper(Patient.mrn), raw.upper())
        # MRNs are compared as typed, and in upper case (how most systems print them).
        variants = sorted({raw, raw.upper()})
        return or_(*(_prefix(Patient.mrn, v, dialect) for v in variants))
    folded = fold(raw.replace(",", " "))
    if query.match == Match.CONTAINS:
        return _contains(Patient.name_key, folded)
    return _prefix(Patient.name_key, folded, dialect)


def _condition_clause(key: str) -> ColumnElement[bool]:
    """Patients with a matching condition: one indexed sub-query (kind, system, code),
    not a probe per patient."""
    condition = CONDITIONS_BY_KEY.get(key)
    ce = ClinicalEvent
    if condition is None:
        system, sep, code = key.partition("|")
        if not sep or not system or not code:
            raise ValidationError(
                f"“{key}” is not a condition the panel can filter by.",
                field="condition",
                hint="Choose one from the list, or give a code as system|code.",
            )
        match: ColumnElement[bool] = and_(ce.system == system, ce.code == code)
    else:
        ways: list[ColumnElement[bool]] = []
        if condition.snomed:
            ways.append(and_(ce.system == SNOMED, ce.code.in_(condition.snomed)))
        for prefix in condition.icd10_prefixes:
            bare = prefix.replace(".", "")
            ways.append(
                and_(
                    ce.system == ICD10,
                    or_(ce.code.like(prefix + "%"), ce.code.like(bare + "%")),
                )
            )
        match = or_(*ways)
    return Patient.id.in_(select(ce.patient_id).where(ce.kind == "condition", match))


def _gap_clause(query: PanelQuery) -> ColumnElement[bool] | None:
    if query.gap is None and query.due is None:
        return None
    r = CareGapResult
    if query.due is None or query.due == DueStatus.ANY_OPEN:
        state: ColumnElement[bool] = r.state.in_(OPEN_STATES)
    else:
        state = r.state == query.due.value
    if query.gap is not None:
        # One standard: its (standard_id, state) index gives the patients at once.
        return Patient.id.in_(select(r.patient_id).where(r.standard_id == query.gap, state))
    # Any standard: a probe of the patient's few results by primary key.
    return exists().where(r.patient_id == Patient.id, state)


def _age_clauses(query: PanelQuery, today: date) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if query.min_age is not None:
        # at least min_age years old: born on or before today minus min_age years
        clauses.append(Patient.birth_date <= months_before(today, 12 * query.min_age))
    if query.max_age is not None:
        # at most max_age: born after today minus (max_age + 1) years
        clauses.append(Patient.birth_date > months_before(today, 12 * (query.max_age + 1)))
    return clauses


def _resolve_clinician(actor: Principal, query: PanelQuery) -> int | None:
    if query.clinician_id is not None:
        check_panel_access(actor, query.clinician_id)
        return query.clinician_id
    if actor.can(Permission.VIEW_ALL_PANELS):
        return None
    if actor.user_id is None:
        raise ValidationError("Say whose panel to show.", field="clinician")
    return actor.user_id


def _where(actor: Principal, query: PanelQuery, dialect: str) -> list[ColumnElement[bool]]:
    today = query.today or date.today()
    clauses: list[ColumnElement[bool]] = []
    clinician = _resolve_clinician(actor, query)
    mrn_search = dialect == "sqlite" and _looks_like_mrn(query.text.strip())
    if clinician is not None:
        if query.as_of is None:
            # An MRN prefix is more selective than a panel: "+ 0" keeps SQLite's planner
            # on the MRN index instead of the clinician's.
            column = Patient.clinician_id + 0 if mrn_search else Patient.clinician_id
            clauses.append(column == clinician)
        else:
            on = query.as_of
            clauses.append(
                exists().where(
                    Attribution.patient_id == Patient.id,
                    Attribution.clinician_id == clinician,
                    Attribution.start_on <= on,
                    or_(Attribution.end_on.is_(None), Attribution.end_on > on),
                )
            )
    if query.statuses:
        status: Any = Patient.status + "" if mrn_search else Patient.status
        if len(query.statuses) == 1:
            clauses.append(status == query.statuses[0])
        else:
            clauses.append(status.in_(query.statuses))
    text = _text_clause(query, dialect)
    if text is not None:
        clauses.append(text)
    gap = _gap_clause(query)
    if gap is not None:
        clauses.append(gap)
    clauses += _age_clauses(query, today)
    if query.condition:
        clauses.append(_condition_clause(query.condition))
    return clauses


_SORT_COLUMNS: dict[SortKey, Any] = {
    SortKey.NAME: Patient.name_key,
    SortKey.MRN: Patient.mrn,
    SortKey.SEX: Patient.sex,
    SortKey.LAST_VISIT: Patient.last_visit_on,
    SortKey.OPEN_GAPS: Patient.open_gaps,
    SortKey.NEXT_DUE: Patient.next_due_on,
    SortKey.CLINICIAN: Patient.clinician_id,
}


def _order(query: PanelQuery) -> list[Any]:
    """A total order: the sort column, empty values last either way, then the id (so a
    page boundary never splits or repeats rows with equal values)."""
    if query.sort == SortKey.AGE:
        # older = earlier birth date: age ascending is birth date descending
        column = Patient.birth_date
        descending = not query.descending
    else:
        column = _SORT_COLUMNS[SortKey(query.sort)]
        descending = query.descending
    terms: list[Any] = []
    if query.sort in (SortKey.AGE, SortKey.LAST_VISIT, SortKey.NEXT_DUE, SortKey.CLINICIAN):
        terms.append(column.is_(None))  # false (0) first: empty values last
    terms.append(column.desc() if descending else column.asc())
    terms.append(Patient.id.desc() if query.descending else Patient.id.asc())
    return terms


_ROW_COLUMNS = (
    Patient.id,
    Patient.mrn,
    Patient.family_name,
    Patient.given_names,
    Patient.birth_date,
    Patient.sex,
    Patient.status,
    Patient.clinician_id,
    Patient.last_visit_on,
    Patient.open_gaps,
    Patient.next_due_on,
)


def page_statement(
    actor: Principal, query: PanelQuery, dialect: str, offset: int, limit: int
) -> Any:
    return (
        select(*_ROW_COLUMNS)
        .where(*_where(actor, query, dialect))
        .order_by(*_order(query))
        .offset(offset)
        .limit(limit)
    )


def count_statement(actor: Principal, query: PanelQuery, dialect: str) -> Select[Any]:
    return select(func.count()).select_from(Patient).where(*_where(actor, query, dialect))


def _rows(result: Sequence[Any], today: date) -> list[PanelRow]:
    return [
        PanelRow(
            id=r[0],
            mrn=r[1],
            family_name=r[2],
            given_names=r[3],
            birth_date=r[4],
            age=age_on(r[4], today),
            sex=r[5],
            status=r[6],
            clinician_id=r[7],
            last_visit_on=r[8],
            open_gaps=r[9] or 0,
            next_due_on=r[10],
        )
        for r in result
    ]


def _check_page(offset: int, limit: int) -> None:
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError(f"A panel page is 1 to {MAX_PAGE} rows from offset 0 on.")


# --- the services -----------------------------------------------------------------------


@requires(Permission.VIEW_PATIENTS)
def count(uow: UnitOfWork, actor: Principal, query: PanelQuery) -> int:
    """How many patients the query matches."""
    dialect = uow.dialect
    return int(uow.session.execute(count_statement(actor, query, dialect)).scalar_one())


@requires(Permission.VIEW_PATIENTS)
def page(
    uow: UnitOfWork, actor: Principal, query: PanelQuery, offset: int = 0, limit: int = 100
) -> PanelPage:
    """Rows `offset` to `offset + limit - 1` of the query's order."""
    dialect = uow.dialect
    _check_page(offset, limit)
    result = uow.session.execute(page_statement(actor, query, dialect, offset, limit)).all()
    return PanelPage(offset, _rows(result, query.today or date.today()))


@requires(Permission.VIEW_PATIENTS)
def first_screen(
    uow: UnitOfWork, actor: Principal, query: PanelQuery, limit: int = 100
) -> tuple[int, PanelPage]:
    """The count and the first page in one read: what the table needs to show itself."""
    dialect = uow.dialect
    _check_page(0, limit)
    total = int(uow.session.execute(count_statement(actor, query, dialect)).scalar_one())
    if total == 0:
        return 0, PanelPage(0, [])
    result = uow.session.execute(page_statement(actor, query, dialect, 0, limit)).all()
    return total, PanelPage(0, _rows(result, query.today or date.today()))


@requires(Permission.VIEW_PATIENTS)
def gap_choices(uow: UnitOfWork, actor: Principal) -> list[Choice]:
    """The care-gap standards that have results, with their titles, by title."""
    ids = set(uow.session.execute(select(CareGapResult.standard_id).distinct()).scalars())
    titles = standard_titles(uow, ids)
    return sorted((Choice(i, titles.get(i, i)) for i in ids), key=lambda c: c.label.casefold())


@requires(Permission.VIEW_PATIENTS)
def open_gaps_by_standard(
    uow: UnitOfWork, actor: Principal, clinician_id: int | None = None
) -> list[tuple[Choice, int]]:
    """Open care gaps per standard, over a clinician's panel or (VIEW_ALL_PANELS) the
    clinic: for the dashboard."""
    session = uow.session
    query = PanelQuery(clinician_id=clinician_id)
    clinician = _resolve_clinician(actor, query)
    statement = (
        select(CareGapResult.standard_id, func.count())
        .join(Patient, Patient.id == CareGapResult.patient_id)
        .where(CareGapResult.state.in_(OPEN_STATES), Patient.status == "active")
        .group_by(CareGapResult.standard_id)
    )
    if clinician is not None:
        statement = statement.where(Patient.clinician_id == clinician)
    counts = dict(session.execute(statement).all())
    titles = standard_titles(uow, set(counts))
    return sorted(
        ((Choice(k, titles.get(k, k)), n) for k, n in counts.items()),
        key=lambda item: (-item[1], item[0].label),
    )


@requires(Permission.VIEW_PATIENTS)
def met_by_month(
    uow: UnitOfWork,
    actor: Principal,
    clinician_id: int | None = None,
    *,
    months: int = 12,
    today: date | None = None,
) -> list[tuple[str, int]]:
    """For the dashboard: care gaps currently met, by the month (YYYY-MM) of the event
    that closed them, over the last `months` months. Only the latest evaluation of each
    gap is stored, so this is when today's met gaps were closed, not a full history of
    openings and closings."""
    session = uow.session
    day = today or date.today()
    start = months_before(day.replace(day=1), months - 1)
    query = PanelQuery(clinician_id=clinician_id)
    clinician = _resolve_clinician(actor, query)
    statement = (
        select(CareGapResult.last_done_on)
        .join(Patient, Patient.id == CareGapResult.patient_id)
        .where(
            CareGapResult.state == "met",
            CareGapResult.last_done_on >= start,
            CareGapResult.last_done_on <= day,
            Patient.status == "active",
        )
    )
    if clinician is not None:
        statement = statement.where(Patient.clinician_id == clinician)
    buckets: dict[str, int] = {}
    cursor = start
    while cursor <= day:
        buckets[f"{cursor.year:04d}-{cursor.month:02d}"] = 0
        cursor = months_before(cursor, -1)
    for (done,) in session.execute(statement):
        if done is None:
            continue
        key = f"{done.year:04d}-{done.month:02d}"
        if key in buckets:
            buckets[key] += 1
    return list(buckets.items())


def condition_choices() -> list[Choice]:
    return [Choice(c.key, c.label) for c in CONDITIONS]


__all__ = [
    "CONDITIONS",
    "Choice",
    "Condition",
    "DueStatus",
    "Match",
    "PanelPage",
    "PanelQuery",
    "PanelRow",
    "SortKey",
    "condition_choices",
    "count",
    "count_statement",
    "first_screen",
    "gap_choices",
    "met_by_month",
    "open_gaps_by_standard",
    "page",
    "page_statement",
]
