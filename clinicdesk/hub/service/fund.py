"""How the fund is shared out, for a clinic's statement, and the operator's listing of
what was received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from clinicdesk.db.conventions import utcnow
from clinicdesk.federation.schemas import (
    FundAllocationStandard,
    FundPartAmount,
    FundStatement,
    StandardKind,
    standard_adapter,
)
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import (
    HubClinic,
    HubContribution,
)
from clinicdesk.hub.service.checks import check_fund_range
from clinicdesk.hub.service.clinics import ClinicRef, clinic_by_id, standard_in_force
from clinicdesk.hub.service.common import aware, not_found, today_utc

# --- the fund ------------------------------------------------------------------------------


def default_fund_range(day: date) -> tuple[str, str]:
    """January to the current month of `day`'s year."""
    return f"{day.year:04d}-01", f"{day.year:04d}-{day.month:02d}"


def fund_statement(
    db: HubDatabase,
    clinic: ClinicRef,
    period_from: str,
    period_to: str,
    day: date | None = None,
) -> FundStatement:
    """How this clinic's contributions for the periods were divided, under the fund
    allocation in force on `day`. Each month counts once, at its latest amendment."""
    check_fund_range(period_from, period_to, utcnow())
    with db.read() as session:
        standard = standard_in_force(session, StandardKind.FUND_ALLOCATION, day or today_utc())
        if standard is None:
            raise not_found("The federation has no fund allocation in force.")
        rows = session.execute(
            select(HubContribution.period, HubContribution.sequence, HubContribution.amount)
            .where(
                HubContribution.clinic_pk == clinic.pk,
                HubContribution.period >= period_from,
                HubContribution.period <= period_to,
            )
            .order_by(HubContribution.period, HubContribution.sequence)
        ).all()
    latest: dict[str, Decimal] = {}
    for period, _sequence, amount in rows:
        latest[period] = amount  # ordered by sequence: the last one wins
    total = sum(latest.values(), Decimal("0.00"))
    document = standard_adapter.validate_json(standard.document)
    assert isinstance(document, FundAllocationStandard)
    amounts = document.rule.allocate(total)
    return FundStatement(
        standard_id=document.id,
        version=document.version,
        period_from=period_from,
        period_to=period_to,
        total=total,
        parts=tuple(
            FundPartAmount(part=share.part, fraction=share.fraction, amount=amounts[share.part])
            for share in document.rule.parts
        ),
    )


# --- operator's listing -------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionRecord:
    clinic_id: str
    clinic_name: str
    period: str
    sequence: int
    amendment_reason: str | None
    contributable_base: Decimal
    rate: Decimal
    amount: Decimal
    receipt_id: str
    received_at: datetime


def list_contributions(db: HubDatabase, clinic_id: str | None = None) -> list[ContributionRecord]:
    with db.read() as session:
        query = select(HubContribution, HubClinic).join(
            HubClinic, HubClinic.id == HubContribution.clinic_pk
        )
        if clinic_id is not None:
            query = query.where(HubClinic.id == clinic_by_id(session, clinic_id).id)
        rows = session.execute(
            query.order_by(
                HubClinic.name, HubClinic.id, HubContribution.period, HubContribution.sequence
            )
        ).all()
        return [
            ContributionRecord(
                clinic_id=clinic.clinic_id,
                clinic_name=clinic.name,
                period=row.period,
                sequence=row.sequence,
                amendment_reason=row.amendment_reason,
                contributable_base=row.contributable_base,
                rate=row.rate,
                amount=row.amount,
                receipt_id=row.receipt_id,
                received_at=aware(row.received_at),
            )
            for row, clinic in rows
        ]
