"""The first stage in SQL: one grouped query per standard reduces each eligible
patient's events to the facts its rule looks at; ways that need a row at a time are
reduced in Python; the engine's `Judge` decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

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

E = ClinicalEvent


def _icd_key(column: Any) -> ColumnElement[str]:
    return func.replace(func.upper(column), ".", "")


def concept_clause(kind: EventKind, sets: Sequence[ConceptSet]) -> ColumnElement[bool]:
    """SQL for `ConceptSet.matches` over a list of sets, for events of `kind`: one
    (kind, system, code IN …) term per set, so each can use the kind/system/code index."""
    alternatives: list[ColumnElement[bool]] = []
    for concept_set in sets:
        same = [E.kind == kind.value, E.system == concept_set.system.value]
        if concept_set.system is CodeSystem.ICD_10_CM:
            key = _icd_key(E.code)
            parts: list[ColumnElement[bool]] = []
            if concept_set.codes:
                parts.append(
                    key.in_([entry.code.replace(".", "").upper() for entry in concept_set.codes])
                )
            for prefix in concept_set.prefixes:
                folded = prefix.replace(".", "").upper()
                parts.append(func.substr(key, 1, len(folded)) == folded)
            alternatives.append(and_(*same, or_(*parts)))
        else:
            codes = [entry.code for entry in concept_set.codes]
            alternatives.append(and_(*same, E.code.in_(codes)))
    return or_(*alternatives)


def effective_date(kind: EventKind, as_of: date) -> ColumnElement[date]:
    """SQL for `effective_on`: a medication counts on its last active day up to as-of."""
    if kind is not EventKind.MEDICATION:
        return E.occurred_on  # type: ignore[return-value]
    day = literal(as_of, Date)
    return case(
        (or_(E.ended_on.is_(None), E.ended_on >= day), day),
        (E.ended_on < E.occurred_on, E.occurred_on),
        else_=E.ended_on,
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


def _plan(standard: CareGapStandard, as_of: date, clinician_id: int | None) -> _Plan:
    rule = standard.rule
    eligibility = rule.eligibility
    day = literal(as_of, Date)
    columns: list[Any] = []
    matches: list[ColumnElement[bool]] = []
    way_columns: dict[int, int] = {}
    for index, way in enumerate(rule.satisfied_by):
        if _row_way(way):
            continue
        match = concept_clause(way.event_kind, way.concepts)
        matches.append(match)
        way_columns[index] = len(columns)
        columns.append(
            func.max(case((match, effective_date(way.event_kind, as_of)))).label(f"w{index}")
        )
    exclusion_columns: list[int] = []
    for index, exclusion in enumerate(rule.exclusions):
        match = concept_clause(exclusion.event_kind, exclusion.concepts)
        matches.append(match)
        when = effective_date(exclusion.event_kind, as_of)
        counted = match
        if exclusion.within_months is not None:
            after = add_months(as_of, -exclusion.within_months)
            counted = and_(match, when > literal(after, Date))
        exclusion_columns.append(len(columns))
        columns.append(func.max(case((counted, when))).label(f"x{index}"))
    if eligibility.conditions:
        match = concept_clause(EventKind.CONDITION, eligibility.conditions)
        matches.append(match)
        active = and_(match, or_(E.ended_on.is_(None), E.ended_on >= day))
        columns.append(func.max(case((active, 1), else_=0)).label("c"))

    patient_filters: list[ColumnElement[bool]] = [Patient.status == ACTIVE]
    if clinician_id is not None:
        patient_filters.append(Patient.clinician_id == clinician_id)
    if eligibility.min_age_years is not None:
        patient_filters.append(
            Patient.birth_date <= latest_birth_date(eligibility.min_age_years, as_of)
        )
    if eligibility.max_age_years is not None:
        patient_filters.append(
            Patient.birth_date >= earliest_birth_date(eligibility.max_age_years, as_of)
        )
    if eligibility.sex is not None:
        patient_filters.append(Patient.sex == eligibility.sex.value)

    base = [Patient.id, Patient.birth_date, Patient.sex]
    if not columns:
        query = select(*base).where(*patient_filters)
        return _Plan(standard, query, {}, [])
    facts = (
        select(E.patient_id.label("pid"), *columns)
        .where(E.occurred_on <= day, or_(*matches))
        .group_by(E.patient_id)
        .subquery("facts")
    )
    outer = [facts.c[column.name] for column in columns]
    if eligibility.conditions:
        query = (
            select(*base, *outer)
            .join(facts, facts.c.pid == Patient.id)
            .where(*patient_filters, facts.c.c == 1)
        )
    else:
        query = (
            select(*base, *outer)
            .outerjoin(facts, facts.c.pid == Patient.id)
            .where(*patient_filters)
        )
    offset = len(base)
    return _Plan(
        standard,
        query,
        {way: offset + column for way, column in way_columns.items()},
        [offset + column for column in exclusion_columns],
    )


def _row_way_facts(
    uow: UnitOfWork,
    way: SatisfyingEvent,
    as_of: date,
    clinician_id: int | None,
) -> dict[int, WayFacts]:
    """Facts of a way with a threshold or a minimum age, reduced from its event rows the
    way `clinicdesk.domain.caregaps._way_facts` does."""
    when = effective_date(way.event_kind, as_of)
    query = select(
        E.patient_id,
        when.label("on"),
        cast(E.value, String).label("value"),
        E.unit,
        Patient.birth_date,
    ).where(E.occurred_on <= literal(as_of, Date), concept_clause(way.event_kind, way.concepts))
    query = query.join(Patient, Patient.id == E.patient_id)
    if clinician_id is not None:
        query = query.where(Patient.clinician_id == clinician_id)
    latest: dict[int, date] = {}
    meets: dict[int, bool] = {}
    threshold = way.value
    for patient_id, on, value, unit, birth_date in uow.session.execute(query):
        if isinstance(on, str):  # SQLite returns a CASE of dates as text
            on = date.fromisoformat(on)
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


def _date_reader() -> Any:
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


def evaluate_standard(
    uow: UnitOfWork, standard: CareGapStandard, as_of: date, clinician_id: int | None = None
) -> list[tuple[int, GapResult]]:
    """Engine-internal. The result for every active patient in scope to whom `standard`
    applies (eligible, excluded or not), as (patient id, result)."""
    rule = standard.rule
    plan = _plan(standard, as_of, clinician_id)
    judge = Judge(standard, as_of)
    read = _date_reader()
    row_ways = {
        index: _row_way_facts(uow, way, as_of, clinician_id)
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
    decided: dict[tuple[object, ...], GapResult] = {}
    results: list[tuple[int, GapResult]] = []
    # Without a way read from rows, the key is the row's way and exclusion columns, which
    # are adjacent (`_plan`): one slice instead of a tuple built column by column.
    key_slice: slice | None = None
    if not row_ways:
        adjacent = [plan.way_columns[index] for index in range(len(rule.satisfied_by))]
        adjacent += exclusion_columns
        if adjacent and adjacent == list(range(adjacent[0], adjacent[0] + len(adjacent))):
            key_slice = slice(adjacent[0], adjacent[-1] + 1)
    for row in uow.session.connection().execute(plan.query):
        patient_id = row[0]
        if key_slice is not None:
            key = tuple(row[key_slice])
        else:
            key = tuple(
                row[column] if column is not None else by_patient.get(patient_id, none)
                for column, by_patient, none in sources
            ) + tuple(row[column] for column in exclusion_columns)
        result = decided.get(key)
        if result is None:
            ways = tuple(
                WayFacts(read(row[column]))
                if column is not None
                else by_patient.get(patient_id, none)
                for column, by_patient, none in sources
            )
            facts = GapFacts(
                birth_date=row[1],
                sex=row[2],
                status=ACTIVE,
                has_condition=has_condition,
                exclusions=tuple(read(row[column]) for column in exclusion_columns),
                ways=ways,
            )
            result = judge.decide(facts)
            if result.state is GapState.NOT_APPLICABLE:  # pragma: no cover - see above
                continue
            decided[key] = result
        results.append((patient_id, result))
    return results
