"""The demo clinic's anchor contracts: two organisations that buy primary care for their
staff at a monthly rate, each with a roster of the clinic's own patients (so the demo
has exactly the patients asked for) imported when its contract began, invoices
for every month since (issued on the first of the next month) and the older ones paid,
so the Anchors area, its ageing and Today's overdue-invoice line have something real to
show. Written through the anchors services, as a manager would: the rules, numbering and
audit trail are theirs."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.anchors import OrganisationKind
from clinicdesk.domain.revenue import Line, Period
from clinicdesk.domain.roles import Principal
from clinicdesk.services import anchors
from clinicdesk.services.anchors.invoices import invoice_info, invoice_row
from clinicdesk.services.anchors.payments import CATEGORY, revenue_label


@dataclass(frozen=True)
class _Anchor:
    name: str
    kind: OrganisationKind
    reference: str
    pmpm: Decimal
    months: int  # how long ago its contract began
    people: int  # on its roster, from the clinic's patients
    contact: tuple[str, str]


_ANCHORS = (
    _Anchor(
        "Riverside School District",
        OrganisationKind.SCHOOL_DISTRICT,
        "RSD-STAFF",
        Decimal("42.00"),
        6,
        30,
        ("Dana Whitfield", "benefits@riverside-schools.example"),
    ),
    _Anchor(
        "Harbour Port Authority",
        OrganisationKind.PUBLIC_BODY,
        "HPA-CREW",
        Decimal("55.00"),
        4,
        20,
        ("Tomás Ferreira", "hr@harbour-port.example"),
    ),
)
_WORKING_AGE = (18, 64)
_WANTED = sum(anchor.people for anchor in _ANCHORS)


def has_staff(uow: UnitOfWork, today: date) -> bool:
    """Whether the clinic has enough patients of working age to fill the rosters."""
    return len(_working_age_patients(uow, today)) >= _WANTED


def create_contracts(uow: UnitOfWork, rng: random.Random, manager: Principal, today: date) -> None:
    """The organisations, their contracts, rosters, invoices and payments; nothing when
    the clinic has too few patients of working age to fill the rosters (`has_staff`)."""
    staff = _working_age_patients(uow, today)
    if len(staff) < _WANTED:
        return
    chosen = rng.sample(staff, _WANTED)
    this_month = Period.of(today)
    first_month = this_month
    for anchor in _ANCHORS:
        start = _months_back(this_month, anchor.months)
        first_month = min(first_month, start, key=str)  # "YYYY-MM" sorts as months do
        people, chosen = chosen[: anchor.people], chosen[anchor.people :]
        with uow.one_transaction():
            anchors.add_organisation(
                uow,
                manager,
                anchors.OrganisationInput(
                    anchor.name,
                    anchor.kind,
                    contact_name=anchor.contact[0],
                    contact_email=anchor.contact[1],
                ),
            )
            anchors.add_contract(
                uow,
                manager,
                anchors.ContractInput(
                    anchor.name,
                    anchor.reference,
                    anchor.pmpm,
                    start.first_day,
                    covered_services="Primary care visits, screenings and vaccinations",
                    payment_days=30,
                ),
            )
            anchors.import_roster(
                uow,
                manager,
                anchor.name,
                _roster(anchor, people),
                effective_on=start.first_day,
            )
    month = first_month
    while str(month) < str(this_month):
        with uow.one_transaction():
            anchors.run_invoices(uow, manager, str(month))
            issued_on = month.next().first_day
            numbers = anchors.issue_invoices(uow, manager, str(month), today=issued_on)
            if _paid(month, this_month):
                for number in numbers:
                    _pay(uow, rng, manager, number, issued_on, today)
        month = month.next()
    uow.commit()


def _paid(month: Period, this_month: Period) -> bool:
    """A month's invoices are paid in the next month, two or three weeks after they
    were issued on its first day, but for the last two months' (still owed)."""
    return _months_between(month, this_month) > 2


def revenue_lines(month: Period, today: date) -> list[Line]:
    """The anchor-invoice lines of `month`'s revenue: what the organisations paid in it
    (last month's invoices, when paid), labelled as recording a payment labels them. The
    demo's revenue months are written before the payments (which leave a submitted month
    alone), so they are worked out here from the same plan; a test checks they equal
    the payments recorded."""
    this_month = Period.of(today)
    invoiced = month.previous()
    lines = []
    for anchor in _ANCHORS:
        start = _months_back(this_month, anchor.months)
        if str(start) <= str(invoiced) < str(this_month) and _paid(invoiced, this_month):
            # every person enrolled for the whole month: the rate times the roster
            amount = anchor.pmpm * anchor.people
            lines.append(Line(CATEGORY, revenue_label(anchor.name), amount))
    return lines


def _working_age_patients(uow: UnitOfWork, today: date) -> list[tuple[str, str, date]]:
    youngest, oldest = _WORKING_AGE
    rows = uow.session.execute(
        select(Patient.family_name, Patient.given_names, Patient.birth_date)
        .where(
            Patient.status == "active",
            Patient.birth_date <= _years_before(today, youngest),
            Patient.birth_date > _years_before(today, oldest + 1),
        )
        .order_by(Patient.id)
        .limit(2_000)
    ).all()
    return [(family, given, born) for family, given, born in rows if born is not None]


def _years_before(day: date, years: int) -> date:
    return date(day.year - years, day.month, min(day.day, 28))  # no 29 February to miss


def _roster(anchor: _Anchor, people: list[tuple[str, str, date]]) -> str:
    """The organisation's census as its HR office exports it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Employee ID", "Surname", "First name", "DOB"])
    for number, (family, given, born) in enumerate(people, start=1):
        writer.writerow([f"{anchor.reference[:3]}{number:04d}", family, given, born.isoformat()])
    return out.getvalue()


def _pay(
    uow: UnitOfWork, rng: random.Random, manager: Principal, number: str, issued: date, today: date
) -> None:
    info = invoice_info(uow, invoice_row(uow, number), today)
    if info.credit_note or info.balance <= 0:
        return
    paid_on = min(issued + timedelta(days=rng.randint(12, 28)), today)
    anchors.record_payment(
        uow, manager, number, str(info.balance), paid_on, f"Transfer {number}", today=today
    )


def _months_back(month: Period, count: int) -> Period:
    for _ in range(count):
        month = month.previous()
    return month


def _months_between(earlier: Period, later: Period) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
