"""The first stage in SQL: one grouped query per standard reduces each eligible
patient's events to the facts its rule looks at; ways that need a row at a time are
reduced in Python; the engine's `Judge` decides.

The queries are written as SQL text with bound parameters (`_Query`), not built as
SQLAlchemy expressions: compiling those (a few hundred clauses for the fifteen shipped
standards) took tens of milliseconds in every fresh process, more than the queries
themselves on a small clinic, and the care-gap run follows every import."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, String, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import CursorResult
from sqlalchemy.sql.elements import BindParameter

from clinicdesk.db import id_lists
from clinicdesk.db.models_clinical import ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import (
    ACTIVE,
    GapFacts,
    GapResult,
    GapState,
    Judge,
    WayFacts,
    add_months,
    age_on,
    earliest_birth_date,
    latest_birth_date,
)
from clinicdesk.domain.codes import CodeSystem, ConceptSet
from clinicdesk.domain.standards import CareGapStandard, EventKind, SatisfyingEvent

_EVENTS = ClinicalEvent.__tablename__
_PATIENTS = Patient.__tablename__
# an ICD-10-CM code compared without its dot and case (ConceptSet.matches)
_ICD_KEY = "replace(upper(e.code), '.', '')"


class _Query:
    """A query's text and its bound parameters, named :p0, :p1, … in order."""

    def __init__(self) -> None:
        self.binds: list[BindParameter[Any]] = []
        self._lists: dict[int, str] = {}  # id of an id list -> its placeholder

    def bind(self, value: Any, type_: Any = None) -> str:
        name = f"p{len(self.binds)}"
        self.binds.append(bindparam(name, value, type_=type_))
        return f":{name}"

    def day(self, value: date) -> str:
        return self.bind(value, Date)

    def one_of(self, values: Sequence[str]) -> str:
        """IN and a list, one placeholder per value at execution."""
        name = f"p{len(self.binds)}"
        self.binds.append(bindparam(name, list(values), type_=String, expanding=True))
        return f"IN :{name}"

    def among(self, column: str, ids: Collection[int], dialect: str) -> str:
        """`column` is one of `ids`: one parameter (db/id_lists), bound once however
        many columns of the query name the same list."""
        mark = self._lists.get(id(ids))
        if mark is None:
            type_ = ARRAY(Integer) if dialect == "postgresql" else String
            mark = self._lists[id(ids)] = self.bind(id_lists.parameter(ids, dialect), type_)
        return id_lists.among_sql(column, mark, dialect)

    def statement(self, sql: str) -> Any:
        return text(sql).bindparams(*self.binds)


@dataclass(frozen=True)
class Scope:
    """Whose results a run computes: one clinician's panel, the patients an import
    wrote, or (both None) every active patient of the clinic."""

    clinician_id: int | None = None
    patient_ids: Collection[int] | None = None

    def patients_sql(self, query: _Query, dialect: str) -> list[str]:
        """Conditions on the patient row `p`."""
        found: list[str] = []
        if self.clinician_id is not None:
            found.append(f"p.clinician_id = {query.bind(self.clinician_id)}")
        if self.patient_ids is not None:
            found.append(query.among("p.id", self.patient_ids, dialect))
        return found


CLINIC = Scope()

# SQLite, without statistics, takes an IN list read from a JSON parameter for a long one
# and would rather walk the code index over every patient's events: a run of the few
# patients an import wrote names the indexes that seek them.
_EVENTS_BY_PATIENT = "ix_clinical_event_patient_id_occurred_on"


def _sources(scope: Scope, dialect: str) -> tuple[str, str]:
    """The FROM items of the events `e` and the patients `p` for `scope`."""
    if scope.patient_ids is None or dialect != "sqlite":
        return f"{_EVENTS} e", f"{_PATIENTS} p"
    # NOT INDEXED leaves the rowid: the patients are found by id, not by status
    return f"{_EVENTS} e INDEXED BY {_EVENTS_BY_PATIENT}", f"{_PATIENTS} p NOT INDEXED"


