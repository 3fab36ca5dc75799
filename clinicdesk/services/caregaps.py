"""Care gaps over the clinic: every `care_gap` standard in force, for every active patient
(or one clinician's panel), as of a date.

The evaluation is the domain engine's (`clinicdesk.domain.caregaps`), split where it
splits: the first stage, reducing each patient's events to the few facts a rule looks at,
runs in SQL — one grouped query per standard, with the rule's codes as IN-lists, returning
for each eligible patient the latest date of each way, the latest date of each exclusion
in its window and whether an eligible condition is active. Ways whose facts need a row at a
time (a value threshold, a minimum age on the event's date) are read as rows and reduced in
Python. The second stage is the engine's own `decide`, so the clinic-wide states, due dates
and explanations are the engine's, word for word (tests/integration/test_caregaps_service.py
checks the two agree on random patients, on SQLite and PostgreSQL).

Results replace the stored ones per patient and standard (`care_gap_result`; a patient the
standard does not apply to has no row), and the panel's cached columns `open_gaps` and
`next_due_on` are rebuilt for the patients evaluated. Those two columns are a cache: they
are written without bumping the patient's version, so a care-gap run never turns a
colleague's open edit of the patient into a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from clinicdesk.db.models import User, utcnow
from clinicdesk.db.models_clinical import CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import (
    ACTIVE,
    APPLICABLE_STATES,
    OPEN_STATES,
    Event,
    GapFacts,
    GapResult,
    GapState,
    Judge,
    PatientFacts,
    WayFacts,
    add_months,
    age_on,
    earliest_birth_date,
    evaluate,
    latest_birth_date,
)
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import NotFoundError
from clinicdesk.federation.schemas import (
    CareGapStandard,
    CodeSystem,
    ConceptSet,
    EventKind,
    SatisfyingEvent,
    StandardKind,
)
from clinicdesk.services import audit, ensure_permission, requires
from clinicdesk.services.federation_store import load_default_standards, standards_in_force

E = ClinicalEvent


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardCounts:
    """One standard over the patients evaluated. `eligible` = met + open + excluded;
    `open` = due soon + due + overdue."""

    standard_id: str
    version: int
    title: str
    eligible: int
    met: int
    open: int
    excluded: int
    due_soon: int
    due: int
    overdue: int


@dataclass(frozen=True)
class EvaluationSummary:
    as_of: date
    clinician: str | None
    """The clinician whose panel was evaluated; None for the whole clinic."""
    patients: int
    """Active patients in scope."""
    results: int
    """Result rows stored (patients to whom a standard applies)."""
    standards: tuple[StandardCounts, ...]


@dataclass(frozen=True)
class PatientGap:
    """One care gap of one patient, for the patient detail view."""

    standard_id: str
    standard_version: int
    title: str
    state: GapState
    due_on: date | None
    last_done_on: date | None
    explanation: str
    as_of: date


# --- scope and permission ---------------------------------------------------------------


def panel_scope(
    uow: UnitOfWork, actor: Principal, clinician: str | None
) -> tuple[int | None, str | None]:
    """The panel `clinician` names as (user id, user name); (None, None) for the whole
    clinic. A clinician may see only their own panel: without VIEW_ALL_PANELS, no
    `clinician` means their own and anyone else's is refused."""
    if clinician is None:
        if actor.can(Permission.VIEW_ALL_PANELS) or actor.user_id is None:
            ensure_permission(actor, Permission.VIEW_ALL_PANELS)
            return None, None
        return actor.user_id, actor.username
    name = clinician.strip().lower()
    user_id = uow.session.execute(select(User.id).where(User.username == name)).scalar_one_or_none()
    if user_id is None:
        raise NotFoundError(f"There is no user named “{clinician}”.")
    if user_id != actor.user_id:
        ensure_permission(actor, Permission.VIEW_ALL_PANELS)
    return int(user_id), name


def ensure_may_see_patient(uow: UnitOfWork, actor: Principal, patient_id: int) -> Patient:
    patient = uow.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    if patient.clinician_id != actor.user_id or actor.user_id is None:
        ensure_permission(actor, Permission.VIEW_ALL_PANELS)
    return patient


