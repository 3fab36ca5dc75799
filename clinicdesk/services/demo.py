"""A deterministic demo clinic: the same seed gives the same clinic.

Later areas add their own demo data here (patients, members, revenue) behind options of
`clinicdesk demo create`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from clinicdesk.db.models import OutboxMessage, Setting, User, utcnow
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import PermissionDenied
from clinicdesk.services import audit, setup
from clinicdesk.services.demo_names import STAFF_FAMILY_NAMES, STAFF_GIVEN_NAMES
from clinicdesk.services.users import create_user_row, principal_of

if TYPE_CHECKING:
    from clinicdesk.domain.revenue import Line

# What fills a demo clinic (patients, the register, revenue, the care-gap run) is imported
# by `create`: reopening a kept demo clinic (`--demo --db`) needs none of it.

# Marks a database made by `create`; only such a database allows `sign_in_demo_user`.
DEMO_MARKER = "demo_clinic"

DEMO_PASSWORD = "demo-clinic-2026"
# scrypt hash of DEMO_PASSWORD, made once: hashing costs ~70 ms, which `--demo` start-up
# should not pay. A demo clinic is throw-away and its password is in the README anyway.
DEMO_PASSWORD_HASH = (
    "scrypt$32768$8$1$FmjHQ4Zw2UU/37pVK/K3fg==$FbX43W2FRR3cvgYT6MLIYvBEB53cik4TmfLxo1Lffmk="
)
DEMO_MANAGER = "manager"
# Patients in the default demo: enough to fill a panel, cheap enough for `--demo` start-up.
DEMO_PATIENTS = 150
DEMO_ADMIN = "admin"

_CLINIC_NAMES = [
    "Riverbend Community Health Cooperative",
    "Maple Valley Family Care Co-op",
    "Harbourside Primary Care Cooperative",
    "Prairie Commons Health Co-op",
]


@dataclass(frozen=True)
class DemoSummary:
    clinic_name: str
    usernames: list[str]
    password: str
    patients: int = 0


def create(
    uow: UnitOfWork,
    *,
    seed: int = 1,
    patients: int = DEMO_PATIENTS,
    revenue_months: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo clinic: its staff (all with DEMO_PASSWORD),
    `patients` patients with their clinical history attributed to the clinicians, a
    member register, and `revenue_months` (default DEMO_MONTHS; 0 for none) of revenue.

    One transaction: the steps below commit as they would alone, but here a commit only
    flushes and the clinic is committed whole at the end, so a failure midway (a full
    disk, a dropped connection, a bug) leaves the database as empty as it was and a
    second `demo create` can start again."""
    with uow.one_transaction():
        summary = _create(uow, seed, patients, revenue_months, progress)
    uow.commit()
    return summary


