"""Anchor contracts on a provisioned PostgreSQL server, each person through their own
database login: a manager adds an organisation and contract, imports a roster (new
patients registered and attributed), runs, issues and prints the month's invoices and
records a payment that fills the draft revenue; front desk read them and may change
nothing; a clinician's login cannot read them at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.anchors import OrganisationKind
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import PermissionDenied
from clinicdesk.services import anchors, audit, revenue
from tests.security.pg_clinic import Clinic, drop_roles, new_prefix, refused

ROSTER = "Surname,First name,DOB,Employee ID\nOkafor,Ada,1980-04-02,E1\nBerg,Lena,1970-02-02,E2\n"


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
def clinic(
    db: Database, db_url: str, admin: Principal, password_cost: ScryptCost
) -> Iterator[Clinic]:
    prefix = new_prefix()
    try:
        made = Clinic.build(db, db_url, prefix, admin, password_cost)
        try:
            yield made
        finally:
            made.close()
    finally:
        drop_roles(prefix)


def test_a_manager_runs_a_contract_and_front_desk_reads_it(clinic: Clinic) -> None:
    database, mona = clinic.sign_in("mona")
    with database.uow() as uow:
        anchors.add_organisation(
            uow, mona, anchors.OrganisationInput("Valley Farms", OrganisationKind.COOP)
        )
    with database.uow() as uow:
        anchors.add_contract(
            uow,
            mona,
            anchors.ContractInput(
                "Valley Farms", "VF", Decimal("90.00"), date(2026, 1, 1), clinician="dr.bo"
            ),
        )
    with database.uow() as uow:
        result = anchors.import_roster(
            uow, mona, "Valley Farms", ROSTER, effective_on=date(2026, 3, 1)
        )
    assert result.summary["add"] == 2 and result.new_patients == 2
    with database.uow() as uow:
        run = anchors.run_invoices(uow, mona, "2026-03")
    with database.uow() as uow:
        anchors.issue_invoices(uow, mona, "2026-03", today=date(2026, 4, 1))
    with database.uow() as uow:
        pdf = anchors.export_invoice_pdf(uow, mona, run.created[0])
    assert pdf.startswith(b"%PDF")
    with database.uow() as uow:
        anchors.record_payment(
            uow, mona, run.created[0], "180.00", date(2026, 4, 3), today=date(2026, 4, 5)
        )
    with database.uow() as uow:
        april = revenue.show(uow, mona, "2026-04", today=date(2026, 4, 5))
    assert april.totals["anchor_contracts"] == Decimal("180.00")

    desk_db, fred = clinic.sign_in("fred")
    with desk_db.uow() as uow:
        (invoice,) = anchors.list_invoices(uow, fred, today=date(2026, 4, 5))
        assert invoice.state is anchors.InvoiceState.PAID
        assert len(anchors.list_enrolments(uow, fred, "VF")) == 2
    with desk_db.uow() as uow, pytest.raises(PermissionDenied):
        anchors.run_invoices(uow, fred, "2026-04")
    # what the server itself says, whatever the program does
    assert refused(clinic.as_login("fred"), "UPDATE anchor_invoice SET total = 0")
    assert refused(clinic.as_login("dr.bo"), "SELECT count(*) FROM anchor_invoice")
    assert refused(clinic.as_login("mona"), "DELETE FROM anchor_payment")
    with clinic.owner.uow() as uow:
        assert audit.verify_chain(uow).ok