def care_gap_standards(uow: UnitOfWork, as_of: date) -> list[CareGapStandard]:
    """The care-gap standards in force on `as_of`, by id. The defaults shipped with the
    program are stored first if the clinic has never pulled from a hub (idempotent)."""
    load_default_standards(uow)
    return [
        document
        for document in standards_in_force(uow, StandardKind.CARE_GAP, as_of)
        if isinstance(document, CareGapStandard)
    ]


# --- SQL for the first stage ------------------------------------------------------------


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
    for row in uow.session.connection().execute(plan.query):
        patient_id = row[0]
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


# --- the clinic-wide run ----------------------------------------------------------------


def _count(standard: CareGapStandard, results: Iterable[GapResult]) -> StandardCounts:
    tally = dict.fromkeys(GapState, 0)
    for result in results:
        tally[result.state] += 1
    open_count = sum(tally[state] for state in OPEN_STATES)
    return StandardCounts(
        standard_id=standard.id,
        version=standard.version,
        title=standard.title,
        eligible=tally[GapState.MET] + open_count + tally[GapState.EXCLUDED],
        met=tally[GapState.MET],
        open=open_count,
        excluded=tally[GapState.EXCLUDED],
        due_soon=tally[GapState.DUE_SOON],
        due=tally[GapState.DUE],
        overdue=tally[GapState.OVERDUE],
    )


@requires(Permission.VIEW_PATIENTS)
def evaluate_clinic(
    uow: UnitOfWork,
    actor: Principal,
    *,
    as_of: date | None = None,
    clinician: str | None = None,
) -> EvaluationSummary:
    """Evaluate every care-gap standard in force on `as_of` (default today) for the whole
    clinic or for `clinician`'s panel, store the results, refresh the panel columns, record
    the run in the audit trail and commit. A clinician may run only their own panel."""
    clinician_id, clinician_name = panel_scope(uow, actor, clinician)
    day = as_of or date.today()
    session = uow.session
    standards = care_gap_standards(uow, day)
    in_scope = (
        CareGapResult.patient_id.in_(select(Patient.id).where(Patient.clinician_id == clinician_id))
        if clinician_id is not None
        else None
    )
    _fresh_statistics(uow)
    evaluated_at = utcnow()
    with _roomy_cache(uow):
        writer = _ResultWriter(uow, day, evaluated_at)
        counts: list[StandardCounts] = []
        panel: dict[int, tuple[int, date | None]] = {}
        for standard in standards:
            results = evaluate_standard(uow, standard, day, clinician_id)
            counts.append(_count(standard, (result for _, result in results)))
            writer.write(results)
            for patient_id, result in results:
                if result.state not in APPLICABLE_STATES:
                    continue
                open_count, next_due = panel.get(patient_id, (0, None))
                due = result.due_on or day
                panel[patient_id] = (
                    open_count + (result.state in OPEN_STATES),
                    due if next_due is None or due < next_due else next_due,
                )
        writer.finish()
        # whatever this run did not write is no longer applicable (or its standard is
        # no longer in force)
        stale = delete(CareGapResult).where(CareGapResult.evaluated_at != evaluated_at)
        if in_scope is not None:
            stale = stale.where(in_scope)
        session.execute(stale)
        _store_panel_columns(uow, panel, clinician_id)
    stored = writer.written
    patients = session.execute(
        select(func.count())
        .select_from(Patient)
        .where(
            Patient.status == ACTIVE,
            *([Patient.clinician_id == clinician_id] if clinician_id is not None else []),
        )
    ).scalar_one()
    summary = EvaluationSummary(
        as_of=day,
        clinician=clinician_name,
        patients=int(patients),
        results=stored,
        standards=tuple(counts),
    )
    audit.record(
        uow,
        actor,
        "caregaps.evaluate",
        "care_gap",
        clinician_id or "",
        {
            "as_of": day.isoformat(),
            "clinician": summary.clinician,
            "patients": summary.patients,
            "results": stored,
            "standards": [f"{c.standard_id}@{c.version}" for c in counts],
        },
    )
    uow.commit()
    return summary


_PLANNED_TABLES = (Patient.__tablename__, ClinicalEvent.__tablename__)


