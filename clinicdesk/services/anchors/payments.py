"""Payments against invoices, and the revenue link: the payments received in a month
fill that month's `anchor_contracts` revenue line, one sub-line per organisation labelled
"<organisation> (anchor invoices)", while the month is a draft (or not entered yet). A
month that is locked, submitted or acknowledged is never changed: the payment is kept and
the result says the month's revenue was left as it was. Sub-lines a person typed by hand
(any other label) are left alone.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from clinicdesk.db.models import utcnow
from clinicdesk.db.models_anchors import (
    AnchorContract,
    AnchorInvoice,
    AnchorOrganisation,
    AnchorPayment,
)
from clinicdesk.db.models_revenue import RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.anchors import last_day
from clinicdesk.domain.money import ZERO, MoneyError, check_money, format_money, parse_money
from clinicdesk.domain.revenue import MAX_LABEL_CHARS, Line, Period
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.anchors.invoices import (
    CREDIT_NOTE,
    invoice_info,
    invoice_row,
    number_text,
)
from clinicdesk.services.anchors.types import ENTITY_INVOICE, PaymentInfo
from clinicdesk.services.revenue.common import _lines, _row, _store_lines
from clinicdesk.services.revenue.results import ENTITY as REVENUE_ENTITY
from clinicdesk.services.revenue.results import PeriodStatus, status_word

CATEGORY = "anchor_contracts"
SUFFIX = " (anchor invoices)"


def revenue_label(organisation: str) -> str:
    return f"{organisation[: MAX_LABEL_CHARS - len(SUFFIX)]}{SUFFIX}"


def is_invoice_line(line: Line) -> bool:
    return line.category == CATEGORY and line.label.endswith(SUFFIX)


def _received(uow: UnitOfWork, month: Period) -> dict[str, object]:
    rows = uow.session.execute(
        select(AnchorOrganisation.name, func.sum(AnchorPayment.amount))
        .join(AnchorInvoice, AnchorInvoice.id == AnchorPayment.invoice_id)
        .join(AnchorContract, AnchorContract.id == AnchorInvoice.contract_id)
        .join(AnchorOrganisation, AnchorOrganisation.id == AnchorContract.organisation_id)
        .where(AnchorPayment.paid_on >= month.first_day, AnchorPayment.paid_on <= last_day(month))
        .group_by(AnchorOrganisation.name)
    ).all()
    return {name: amount for name, amount in rows}


def _refresh_revenue(uow: UnitOfWork, actor: Principal, month: Period) -> str:
    """Engine-internal (the caller holds MANAGE_ANCHORS and commits): put the month's
    payments into its draft revenue. Returns what happened, for the person."""
    received = _received(uow, month)
    row = _row(uow, month)
    if row is not None and row.status != PeriodStatus.DRAFT.value:
        return _(
            "{month} is {status}: its revenue was not changed. Correct it with an "
            "amendment if the payment belongs in it."
        ).format(month=month, status=status_word(row.status))
    if row is None:
        if not received:
            return ""
        row = RevenuePeriod(period=str(month), status=PeriodStatus.DRAFT.value, revision=0)
        uow.session.add(row)
        uow.session.flush()
    kept = [line for line in _lines(uow, row, row.revision) if not is_invoice_line(line)]
    ours = [
        Line(CATEGORY, revenue_label(name), check_money(amount))  # type: ignore[arg-type]
        for name, amount in sorted(received.items())
    ]
    _store_lines(uow, row, row.revision, [*kept, *ours])
    row.updated_at = utcnow()  # bumps the version: an open editor elsewhere sees a conflict
    total = sum((line.amount for line in ours), ZERO)
    audit.record(
        uow,
        actor,
        "revenue.lines.anchor_invoices",
        REVENUE_ENTITY,
        str(month),
        {"organisations": len(ours), "total": str(total)},
    )
    return _("{month}'s draft revenue now has {total} from anchor invoices.").format(
        month=month, total=format_money(total)
    )


@requires(Permission.MANAGE_ANCHORS)
def record_payment(
    uow: UnitOfWork,
    actor: Principal,
    number: str,
    amount: str,
    paid_on: date,
    reference: str = "",
    *,
    today: date | None = None,
) -> PaymentInfo:
    """Record money received against an issued invoice (not more than it still owes) and
    bring the month it was received in up to date in the draft revenue."""
    day = today or date.today()
    row = invoice_row(uow, number)
    shown = number_text(row.number, row.kind)
    if row.kind == CREDIT_NOTE:
        raise ValidationError(
            _("{shown} is a credit note; record the payment against its invoice.").format(
                shown=shown
            )
        )
    if row.status != "issued":
        raise ConflictError(
            _("{shown} is {status}; payments are recorded against issued invoices.").format(
                shown=shown, status=row.status
            )
        )
    try:
        value = parse_money(amount)
    except MoneyError as error:
        raise ValidationError(
            _("The payment: {error}").format(error=error), field="amount"
        ) from None
    if value <= 0:
        raise ValidationError(_("A payment is more than 0.00."), field="amount")
    if paid_on > day:
        raise ValidationError(
            _("The payment date {paid_on} is in the future.").format(paid_on=format_date(paid_on)),
            field="paid_on",
        )
    info = invoice_info(uow, row, day)
    if value > info.balance:
        raise ValidationError(
            _("{shown} owes {balance}; a payment of {amount} is more than that.").format(
                shown=shown, balance=format_money(info.balance), amount=format_money(value)
            ),
            field="amount",
            hint=_("Record what belongs to this invoice; the rest belongs to another one."),
        )
    text = " ".join(reference.split())[:200]
    payment = AnchorPayment(
        invoice_id=row.id, amount=value, paid_on=paid_on, reference=text, created_by=actor.username
    )
    uow.session.add(payment)
    uow.flush()
    audit.record(
        uow,
        actor,
        "anchors.payment.record",
        ENTITY_INVOICE,
        row.uuid,
        {"number": shown, "amount": str(value), "paid_on": paid_on.isoformat(), "reference": text},
    )
    note = _refresh_revenue(uow, actor, Period.of(paid_on))
    uow.commit()
    return PaymentInfo(shown, value, paid_on, text, note)
