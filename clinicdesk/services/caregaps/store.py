"""Writing a run's results and the panel's cached columns, with what each back-end
needs to do it fast (COPY on PostgreSQL, executemany and a roomy page cache on SQLite)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    bindparam,
    select,
    text,
)
from sqlalchemy.engine import Connection

from clinicdesk.db import id_lists
from clinicdesk.db.models_clinical import CareGapResult, ClinicalEvent, Patient
from clinicdesk.db.roles import server_calls
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.caregaps import (
    GapResult,
)
from clinicdesk.services.caregaps.sql import Scope, date_reader, driver_rows

_PLANNED_TABLES = (Patient.__tablename__, ClinicalEvent.__tablename__)


def fresh_statistics(uow: UnitOfWork) -> None:
    """On PostgreSQL, ANALYZE the patient and event tables when they were never analysed
    or changed by more than a tenth since (a large import the autovacuum has not caught up
    with). Without statistics the planner takes a freshly loaded table for a handful of
    rows and joins the grouped events to the patients with a nested loop: minutes instead
    of seconds at 100,000 patients. SQLite plans these queries well without statistics."""
    if uow.dialect != "postgresql":
        return
    if server_calls.provisioned(uow.session):  # a login of a role may not ANALYZE
        server_calls.analyze_stale(uow.session)
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


# 32 MiB at most: a clinic-wide run at 100,000 patients grew resident memory by 181 MB
# with 128 MiB, by 63 MB with 32; a run from the window beside the open panel (200 MB)
# peaked at 313 MB instead of 411 (16 MiB: 297 MB, the nightly run about 10% slower), at
# the same speed: the nightly run 1.12x its SQL either way, the first run 5.8 s against
# 6.0. A smaller run gets a third of a KiB per patient (the same share of its pages):
# with 32 MiB a 1,050-patient import's run filled the cache and the import's peak memory
# was 22 MB, against 7 MB with the connection's own (2 MiB) and no slower.
_SQLITE_BULK_CACHE_KIB = 32 * 1024
_CACHE_KIB_PER_PATIENT = 1 / 3


@contextmanager
def roomy_cache(uow: UnitOfWork, patients: int) -> Iterator[None]:
    """On SQLite, a page cache bigger than the connection's while a run of `patients`
    rewrites the result table's indexes (in proportion to them, 32 MiB at most, only for
    the run), then the connection's own again."""
    if uow.dialect != "sqlite":
        yield
        return
    session = uow.session
    before = session.execute(text("PRAGMA cache_size")).scalar_one()
    # a negative size is in KiB, a positive one in pages
    size_kib = -int(before) if int(before) < 0 else int(before) * _page_kib(session)
    wanted = min(_SQLITE_BULK_CACHE_KIB, int(patients * _CACHE_KIB_PER_PATIENT))
    if wanted <= size_kib:
        yield
        return
    session.execute(text(f"PRAGMA cache_size = -{wanted}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(before)}"))


def _page_kib(session: Any) -> float:
    return int(session.execute(text("PRAGMA page_size")).scalar_one()) / 1024


_ROWS_PER_EXECUTE = 50_000
# SQLite: a result that this many patients or more share and that is to be written for
# them is written with one INSERT … SELECT over their ids (a first run after a patient
# list: one result per standard for all its new patients), not a row each through
# executemany, where binding nine values per row cost more than the insert. The rows
# are the same either way.
_SHARED_ROWS = 64


