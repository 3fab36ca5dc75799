"""The demo clinic's anchor contracts (services/demo_anchors via demo.create): written
through the anchors services, so the rosters, invoices and payments are what a manager
would have made, and the Anchors area and Today have something real to show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from clinicdesk.app import open_database
from clinicdesk.db.models_clinical import Patient
from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import anchors, demo, revenue, today
from clinicdesk.services.anchors import payments
from clinicdesk.services.revenue.results import PeriodStatus
from tests.helpers.databases import database_url


def test_the_demo_has_two_anchor_contracts_invoiced_and_mostly_paid(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        db = open_database(url)
        try:
            with db.uow() as uow:
                demo.create(uow, seed=5, patients=300)
            actor = system_principal("t")
            day = datetime.now(UTC).date()  # the demo's today
            with db.uow() as uow:
                contracts = anchors.list_contracts(uow, actor)
                invoices = anchors.list_invoices(uow, actor)
            assert [(c.reference, c.organisation, c.pmpm, c.enrolled) for c in contracts] == [
                ("HPA-CREW", "Harbour Port Authority", Decimal("55.00"), 20),
                ("RSD-STAFF", "Riverside School District", Decimal("42.00"), 30),
            ]
            this_month = Period.of(day)
            for contract in contracts:
                months = sorted(i.period for i in invoices if i.contract == contract.reference)
                # every month from the contract's first to last month, once
                assert months[0] == str(Period.of(contract.start_on))
                assert months[-1] == str(this_month.previous())
                assert len(months) == len(set(months))
            for invoice in invoices:
                assert invoice.status == "issued" and not invoice.credit_note
                issued_on = Period.parse(invoice.period).next().first_day
                assert invoice.issued_on == issued_on
                assert invoice.due_on == issued_on + timedelta(days=30)
                recent = invoice.period >= str(this_month.previous().previous())
                # the last two months wait for their money, the older ones are paid in full
                assert invoice.paid == (Decimal("0.00") if recent else invoice.total)
                assert invoice.total > 0
            # the unpaid ones past their due date are what Today tells the manager
            overdue = [
                i for i in invoices if i.paid == 0 and i.due_on is not None and i.due_on < day
            ]
            with db.uow(read_only=True) as uow:
                summary = today.summary(uow, actor, today=day)
            assert summary.anchors is not None
            assert summary.anchors.overdue == len(overdue) > 0
            # invoicing the months again finds nothing to change: the demo is the services'
            with db.uow() as uow:
                for period in sorted({i.period for i in invoices}):
                    run = anchors.run_invoices(uow, actor, period)
                    assert not run.created and not run.updated and not run.credit_notes
            # each month's revenue has, as anchor lines, just what the organisations paid
            # in it: made-up lines no more, and none before the first contract
            with db.uow(read_only=True) as uow:
                months = revenue.month_statuses(uow, actor, today=day)
                for status in months:
                    if status.status is PeriodStatus.NONE:
                        continue
                    info = revenue.show(uow, actor, status.period, today=day)
                    stored = {
                        line.label: line.amount
                        for line in info.lines
                        if line.category == "anchor_contracts"
                    }
                    paid = payments._received(uow, Period.parse(status.period))
                    assert stored == {
                        payments.revenue_label(name): amount for name, amount in paid.items()
                    }, status.period
            assert any(status.period == str(this_month.previous().previous()) for status in months)
            # the rosters named the clinic's own patients: none was added or held
            with db.uow(read_only=True) as uow:
                assert (
                    uow.session.execute(select(func.count()).select_from(Patient)).scalar_one()
                    == 300
                )
                assert anchors.pending_reviews(uow, actor) == []
        finally:
            db.dispose()
