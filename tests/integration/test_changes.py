"""A committed unit of work names the tables it wrote, however it wrote them; what was
rolled back names nothing. Open screens update themselves from this (ui/changes.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, text, update

from clinicdesk.db.models import Setting
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import revenue

TODAY = date(2026, 4, 10)


@pytest.fixture
def heard(db: Database) -> list[frozenset[str]]:
    calls: list[frozenset[str]] = []
    db.add_change_listener(calls.append)
    return calls


def test_a_service_call_announces_the_tables_it_wrote(
    db: Database, admin: Principal, heard: list[frozenset[str]]
) -> None:
    with db.uow() as uow:
        revenue.set_lines(
            uow, admin, "2026-03", revenue.parse_lines(["fee_for_service=1200.00"]), today=TODAY
        )
    assert heard == [frozenset({"revenue_period", "revenue_line", "audit_event", "audit_head"})]


def test_core_and_text_writes_are_announced_too(
    db: Database, admin: Principal, heard: list[frozenset[str]]
) -> None:
    with db.uow() as uow:
        uow.session.connection().execute(
            insert(Setting.__table__).values(key="t.core", value='"1"')
        )
        uow.session.execute(text("UPDATE clinic SET name = 'Renamed' WHERE id = id"))
        uow.commit()
    assert heard == [frozenset({"setting", "clinic"})]


def test_a_rolled_back_or_read_only_unit_announces_nothing(
    db: Database, admin: Principal, heard: list[frozenset[str]]
) -> None:
    with db.uow() as uow:
        uow.session.execute(update(Setting.__table__).values(value='"x"'))
        # no commit: rolled back
    with db.uow(read_only=True) as uow:
        uow.session.execute(text("SELECT count(*) FROM clinic")).scalar_one()
        uow.commit()
    with db.engine.begin() as conn:  # written outside any unit of work
        conn.execute(text("UPDATE clinic SET name = 'Other' WHERE id = id"))
    with db.uow() as uow:  # the next unit on a pooled connection starts clean
        uow.session.execute(text("SELECT 1")).scalar_one()
        uow.commit()
    assert heard == []


def test_a_listener_that_fails_does_not_undo_the_commit(
    db: Database, admin: Principal, expected_warnings: list[str]
) -> None:
    def broken(_tables: frozenset[str]) -> None:
        raise RuntimeError("screen gone")

    expected_warnings.append("A change listener failed")
    db.add_change_listener(broken)
    with db.uow() as uow:
        uow.session.execute(text("UPDATE clinic SET name = 'Kept' WHERE id = id"))
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert uow.session.execute(text("SELECT name FROM clinic")).scalar_one() == "Kept"
    db.remove_change_listener(broken)