def _fresh_statistics(uow: UnitOfWork) -> None:
    """On PostgreSQL, ANALYZE the patient and event tables when they were never analysed
    or changed by more than a tenth since (a large import the autovacuum has not caught up
    with). Without statistics the planner takes a freshly loaded table for a handful of
    rows and joins the grouped events to the patients with a nested loop: minutes instead
    of seconds at 100,000 patients. SQLite plans these queries well without statistics."""
    if uow.dialect != "postgresql":
        return
    stale = uow.session.execute(
        text(
            "SELECT relname FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema() AND relname IN :tables "
            "AND (COALESCE(last_analyze, last_autoanalyze) IS NULL "
            "OR n_mod_since_analyze > 0.1 * GREATEST(n_live_tup, 1000))"
        ).bindparams(bindparam("tables", expanding=True)),
        {"tables": list(_PLANNED_TABLES)},
    ).scalars()
    for table in stale:
        if table in _PLANNED_TABLES:  # the name is interpolated: only our own tables
            uow.session.execute(text(f"ANALYZE {table}"))


_SQLITE_BULK_CACHE_KIB = 128 * 1024


@contextmanager
def _roomy_cache(uow: UnitOfWork) -> Iterator[None]:
    """On SQLite, a page cache big enough for the result table's indexes while a run
    rewrites them (128 MiB at most, only for the run), then the connection's own again."""
    if uow.dialect != "sqlite":
        yield
        return
    session = uow.session
    before = session.execute(text("PRAGMA cache_size")).scalar_one()
    session.execute(text(f"PRAGMA cache_size = -{_SQLITE_BULK_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(before)}"))


def _sqlite_datetime(moment: datetime) -> str:
    # the text SQLAlchemy's SQLite DateTime type writes and reads back
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class _ResultWriter:
    """Writes result rows with the driver's executemany: at a few hundred thousand rows
    per run, SQLAlchemy's per-row parameter processing would cost more than the database.
    Values are given in the form the column types would produce (ISO text on SQLite).
    A row replaces the stored one in place (INSERT … ON CONFLICT DO UPDATE, SQLite 3.24+
    and PostgreSQL), which rewrites far less index than deleting and inserting again."""

    _COLUMNS = (
        "patient_id, standard_id, standard_version, state, due_on, last_done_on, "
        "explanation, as_of, evaluated_at"
    )

    _UPDATE = (
        "ON CONFLICT (patient_id, standard_id) DO UPDATE SET "
        "standard_version = excluded.standard_version, state = excluded.state, "
        "due_on = excluded.due_on, last_done_on = excluded.last_done_on, "
        "explanation = excluded.explanation, as_of = excluded.as_of, "
        "evaluated_at = excluded.evaluated_at"
    )
    _STAGING = "care_gap_incoming"

    def __init__(self, uow: UnitOfWork, as_of: date, evaluated_at: datetime) -> None:
        self._connection = uow.session.connection()
        self._sqlite = uow.dialect == "sqlite"
        # PostgreSQL runs one statement per row of an executemany; COPY into a temporary
        # table and one INSERT … SELECT is an order of magnitude faster.
        self._copy = uow.dialect == "postgresql"
        table = CareGapResult.__tablename__
        if self._copy:
            self._connection.exec_driver_sql(
                f"CREATE TEMPORARY TABLE {self._STAGING} "
                f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
            )
        mark = "?" if self._connection.dialect.paramstyle == "qmark" else "%s"
        self._sql = (
            f"INSERT INTO {table} ({self._COLUMNS}) VALUES ({', '.join([mark] * 9)}) {self._UPDATE}"
        )
        self._as_of: object = as_of.isoformat() if self._sqlite else as_of
        self._at: object = _sqlite_datetime(evaluated_at) if self._sqlite else evaluated_at
        self.written = 0

    def _day(self, day: date | None) -> object:
        if day is None or not self._sqlite:
            return day
        return day.isoformat()

    def write(self, results: Sequence[tuple[int, GapResult]]) -> None:
        day = self._day
        rows = [
            (
                patient_id,
                r.standard_id,
                r.standard_version,
                r.state.value,
                day(r.due_on),
                day(r.last_done_on),
                r.explanation,
                self._as_of,
                self._at,
            )
            for patient_id, r in results
        ]
        if self._copy:
            driver = self._connection.connection.driver_connection
            assert driver is not None
            with (
                driver.cursor() as cursor,
                cursor.copy(f"COPY {self._STAGING} ({self._COLUMNS}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            for start in range(0, len(rows), 50_000):
                self._connection.exec_driver_sql(self._sql, rows[start : start + 50_000])
        self.written += len(rows)

    def finish(self) -> None:
        """Move what was staged into the result table (PostgreSQL)."""
        if self._copy:
            self._connection.exec_driver_sql(
                f"INSERT INTO {CareGapResult.__tablename__} ({self._COLUMNS}) "
                f"SELECT {self._COLUMNS} FROM {self._STAGING} {self._UPDATE}"
            )
            self._connection.exec_driver_sql(f"DROP TABLE {self._STAGING}")


def _store_panel_columns(
    uow: UnitOfWork, panel: dict[int, tuple[int, date | None]], clinician_id: int | None
) -> None:
    """Write `open_gaps` and `next_due_on` where they changed. The next due date is the
    earliest due date of the patient's applicable gaps (a gap never closed counts as due
    on the as-of date); patients with no applicable gap get 0 and none. Written without
    bumping the patient's version: they are a cache (see the module docstring)."""
    query = select(Patient.id, Patient.open_gaps, Patient.next_due_on)
    if clinician_id is not None:
        query = query.where(Patient.clinician_id == clinician_id)
    sqlite = uow.dialect == "sqlite"
    changes = []
    for patient_id, open_gaps, next_due_on in uow.session.execute(query):
        wanted = panel.get(patient_id, (0, None))
        if (open_gaps, next_due_on) != wanted:
            due = wanted[1]
            changes.append((wanted[0], due.isoformat() if sqlite and due else due, patient_id))
    if not changes:
        return
    connection = uow.session.connection()
    if uow.dialect == "postgresql":  # COPY and one UPDATE … FROM, as for the results
        connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE panel_incoming "
            "(open_gaps integer, next_due_on date, id integer) ON COMMIT DROP"
        )
        driver = connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy("COPY panel_incoming (open_gaps, next_due_on, id) FROM STDIN") as copy,
        ):
            for change in changes:
                copy.write_row(change)
        connection.exec_driver_sql(
            f"UPDATE {Patient.__tablename__} SET open_gaps = i.open_gaps, "
            f"next_due_on = i.next_due_on FROM panel_incoming i "
            f"WHERE {Patient.__tablename__}.id = i.id"
        )
        connection.exec_driver_sql("DROP TABLE panel_incoming")
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"UPDATE {Patient.__tablename__} SET open_gaps = {mark}, next_due_on = {mark} "
        f"WHERE id = {mark}"
    )
    for start in range(0, len(changes), 50_000):
        connection.exec_driver_sql(sql, changes[start : start + 50_000])


