"""Building and running a panel query's statements. A query's *shape* (which filters,
which order) decides its statement and its values are bound parameters, so statements are
built and compiled once per shape and run on the driver directly: a keystroke costs the
query, not the building of it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)

from clinicdesk.db.engine import translate_error
from clinicdesk.db.models_clinical import Attribution, CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop.fhir import ICD10, SNOMED
from clinicdesk.services.attribution import check_panel_access, months_before
from clinicdesk.services.caregaps.types import open_gap
from clinicdesk.services.panel.types import (
    CONDITIONS_BY_KEY,
    DueStatus,
    Match,
    PanelQuery,
    SortKey,
)

# --- building the statement --------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _param(name: str, type_: Any = None) -> Any:
    """A parameter whose value comes at execution (None until then, so the statement can
    be compiled once ahead)."""
    return bindparam(name, None, type_=type_, required=False)


def _prefix(column: Any, name: str, dialect: str) -> ColumnElement[bool]:
    """column starts with the text bound as `name`. On SQLite (binary collation) a range
    on the index does it; LIKE alone there is case-insensitive and unindexed. PostgreSQL's
    LIKE is exact."""
    like = column.like(_param(f"{name}_like"), escape="\\")
    if dialect == "sqlite":
        return and_(column >= _param(f"{name}_lo"), column < _param(f"{name}_hi"), like)
    return like


def _prefix_params(name: str, text: str) -> dict[str, str]:
    return {
        f"{name}_like": _escape_like(text) + "%",
        f"{name}_lo": text,
        f"{name}_hi": text + "\U0010ffff",
    }


def _looks_like_mrn(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


# A query's *shape* (which filters, which order) decides its statement; the values are
# bound parameters. Statements are built once per shape, so a keystroke costs the query,
# not the building of it.
class Shape(NamedTuple):
    dialect: str
    clinician_mode: str | None  # None, "current" or "as_of"
    mrn_search: bool
    statuses: tuple[str, ...]
    text_mode: tuple[Any, ...]
    due_mode: str | None  # None, "open" or "state"
    has_gap: bool
    has_min_age: bool
    has_max_age: bool
    condition: str | None  # a CONDITIONS key, "|" for system|code, or None
    sort: SortKey
    descending: bool


def plan(actor: Principal, query: PanelQuery, dialect: str) -> tuple[Shape, dict[str, Any]]:
    today = query.today or date.today()
    params: dict[str, Any] = {}
    clinician = resolve_clinician(actor, query)
    raw = query.text.strip()
    text_mode: tuple[Any, ...] = ()
    if raw and _looks_like_mrn(raw):
        if query.match == Match.CONTAINS:
            text_mode = ("mrn_contains",)
            params["mrn_contains"] = "%" + _escape_like(raw.upper()) + "%"
        else:
            # MRNs are compared as typed, and in upper case (how most systems print them).
            variants = sorted({raw, raw.upper()})
            text_mode = ("mrn_prefix", len(variants))
            for number, variant in enumerate(variants):
                params.update(_prefix_params(f"mrn{number}", variant))
    elif raw:
        folded = fold(raw.replace(",", " "))
        if query.match == Match.CONTAINS:
            text_mode = ("name_contains",)
            params["name_contains"] = "%" + _escape_like(folded) + "%"
        else:
            text_mode = ("name_prefix",)
            params.update(_prefix_params("name", folded))
    mrn_search = dialect == "sqlite" and bool(text_mode) and text_mode[0] == "mrn_prefix"
    clinician_mode = None
    if clinician is not None:
        clinician_mode = "current" if query.as_of is None else "as_of"
        params["clinician"] = clinician
        if query.as_of is not None:
            params["as_of"] = query.as_of
    # The statuses are few and fixed by the screen: part of the shape, not parameters.
    statuses = tuple(sorted(query.statuses))
    due_mode = None
    if query.gap is not None or query.due is not None:
        if query.due is None or query.due == DueStatus.ANY_OPEN:
            due_mode = "open"
        else:
            due_mode = "state"
            params["due_state"] = query.due.value
        if query.gap is not None:
            params["gap"] = query.gap
    if query.min_age is not None:
        # at least min_age years old: born on or before today minus min_age years
        params["min_birth"] = months_before(today, 12 * query.min_age)
    if query.max_age is not None:
        # at most max_age: born after today minus (max_age + 1) years
        params["max_birth"] = months_before(today, 12 * (query.max_age + 1))
    condition: str | None = None
    if query.condition:
        if query.condition in CONDITIONS_BY_KEY:
            condition = query.condition
        else:
            system, sep, code = query.condition.partition("|")
            if not sep or not system or not code:
                raise ValidationError(
                    _("“{condition}” is not a condition the panel can filter by.").format(
                        condition=query.condition
                    ),
                    field="condition",
                    hint=_("Choose one from the list, or give a code as system|code."),
                )
            condition = "|"
            params["cond_system"] = system
            params["cond_code"] = code
    shape = Shape(
        dialect,
        clinician_mode,
        mrn_search,
        statuses,
        text_mode,
        due_mode,
        query.gap is not None,
        query.min_age is not None,
        query.max_age is not None,
        condition,
        SortKey(query.sort),
        query.descending,
    )
    return shape, params


def _condition_clause(key: str) -> ColumnElement[bool]:
    """Patients with a matching condition: one indexed sub-query (kind, system, code),
    not a probe per patient."""
    ce = ClinicalEvent
    condition = CONDITIONS_BY_KEY.get(key)
    if condition is None:
        match: ColumnElement[bool] = and_(
            ce.system == _param("cond_system"), ce.code == _param("cond_code")
        )
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


def _where(shape: Shape) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if shape.clinician_mode == "current":
        # An MRN prefix is more selective than a panel: "+ 0" keeps SQLite's planner on
        # the MRN index instead of the clinician's.
        column = Patient.clinician_id + 0 if shape.mrn_search else Patient.clinician_id
        clauses.append(column == _param("clinician"))
    elif shape.clinician_mode == "as_of":
        on = _param("as_of", Date)
        clauses.append(
            exists().where(
                Attribution.patient_id == Patient.id,
                Attribution.clinician_id == _param("clinician"),
                Attribution.start_on <= on,
                or_(Attribution.end_on.is_(None), Attribution.end_on > on),
            )
        )
    status: Any = Patient.status + "" if shape.mrn_search else Patient.status
    if len(shape.statuses) == 1:
        clauses.append(status == shape.statuses[0])
    elif shape.statuses:
        clauses.append(status.in_(shape.statuses))
    if shape.text_mode:
        kind = shape.text_mode[0]
        if kind == "mrn_contains":
            clauses.append(func.upper(Patient.mrn).like(_param("mrn_contains"), escape="\\"))
        elif kind == "mrn_prefix":
            clauses.append(
                or_(
                    *(
                        _prefix(Patient.mrn, f"mrn{n}", shape.dialect)
                        for n in range(shape.text_mode[1])
                    )
                )
            )
        elif kind == "name_contains":
            clauses.append(Patient.name_key.like(_param("name_contains"), escape="\\"))
        else:
            clauses.append(_prefix(Patient.name_key, "name", shape.dialect))
    if shape.due_mode is not None:
        r = CareGapResult
        state: ColumnElement[bool] = (
            open_gap(r.state) if shape.due_mode == "open" else r.state == _param("due_state")
        )
        if shape.has_gap:
            # One standard: its (standard_id, state) index gives the patients at once.
            clauses.append(
                Patient.id.in_(select(r.patient_id).where(r.standard_id == _param("gap"), state))
            )
        else:
            # Any standard: a probe of the patient's few results by primary key.
            clauses.append(exists().where(r.patient_id == Patient.id, state))
    if shape.has_min_age:
        clauses.append(Patient.birth_date <= _param("min_birth", Date))
    if shape.has_max_age:
        clauses.append(Patient.birth_date > _param("max_birth", Date))
    if shape.condition is not None:
        clauses.append(_condition_clause(shape.condition))
    return clauses


def resolve_clinician(actor: Principal, query: PanelQuery) -> int | None:
    if query.clinician_id is not None:
        check_panel_access(actor, query.clinician_id)
        return query.clinician_id
    if actor.can(Permission.VIEW_ALL_PANELS):
        return None
    if actor.user_id is None:
        raise ValidationError(_("Say whose panel to show."), field="clinician")
    return actor.user_id


_SORT_COLUMNS: dict[SortKey, Any] = {
    SortKey.NAME: Patient.name_key,
    SortKey.MRN: Patient.mrn,
    SortKey.SEX: Patient.sex,
    SortKey.LAST_VISIT: Patient.last_visit_on,
    SortKey.OPEN_GAPS: Patient.open_gaps,
    SortKey.NEXT_DUE: Patient.next_due_on,
    SortKey.CLINICIAN: Patient.clinician_id,
}


def _order(sort: SortKey, descending_query: bool) -> list[Any]:
    """A total order: the sort column, empty values last either way, then the id (so a
    page boundary never splits or repeats rows with equal values)."""
    if sort == SortKey.AGE:
        # older = earlier birth date: age ascending is birth date descending
        column = Patient.birth_date
        descending = not descending_query
    else:
        column = _SORT_COLUMNS[sort]
        descending = descending_query
    terms: list[Any] = []
    if sort in (SortKey.AGE, SortKey.LAST_VISIT, SortKey.NEXT_DUE, SortKey.CLINICIAN):
        terms.append(column.is_(None))  # false (0) first: empty values last
    terms.append(column.desc() if descending else column.asc())
    terms.append(Patient.id.desc() if descending_query else Patient.id.asc())
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


@functools.lru_cache(maxsize=512)
def _statements(shape: Shape) -> tuple[Any, Any]:
    """The count and page statements for a query shape, built once."""
    where = _where(shape)
    count_stmt = select(func.count()).select_from(Patient).where(*where)
    page_stmt = select(*_ROW_COLUMNS).where(*where).order_by(*_order(shape.sort, shape.descending))
    return count_stmt, page_stmt


@dataclass(frozen=True)
class Compiled:
    """A statement compiled once for a dialect, run on the driver directly: a keystroke
    then costs the query and little else (no statement building, no cache-key walk)."""

    sql: str
    names: tuple[str, ...]  # the parameters in order (SQLite's "?" style)
    defaults: dict[str, Any]  # values fixed in the statement (codes, states, "+ 0")
    positional: bool

    def bind(self, params: dict[str, Any]) -> Any:
        values = {**self.defaults, **params}
        if not self.positional:
            return values
        return tuple(
            v.isoformat() if isinstance(v, date) else v for v in (values[n] for n in self.names)
        )


@functools.lru_cache(maxsize=512)
def compile_shape(shape: Shape) -> tuple[Compiled, Compiled]:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = sqlite.dialect() if shape.dialect == "sqlite" else postgresql.psycopg.dialect()
    out = []
    for number, statement in enumerate(_statements(shape)):
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        positional = bool(compiled.positional)
        sql, names = compiled.string, tuple(compiled.positiontup or ())
        if number == 1:  # the page: LIMIT and OFFSET as parameters, in both dialects' syntax
            sql += " LIMIT ? OFFSET ?" if positional else " LIMIT %(limit)s OFFSET %(offset)s"
            names += ("limit", "offset")
        out.append(
            Compiled(
                sql=sql,
                names=names,
                defaults={
                    k: v
                    for k, v in compiled.construct_params(_check=False).items()
                    if v is not None
                },
                positional=positional,
            )
        )
    return out[0], out[1]


def run(uow: UnitOfWork, compiled: Compiled, params: dict[str, Any]) -> list[Any]:
    """Run on the unit of work's own driver connection (its transaction), skipping
    SQLAlchemy's result machinery; a driver error still leaves as a StorageError."""
    connection = uow.session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        cursor = driver.cursor()
        try:
            cursor.execute(compiled.sql, compiled.bind(params))
            return list(cursor.fetchall())
        finally:
            cursor.close()
    except connection.dialect.loaded_dbapi.Error as error:
        raise translate_error(error, connection.engine.url) from error