def _mark(connection: Connection) -> str:
    """The driver's parameter placeholder: "?" for sqlite3, "%s" for psycopg."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _execute_many(connection: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), _ROWS_PER_EXECUTE):
        connection.exec_driver_sql(sql, rows[start : start + _ROWS_PER_EXECUTE])


def _copy_in(connection: Connection, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows into `table` with COPY, through the driver."""
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _sqlite_datetime(moment: datetime) -> str:
    # the text SQLAlchemy's SQLite DateTime type writes and reads back
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class Written:
    """What a run changed in the result table. A result is its standard version, state,
    due date, last-done date and explanation; a result that stayed the same keeps the as-of
    day it was written on (the day the stored results describe is the run's, recorded once:
    freshness.record_run)."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0


class ResultWriter:
    """Writes only what changed: each standard's new results are compared with the
    stored ones (in scope) and only new or different results are written, only results
    no longer applicable are deleted. On the nightly run of a clinic whose records did
    not change, nothing is written.

    Values are given in the form the column types would produce (ISO text on SQLite),
    with the driver's executemany: SQLAlchemy's per-row parameter processing would cost
    more than the database at a few hundred thousand rows (a fresh clinic's first run).
    Changed rows replace the stored ones in place (INSERT … ON CONFLICT DO UPDATE, SQLite
    3.24+ and PostgreSQL). On PostgreSQL, which runs one statement per row of an
    executemany, changes are COPYed into temporary tables and applied with one statement
    each (made only when something changed)."""

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
    _GONE = "care_gap_gone"
    _TABLE = CareGapResult.__tablename__

    def __init__(self, uow: UnitOfWork, as_of: date, evaluated_at: datetime, scope: Scope) -> None:
        self._connection = uow.session.connection()
        self._sqlite = uow.dialect == "sqlite"
        self._copy = uow.dialect == "postgresql"
        self._staged = False
        mark = self._mark = _mark(self._connection)
        table = self._TABLE
        self._upsert = (
            f"INSERT INTO {table} ({self._COLUMNS}) VALUES ({', '.join([mark] * 9)}) {self._UPDATE}"
        )
        # SQLite: the same upsert of one result for a JSON array of patient ids ("WHERE
        # true": without it SQLite would read ON CONFLICT as a join's ON)
        self._shared_upsert = (
            f"INSERT INTO {table} ({self._COLUMNS}) SELECT value, {', '.join([mark] * 8)} "
            f"FROM json_each({mark}) WHERE true {self._UPDATE}"
        )
        self._delete = f"DELETE FROM {table} WHERE patient_id = {mark} AND standard_id = {mark}"
        self._scope = ""
        self._scope_args: tuple[Any, ...] = ()
        if scope.clinician_id is not None:
            self._scope += (
                f" AND patient_id IN (SELECT id FROM {Patient.__tablename__} "
                f"WHERE clinician_id = {mark})"
            )
            self._scope_args += (scope.clinician_id,)
        if scope.patient_ids is not None:
            self._scope += " AND " + id_lists.among_sql("patient_id", mark, uow.dialect)
            self._scope_args += (id_lists.parameter(scope.patient_ids, uow.dialect),)
        self._stored_sql = (
            f"SELECT patient_id, standard_version, state, due_on, last_done_on, explanation "
            f"FROM {table} WHERE standard_id = {mark}{self._scope}"
        )
        self._as_of: object = as_of.isoformat() if self._sqlite else as_of
        self._at: object = _sqlite_datetime(evaluated_at) if self._sqlite else evaluated_at
        self.written = Written()

    def _day(self, day: date | None) -> object:
        if day is None or not self._sqlite:
            return day
        return day.isoformat()

    def _stored(self, standard_id: str) -> dict[int, tuple[Any, ...]]:
        """The standard's stored results in scope, by patient, in the driver's form."""
        driver = self._connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()  # plain tuples, no Row objects for 300,000 rows
        try:
            cursor.execute(self._stored_sql, (standard_id, *self._scope_args))
            return {row[0]: row[1:] for row in cursor.fetchall()}
        finally:
            cursor.close()

    def write(self, standard_id: str, groups: Sequence[tuple[GapResult, Sequence[int]]]) -> None:
        """Bring the stored results of `standard_id` in scope to `groups` (each distinct
        result with its patients: every patient it applies to,
        sql.evaluate_standard_grouped): write the new and the changed, delete the rest."""
        stored = self._stored(standard_id)
        day = self._day
        tail = (self._as_of, self._at)
        # on SQLite a result of many patients is written for all of them at once
        shared = _SHARED_ROWS if self._sqlite else None
        rows: list[tuple[Any, ...]] = []
        inserted = changed = 0
        for r, patient_ids in groups:
            # its stored form made once per result, not once per patient
            form = (
                r.standard_version,
                r.state.value,
                day(r.due_on),
                day(r.last_done_on),
                r.explanation,
            )
            if stored:
                pop = stored.pop
                befores = [(patient_id, pop(patient_id, None)) for patient_id in patient_ids]
                writing = [patient_id for patient_id, before in befores if before != form]
                inserted += sum(before is None for _, before in befores)
            else:  # none stored (a first run): every one is new
                writing = list(patient_ids)
                inserted += len(writing)
            changed += len(writing)
            if shared is not None and len(writing) >= shared:
                ids = id_lists.parameter(writing, "sqlite")
                self._connection.exec_driver_sql(
                    self._shared_upsert, (standard_id, *form, *tail, ids)
                )
            else:
                rows.extend([(patient_id, standard_id, *form, *tail) for patient_id in writing])
        gone = [(patient_id, standard_id) for patient_id in stored]
        if self._copy:
            if len(groups) > 1:
                # in the patients' order, as the query gave them (not result by result):
                # the staged rows are then applied to the result table's index in order
                rows.sort(key=itemgetter(0))
            self._stage(rows, gone)
        else:
            _execute_many(self._connection, self._upsert, rows)
            _execute_many(self._connection, self._delete, gone)
        self.written.inserted += inserted
        self.written.updated += changed - inserted
        self.written.deleted += len(gone)

    def _stage(self, changed: list[tuple[Any, ...]], gone: list[tuple[Any, ...]]) -> None:
        if not changed and not gone:
            return
        if not self._staged:
            self._connection.exec_driver_sql(
                f"CREATE TEMPORARY TABLE {self._STAGING} "
                f"(LIKE {self._TABLE} INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            self._connection.exec_driver_sql(
                f"CREATE TEMPORARY TABLE {self._GONE} "
                f"(patient_id integer, standard_id varchar(80)) ON COMMIT DROP"
            )
            self._staged = True
        _copy_in(self._connection, self._STAGING, self._COLUMNS, changed)
        _copy_in(self._connection, self._GONE, "patient_id, standard_id", gone)

    def finish(self, standard_ids: Sequence[str]) -> None:
        """Apply what was staged (PostgreSQL); delete the results of standards no longer
        in force (in scope)."""
        connection = self._connection
        table = self._TABLE
        if self._staged:
            connection.exec_driver_sql(
                f"INSERT INTO {table} ({self._COLUMNS}) "
                f"SELECT {self._COLUMNS} FROM {self._STAGING} {self._UPDATE}"
            )
            connection.exec_driver_sql(
                f"DELETE FROM {table} r USING {self._GONE} g "
                f"WHERE r.patient_id = g.patient_id AND r.standard_id = g.standard_id"
            )
            connection.exec_driver_sql(f"DROP TABLE {self._STAGING}, {self._GONE}")
            self._staged = False
        mark = self._mark
        retired = ", ".join([mark] * len(standard_ids))
        sql = f"DELETE FROM {table} WHERE " + (
            f"standard_id NOT IN ({retired})" if standard_ids else "1 = 1"
        )
        done = connection.exec_driver_sql(sql + self._scope, (*standard_ids, *self._scope_args))
        self.written.deleted += max(done.rowcount, 0)


def store_panel_columns(
    uow: UnitOfWork, open_gaps: dict[int, int], next_due: dict[int, date], scope: Scope
) -> int:
    """Write `open_gaps` and `next_due_on` where they changed (a patient absent from
    `open_gaps` has none open, absent from `next_due` no due date). The next due date is
    the earliest due date of the patient's applicable gaps (an open gap never closed counts
    as due on the as-of date; a gap met for good has none); patients with no applicable
    gap get 0 and none. Written without bumping the patient's version: they are a cache
    (see the package docstring). Returns how many patients' columns were written."""
    query = select(Patient.id, Patient.open_gaps, Patient.next_due_on)
    if scope.clinician_id is not None:
        query = query.where(Patient.clinician_id == scope.clinician_id)
    if scope.patient_ids is not None:
        query = query.where(id_lists.among(Patient.id, scope.patient_ids, uow.dialect))
    sqlite = uow.dialect == "sqlite"
    changes: list[tuple[Any, ...]] = []
    count = open_gaps.get
    due_on = next_due.get
    read = date_reader()  # the driver's form of a date (text on SQLite), parsed once each
    for rows in driver_rows(uow.session.connection().execute(query)):
        for patient_id, stored_open, stored_due in rows:
            wanted_open, wanted_due = count(patient_id, 0), due_on(patient_id)
            if stored_open != wanted_open or read(stored_due) != wanted_due:
                changes.append(
                    (
                        wanted_open,
                        wanted_due.isoformat() if sqlite and wanted_due else wanted_due,
                        patient_id,
                    )
                )
    if not changes:
        return 0
    connection = uow.session.connection()
    if uow.dialect == "postgresql":  # COPY and one UPDATE … FROM, as for the results
        connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE panel_incoming "
            "(open_gaps integer, next_due_on date, id integer) ON COMMIT DROP"
        )
        _copy_in(connection, "panel_incoming", "open_gaps, next_due_on, id", changes)
        connection.exec_driver_sql(
            f"UPDATE {Patient.__tablename__} SET open_gaps = i.open_gaps, "
            f"next_due_on = i.next_due_on FROM panel_incoming i "
            f"WHERE {Patient.__tablename__}.id = i.id"
        )
        connection.exec_driver_sql("DROP TABLE panel_incoming")
        return len(changes)
    mark = _mark(connection)
    sql = (
        f"UPDATE {Patient.__tablename__} SET open_gaps = {mark}, next_due_on = {mark} "
        f"WHERE id = {mark}"
    )
    _execute_many(connection, sql, changes)
    return len(changes)
