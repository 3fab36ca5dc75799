"""The statements an import's writer runs, built once (SQLAlchemy then finds each
compiled form in its cache without building and keying a new statement per batch), and
how a patient record fills a patient row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy import (
    Date,
    String,
    Table,
    and_,
    any_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

from clinicdesk.db import bulk
from clinicdesk.db.conventions import new_uuids, utcnow
from clinicdesk.db.models_clinical import ClinicalEvent, Encounter, Patient, PatientIdentifier
from clinicdesk.domain.names import name_key
from clinicdesk.interop.records import PatientRecord

# The statements a batch runs, built once: SQLAlchemy then finds each compiled form in its
# cache without building and keying a new statement per batch (a file is often one
# patient, so that cost was paid per patient). IN lists expand at execution.
_PATIENT = cast(Table, Patient.__table__)
_IDENTIFIER = cast(Table, PatientIdentifier.__table__)
_ENCOUNTER = cast(Table, Encounter.__table__)
EVENT = cast(Table, ClinicalEvent.__table__)


def _one_of(column: Any, name: str, dialect: str) -> Any:
    """`column` is one of the list parameter `name`: on PostgreSQL one array parameter
    (= ANY), a short text the driver and the server parse once; elsewhere an IN list
    expanded at execution."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def _listed(column: Any, name: str, dialect: str) -> Any:
    """`column` is one of the list parameter `name` (its value: `listed`): on PostgreSQL
    as `_one_of`; on SQLite one JSON array read by json_each, so a lookup of a whole batch
    is one statement with one parameter (an IN list would be a placeholder per value, and
    at most SQLite's variable limit of them)."""
    if dialect == "postgresql":
        return _one_of(column, name, dialect)
    values = func.json_each(bindparam(name, type_=String)).table_valued("value")
    return column.in_(select(values.c.value))


def listed(values: Iterable[str], dialect: str) -> Any:
    """The value of a `_listed` parameter: a list (PostgreSQL), JSON text (SQLite; not
    ensure_ascii: a text SQLite cannot store fails here, as in an IN list)."""
    values = list(values)
    return values if dialect == "postgresql" else json.dumps(values, ensure_ascii=False)


# Values looked up with one `_listed` parameter at a time: on PostgreSQL a few hundred
# (an array the server matches against the index), on SQLite a whole batch.
LOOKUP_CHUNK = {"postgresql": 500, "sqlite": 50_000}


_mrn_statements: dict[str, Any] = {}


def mrns_taken(dialect: str) -> Any:
    """(mrn, id) of the patients holding any of the MRNs `mrns` (`listed`)."""
    statement = _mrn_statements.get(dialect)
    if statement is None:
        statement = select(_PATIENT.c.mrn, _PATIENT.c.id).where(
            _listed(_PATIENT.c.mrn, "mrns", dialect)
        )
        _mrn_statements[dialect] = statement
    return statement


# RETURNING in any order (in parameter order SQLite would insert row by row); new rows
# are told apart by their MRN, which is unique.
INSERT_PATIENTS = insert(_PATIENT).returning(_PATIENT.c.id, _PATIENT.c.mrn)
INSERT_ENCOUNTERS = insert(_ENCOUNTER).returning(_ENCOUNTER.c.id, _ENCOUNTER.c.external_id)
INSERT_EVENTS = insert(EVENT)
EXISTING = {
    (model, dialect): select(model.__table__.c.id, model.__table__.c.external_id).where(
        _one_of(model.__table__.c.external_id, "ids", dialect)
    )
    for model in (Encounter, ClinicalEvent)
    for dialect in ("postgresql", "sqlite")
}
# The visits and the events of a batch already in the clinic, in one query whose text is
# the same for every batch: each id list is one parameter (no IN list rendered per batch,
# one statement however many ids). On PostgreSQL two arrays (= ANY); on SQLite two JSON
# arrays, each id looked up in the external_id index. (On PostgreSQL a join to the
# unnested arrays was tried: on a new clinic's tables without statistics the planner
# hashed the whole event table for every batch, slower than = ANY's index scan.)
_EXISTING_BOTH_POSTGRESQL = union_all(
    select(literal("encounter"), _ENCOUNTER.c.id, _ENCOUNTER.c.external_id).where(
        _ENCOUNTER.c.external_id == any_(bindparam("encounters", type_=ARRAY(String)))
    ),
    select(literal("event"), EVENT.c.id, EVENT.c.external_id).where(
        EVENT.c.external_id == any_(bindparam("events", type_=ARRAY(String)))
    ),
)
_EXISTING_BOTH_SQLITE = text(
    "SELECT 'encounter', id, external_id FROM encounter "
    "WHERE external_id IN (SELECT value FROM json_each(:encounters)) "
    "UNION ALL "
    "SELECT 'event', id, external_id FROM clinical_event "
    "WHERE external_id IN (SELECT value FROM json_each(:events))"
)