def _create(
    uow: UnitOfWork,
    seed: int,
    patients: int,
    revenue_months: int | None,
    progress: Callable[[int, int], None] | None,
) -> DemoSummary:
    from clinicdesk.services import (
        caregaps,
        demo_anchors,
        demo_members,
        demo_patients,
        demo_policies,
        demo_training,
    )

    rng = random.Random(seed)
    clinic_name = rng.choice(_CLINIC_NAMES)
    shared_hash = DEMO_PASSWORD_HASH
    admin = setup.initialise(
        uow,
        clinic_name,
        DEMO_ADMIN,
        "Demo Administrator",
        DEMO_PASSWORD,
        password_hash=shared_hash,
        audit_key=False,  # a demo leaves no key in the keyring of the computer it runs on
    )
    names = [DEMO_ADMIN]
    # Distinct surnames, so that no two staff share a user name or look alike in lists.
    people = [
        f"{rng.choice(STAFF_GIVEN_NAMES)} {last}" for last in rng.sample(STAFF_FAMILY_NAMES, 7)
    ]
    staff: list[tuple[str, str, list[Role]]] = [(DEMO_MANAGER, people[0], [Role.MANAGER])]
    for person in people[1:5]:
        staff.append((_username(person, "dr."), f"Dr {person}", [Role.CLINICIAN]))
    for person in people[5:]:
        staff.append((_username(person, ""), person, [Role.FRONT_DESK]))
    manager: Principal | None = None
    clinician_ids: list[int] = []
    for username, display, roles in staff:
        row = create_user_row(
            uow, username, display, roles, DEMO_PASSWORD, password_hash=shared_hash
        )
        audit.record(uow, admin, "user.add", "user", username, {"roles": [r.value for r in roles]})
        names.append(username)
        if username == DEMO_MANAGER:
            manager = principal_of(row)
        if Role.CLINICIAN in roles:
            clinician_ids.append(row.id)
    demo_members.create_register(uow, rng, admin, STAFF_GIVEN_NAMES, STAFF_FAMILY_NAMES)
    uow.session.add(Setting(key=DEMO_MARKER, value=True, updated_by="demo"))
    if patients > 0:
        made = demo_patients.generate(
            uow, patients, clinician_ids, seed=seed, actor_name="demo", progress=progress
        )
        audit.record(
            uow,
            admin,
            "demo.patients",
            "clinic",
            "",
            {"patients": made.patients, "encounters": made.encounters, "events": made.events},
        )
    uow.commit()
    assert manager is not None
    months = DEMO_MONTHS if revenue_months is None else revenue_months
    today = datetime.now(UTC).date()
    with_anchors = patients > 0 and demo_anchors.has_staff(uow, today)
    if months > 0:
        _demo_revenue(uow, manager, rng, months, today, with_anchors=with_anchors)
    if with_anchors:
        demo_anchors.create_contracts(uow, rng, manager, today)
    demo_training.create_training(uow, rng, admin)
    demo_policies.create_acknowledgements(uow, rng, admin)
    if patients > 0:  # the panel opens with its care gaps worked out
        caregaps.evaluate_clinic(uow, admin)
    return DemoSummary(clinic_name, names, DEMO_PASSWORD, max(patients, 0))


DEMO_MONTHS = 24


def _demo_revenue(
    uow: UnitOfWork,
    manager: Principal,
    rng: random.Random,
    count: int,
    today: date,
    *,
    with_anchors: bool,
) -> None:
    """`count` months up to last month: the older ones submitted and acknowledged (with demo
    receipts, as if the hub had answered), one of them amended; last month's submission
    still waiting to send; this month a draft. Written quietly in one transaction (the
    demo's own audit event says so) to keep `--demo` start-up quick. The clinic joined
    the federation in the first of those months that has a contribution rate in force
    (the federation itself began in 2025-01), so no month is due that could not be
    submitted, and Revenue lists every month Today asks about. With the demo's anchor
    contracts (`with_anchors`), a month's anchor lines are what their organisations paid
    in it (demo_anchors.revenue_lines); without, made-up ones."""
    from clinicdesk.domain.revenue import Line, Period
    from clinicdesk.services import demo_anchors, revenue, settings

    def lines(month: Period) -> list[Line]:
        return _demo_lines(rng, demo_anchors.revenue_lines(month, today) if with_anchors else None)

    last = Period.of(today).previous()
    months = [last]
    while len(months) < count:
        months.append(months[-1].previous())
    months.reverse()
    months = [m for m in months if revenue.rate_in_force(uow, m) is not None] or [last]
    settings.set_federation_joined(uow, manager, str(months[0]), today=today)
    for month in months:
        message_id = revenue.close_quietly(uow, manager, month, lines(month))
        if message_id is not None and month != last:
            _demo_receipt(uow, message_id, month.due_date(15) - timedelta(days=rng.randint(1, 9)))
    # this month so far: the member fees, and what the anchor organisations paid
    so_far = [
        line
        for line in lines(Period.of(today))
        if line.category in ("member_fees", "anchor_contracts")
    ]
    revenue.close_quietly(uow, manager, Period.of(today), so_far, lock=False)
    audit.record(uow, manager, "demo.revenue", "revenue_period", "", {"months": len(months)})
    uow.commit()
    if count < 8:
        return
    amended = months[-7]
    late = Line("fee_for_service", "Late insurer payment", Decimal("1840.00"))
    info = revenue.amend(uow, manager, str(amended), [late], "late_revenue", today=today)
    message = uow.session.execute(
        select(OutboxMessage.id).where(
            OutboxMessage.idempotency_key == info.submissions[-1].idempotency_key
        )
    ).scalar_one()
    _demo_receipt(uow, message, amended.due_date(15) + timedelta(days=20))
    uow.commit()


