"""Months before the clinic joined the federation are not due (issue 13), on SQLite and
PostgreSQL: the joined month (a clinic setting, by default the month the clinic was set
up) bounds Revenue's month list, Today's revenue item and the overdue flags; locking this
month, not over yet, needs a confirmation; a locked month not yet submitted can be
unlocked (audited), a submitted one cannot."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from clinicdesk.db.models import AuditEvent, Clinic
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConflictError, PermissionDenied, ValidationError
from clinicdesk.services import revenue, settings, today
from clinicdesk.services.revenue import PeriodAction, PeriodStatus

DAY = date(2026, 6, 10)


def _person(*roles: Role) -> Principal:
    return Principal(user_id=None, username="mgr", display_name="M", roles=frozenset(roles))


def _set_up_on(db: Database, when: datetime) -> None:
    with db.uow() as uow:
        uow.session.execute(update(Clinic).values(created_at=when))
        uow.commit()


def _lines(db: Database, actor: Principal, period: str, text: str = "member_fees=100") -> None:
    with db.uow() as uow:
        revenue.set_lines(uow, actor, period, revenue.parse_lines([text]), today=DAY)


def test_a_new_clinic_is_asked_only_for_the_current_month(db: Database, admin: Principal) -> None:
    _set_up_on(db, datetime(2026, 6, 2, 9, 0))
    with db.uow(read_only=True) as uow:
        months = revenue.month_statuses(uow, admin, today=DAY, months=24)
        everything = revenue.month_statuses(uow, admin, today=DAY)
        summary = today.summary(uow, admin, today=DAY)
    assert [m.period for m in months] == ["2026-06"] == [m.period for m in everything]
    assert not months[0].overdue and months[0].status is PeriodStatus.NONE
    assert summary.revenue is not None
    assert summary.revenue.unsubmitted == () and summary.revenue.overdue == ()


def test_the_joined_month_setting_moves_what_is_due(db: Database, admin: Principal) -> None:
    _set_up_on(db, datetime(2026, 6, 2, 9, 0))
    manager = _person(Role.MANAGER)
    with db.uow() as uow:
        stored = settings.set_federation_joined(uow, manager, "2026-03", today=DAY)
    assert stored.federation_joined == "2026-03"
    with db.uow(read_only=True) as uow:
        assert settings.joined_month(uow) == revenue.parse_period("2026-03", today=DAY)
        months = revenue.month_statuses(uow, admin, today=DAY, months=24)
        summary = today.summary(uow, admin, today=DAY)
        changed = uow.session.execute(
            select(AuditEvent.action, AuditEvent.actor_name).where(
                AuditEvent.action == "settings.update"
            )
        ).all()
    assert [m.period for m in months] == ["2026-06", "2026-05", "2026-04", "2026-03"]
    assert [m.period for m in months if m.overdue] == ["2026-04", "2026-03"]
    assert summary.revenue is not None
    assert summary.revenue.unsubmitted == ("2026-05", "2026-04", "2026-03")
    assert summary.revenue.overdue == ("2026-04", "2026-03")
    assert changed == [("settings.update", "mgr")]


def test_a_month_entered_before_joining_is_listed_but_never_overdue(
    db: Database, admin: Principal
) -> None:
    with db.uow() as uow:
        settings.set_federation_joined(uow, admin, "2026-05", today=DAY)
    _lines(db, admin, "2026-02")
    with db.uow(read_only=True) as uow:
        months = {m.period: m for m in revenue.month_statuses(uow, admin, today=DAY)}
        shown = revenue.show(uow, admin, "2026-02", today=DAY)
    assert sorted(months) == ["2026-02", "2026-05", "2026-06"]
    assert months["2026-02"].status is PeriodStatus.DRAFT
    assert not months["2026-02"].overdue and not shown.overdue
    assert months["2026-05"].status is PeriodStatus.NONE and not months["2026-05"].overdue


def test_the_joined_month_is_checked(db: Database, admin: Principal) -> None:
    for bad in ("2026-13", "June", "2026-07"):  # July is after DAY
        with db.uow() as uow, pytest.raises(ValidationError) as info:
            settings.set_federation_joined(uow, admin, bad, today=DAY)
        assert info.value.field == "federation_joined"
    for role in (Role.CLINICIAN, Role.FRONT_DESK):
        with db.uow() as uow, pytest.raises(PermissionDenied):
            settings.set_federation_joined(uow, _person(role), "2026-01", today=DAY)
    with db.uow() as uow, pytest.raises(ValidationError, match="currency"):
        settings.update(uow, admin, currency="dollars")
    with db.uow(read_only=True) as uow:
        assert settings.load(uow).federation_joined == ""


def test_locking_the_unfinished_month_needs_a_confirmation(db: Database, admin: Principal) -> None:
    _lines(db, admin, "2026-06")
    with db.uow(read_only=True) as uow:
        assert revenue.show(uow, admin, "2026-06", today=DAY).unfinished
        assert not revenue.show(uow, admin, "2026-06", today=date(2026, 7, 1)).unfinished
    with db.uow() as uow, pytest.raises(ConflictError, match="not over yet"):
        revenue.lock(uow, admin, "2026-06", today=DAY)
    with db.uow() as uow:
        locked = revenue.lock(uow, admin, "2026-06", today=DAY, unfinished_ok=True)
    assert locked.status is PeriodStatus.LOCKED


def test_a_locked_month_can_be_unlocked_until_it_is_submitted(
    db: Database, admin: Principal
) -> None:
    manager = _person(Role.MANAGER)
    _lines(db, admin, "2026-04", "grants=1000.00")
    with db.uow() as uow:
        locked = revenue.lock(uow, manager, "2026-04", today=DAY)
    assert PeriodAction.UNLOCK in locked.allowed_actions
    assert locked.contribution is not None
    for role in (Role.CLINICIAN, Role.FRONT_DESK):
        with db.uow() as uow, pytest.raises(PermissionDenied):
            revenue.unlock(uow, _person(role), "2026-04", today=DAY)
    with db.uow() as uow:
        draft = revenue.unlock(uow, manager, "2026-04", today=DAY)
    assert draft.status is PeriodStatus.DRAFT and draft.locked_by is None
    assert PeriodAction.ENTER in draft.allowed_actions
    _lines(db, admin, "2026-04", "grants=1200.00")  # editable again
    with db.uow() as uow:
        revenue.lock(uow, manager, "2026-04", today=DAY)
    with db.uow() as uow:
        submitted = revenue.submit(uow, manager, "2026-04", today=DAY)
    assert PeriodAction.UNLOCK not in submitted.allowed_actions
    with db.uow() as uow, pytest.raises(ConflictError, match="amendment"):
        revenue.unlock(uow, manager, "2026-04", today=DAY)
    with db.uow(read_only=True) as uow:
        events = uow.session.execute(
            select(AuditEvent.actor_name, AuditEvent.entity_id, AuditEvent.details).where(
                AuditEvent.action == "revenue.unlock"
            )
        ).all()
    assert len(events) == 1
    who, period, details = events[0]
    assert (who, period) == ("mgr", "2026-04") and json.loads(details)["locked_by"] == "mgr"


def test_the_demo_today_points_at_a_month_revenue_lists(db_url: str) -> None:
    from clinicdesk.app import open_database
    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import demo
    from clinicdesk.services import federation_store as store

    base = open_database(db_url)
    try:
        with base.uow() as uow:
            demo.create(uow, seed=4, patients=0)
        actor = system_principal("t")
        with base.uow(read_only=True) as uow:
            listed = {m.period for m in revenue.month_statuses(uow, actor)}
            summary = today.summary(uow, actor)
            sent = store.list_outbox(uow, actor, [store.OutboxState.SENT])
    finally:
        base.dispose()
    assert summary.revenue is not None
    assert set(summary.revenue.unsubmitted) <= listed
    # It joined when the federation's first rate came into force: every closed month
    # since could be submitted, and was.
    assert summary.revenue.unsubmitted == ()
    assert min(listed) == max("2025-01", min(listed))
    assert summary.revenue.next_due is None or summary.revenue.next_due[0] in listed
    # Never connected: nothing in its Outbox may read as sent.
    assert sent == []


def test_the_statement_shows_the_clinics_currency(db: Database, admin: Principal) -> None:
    import io

    import pypdf

    with db.uow() as uow:
        settings.update(uow, admin, currency="CAD")
    _lines(db, admin, "2026-04", "member_fees=1000.00")
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-04", today=DAY)
    with db.uow() as uow:
        pdf = revenue.export_statement(uow, admin, "2026-04", today=DAY)
    [page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    text = page.extract_text()
    assert "CAD 1,000.00" in text and "Amount (CAD)" in text
    assert "Signature — Clinic manager" in text and "Page 1 of 1" in text