def concept_clause(query: _Query, kind: EventKind, sets: Sequence[ConceptSet]) -> str:
    """SQL for `ConceptSet.matches` over a list of sets, for events `e` of `kind`: one
    (kind, system, code IN …) term per set, so each can use the kind/system/code index."""
    alternatives: list[str] = []
    kind_is = f"e.kind = {query.bind(kind.value)}"
    for concept_set in sets:
        same = f"{kind_is} AND e.system = {query.bind(concept_set.system.value)}"
        if concept_set.system is CodeSystem.ICD_10_CM:
            parts: list[str] = []
            if concept_set.codes:
                folded = [entry.code.replace(".", "").upper() for entry in concept_set.codes]
                parts.append(f"{_ICD_KEY} {query.one_of(folded)}")
            for prefix in concept_set.prefixes:
                folded_prefix = prefix.replace(".", "").upper()
                parts.append(
                    f"substr({_ICD_KEY}, 1, {len(folded_prefix)}) = {query.bind(folded_prefix)}"
                )
            alternatives.append(f"({same} AND ({' OR '.join(parts)}))")
        else:
            codes = [entry.code for entry in concept_set.codes]
            alternatives.append(f"({same} AND e.code {query.one_of(codes)})")
    return "(" + " OR ".join(alternatives) + ")"


def effective_date(query: _Query, kind: EventKind, as_of: str) -> str:
    """SQL for `effective_on` (`as_of`: the as-of day's placeholder): a medication counts
    on its last active day up to as-of."""
    if kind is not EventKind.MEDICATION:
        return "e.occurred_on"
    return (
        f"CASE WHEN (e.ended_on IS NULL OR e.ended_on >= {as_of}) THEN {as_of} "
        "WHEN e.ended_on < e.occurred_on THEN e.occurred_on ELSE e.ended_on END"
    )


def _row_way(way: SatisfyingEvent) -> bool:
    """Ways whose facts are reduced from rows in Python rather than by MAX in SQL."""
    return way.value is not None or way.min_age_years is not None


@dataclass(frozen=True)
class _Plan:
    standard: CareGapStandard
    query: Any
    way_columns: dict[int, int]  # way index -> column index in the row
    exclusion_columns: list[int]


def _plan(standard: CareGapStandard, as_of: date, scope: Scope, dialect: str) -> _Plan:
    rule = standard.rule
    eligibility = rule.eligibility
    query = _Query()
    day = query.day(as_of)
    columns: list[str] = []
    matches: list[str] = []
    way_columns: dict[int, int] = {}
    for index, way in enumerate(rule.satisfied_by):
        if _row_way(way):
            continue
        match = concept_clause(query, way.event_kind, way.concepts)
        matches.append(match)
        way_columns[index] = len(columns)
        when = effective_date(query, way.event_kind, day)
        columns.append(f"max(CASE WHEN {match} THEN {when} END) AS w{index}")
    exclusion_columns: list[int] = []
    for index, exclusion in enumerate(rule.exclusions):
        match = concept_clause(query, exclusion.event_kind, exclusion.concepts)
        matches.append(match)
        when = effective_date(query, exclusion.event_kind, day)
        counted = match
        if exclusion.within_months is not None:
            after = query.day(add_months(as_of, -exclusion.within_months))
            counted = f"({match} AND {when} > {after})"
        exclusion_columns.append(len(columns))
        columns.append(f"max(CASE WHEN {counted} THEN {when} END) AS x{index}")
    if eligibility.conditions:
        match = concept_clause(query, EventKind.CONDITION, eligibility.conditions)
        matches.append(match)
        active = f"({match} AND (e.ended_on IS NULL OR e.ended_on >= {day}))"
        columns.append(f"max(CASE WHEN {active} THEN 1 ELSE 0 END) AS c")

    patient_filters = [f"p.status = {query.bind(ACTIVE)}", *scope.patients_sql(query, dialect)]
    if eligibility.min_age_years is not None:
        latest = latest_birth_date(eligibility.min_age_years, as_of)
        patient_filters.append(f"p.birth_date <= {query.day(latest)}")
    if eligibility.max_age_years is not None:
        earliest = earliest_birth_date(eligibility.max_age_years, as_of)
        patient_filters.append(f"p.birth_date >= {query.day(earliest)}")
    if eligibility.sex is not None:
        patient_filters.append(f"p.sex = {query.bind(eligibility.sex.value)}")

    base = "SELECT p.id, p.birth_date, p.sex"
    where = " AND ".join(patient_filters)
    events, patients = _sources(scope, dialect)
    if not columns:
        return _Plan(standard, query.statement(f"{base} FROM {patients} WHERE {where}"), {}, [])
    # the events of the patients in scope only, when it names them (a few after an import)
    among = (
        f" AND {query.among('e.patient_id', scope.patient_ids, dialect)}"
        if scope.patient_ids is not None
        else ""
    )
    facts = (
        f"SELECT e.patient_id AS pid, {', '.join(columns)} FROM {events} "
        f"WHERE e.occurred_on <= {day} AND ({' OR '.join(matches)}){among} "
        "GROUP BY e.patient_id"
    )
    names = [column.rsplit(" AS ", 1)[1] for column in columns]
    outer = ", ".join(f"facts.{name}" for name in names)
    if eligibility.conditions:
        sql = (
            f"{base}, {outer} FROM {patients} JOIN ({facts}) facts ON facts.pid = p.id "
            f"WHERE {where} AND facts.c = 1"
        )
    else:
        sql = (
            f"{base}, {outer} FROM {patients} LEFT OUTER JOIN ({facts}) facts "
            f"ON facts.pid = p.id WHERE {where}"
        )
    offset = 3  # id, birth_date, sex
    return _Plan(
        standard,
        query.statement(sql),
        {way: offset + column for way, column in way_columns.items()},
        [offset + column for column in exclusion_columns],
    )


