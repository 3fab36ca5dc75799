"""Optimistic locking: a stale save is a conflict, never a silent overwrite."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clinicdesk.db.models import Clinic, User
from clinicdesk.db.unit_of_work import Database, UnitOfWork
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError

VERSIONED = [
    pytest.param(User, {"username": "root"}, "display_name", id="user"),
    pytest.param(Clinic, {}, "name", id="clinic"),
]


def _load(uow: UnitOfWork, model: type[Any], where: dict[str, str]) -> Any:
    return uow.session.execute(select(model).filter_by(**where)).scalar_one()


@pytest.mark.parametrize(("model", "where", "field"), VERSIONED)
def test_second_of_two_concurrent_edits_is_a_conflict(
    db: Database, admin: Principal, model: type[Any], where: dict[str, str], field: str
) -> None:
    if db.is_sqlite:
        pytest.skip(
            "SQLite writers never overlap: a writing unit of work starts with BEGIN "
            "IMMEDIATE, so the second waits for the first; a dialog's stale save is caught by "
            "expected_version (tests/integration/test_users.py)"
        )
    first, second = db.uow(), db.uow()
    with first:
        mine = _load(first, model, where)
        with pytest.raises(ConflictError, match="Someone else changed this record"), second:
            theirs = _load(second, model, where)
            assert mine.version == theirs.version == 1
            setattr(mine, field, "Edited in window one")
            setattr(theirs, field, "Edited in window two")
            first.commit()
            second.commit()
    with db.uow() as uow:
        row = _load(uow, model, where)
        assert (getattr(row, field), row.version) == ("Edited in window one", 2)


@pytest.mark.parametrize(("model", "where", "field"), VERSIONED)
def test_sequential_edits_each_bump_the_version(
    db: Database, admin: Principal, model: type[Any], where: dict[str, str], field: str
) -> None:
    for number in (1, 2, 3):
        with db.uow() as uow:
            row = _load(uow, model, where)
            setattr(row, field, f"Edit {number}")
            uow.commit()
    with db.uow() as uow:
        row = _load(uow, model, where)
        assert (getattr(row, field), row.version) == ("Edit 3", 4)
