"""Insert many rows through the driver's executemany, without SQLAlchemy's per-row work.

An import of tens of thousands of rows spends most of an ORM or Core bulk insert in
per-row parameter processing. Here each column's value goes through that column type's
own bind processor (what SQLAlchemy would send: a date as ISO text on SQLite, a Decimal
as a float there, both as they are for psycopg), memoised per distinct value — a
register has few distinct dates and amounts — and the rows go to the driver's
executemany in one statement compiled once (on PostgreSQL, one INSERT of unnested
arrays, one per column).

On SQLite a NULL is sent as an empty string (or 0 for an integer column) that the
statement turns back into NULL with NULLIF: the sqlite3 module looks for an adapter for
every None it binds, which costs as much as the insert itself. So the NULL stand-in
must never be a real value of that column: callers pass None for "no value", and a
real "" (text) or 0 (integer) in a nullable column is refused with ValueError rather
than stored as NULL (ids start at 1; `_clean` text is never empty).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Integer, Table, exc

from clinicdesk.db.unit_of_work import note_written
from clinicdesk.i18n import _

# The fewest parameters a statement may have on the SQLite ClinicDesk may be linked
# against (SQLITE_MAX_VARIABLE_NUMBER: 999 before 3.32, 32766 since)
_SQLITE_MAX_VARIABLES = 999
# Rows sent at a time when several go to a statement (db/bulk.insert_columns)
_SQLITE_ROWS_AT_A_TIME = 2000


def _converter(
    process: Callable[[Any], Any] | None, null: Any, name: str
) -> Callable[[Any], Any] | None:
    """What one column's values become: `process` memoised per distinct value (dates,
    amounts: few), NULL as `null`. None when nothing changes or only NULLs do. A real
    value equal to the NULL stand-in is refused: it would be stored as NULL."""
    if process is None and null is None:
        return None

    def convert(value: Any) -> Any:
        if value is None:
            return null
        if null is not None and type(value) is type(null) and value == null:
            raise ValueError(
                _("{name}: {value!r} is the NULL stand-in; pass None or a value").format(
                    name=name, value=value
                )
            )
        return value if process is None else process(value)

    return lru_cache(maxsize=None, typed=True)(convert)


def _interleaved(columns: Sequence[Sequence[Any]], first: int, last: int) -> list[Any]:
    """Rows `first` to `last` (not included) of `columns`, their values one after the
    other in one list."""
    width = len(columns)
    flat: list[Any] = [None] * ((last - first) * width)
    for index, values in enumerate(columns):
        flat[index::width] = values[first:last]
    return flat


def _numbered_rows(places: Sequence[str], width: int, rows: int) -> str:
    """`rows` rows of VALUES for the columns whose `places` are given (each "?" or a
    NULLIF of it): the first `width` columns numbered row after row, after the rest
    (the constants), which are numbered 1 onwards and named by every row."""
    constants = [place.replace("?", f"?{n}") for n, place in enumerate(places[width:], 1)]
    first = len(constants) + 1
    return ", ".join(
        "("
        + ", ".join(
            [
                *(
                    place.replace("?", f"?{first + at * width + column}")
                    for column, place in enumerate(places[:width])
                ),
                *constants,
            ]
        )
        + ")"
        for at in range(rows)
    )


def _sent_then_fetched(
    conn: Connection,
    sql: str,
    params: tuple[Any, ...],
    returning: bool,
    while_waiting: Callable[[], object],
) -> list[Any] | None:
    """psycopg: send the statement in pipeline mode (the driver does not wait for its
    result), run `while_waiting` while the server runs it, then fetch the result. None
    when the driver's libpq has no pipeline mode (the caller runs the statement as usual,
    without `while_waiting`). The statement goes to the driver's connection directly, so
    SQLAlchemy's events do not see it; a driver error is raised as SQLAlchemy raises one
    (a DBAPIError), the connection invalidated as SQLAlchemy would on a disconnect."""
    import psycopg

    if not psycopg.Pipeline.is_supported():
        return None
    driver = cast(psycopg.Connection[Any], conn.connection.driver_connection)
    try:
        with driver.pipeline(), driver.cursor() as cursor:
            cursor.execute(sql, params)
            try:
                while_waiting()
            finally:
                # the result, or the server's error, even when `while_waiting` failed
                rows = list(cursor.fetchall()) if returning else []
    except psycopg.Error as error:
        if conn.dialect.is_disconnect(cast(Any, error), cast(Any, driver), None):
            conn.invalidate(error)
        raise exc.DBAPIError.instance(
            sql, params, error, psycopg.Error, dialect=conn.dialect
        ) from error
    return rows


_DATE_OR_NONE = frozenset({date, type(None)})


def _writes_iso_dates(process: Callable[[Any], Any]) -> bool:
    """Whether a column's bind processor makes of a date (not a datetime) what
    date.isoformat does (SQLite's Date in its default storage format)."""
    try:
        return all(process(day) == day.isoformat() for day in (date(1, 2, 3), date(2026, 12, 31)))
    except Exception:  # a processor for something else
        return False


class _Memo(dict[Any, Any]):
    """`convert` of each value, worked out on its first look-up."""

    __slots__ = ("_convert",)

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self._convert(value)
        return converted


def insert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: dict[str, Any] | None = None,
) -> None:
    """INSERT `rows` (tuples of `columns`' values, as the ORM would take them) into
    `table` with one executemany (on PostgreSQL one INSERT of arrays); `constants` are
    columns with the same value in every row (sent once, converted like the rest). Columns
    left out are NULL."""
    if rows:
        insert_columns(conn, table, dict(zip(columns, zip(*rows, strict=True), strict=True)),
                       constants)  # fmt: skip


