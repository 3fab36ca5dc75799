"""Reading months back: one month, the status of the last months, the statement and the
year summary as PDFs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from clinicdesk.db.models import OutboxMessage
from clinicdesk.db.models_revenue import ContributionSubmissionRow, RevenueLine, RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import revenue as rules
from clinicdesk.domain.revenue import ZERO, Period
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires, settings, setup
from clinicdesk.services.revenue.common import (
    _period_info,
    _require_row,
    _today,
    parse_period,
    rate_in_force,
)
from clinicdesk.services.revenue.results import (
    ENTITY,
    MonthStatus,
    PeriodAction,
    PeriodInfo,
    PeriodStatus,
    _status_label,
    actions_in,
    allowed_actions,
)

if TYPE_CHECKING:
    from clinicdesk.reports.revenue_statement import MonthFigures

# --- reading --------------------------------------------------------------------------------


@requires(Permission.VIEW_REVENUE)
def show(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> PeriodInfo:
    """One month with its lines, figures, submissions and receipts."""
    month = parse_period(period, allow_future=True)
    row = _require_row(uow, month)
    return _period_info(uow, actor, row, today or _today())


@requires(Permission.VIEW_REVENUE)
def month_statuses(
    uow: UnitOfWork,
    actor: Principal,
    *,
    today: date | None = None,
    months: int | None = None,
) -> list[MonthStatus]:
    """The months whose contribution is due — from the month the clinic joined the
    federation (`settings.joined_month`) to this month — and any month entered before it,
    newest first (with `months`, only the last `months` of them), each with its due date
    (from the rate standard in force for it) and whether it is overdue: not submitted by
    its due date. A month before the clinic joined is never overdue."""
    day = today or _today()
    rows = {row.period: row for row in uow.session.execute(select(RevenuePeriod)).scalars()}
    joined = settings.joined_month(uow, today=day)
    last = Period.of(day)
    if months is not None:
        first = last
        for _ in range(max(months, 1) - 1):
            first = first.previous()
    else:
        first = min([joined, *(Period.parse(p) for p in rows)])
    latest: dict[int, tuple[str | None, str | None]] = {}  # period id: (receipt, outbox state)
    for period_id, held_receipt, held_state in uow.session.execute(
        select(
            ContributionSubmissionRow.period_id,
            ContributionSubmissionRow.receipt_id,
            OutboxMessage.state,
        )
        .outerjoin(OutboxMessage, OutboxMessage.id == ContributionSubmissionRow.outbox_message_id)
        .order_by(ContributionSubmissionRow.sequence)
    ).all():
        latest[period_id] = (held_receipt, held_state)
    totals: dict[int, Decimal] = {
        period_id: Decimal(total)
        for period_id, total in uow.session.execute(
            select(RevenueLine.period_id, func.sum(RevenueLine.amount))
            .join(RevenuePeriod, RevenuePeriod.id == RevenueLine.period_id)
            .where(RevenueLine.revision == RevenuePeriod.revision)
            .group_by(RevenueLine.period_id)
        ).all()
    }
    statuses: list[MonthStatus] = []
    for month in reversed(rules.months_between(first, last)):
        row = rows.get(str(month))
        if row is None and month < joined:
            continue  # not due and nothing entered
        if row is not None and row.status != PeriodStatus.DRAFT.value:
            due_on = row.due_on
        else:
            rate = rate_in_force(uow, month)
            due_on = month.due_date(rate.due_day) if rate else None
        status = PeriodStatus(row.status) if row is not None else PeriodStatus.NONE
        receipt_id, state = latest.get(row.id, (None, None)) if row is not None else (None, None)
        overdue = (
            month >= joined
            and status not in (PeriodStatus.SUBMITTED, PeriodStatus.ACKNOWLEDGED)
            and due_on is not None
            and day > due_on
        )
        statuses.append(
            MonthStatus(
                period=str(month),
                status=status,
                status_label=_status_label(status, state) + (" (overdue)" if overdue else ""),
                total=totals.get(row.id, ZERO).quantize(rules.CENT) if row is not None else None,
                contribution=row.contribution if row is not None else None,
                due_on=due_on,
                overdue=overdue,
                receipt_id=receipt_id,
                allowed_actions=allowed_actions(status, actor),
            )
        )
    return statuses


# --- statement ------------------------------------------------------------------------------


def month_figures(info: PeriodInfo) -> MonthFigures:
    """A month as the statement and the year summary show it (reports get plain values)."""
    from clinicdesk.reports.revenue_statement import (
        MonthFigures,
        StatementLine,
        StatementSubmission,
    )

    return MonthFigures(
        period=info.period,
        status_label=info.status_label,
        draft=info.status is PeriodStatus.DRAFT,
        lines=[StatementLine(x.category, x.label, x.amount) for x in info.lines],
        totals=info.totals,
        total=info.total,
        contributable_categories=info.contributable_categories,
        contributable_base=info.contributable_base,
        rate=info.rate,
        rate_standard_id=info.rate_standard_id,
        rate_standard_version=info.rate_standard_version,
        rate_standard_title=info.rate_standard_title,
        contribution=info.contribution,
        allocation=info.allocation,
        fund_standard_id=info.fund_standard_id,
        fund_standard_version=info.fund_standard_version,
        due_on=info.due_on,
        submissions=[
            StatementSubmission(
                sequence=sub.sequence,
                kind_label=sub.kind_label,
                amendment_reason=sub.amendment_reason,
                amount=sub.amount,
                delta=sub.delta,
                receipt_id=sub.receipt_id,
                received_at=sub.received_at,
            )
            for sub in info.submissions
        ],
    )


@requires(Permission.VIEW_REVENUE)
def export_statement(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> bytes:
    """The month's statement as PDF bytes. Audited as an export; commits."""
    info = show(uow, actor, period, today=today)
    if PeriodAction.STATEMENT not in actions_in(info.status):
        raise ConflictError(
            _("{period} is still a draft; lock it before making its statement.").format(
                period=info.period
            ),
        )
    from clinicdesk.reports.revenue_statement import StatementDocument
    from clinicdesk.reports.revenue_statement import render as render_statement

    clinic = setup.clinic_info(uow)
    document = StatementDocument(
        clinic.name if clinic else "",
        month_figures(info),
        datetime.now(UTC),
        currency=settings.load(uow).currency,
    )
    pdf = render_statement(document)
    audit.record(
        uow,
        actor,
        "revenue.statement.export",
        ENTITY,
        info.period,
        {"bytes": len(pdf)},
    )
    uow.commit()
    return pdf