def _demo_lines(rng: random.Random, anchor_lines: list[Line] | None) -> list[Line]:
    """A month's revenue lines; `anchor_lines` in place of made-up anchor ones (the
    made-up amounts are drawn all the same, so the rest of the demo stays as it was)."""
    from clinicdesk.domain.revenue import Line

    def amount(low: int, high: int) -> Decimal:
        return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)

    fees = Line("member_fees", "", amount(18_000, 22_000))
    made_up = [
        Line("anchor_contracts", "Riverside School District", amount(6_000, 7_500)),
        Line("anchor_contracts", "Harbour Port Authority", amount(3_000, 4_200)),
    ]
    rest = [
        Line("fee_for_service", "", amount(4_000, 9_000)),
        Line("grants", "", amount(0, 2_500)),
        Line("other", "Bank interest", amount(20, 90)),
    ]
    return [fees, *(made_up if anchor_lines is None else anchor_lines), *rest]


def _demo_receipt(uow: UnitOfWork, message_id: int, received: date) -> None:
    """The month's history as if the hub had acknowledged it: the receipt is kept on the
    submission, but the outbox message is removed rather than marked sent — a demo clinic
    was never connected, so its Outbox must not claim that anything went out."""
    from clinicdesk.db.models_revenue import ContributionSubmissionRow
    from clinicdesk.federation.schemas import ContributionReceipt, ContributionSubmission
    from clinicdesk.services import revenue

    message = uow.session.get(OutboxMessage, message_id)
    assert message is not None
    body = ContributionSubmission.model_validate(message.payload)
    receipt = ContributionReceipt(
        receipt_id=f"DEMO-{body.period}-{body.sequence}",
        received_at=datetime(received.year, received.month, received.day, 10, 0, tzinfo=UTC),
        period=body.period,
        sequence=body.sequence,
        amount=body.amount,
    )
    revenue.record_receipt(uow, message_id, receipt, audited=False)
    submission = uow.session.execute(
        select(ContributionSubmissionRow).where(
            ContributionSubmissionRow.outbox_message_id == message_id
        )
    ).scalar_one()
    submission.outbox_message_id = None
    uow.session.flush()
    uow.session.delete(message)
    uow.session.flush()


def is_demo(uow: UnitOfWork) -> bool:
    row = uow.session.get(Setting, DEMO_MARKER)
    return bool(row and row.value is True)


def sign_in_demo_user(uow: UnitOfWork, username: str) -> Principal:
    """Sign a demo account in without its password (which the demo just set, and whose
    check would cost a scrypt hash at every `--demo` start). Refused on any database that
    `create` did not make."""
    if not is_demo(uow):
        raise PermissionDenied(
            "Signing in without a password is only possible in a demo clinic.",
            hint="Sign in with your user name and password.",
        )
    user = uow.session.execute(select(User).where(User.username == username)).scalar_one()
    user.last_sign_in_at = utcnow()
    principal = principal_of(user)
    audit.record(uow, principal, "auth.sign_in", "user", user.username, {"demo": True})
    uow.commit()
    return principal


def _username(person: str, prefix: str) -> str:
    first, last = person.split(" ", 1)
    plain = "".join(ch for ch in last.lower() if ch.isascii() and ch.isalnum())
    return f"{prefix}{first[0].lower()}{plain}" if not prefix else f"{prefix}{plain}"