def _row_way_facts(
    uow: UnitOfWork,
    way: SatisfyingEvent,
    as_of: date,
    scope: Scope,
) -> dict[int, WayFacts]:
    """Facts of a way with a threshold or a minimum age, reduced from its event rows the
    way `clinicdesk.domain.caregaps._way_facts` does."""
    query = _Query()
    day = query.day(as_of)
    when = effective_date(query, way.event_kind, day)
    match = concept_clause(query, way.event_kind, way.concepts)
    events, patients = _sources(scope, uow.dialect)
    sql = (
        f"SELECT e.patient_id, {when} AS on_day, CAST(e.value AS VARCHAR), e.unit, "
        f"p.birth_date FROM {events} JOIN {patients} ON p.id = e.patient_id "
        f"WHERE e.occurred_on <= {day} AND {match}"
    )
    for condition in scope.patients_sql(query, uow.dialect):
        sql += f" AND {condition}"
    if scope.patient_ids is not None:
        sql += f" AND {query.among('e.patient_id', scope.patient_ids, uow.dialect)}"
    read = date_reader()
    latest: dict[int, date] = {}
    meets: dict[int, bool] = {}
    threshold = way.value
    for patient_id, on_day, value, unit, birth in uow.session.execute(query.statement(sql)):
        on = read(on_day)  # SQLite returns dates as text
        birth_date = read(birth)
        if way.min_age_years is not None and (
            birth_date is None or age_on(birth_date, on) < way.min_age_years
        ):
            continue
        good = True
        if threshold is not None:
            good = (
                value is not None and unit is not None and threshold.accepts(Decimal(value), unit)
            )
        previous = latest.get(patient_id)
        if previous is None or on > previous:
            latest[patient_id] = on
            meets[patient_id] = good
        elif on == previous:
            meets[patient_id] = meets[patient_id] and good
    return {
        patient_id: WayFacts(on, meets[patient_id] if threshold is not None else None)
        for patient_id, on in latest.items()
    }


def date_reader() -> Any:
    """Dates from an aggregate: PostgreSQL gives dates, SQLite gives text (parsed once per
    distinct value)."""
    seen: dict[object, date | None] = {None: None}

    def read(value: object) -> date | None:
        if isinstance(value, date):
            return value
        found = seen.get(value)
        if found is None and value is not None:
            found = seen[value] = date.fromisoformat(str(value))
        return found

    return read