# --- from the stored results (dashboards) -----------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    period: str
    """"YYYY-MM"."""
    count: int


def _stored_scope(query: Any, clinician_id: int | None) -> Any:
    if clinician_id is None:
        return query
    return query.join(Patient, Patient.id == CareGapResult.patient_id).where(
        Patient.clinician_id == clinician_id
    )


@requires(Permission.VIEW_PATIENTS)
def stored_counts(
    uow: UnitOfWork, actor: Principal, *, clinician: str | None = None
) -> list[StandardCounts]:
    """Per standard, the counts of the last run (no evaluation): for a dashboard's "open
    gaps by standard". Aggregates only, so not audited as a view of patient data."""
    clinician_id, _ = panel_scope(uow, actor, clinician)
    titles = {s.id: s.title for s in care_gap_standards(uow, date.today())}
    query = _stored_scope(
        select(
            CareGapResult.standard_id,
            CareGapResult.standard_version,
            CareGapResult.state,
            func.count(),
        ).group_by(CareGapResult.standard_id, CareGapResult.standard_version, CareGapResult.state),
        clinician_id,
    )
    tallies: dict[tuple[str, int], dict[GapState, int]] = {}
    for standard_id, version, state, count in uow.session.execute(query):
        tally = tallies.setdefault((standard_id, version), dict.fromkeys(GapState, 0))
        tally[GapState(state)] += count
    counts = []
    for (standard_id, version), tally in sorted(tallies.items()):
        open_count = sum(tally[state] for state in OPEN_STATES)
        counts.append(
            StandardCounts(
                standard_id=standard_id,
                version=version,
                title=titles.get(standard_id, standard_id),
                eligible=tally[GapState.MET] + open_count + tally[GapState.EXCLUDED],
                met=tally[GapState.MET],
                open=open_count,
                excluded=tally[GapState.EXCLUDED],
                due_soon=tally[GapState.DUE_SOON],
                due=tally[GapState.DUE],
                overdue=tally[GapState.OVERDUE],
            )
        )
    return counts