def existing_both(
    session: Session, encounters: list[str], events: list[str]
) -> Iterable[tuple[str, int, str]]:
    """("encounter" or "event", id, external_id) of the visits `encounters` and the
    events `events` (external ids) already in the clinic, in one query."""
    statement: Executable
    params: dict[str, Any]
    if session.get_bind().dialect.name == "postgresql":
        statement, params = _EXISTING_BOTH_POSTGRESQL, {"encounters": encounters, "events": events}
    else:
        # not ensure_ascii: a text SQLite cannot store fails here, as in an IN list
        statement = _EXISTING_BOTH_SQLITE
        params = {
            "encounters": json.dumps(encounters, ensure_ascii=False),
            "events": json.dumps(events, ensure_ascii=False),
        }
    return cast(Iterable[tuple[str, int, str]], session.execute(statement, params))


# An event row's columns, in the order of the tuples `insert_events` takes.
EVENT_COLUMNS = (
    "patient_id",
    "encounter_id",
    "external_id",
    "kind",
    "system",
    "code",
    "display",
    "occurred_on",
    "ended_on",
    "value",
    "unit",
    "value_text",
    "status",
)


def insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """INSERT the events (tuples of EVENT_COLUMNS' values) through the driver's
    executemany (db/bulk.insert_rows): SQLAlchemy's per-row parameter work was a fifth of
    the writing. A value bulk cannot send (a real "" where SQLite's NULL stand-in goes;
    the readers never make one) takes the Core insert instead."""
    try:
        bulk.insert_rows(session.connection(), EVENT, EVENT_COLUMNS, rows)
    except ValueError:
        session.execute(INSERT_EVENTS, [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows])


def insert_new_events(
    session: Session,
    rows: list[tuple[Any, ...]],
    while_waiting: Callable[[], object] | None = None,
) -> set[str]:
    """PostgreSQL: INSERT the events (tuples of EVENT_COLUMNS' values) whose external id
    the clinic does not hold yet, in one statement of arrays that skips the others (ON
    CONFLICT DO NOTHING); returns the external ids of those others, for the caller to
    update. The insert checks each id in the unique index as it writes the row, so the
    batch's events need no lookup beforehand (a second probe of that index per event,
    and a second statement). `while_waiting` runs while the server writes them
    (db/bulk.insert_columns)."""
    written = bulk.insert_rows_returning(
        session.connection(),
        EVENT,
        EVENT_COLUMNS,
        rows,
        ("external_id",),
        skip_conflicts_on="external_id",
        while_waiting=while_waiting,
    )
    if len(written) == len(rows):
        return set()
    return {row[2] for row in rows} - {external_id for (external_id,) in written}


# An identifier row's columns, in the order of the tuples `insert_identifiers` takes.
IDENTIFIER_COLUMNS = ("patient_id", "system", "value")


def insert_identifiers(session: Session, rows: list[tuple[int, str, str]]) -> None:
    """INSERT the patients' identifiers (tuples of IDENTIFIER_COLUMNS' values) as the
    events are (db/bulk.insert_rows: on PostgreSQL one INSERT of arrays, where
    SQLAlchemy's executemany sent VALUES lists the driver parses placeholder by
    placeholder). No column is nullable, so no value is a NULL stand-in."""
    bulk.insert_rows(session.connection(), _IDENTIFIER, IDENTIFIER_COLUMNS, rows)


# An encounter row's columns (the keys of the dicts `insert_encounters` takes).
ENCOUNTER_COLUMNS = (
    "patient_id",
    "external_id",
    "start_at",
    "end_at",
    "encounter_class",
    "system",
    "code",
    "display",
    "practitioner",
    "clinician_id",
)


def insert_encounters(session: Session, rows: list[dict[str, Any]]) -> Iterable[Any]:
    """INSERT the visits (dicts of ENCOUNTER_COLUMNS); (id, external_id) of each row
    written, in no particular order. On PostgreSQL one INSERT of arrays
    (db/bulk.insert_rows_returning), not VALUES lists the driver parses per placeholder;
    on SQLite the driver's executemany (db/bulk.insert_rows), then the new rows' ids by
    their external ids in one query, not SQLAlchemy's VALUES lists with RETURNING built
    batch by batch. A value bulk cannot send takes the Core insert instead."""
    conn = session.connection()
    values = [tuple([row[name] for name in ENCOUNTER_COLUMNS]) for row in rows]
    if conn.dialect.name == "postgresql":
        return bulk.insert_rows_returning(
            conn, _ENCOUNTER, ENCOUNTER_COLUMNS, values, ("id", "external_id")
        )
    try:
        bulk.insert_rows(conn, _ENCOUNTER, ENCOUNTER_COLUMNS, values)
    except ValueError:
        return session.execute(INSERT_ENCOUNTERS, rows)
    # every new visit has an external id (the readers give each one), unique: these are
    # the rows just written
    written = [row["external_id"] for row in rows if row["external_id"] is not None]
    return session.execute(
        _ENCOUNTERS_BY_EXTERNAL_ID, {"ids": json.dumps(written, ensure_ascii=False)}
    )


_ENCOUNTERS_BY_EXTERNAL_ID = text(
    "SELECT id, external_id FROM encounter WHERE external_id IN (SELECT value FROM json_each(:ids))"
)