# Rows read from the driver at a time
_ROWS_PER_FETCH = 5000


def driver_rows(result: CursorResult[Any]) -> Iterator[Sequence[Any]]:
    """The rows of an executed query as the driver gives them (plain tuples), a few
    thousand at a time, then the result closed. SQLAlchemy still binds the parameters;
    only its Row objects and per-row processing are skipped, which cost more than the
    query on a run's hundreds of thousands of rows. For queries whose columns need no
    processing (SQL text: SQLAlchemy would not process them either) or whose caller
    reads the driver's forms (dates as text on SQLite: `date_reader`)."""
    cursor = result.cursor
    try:
        while rows := cursor.fetchmany(_ROWS_PER_FETCH):
            yield rows
    finally:
        result.close()


def evaluate_standard_grouped(
    uow: UnitOfWork, standard: CareGapStandard, as_of: date, scope: Scope = CLINIC
) -> list[tuple[GapResult, list[int]]]:
    """Engine-internal. The result for every active patient in scope to whom `standard`
    applies (eligible, excluded or not), as each distinct result with the patients it is
    theirs (in the order the query gives them): the run counts, stores and totals a result
    once for all its patients, not once per patient (a first run after a patient list
    holds one result per standard for all its new patients)."""
    rule = standard.rule
    plan = _plan(standard, as_of, scope, uow.dialect)
    judge = Judge(standard, as_of)
    read = date_reader()
    row_ways = {
        index: _row_way_facts(uow, way, as_of, scope)
        for index, way in enumerate(rule.satisfied_by)
        if _row_way(way)
    }
    never = [WayFacts(None, None if way.value is None else False) for way in rule.satisfied_by]
    sources = [
        (plan.way_columns.get(index), row_ways.get(index, {}), never[index])
        for index in range(len(rule.satisfied_by))
    ]
    exclusion_columns = plan.exclusion_columns
    has_condition = bool(rule.eligibility.conditions)
    # Every row the query returns is eligible (age, sex and condition are in its WHERE), so
    # the result depends only on the way and exclusion dates: patients with the same dates
    # share one decision, and most of a large clinic is a few thousand distinct cases.
    decided: dict[tuple[object, ...], list[int]] = {}
    groups: list[tuple[GapResult, list[int]]] = []
    # Without a way read from rows, the key is the row's way and exclusion columns, which
    # are adjacent (`_plan`): one slice instead of a tuple built column by column.
    key_slice: slice | None = None
    if not row_ways:
        adjacent = [plan.way_columns[index] for index in range(len(rule.satisfied_by))]
        adjacent += exclusion_columns
        if adjacent and adjacent == list(range(adjacent[0], adjacent[0] + len(adjacent))):
            key_slice = slice(adjacent[0], adjacent[-1] + 1)
    for rows in driver_rows(uow.session.connection().execute(plan.query)):
        for row in rows:
            patient_id = row[0]
            if key_slice is not None:
                key = tuple(row[key_slice])
            else:
                key = tuple(
                    row[column] if column is not None else by_patient.get(patient_id, none)
                    for column, by_patient, none in sources
                ) + tuple(row[column] for column in exclusion_columns)
            patient_ids = decided.get(key)
            if patient_ids is None:
                ways = tuple(
                    WayFacts(read(row[column]))
                    if column is not None
                    else by_patient.get(patient_id, none)
                    for column, by_patient, none in sources
                )
                facts = GapFacts(
                    birth_date=read(row[1]),
                    sex=row[2],
                    status=ACTIVE,
                    has_condition=has_condition,
                    exclusions=tuple(read(row[column]) for column in exclusion_columns),
                    ways=ways,
                )
                result = judge.decide(facts)
                if result.state is GapState.NOT_APPLICABLE:  # pragma: no cover - see above
                    continue
                patient_ids = decided[key] = []
                groups.append((result, patient_ids))
            patient_ids.append(patient_id)
    return groups