def insert_rows_returning(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    returning: Sequence[str],
    *,
    skip_conflicts_on: str | None = None,
    while_waiting: Callable[[], object] | None = None,
) -> list[Any]:
    """PostgreSQL only: `insert_rows`, and the `returning` columns of the rows written
    (in no particular order). One statement of arrays, where SQLAlchemy's executemany
    with RETURNING sends VALUES lists a thousand rows long that the driver must parse
    placeholder by placeholder. With `skip_conflicts_on` (a column with a unique
    constraint), a row whose value there is already taken is not written (ON CONFLICT
    DO NOTHING) and not returned. `while_waiting`: as for `insert_columns`."""
    if conn.dialect.name != "postgresql":
        raise ValueError("insert_rows_returning is for PostgreSQL")
    if not rows:
        return []
    by_column = dict(zip(columns, zip(*rows, strict=True), strict=True))
    return insert_columns(
        conn,
        table,
        by_column,
        returning=returning,
        skip_conflicts_on=skip_conflicts_on,
        while_waiting=while_waiting,
    )


def insert_columns(
    conn: Connection,
    table: Table,
    columns: Mapping[str, Sequence[Any]],
    constants: dict[str, Any] | None = None,
    *,
    returning: Sequence[str] = (),
    skip_conflicts_on: str | None = None,
    rows_per_statement: int = 1,
    while_waiting: Callable[[], object] | None = None,
) -> list[Any]:
    """`insert_rows` for values held by column (each sequence one column's values, all
    of the same length): an importer that checks a file column by column need not
    build a tuple per row. `returning` (PostgreSQL only): the columns of the written
    rows to return.

    `rows_per_statement` (SQLite): that many rows to each INSERT, as one list of VALUES,
    which spares the driver a round of reset, bind and step per row (a fifth of a
    ledger's insert). SQLite then checks every foreign key that points at the table for
    each row it writes (a statement of many rows may have made or mended a dangling
    reference), so this is only for a table whose referencing columns are all indexed.

    `while_waiting` (PostgreSQL through psycopg): work that needs no database, done while
    the server runs the statement (sent in pipeline mode, its result fetched after); on
    other back-ends it is not called (the caller does that work in its own time)."""
    if not columns:
        return []
    count = len(next(iter(columns.values())))
    if not count:
        return []
    if any(len(values) != count for values in columns.values()):
        raise ValueError("the columns have different lengths")
    dialect = conn.dialect
    sqlite = dialect.name == "sqlite"
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    fixed = dict(constants or {})
    names: list[str] = []
    places: list[str] = []
    converters: list[Callable[[Any], Any] | None] = []
    stand_ins: list[Any] = []  # per column, its NULL stand-in where nothing else changes
    nulls: list[Any] = []  # per column, what None is sent as
    iso_dates: list[bool] = []  # per column, whether a date is sent as date.isoformat() makes it
    for name in [*columns, *fixed]:
        column = table.c[name]
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        null = None
        place = mark
        if sqlite and column.nullable:
            null = 0 if isinstance(column.type, Integer) else ""
            place = f"NULLIF({mark}, {null!r})"
        names.append(quote(column.name))
        places.append(place)
        converters.append(_converter(process, null, f"{table.name}.{column.name}"))
        stand_ins.append(null if process is None else None)
        nulls.append(null)
        iso_dates.append(sqlite and process is not None and _writes_iso_dates(process))
    # a constant is converted once, then repeated
    by_column: list[Sequence[Any]] = [
        *columns.values(),
        *((value if convert is None else convert(value),) * count
          for value, convert in zip(fixed.values(), converters[len(columns):], strict=True)),
    ]  # fmt: skip
    for index, convert in enumerate(converters[: len(columns)]):
        if convert is None:
            continue
        values, null = by_column[index], stand_ins[index]
        if iso_dates[index] and set(map(type, values)) <= _DATE_OR_NONE:
            # dates (a member's are nearly all different): their text by one C loop
            distinct = set(values)
            distinct.discard(None)
            texts: dict[Any, Any] = dict(zip(distinct, map(date.isoformat, distinct), strict=True))
            texts[None] = nulls[index]
            by_column[index] = list(map(texts.__getitem__, values))
        elif null is not None and null not in values:
            # only NULLs change, and no value equals the stand-in (one that does goes
            # through `convert`, which refuses it): a dict look-up per value, in C
            by_column[index] = list(map({None: null}.get, values, values))
        elif len(set(map(type, values))) == 1:
            # values of one type: memoised in a plain dict by value, looked up in C (the
            # memo of `convert` keys each call by value and type, a tuple made per call)
            by_column[index] = list(map(_Memo(convert).__getitem__, values))
        else:
            by_column[index] = list(map(convert, values))
    if dialect.name == "postgresql":
        # One statement whose parameters are one array per column: the server unnests
        # them into rows. psycopg's executemany sends, and the server runs, one INSERT
        # per row; this is one round trip and one statement whatever the row count (an
        # INSERT, so row-level security applies to it as to any other, unlike COPY).
        # psycopg's binary arrays (%b): no per-element quoting of text on the way
        binary = "%b" if dialect.driver == "psycopg" else "%s"
        arrays = ", ".join(
            f"{binary}::{table.c[name].type.compile(dialect=dialect)}[]"
            for name in [*columns, *fixed]
        )
        sql = f"INSERT INTO {quote(table.name)} ({', '.join(names)}) SELECT * FROM unnest({arrays})"
        if skip_conflicts_on is not None:
            sql += f" ON CONFLICT ({quote(table.c[skip_conflicts_on].name)}) DO NOTHING"
        if returning:
            sql += f" RETURNING {', '.join(quote(table.c[name].name) for name in returning)}"
        params = tuple(list(values) for values in by_column)
        sent = None
        if while_waiting is not None and dialect.driver == "psycopg":
            sent = _sent_then_fetched(conn, sql, params, bool(returning), while_waiting)
        if sent is not None:
            rows = sent
        else:
            result = conn.exec_driver_sql(sql, params)
            rows = list(result.fetchall()) if returning else []  # one fetch, not one per row
    else:
        if returning or skip_conflicts_on is not None:
            raise ValueError("RETURNING or skipping conflicts in a bulk insert: PostgreSQL only")
        head = f"INSERT INTO {quote(table.name)} ({', '.join(names)}) VALUES "
        width = len(columns)  # the values that change from row to row
        size = max(1, min(rows_per_statement, count,
                          (_SQLITE_MAX_VARIABLES - len(fixed)) // width))  # fmt: skip
        whole = count - count % size
        if size == 1:
            row = f"({', '.join(places)})"
            conn.exec_driver_sql(head + row, list(zip(*by_column, strict=True)))
        else:
            # every value of `size` rows, row after row, in one tuple per statement, made
            # a few thousand rows at a time (the memory stays small): the columns laid
            # into one flat list by strided slices, with no tuple per row. The constants
            # are bound once a statement, as its first parameters, which every row names
            # (a tenth off a ledger's insert).
            shared = tuple(values[0] for values in by_column[width:])
            varying = by_column[:width]
            step = size * width
            at_a_time = size * max(1, _SQLITE_ROWS_AT_A_TIME // size)  # whole statements
            for first in range(0, whole, at_a_time):
                flat = _interleaved(varying, first, min(first + at_a_time, whole))
                conn.exec_driver_sql(
                    head + _numbered_rows(places, width, size),
                    [shared + tuple(flat[i : i + step]) for i in range(0, len(flat), step)],
                )
            if whole < count:
                conn.exec_driver_sql(
                    head + _numbered_rows(places, width, count - whole),
                    shared + tuple(_interleaved(varying, whole, count)),
                )
        rows = []
    note_written(conn, table.name)
    return rows
