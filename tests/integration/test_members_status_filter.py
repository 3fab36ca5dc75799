"""The member list filtered by status agrees, member for member and as of any day, with
the status the rules derive from each ledger (the filter is the same rule in SQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from clinicdesk.app import open_database
from clinicdesk.domain.members import Status
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import demo
from clinicdesk.services import members as svc

DAYS = (date(2019, 6, 30), date(2026, 6, 15), date(2026, 10, 31))


def test_the_status_filter_matches_the_rules_on_every_day(db_url: str) -> None:
    db = open_database(db_url)
    actor = system_principal("test")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=3, patients=40)
        with db.uow(read_only=True) as uow:
            active = svc.list_members(
                uow, actor, status=Status.ACTIVE, as_of=date(2026, 1, 1), limit=3
            )
        suspended, reinstated, undone = (m.id for m in active)
        with db.uow() as uow:
            svc.set_suspended(uow, actor, suspended, True, date(2026, 3, 1))
        with db.uow() as uow:
            svc.set_suspended(uow, actor, reinstated, True, date(2026, 3, 1))
        with db.uow() as uow:
            svc.set_suspended(uow, actor, reinstated, False, date(2026, 9, 1))
        with db.uow() as uow:
            row = svc.set_suspended(uow, actor, undone, True, date(2026, 3, 1))
        with db.uow() as uow:
            flag = max(e.id for e in svc.member_detail(uow, actor, undone).ledger)
        with db.uow() as uow:
            svc.reverse(uow, actor, flag, date(2026, 8, 1), "entered in error")
        assert row.id == undone

        for day in DAYS:
            with db.uow(read_only=True) as uow:
                everyone = svc.list_members(uow, actor, as_of=day, limit=10_000)
                by_status = {
                    status: svc.list_members(uow, actor, status=status, as_of=day, limit=10_000)
                    for status in Status
                }
                counts = {
                    status: svc.count_members(uow, actor, status=status, as_of=day)
                    for status in Status
                }
            for status in Status:
                expected = sorted(m.id for m in everyone if m.status is status)
                assert sorted(m.id for m in by_status[status]) == expected, (day, status)
                assert counts[status] == len(expected)
                assert all(m.status is status for m in by_status[status])
        # The hand-made cases, in the middle of the year:
        with db.uow(read_only=True) as uow:
            mid = svc.list_members(uow, actor, status=Status.SUSPENDED, as_of=date(2026, 6, 15))
            late = svc.list_members(uow, actor, status=Status.SUSPENDED, as_of=date(2026, 10, 31))
        assert {suspended, reinstated, undone} <= {m.id for m in mid}
        assert {m.id for m in late} & {suspended, reinstated, undone} == {suspended}
    finally:
        db.dispose()


def test_a_reversal_is_found_by_the_entry_it_reverses_not_by_date(tmp_path: Path) -> None:
    """Whether a suspension was reversed by a day is one index lookup (migration 0015's
    partial index), not a scan of every ledger entry up to that day."""
    from sqlalchemy import select

    from clinicdesk.db.models_members import Member
    from clinicdesk.services.members.register import _with_status

    db = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    try:
        query = _with_status(select(Member.id), Status.SUSPENDED, date(2026, 1, 1))
        with db.uow(read_only=True) as uow:
            connection = uow.session.connection()
            sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
            plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        db.dispose()
    assert any("USING INDEX ix_share_event_reverses_id (reverses_id=?)" in step for step in plan)
    assert not any(step.startswith("SCAN share_event") for step in plan), plan
