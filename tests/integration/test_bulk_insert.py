"""db/bulk.insert_rows stores exactly what SQLAlchemy's own insert stores, on SQLite and
PostgreSQL: the same column types and text in the database (dates, Decimal amounts,
datetimes, NULLs), and the same values read back through the ORM."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from clinicdesk.db.models_members import Member, ShareEvent
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import members as svc
from tests.integration.test_members_import import REGISTER

# The columns that differ between a row and its copy by construction.
_OWN = {"member": ("id", "uuid", "register_no"), "share_event": ("id", "linked_id")}
_OFFSET = 1000


def _raw(db: Database, table: Table) -> dict[int, dict[str, str]]:
    """Every row of `table` by id, each column as the database itself shows it: its
    storage class and quoted value on SQLite, its type and text on PostgreSQL."""
    names = [c.name for c in table.columns]
    if db.is_sqlite:
        shown = [f"typeof({n}) || ':' || quote({n})" for n in names]
    else:
        shown = [f"pg_typeof({n})::text || ':' || coalesce({n}::text, 'NULL')" for n in names]
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"SELECT id, {', '.join(shown)} FROM {table.name}").all()
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


def _orm(db: Database, model: type) -> dict[int, dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(model)).mappings().all()
    return {row["id"]: dict(row) for row in rows}


def _copy_with_core_insert(db: Database, model: type, change: dict[str, Any]) -> None:
    """Insert a copy of every row of `model` through SQLAlchemy's insert (the path the
    bulk writer replaces), each with its own columns moved by `change`."""
    table = cast(Table, model.__table__)
    originals = _orm(db, model)
    with db.uow() as uow:
        uow.session.execute(
            insert(table),
            [{**row, **{k: f(row) for k, f in change.items()}} for row in originals.values()],
        )
        uow.commit()


def _without(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}


def test_the_bulk_writer_stores_what_sqlalchemys_insert_stores(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    announced: list[frozenset[str]] = []
    db.add_change_listener(announced.append)
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    # the driver-level writes are announced like any other (open screens update)
    assert announced and {"member", "share_event"} <= announced[0]
    _copy_with_core_insert(
        db,
        Member,
        {
            "id": lambda r: r["id"] + _OFFSET,
            "uuid": lambda r: f"copy-{r['uuid']}"[:36],
            "register_no": lambda r: r["register_no"] + _OFFSET,
        },
    )
    _copy_with_core_insert(
        db,
        ShareEvent,
        {
            "id": lambda r: r["id"] + _OFFSET,
            "linked_id": lambda r: None if r["linked_id"] is None else r["linked_id"] + _OFFSET,
        },
    )
    for model in (Member, ShareEvent):
        table = cast(Table, model.__table__)
        own = _OWN[table.name]
        raw, orm = _raw(db, table), _orm(db, model)
        bulk_ids = [i for i in raw if i < _OFFSET]
        assert bulk_ids
        for id_ in bulk_ids:
            assert _without(raw[id_], own) == _without(raw[id_ + _OFFSET], own), id_
            read, copied = _without(orm[id_], own), _without(orm[id_ + _OFFSET], own)
            assert read == copied
            assert {k: type(v) for k, v in read.items()} == {k: type(v) for k, v in copied.items()}
    # NULLs are NULL, not the empty text or zero the writer sends for them on SQLite
    events = _orm(db, ShareEvent)
    assert any(e["counterpart_member_id"] is None for e in events.values())
    assert any(e["approval_ref"] is None for e in events.values())
    members = _orm(db, Member)
    assert all(m["birth_date"] is None and m["address"] is None for m in members.values())
    assert any(m["organisation_name"] is None for m in members.values())


def test_a_real_value_equal_to_the_null_stand_in_is_refused_not_stored_as_null(
    db: Database,
) -> None:
    """On SQLite NULLs travel as "" or 0 (see db/bulk.py): a real "" or 0 in a nullable
    column would come back as NULL, so it is refused with nothing written."""
    from clinicdesk.db.bulk import insert_rows

    if not db.is_sqlite:
        pytest.skip("PostgreSQL binds NULL as it is: there is no stand-in to refuse")
    table = cast(Table, Member.__table__)
    nullable = next(c.name for c in table.columns if c.nullable and c.type.python_type is str)
    with db.uow() as uow, pytest.raises(ValueError, match="NULL stand-in"):
        insert_rows(uow.session.connection(), table, [nullable], [("",)])
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM member").scalar_one() == 0


def test_rows_inserted_with_returning_come_back_with_their_ids(
    db: Database, admin: Principal
) -> None:
    """insert_rows_returning (PostgreSQL: the import's visits) writes what the Core
    insert would and names each row written; on SQLite it is refused (the import uses
    SQLAlchemy's insert there)."""
    from datetime import datetime

    from clinicdesk.db.bulk import insert_rows_returning
    from clinicdesk.db.models_clinical import Encounter, Patient

    with db.uow() as uow:
        patient = Patient(
            mrn="R-1", family_name="Roe", given_names="Ann", name_key="roe ann", sex="female",
            status="active", open_gaps=0,
        )  # fmt: skip
        uow.session.add(patient)
        uow.session.flush()
        table = cast(Table, Encounter.__table__)
        columns = ("patient_id", "external_id", "start_at", "end_at", "display")
        rows = [
            (patient.id, "fhir:Encounter/a", datetime(2020, 1, 2, 3, 4, 5), None, "Check-up"),
            (patient.id, "fhir:Encounter/b", datetime(2021, 6, 7, 8, 9), None, None),
        ]
        connection = uow.session.connection()
        if db.is_sqlite:
            with pytest.raises(ValueError, match="PostgreSQL"):
                insert_rows_returning(connection, table, columns, rows, ("id", "external_id"))
            return
        written = insert_rows_returning(connection, table, columns, rows, ("id", "external_id"))
        uow.commit()
    ids = {external_id: row_id for row_id, external_id in written}
    assert set(ids) == {"fhir:Encounter/a", "fhir:Encounter/b"}
    stored = _orm(db, Encounter)
    assert stored[ids["fhir:Encounter/a"]]["start_at"] == datetime(2020, 1, 2, 3, 4, 5)
    assert stored[ids["fhir:Encounter/a"]]["display"] == "Check-up"
    assert stored[ids["fhir:Encounter/b"]]["display"] is None


@pytest.mark.parametrize(("size", "at_a_time"), [(3, 2000), (7, 2000), (10, 2000), (50, 2000),
                                               (2, 4), (3, 4), (3, 5)])  # fmt: skip
def test_rows_written_several_to_a_statement_are_stored_as_one_to_a_statement(
    db: Database,
    admin: Principal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
    at_a_time: int,
) -> None:
    """`rows_per_statement` (SQLite: many VALUES rows to an INSERT, sent `at_a_time`
    rows at a time; ignored on PostgreSQL) stores every row, NULLs and constants as one
    row to a statement would, whether the rows fill the statements or leave a shorter
    last one."""
    from datetime import date, datetime
    from decimal import Decimal

    from clinicdesk.db import bulk
    from clinicdesk.db.bulk import insert_columns

    monkeypatch.setattr(bulk, "_SQLITE_ROWS_AT_A_TIME", at_a_time)

    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    member_id = min(_orm(db, Member))
    table = cast(Table, ShareEvent.__table__)
    count = 10
    columns = {
        "member_id": [member_id] * count,
        "type": ["pay"] * count,
        "effective_on": [date(2020, 1, 1 + n) for n in range(count)],
        "share_class_id": [None if n % 3 else 1 for n in range(count)],
        "quantity": list(range(count)),
        "amount": [Decimal(f"{n}.25") for n in range(count)],
        "approval_ref": [None if n % 2 else f"ref {n}" for n in range(count)],
    }
    constants = {"created_by": "bulk", "created_at": datetime(2021, 2, 3, 4, 5, 6)}
    with db.uow() as uow:
        top = uow.session.execute(select(ShareEvent.id).order_by(ShareEvent.id.desc())).scalar()
        conn = uow.session.connection()
        first = [top + 1 + n for n in range(count)]
        insert_columns(conn, table, {"id": first, **columns}, constants)
        again = [top + 101 + n for n in range(count)]
        insert_columns(conn, table, {"id": again, **columns}, constants, rows_per_statement=size)
        uow.commit()
    raw, orm = _raw(db, table), _orm(db, ShareEvent)
    for one, many in zip(first, again, strict=True):
        assert _without(raw[one], ("id",)) == _without(raw[many], ("id",))
        assert _without(orm[one], ("id",)) == _without(orm[many], ("id",))
    assert sum(orm[i]["approval_ref"] is None for i in again) == count // 2
    assert sum(orm[i]["share_class_id"] is None for i in again) == 6


def test_rows_several_to_a_statement_stay_within_the_sqlite_variable_limit(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the connection's limit on parameters as low as `_SQLITE_MAX_VARIABLES`, a
    statement of many rows (constants bound once, first) never asks for more, and every
    row is stored with its constants."""
    import sqlite3
    from datetime import date, datetime
    from decimal import Decimal

    from clinicdesk.db import bulk
    from clinicdesk.db.bulk import insert_columns

    if not db.is_sqlite:
        pytest.skip("a limit of SQLite's")
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    member_id = min(_orm(db, Member))
    limit = 31  # two rows of ten values and the two constants; three rows would be 32
    monkeypatch.setattr(bulk, "_SQLITE_MAX_VARIABLES", limit)
    count = 7
    with db.uow() as uow:
        top = uow.session.execute(select(ShareEvent.id).order_by(ShareEvent.id.desc())).scalar()
        conn = uow.session.connection()
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
        try:
            insert_columns(
                conn,
                cast(Table, ShareEvent.__table__),
                {
                    "id": [top + 1 + n for n in range(count)],
                    "member_id": [member_id] * count,
                    "type": ["pay"] * count,
                    "effective_on": [date(2020, 1, 1 + n) for n in range(count)],
                    "share_class_id": [None] * count,
                    "quantity": [0] * count,
                    "amount": [Decimal("1.25")] * count,
                    "counterpart_member_id": [None] * count,
                    "approval_ref": [None if n % 2 else f"ref {n}" for n in range(count)],
                    "linked_id": [None] * count,
                },
                {"created_by": "bulk", "created_at": datetime(2021, 2, 3, 4, 5, 6)},
                rows_per_statement=50,
            )
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
        uow.commit()
    written = [row for id_, row in _orm(db, ShareEvent).items() if id_ > top]
    assert len(written) == count
    assert {(r["created_by"], r["created_at"]) for r in written} == {
        ("bulk", datetime(2021, 2, 3, 4, 5, 6))
    }
    assert [r["approval_ref"] for r in written] == [
        None if n % 2 else f"ref {n}" for n in range(count)
    ]


def test_dates_are_stored_as_sqlalchemys_insert_stores_them(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """A Date column's values (SQLite: written as their ISO text by one loop over the
    distinct dates) are stored as SQLAlchemy's insert stores them: a year before 1000,
    repeated dates, and on SQLite a column that also holds a datetime (which goes value
    by value through the column's own processor)."""
    from datetime import date, datetime

    from clinicdesk.db.bulk import insert_columns

    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    member_id = min(_orm(db, Member))
    table = cast(Table, ShareEvent.__table__)
    top = max(_orm(db, ShareEvent))
    days: list[list[Any]] = [
        [date(1, 2, 3), date(999, 12, 31), date(2026, 12, 31), date(2026, 12, 31)],
        [date(2020, 1, 2), datetime(2020, 5, 6, 7, 8, 9), date(2020, 1, 2), date(9999, 1, 1)],
    ]
    if not db.is_sqlite:  # PostgreSQL's writer sends a column as one array of one type
        days[1][1] = date(2020, 5, 6)
    with db.uow() as uow:
        conn = uow.session.connection()
        for k, column in enumerate(days):
            ids = [top + 10 * k + n + 1 for n in range(len(column))]
            common = {"member_id": member_id, "type": "pay", "quantity": 0, "amount": 1}
            insert_columns(
                conn,
                table,
                {"id": ids, "effective_on": column},
                {**common, "created_by": "bulk", "created_at": datetime(2021, 2, 3)},
            )
            uow.session.execute(
                insert(table),
                [
                    {**common, "id": id_ + 100, "effective_on": day, "created_by": "bulk",
                     "created_at": datetime(2021, 2, 3)}
                    for id_, day in zip(ids, column, strict=True)
                ],
            )  # fmt: skip
        uow.commit()
    raw, orm = _raw(db, table), _orm(db, ShareEvent)
    bulk_ids = [id_ for id_ in raw if top < id_ < top + 100]
    assert len(bulk_ids) == sum(map(len, days))
    for id_ in bulk_ids:
        assert _without(raw[id_], ("id",)) == _without(raw[id_ + 100], ("id",)), id_
        assert _without(orm[id_], ("id",)) == _without(orm[id_ + 100], ("id",)), id_
    assert orm[top + 1]["effective_on"] == date(1, 2, 3)


def _event_rows(patient_id: int, *external_ids: str) -> list[tuple[Any, ...]]:
    from datetime import date

    from clinicdesk.services.patient_import import statements

    rows = [
        (patient_id, None, external_id, "observation", "http://loinc.org", "8480-6", "Systolic",
         date(2020, 1, 2), None, None, None, None, "final")
        for external_id in external_ids
    ]  # fmt: skip
    assert all(len(row) == len(statements.EVENT_COLUMNS) for row in rows)
    return rows


def test_an_insert_sent_without_waiting_runs_on_the_server_while_the_caller_works(
    db: Database, admin: Principal
) -> None:
    """insert_rows_returning with `while_waiting` (the import's events on PostgreSQL, the
    next files read meanwhile) sends the statement and runs `while_waiting` before it waits
    for the result. Here the insert must wait for another transaction holding one of its
    external ids, and `while_waiting` itself ends that transaction: run one after the
    other, the insert would wait until its lock timeout. The insert then sees the id
    free and writes both rows."""
    from sqlalchemy import text

    from clinicdesk.db.bulk import insert_rows_returning
    from clinicdesk.db.models_clinical import ClinicalEvent, Patient
    from clinicdesk.services.patient_import import statements

    if db.is_sqlite:
        pytest.skip("SQLite runs a statement in the caller's own thread: nothing to overlap")
    with db.uow() as uow:
        patient = Patient(
            mrn="W-1", family_name="Roe", given_names="Ann", name_key="roe ann", sex="female",
            status="active", open_gaps=0,
        )  # fmt: skip
        uow.session.add(patient)
        uow.commit()
        patient_id = patient.id
    table = cast(Table, ClinicalEvent.__table__)
    with db.engine.connect() as other:
        held = _event_rows(patient_id, "fhir:Obs/held")
        other.execute(
            insert(table), [dict(zip(statements.EVENT_COLUMNS, r, strict=True)) for r in held]
        )
        waited: list[str] = []

        def meanwhile() -> None:
            waited.append("called")
            other.rollback()  # the id the insert waits for is free again

        with db.uow() as uow:
            connection = uow.session.connection()
            connection.execute(text("SET LOCAL lock_timeout = '5s'"))
            written = insert_rows_returning(
                connection,
                table,
                statements.EVENT_COLUMNS,
                _event_rows(patient_id, "fhir:Obs/new", "fhir:Obs/held"),
                ("external_id",),
                skip_conflicts_on="external_id",
                while_waiting=meanwhile,
            )
            uow.commit()
    assert waited == ["called"]
    assert sorted(external_id for (external_id,) in written) == ["fhir:Obs/held", "fhir:Obs/new"]
    assert sorted(row["external_id"] for row in _orm(db, ClinicalEvent).values()) == [
        "fhir:Obs/held",
        "fhir:Obs/new",
    ]


def test_an_insert_sent_without_waiting_is_refused_as_sqlalchemy_refuses_one(
    db: Database, admin: Principal
) -> None:
    """A statement the server refuses while `while_waiting` runs is raised as
    SQLAlchemy's own error (the import reports it as the file's, as before), after
    `while_waiting` has run; the transaction goes on from its savepoint and keeps what was
    written before it."""
    from sqlalchemy.exc import IntegrityError

    from clinicdesk.db.bulk import insert_rows_returning
    from clinicdesk.db.models_clinical import ClinicalEvent, Patient
    from clinicdesk.services.patient_import import statements

    if db.is_sqlite:
        pytest.skip("SQLite runs a statement in the caller's own thread: nothing to overlap")
    table = cast(Table, ClinicalEvent.__table__)
    waited: list[str] = []
    with db.uow() as uow:
        patient = Patient(
            mrn="W-2", family_name="Roe", given_names="Ann", name_key="roe ann", sex="female",
            status="active", open_gaps=0,
        )  # fmt: skip
        uow.session.add(patient)
        uow.session.flush()
        connection = uow.session.connection()
        kept = _event_rows(patient.id, "fhir:Obs/kept")
        insert_rows_returning(connection, table, statements.EVENT_COLUMNS, kept, ("id",))
        savepoint = uow.session.begin_nested()
        with pytest.raises(IntegrityError, match="foreign key"):
            insert_rows_returning(
                uow.session.connection(),  # (the savepoint is begun here)
                table,
                statements.EVENT_COLUMNS,
                _event_rows(patient.id + 1000, "fhir:Obs/orphan"),
                ("id",),
                while_waiting=lambda: waited.append("called"),
            )
        savepoint.rollback()
        insert_rows_returning(
            uow.session.connection(),
            table,
            statements.EVENT_COLUMNS,
            _event_rows(patient.id, "fhir:Obs/after"),
            ("id",),
            while_waiting=lambda: waited.append("again"),
        )
        uow.commit()
    assert waited == ["called", "again"]
    assert sorted(row["external_id"] for row in _orm(db, ClinicalEvent).values()) == [
        "fhir:Obs/after",
        "fhir:Obs/kept",
    ]
