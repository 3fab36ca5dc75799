"""A list of row ids as one query parameter: on PostgreSQL an integer array (`= ANY`), on
SQLite a JSON array read by `json_each`. Either is one bound value however long the list,
where an IN list is one placeholder per id, rendered and bound each time."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement


def among(column: Any, ids: Collection[int], dialect: str) -> ColumnElement[bool]:
    """`column` is one of `ids`, for a SQLAlchemy query."""
    values = sorted(ids)
    if dialect == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(Integer)))
    listed = func.json_each(bindparam(None, json.dumps(values))).table_valued("value")
    return column.in_(select(listed.c.value))


def among_sql(column: str, mark: str, dialect: str) -> str:
    """SQL text: `column` is one of the ids in the parameter at `mark` (its value:
    `parameter(ids, dialect)`)."""
    if dialect == "postgresql":
        return f"{column} = ANY({mark})"
    return f"{column} IN (SELECT value FROM json_each({mark}))"


def parameter(ids: Collection[int], dialect: str) -> Any:
    """The value for `among_sql`'s parameter: a list the driver sends as an array
    (psycopg), or JSON text (SQLite)."""
    values = sorted(ids)
    return values if dialect == "postgresql" else json.dumps(values)