@requires(Permission.VIEW_PATIENTS)
def closures_by_month(
    uow: UnitOfWork,
    actor: Principal,
    *,
    months: int = 12,
    as_of: date | None = None,
    clinician: str | None = None,
) -> list[MonthCount]:
    """Gaps closed per calendar month over the last `months` months up to `as_of`, from
    the last run: each gap that is closed now (met or due soon) counts in the month of the
    event that closed it. Oldest month first, months without closures included. Not a
    history: a gap closed and open again since is not counted."""
    clinician_id, _ = panel_scope(uow, actor, clinician)
    day = as_of or date.today()
    first = add_months(day.replace(day=1), 1 - months)
    query = _stored_scope(
        select(CareGapResult.last_done_on, func.count())
        .where(
            CareGapResult.state.in_([GapState.MET.value, GapState.DUE_SOON.value]),
            CareGapResult.last_done_on >= first,
            CareGapResult.last_done_on <= day,
        )
        .group_by(CareGapResult.last_done_on),
        clinician_id,
    )
    periods = [add_months(first, offset).strftime("%Y-%m") for offset in range(months)]
    totals = dict.fromkeys(periods, 0)
    for done_on, count in uow.session.execute(query):
        totals[_as_day(done_on).strftime("%Y-%m")] += count
    return [MonthCount(period, totals[period]) for period in periods]


def _as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- one patient ------------------------------------------------------------------------


def _facts_of(uow: UnitOfWork, patient: Patient) -> PatientFacts:
    rows = uow.session.execute(
        select(
            E.kind, E.system, E.code, E.occurred_on, E.ended_on, cast(E.value, String), E.unit
        ).where(E.patient_id == patient.id)
    )
    events = tuple(
        Event(
            kind,
            system,
            code,
            occurred_on,
            ended_on,
            Decimal(value) if value is not None else None,
            unit,
        )
        for kind, system, code, occurred_on, ended_on, value, unit in rows
    )
    return PatientFacts(patient.birth_date, patient.sex, patient.status, events)


@requires(Permission.VIEW_PATIENTS)
def evaluate_patient(
    uow: UnitOfWork, actor: Principal, patient_id: int, *, as_of: date | None = None
) -> list[PatientGap]:
    """Every care-gap standard in force for one patient, evaluated now from their record
    (not applicable ones included, each with its reason), for the patient detail view.
    Nothing is stored; the view is audited."""
    patient = ensure_may_see_patient(uow, actor, patient_id)
    day = as_of or date.today()
    facts = _facts_of(uow, patient)
    gaps = [
        _patient_gap(standard, evaluate(standard, facts, day), day)
        for standard in care_gap_standards(uow, day)
    ]
    audit.record(
        uow, actor, "patient.caregaps.view", "patient", patient.id, {"as_of": day.isoformat()}
    )
    uow.commit()
    return gaps


def _patient_gap(standard: CareGapStandard, result: GapResult, as_of: date) -> PatientGap:
    return PatientGap(
        standard_id=result.standard_id,
        standard_version=result.standard_version,
        title=standard.title,
        state=result.state,
        due_on=result.due_on,
        last_done_on=result.last_done_on,
        explanation=result.explanation,
        as_of=as_of,
    )


@requires(Permission.VIEW_PATIENTS)
def stored_results(uow: UnitOfWork, actor: Principal, patient_id: int) -> list[PatientGap]:
    """The patient's results of the last clinic-wide run (applicable standards only),
    by standard id. Audited as a view of the patient's record."""
    patient = ensure_may_see_patient(uow, actor, patient_id)
    titles = {s.id: s.title for s in care_gap_standards(uow, date.today())}
    rows = uow.session.execute(
        select(CareGapResult)
        .where(CareGapResult.patient_id == patient.id)
        .order_by(CareGapResult.standard_id)
    ).scalars()
    gaps = [
        PatientGap(
            standard_id=row.standard_id,
            standard_version=row.standard_version,
            title=titles.get(row.standard_id, row.standard_id),
            state=GapState(row.state),
            due_on=row.due_on,
            last_done_on=row.last_done_on,
            explanation=row.explanation,
            as_of=row.as_of,
        )
        for row in rows
    ]
    audit.record(uow, actor, "patient.caregaps.view", "patient", patient.id, {"stored": True})
    uow.commit()
    return gaps
