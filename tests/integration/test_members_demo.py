"""The demo clinic's register: hundreds of members, years of history, one dividend, and
every generated ledger passes the rules a manager's entries pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clinicdesk.app import open_database
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import Entry, MemberDates, Status
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import audit, demo
from clinicdesk.services import members as svc
from clinicdesk.services.members import EnrolRequest, common


def test_demo_register_is_realistic_and_valid(db_url: str) -> None:
    db = open_database(db_url)
    actor = system_principal("test")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=1)
        with db.uow() as uow:
            register = svc.register_as_of(uow, actor, date(2026, 10, 31), include_former=True)
            dividends = svc.list_dividends(uow, actor)
            assert audit.verify_chain(uow).ok
        with db.uow(read_only=True) as uow:
            from sqlalchemy import select

            from clinicdesk.db.models_members import Member

            members = [
                (m.id, m.applied_on, m.approved_on, m.end_on, m.member_class)
                for m in uow.session.execute(select(Member)).scalars()
            ]
            ledgers = common._entries_for(uow, [m[0] for m in members])
            classes = common._rules(common._share_classes(uow))
        # a new enrolment after the demo gets the next number (sequences moved on)
        with db.uow() as uow:
            row = svc.enrol(
                uow,
                actor,
                EnrolRequest(
                    "Zed",
                    "Al",
                    "patient",
                    date(2026, 11, 1),
                    consent_bylaws=True,
                    consent_data=True,
                ),
            )
    finally:
        db.dispose()
    assert row.register_no == 301
    assert len(register.lines) == 300
    statuses = {line.status for line in register.lines}
    assert {Status.ACTIVE, Status.FORMER, Status.APPLICANT} <= statuses
    years = {e.effective_on.year for entries in ledgers.values() for e in entries}
    assert len(years) >= 5
    assert len(dividends) == 1 and dividends[0].total == Decimal("18500.00")
    for member_id, applied_on, approved_on, end_on, member_class in members:
        replayed: list[Entry] = []
        dates = MemberDates(applied_on, approved_on)  # the end date is set after the history
        for entry in sorted(ledgers.get(member_id, []), key=lambda e: (e.effective_on, e.id)):
            leaving = end_on is not None and entry.effective_on == end_on
            rules.check_new_entry(
                entry,
                replayed,
                dates=dates,
                member_class=member_class,
                classes=classes,
                leaving=leaving,
            )
            replayed.append(entry)
