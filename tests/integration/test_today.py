"""The start screen's summary (services/today) on SQLite and PostgreSQL: each section
only for the roles that may see it, with the figures the areas would show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import attribution, members, revenue, settings, today
from clinicdesk.services.members import EnrolRequest
from tests.helpers.clinic import add_staff, forget_gaps, gap, register, set_cached

DAY = date(2026, 6, 10)


def _lines(db: Database, actor: Principal, period: str) -> None:
    with db.uow() as uow:
        revenue.set_lines(
            uow, actor, period, revenue.parse_lines(["member_fees=1000.00"]), today=DAY
        )


def test_a_manager_sees_months_to_close_and_the_clinics_gaps(
    db: Database, admin: Principal
) -> None:
    with db.uow() as uow:  # the clinic was set up "now", after DAY: say when it joined
        settings.set_federation_joined(uow, admin, "2026-04", today=DAY)
    _lines(db, admin, "2026-04")  # draft, due on 15 May: overdue on 10 June
    _lines(db, admin, "2026-05")  # locked, due on 15 June: not yet overdue
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-05", today=DAY)
    p1 = register(db, admin, "M-1", "Okafor", "Esi")
    p2 = register(db, admin, "M-2", "Nakamura", "Mei")
    forget_gaps(db)  # the results below are the test's own
    gap(db, p1.id, "care-gap.diabetes-hba1c-test", "overdue", due_on=DAY - timedelta(days=9))
    set_cached(db, p1.id, open_gaps=1)
    gap(db, p2.id, "care-gap.influenza-vaccine", "met")
    with db.uow() as uow:
        members.enrol(
            uow,
            admin,
            EnrolRequest(
                "Adeyemi",
                "Amara",
                "patient",
                date(2026, 6, 1),
                consent_bylaws=True,
                consent_data=True,
            ),
        )

    with db.uow(read_only=True) as uow:
        summary = today.summary(uow, admin, today=DAY)

    assert summary.revenue is not None
    assert summary.revenue.unsubmitted == ("2026-05", "2026-04")
    assert summary.revenue.overdue == ("2026-04",)
    assert summary.revenue.next_due is not None and summary.revenue.next_due[0] == "2026-04"
    assert summary.panel is not None and not summary.panel.own_panel
    assert (summary.panel.patients, summary.panel.with_open_gaps) == (2, 1)
    assert summary.panel.overdue_gaps == 1
    assert summary.federation is not None and not summary.federation.connected
    assert summary.members is not None and summary.members.awaiting_approval == 1


def test_a_clinician_sees_only_their_own_panel(db: Database, admin: Principal) -> None:
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    mine = register(db, admin, "Q-1", "Okafor", "Esi")
    register(db, admin, "R-1", "Rossi", "Lia")
    with db.uow() as uow:
        attribution.reassign(uow, admin, mine.id, quinn.user_id, "new patient")
    set_cached(db, mine.id, open_gaps=2)

    with db.uow(read_only=True) as uow:
        summary = today.summary(uow, quinn, today=DAY)

    assert summary.revenue is None and summary.members is None and summary.federation is None
    assert summary.panel is not None and summary.panel.own_panel
    assert (summary.panel.patients, summary.panel.with_open_gaps) == (1, 1)


@pytest.mark.parametrize("role", ["front_desk"])
def test_front_desk_sees_patients_and_applicants_but_not_money(
    db: Database, admin: Principal, role: str
) -> None:
    desk = add_staff(db, admin, "desk", "Front Desk", role)
    with db.uow(read_only=True) as uow:
        summary = today.summary(uow, desk, today=DAY)
    assert summary.revenue is None and summary.federation is None
    assert summary.panel is not None and summary.members is not None