_last_visit_statements: dict[str, Any] = {}


def last_visits_statement(dialect: str) -> Any:
    """One UPDATE for a batch of patients: each visited patient's last visit is the day
    of their latest encounter; a row whose day changes gets a new version (and updated_at,
    by its onupdate), as the ORM writes a versioned row; RETURNING names those rows."""
    statement = _last_visit_statements.get(dialect)
    if statement is None:
        latest = (
            select(func.max(_ENCOUNTER.c.start_at))
            .where(_ENCOUNTER.c.patient_id == _PATIENT.c.id)
            .scalar_subquery()
        )
        # SQLite keeps a DateTime as ISO text and a Date as its first ten characters
        day = func.date(latest) if dialect == "sqlite" else cast_(latest, Date)
        statement = (
            update(_PATIENT)
            .where(
                _one_of(_PATIENT.c.id, "ids", dialect),
                _PATIENT.c.last_visit_on.is_distinct_from(day),
            )
            .values(last_visit_on=day, version=_PATIENT.c.version + 1)
            .returning(_PATIENT.c.id)
        )
        _last_visit_statements[dialect] = statement
    return statement


_owner_statements: dict[tuple[int, str], Any] = {}


def owners_statement(systems: int, dialect: str) -> Any:
    """The owners of identifiers in `systems` systems: (system s<i> and value in v<i>)
    or …, each arm a seek on the (system, value) index (v<i>: `listed`)."""
    statement = _owner_statements.get((systems, dialect))
    if statement is None:
        statement = select(
            _IDENTIFIER.c.system, _IDENTIFIER.c.value, _IDENTIFIER.c.patient_id
        ).where(
            or_(
                *(
                    and_(
                        _IDENTIFIER.c.system == bindparam(f"s{i}"),
                        _listed(_IDENTIFIER.c.value, f"v{i}", dialect),
                    )
                    for i in range(systems)
                )
            )
        )
        _owner_statements[(systems, dialect)] = statement
    return statement


_NEW_PATIENT_DEFAULTS: dict[str, Any] = {
    "status": "active",
    "open_gaps": 0,
    "birth_date": None,
    "sex": None,
    "phone": None,
    "email": None,
    "address": None,
    "deceased_on": None,
}


def new_patient_values(mrn: str, record: PatientRecord) -> dict[str, Any]:
    """The columns of a new patient row for `record` (the rest take their defaults):
    plain values, not an ORM object, for a batch's one INSERT. Every row has the same
    keys, so the batch is one statement."""
    return {"mrn": mrn, **_NEW_PATIENT_DEFAULTS, **changes(record, new=True)}


def insert_patients(session: Session, rows: list[dict[str, Any]]) -> Iterable[Any]:
    """INSERT the new patients (dicts of `new_patient_values`); (id, mrn) of each row
    written, in no particular order. As the visits are (`insert_encounters`): through
    db/bulk, each row's uuid and timestamps given here as the ORM's defaults would give
    them, then on SQLite the new rows' ids found by their MRNs (unique) in one query. A
    value bulk cannot send takes the Core insert instead."""
    conn = session.connection()
    columns: dict[str, Any] = {name: [row[name] for row in rows] for name in rows[0]}
    columns["uuid"] = new_uuids(len(rows))
    now = utcnow()
    constants = {"created_at": now, "updated_at": now, "version": 1}
    postgresql = conn.dialect.name == "postgresql"
    try:
        written = bulk.insert_columns(
            conn, _PATIENT, columns, constants, returning=("id", "mrn") if postgresql else ()
        )
    except ValueError:
        return session.execute(INSERT_PATIENTS, rows)
    if postgresql:
        return written
    return session.execute(
        _PATIENTS_BY_MRN, {"mrns": json.dumps(columns["mrn"], ensure_ascii=False)}
    )


_PATIENTS_BY_MRN = text(
    "SELECT id, mrn FROM patient WHERE mrn IN (SELECT value FROM json_each(:mrns))"
)


def changes(record: PatientRecord, *, new: bool) -> dict[str, Any]:
    """The columns `record` sets on a patient row (`new`: one not yet in the clinic)."""
    values: dict[str, Any] = {
        "family_name": record.family_name,
        "given_names": record.given_names,
        "name_key": name_key(record.family_name, record.given_names),
    }
    # A source that says nothing about the birth date or sex does not erase what the
    # clinic already knows.
    if record.birth_date is not None or new:
        values["birth_date"] = record.birth_date
    if record.sex != "unknown" or new:
        values["sex"] = record.sex
    if record.phone is not None:
        values["phone"] = record.phone
    if record.email is not None:
        values["email"] = record.email
    if record.address is not None:
        values["address"] = record.address
    if record.deceased:
        values["status"] = "deceased"
        values["deceased_on"] = record.deceased_on
    return values


def apply(row: Patient, record: PatientRecord) -> None:
    """Fills a patient row already in the clinic from `record`."""
    for name, value in changes(record, new=False).items():
        setattr(row, name, value)