@requires(Permission.VIEW_REVENUE)
def export_year_summary(
    uow: UnitOfWork, actor: Principal, year: int, *, today: date | None = None
) -> bytes:
    """The board's yearly summary as PDF bytes: every month of `year` entered so far.
    Audited as an export; commits."""
    from clinicdesk.reports.revenue_year import YearDocument
    from clinicdesk.reports.revenue_year import render as render_year

    session = uow.session
    day = today or _today()
    if not 1900 <= int(year) <= day.year:
        raise ValidationError(
            _("{year} is not a year with revenue yet.").format(year=year), field="year"
        )
    months = [Period(int(year), m) for m in range(1, 13)]
    rows = {
        row.period: row
        for row in session.execute(
            select(RevenuePeriod).where(RevenuePeriod.period.like(f"{int(year):04d}-%"))
        ).scalars()
    }
    infos = [_period_info(uow, actor, rows[str(m)], day) for m in months if str(m) in rows]
    missing = [str(m) for m in months if str(m) not in rows and m < Period.of(day)]
    clinic = setup.clinic_info(uow)
    summary = YearDocument(
        clinic.name if clinic else "",
        int(year),
        [month_figures(info) for info in infos],
        missing,
        datetime.now(UTC),
        currency=settings.load(uow).currency,
    )
    pdf = render_year(summary)
    audit.record(uow, actor, "revenue.year_summary.export", ENTITY, str(year), {"bytes": len(pdf)})
    uow.commit()
    return pdf
