"""What may be done to a month, as the services say it (`PeriodInfo.allowed_actions`), on
SQLite and PostgreSQL: the state machine per state and role, every action outside it
refused by the service with nothing changed, and the amendment form's zero rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConflictError, PermissionDenied, ValidationError
from clinicdesk.services import revenue, settings
from clinicdesk.services.revenue import PeriodAction, PeriodStatus, allowed_actions

TODAY = date(2026, 5, 20)
A = PeriodAction
FIXED = "revenue_corrected"


def _person(*roles: Role) -> Principal:
    return Principal(user_id=None, username="p", display_name="P", roles=frozenset(roles))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PeriodStatus.NONE, {A.ENTER}),
        (PeriodStatus.DRAFT, {A.ENTER, A.LOCK}),
        (PeriodStatus.LOCKED, {A.UNLOCK, A.SUBMIT, A.STATEMENT}),
        (PeriodStatus.SUBMITTED, {A.AMEND, A.STATEMENT}),
        (PeriodStatus.ACKNOWLEDGED, {A.AMEND, A.STATEMENT}),
    ],
)
def test_allowed_actions_per_state_and_role(status: PeriodStatus, expected: set[A]) -> None:
    for role in (Role.ADMIN, Role.MANAGER):
        assert allowed_actions(status, _person(role)) == expected
    for role in (Role.CLINICIAN, Role.FRONT_DESK):
        assert allowed_actions(status, _person(role)) == frozenset()
    assert allowed_actions(status, _person()) == frozenset()


def _refused(db: Database, actor: Principal, period: str, allowed: frozenset[A]) -> None:
    """Every change the month does not allow is refused by the service itself."""
    attempts = {
        A.ENTER: lambda uow: revenue.set_lines(
            uow, actor, period, revenue.parse_lines(["grants=1.00"]), today=TODAY
        ),
        A.LOCK: lambda uow: revenue.lock(uow, actor, period, today=TODAY),
        A.UNLOCK: lambda uow: revenue.unlock(uow, actor, period, today=TODAY),
        A.SUBMIT: lambda uow: revenue.submit(uow, actor, period, today=TODAY),
        A.AMEND: lambda uow: revenue.amend(
            uow,
            actor,
            period,
            revenue.parse_lines(["grants=2.00"]),
            "revenue_corrected",
            today=TODAY,
        ),
    }
    for action, attempt in attempts.items():
        if action in allowed:
            continue
        with db.uow() as uow, pytest.raises(ConflictError):
            attempt(uow)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_a_month_says_what_may_be_done_at_every_step(db: Database, role: Role) -> None:
    actor, period = _person(role), "2026-03"
    with db.uow() as uow:  # the clinic was set up "now", after TODAY: say when it joined
        settings.set_federation_joined(uow, actor, "2026-01", today=TODAY)
    with db.uow(read_only=True) as uow:
        (month,) = [
            m
            for m in revenue.month_statuses(uow, actor, today=TODAY, months=3)
            if m.period == period
        ]
    assert month.status is PeriodStatus.NONE and month.allowed_actions == {A.ENTER}

    steps = [
        lambda uow: revenue.set_lines(
            uow, actor, period, revenue.parse_lines(["member_fees=100.00"]), today=TODAY
        ),
        lambda uow: revenue.lock(uow, actor, period, today=TODAY),
        lambda uow: revenue.submit(uow, actor, period, today=TODAY),
        lambda uow: revenue.amend(
            uow,
            actor,
            period,
            revenue.parse_lines(["grants=5.00"]),
            "revenue_corrected",
            today=TODAY,
        ),
    ]
    expected = [
        (PeriodStatus.DRAFT, {A.ENTER, A.LOCK}),
        (PeriodStatus.LOCKED, {A.UNLOCK, A.SUBMIT, A.STATEMENT}),
        (PeriodStatus.SUBMITTED, {A.AMEND, A.STATEMENT}),
        (PeriodStatus.SUBMITTED, {A.AMEND, A.STATEMENT}),
    ]
    for step, (status, actions) in zip(steps, expected, strict=True):
        with db.uow() as uow:
            info = step(uow)
        assert (info.status, info.allowed_actions) == (status, actions)
        with db.uow(read_only=True) as uow:
            shown = revenue.show(uow, actor, period, today=TODAY)
            listed = {
                m.period: m for m in revenue.month_statuses(uow, actor, today=TODAY, months=3)
            }
        assert shown.allowed_actions == listed[period].allowed_actions == actions
        _refused(db, actor, period, info.allowed_actions)
        with db.uow(read_only=True) as uow:
            assert revenue.show(uow, actor, period, today=TODAY).revision == info.revision


def test_people_without_the_revenue_roles_are_told_no(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        revenue.set_lines(uow, admin, "2026-03", revenue.parse_lines(["grants=1"]), today=TODAY)
    for role in (Role.CLINICIAN, Role.FRONT_DESK):
        with db.uow(read_only=True) as uow, pytest.raises(PermissionDenied):
            revenue.show(uow, _person(role), "2026-03", today=TODAY)


def test_the_lines_table_is_read_row_by_row(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        revenue.set_lines(
            uow,
            admin,
            "2026-03",
            revenue.parse_lines(["member_fees=100.00", "grants=50.00", "other/Rent=10.00"]),
            today=TODAY,
        )
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-03", today=TODAY)
    with db.uow() as uow:
        submitted = revenue.submit(uow, admin, "2026-03", today=TODAY)

    # A draft table: a row without an amount is simply not a line; amounts by the money rule.
    rows = [("member_fees", "", "1,120"), ("grants", "", ""), ("other", " Rent ", "10.5")]
    assert revenue.table_lines(rows) == revenue.parse_lines(
        ["member_fees=1120", "other/Rent=10.50"]
    )
    for bad, message in (
        ([("grants", "", "12,50")], "Row 1: “12,50” is not an amount"),
        ([("grants", "", "1"), ("other", "Fees", "")], "Row 2: “Fees” has no amount"),
        ([("grants", "", "1"), ("grants", "", "2")], "Row 2: Grants is given twice"),
        ([("donations", "", "1")], "Row 1: .*donations"),
    ):
        with pytest.raises(ValidationError, match=message):
            revenue.table_lines(bad)
    # An amendment: grants and the Rent sub-line are no longer given, so they become zero.
    lines = revenue.table_lines([("member_fees", "", "120")], amending=submitted)
    assert lines == revenue.parse_lines(["member_fees=120", "grants=0", "other/Rent=0"])
    with db.uow() as uow:
        amended = revenue.amend(uow, admin, "2026-03", lines, "revenue_corrected", today=TODAY)
    assert amended.totals["grants"] == Decimal("0.00")
    assert amended.total == Decimal("120.00")
