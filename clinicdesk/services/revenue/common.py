"""What the revenue services share: reading what people type, the standards in force
(stored or shipped), and the month's rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select

from clinicdesk.db import outbox
from clinicdesk.db.models import OutboxMessage, Standard
from clinicdesk.db.models_revenue import ContributionSubmissionRow, RevenueLine, RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import revenue as rules
from clinicdesk.domain.revenue import ZERO, Line, Period, RevenueInputError
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConfigurationError, NotFoundError, ValidationError
from clinicdesk.federation.schemas import (
    AmendmentReason,
    ContributionRateStandard,
    FundAllocationStandard,
    StandardDocument,
    StandardKind,
)
from clinicdesk.i18n import _
from clinicdesk.services import federation_store as store
from clinicdesk.services import settings
from clinicdesk.services.revenue.results import (
    LineInfo,
    PeriodInfo,
    PeriodStatus,
    RateInfo,
    SubmissionInfo,
    allowed_actions,
)

# --- parsing ------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(UTC).date()


def parse_period(text: str, *, today: date | None = None, allow_future: bool = False) -> Period:
    try:
        return Period.parse(text, today=None if allow_future else (today or _today()))
    except RevenueInputError as error:
        raise ValidationError(str(error), field="period") from None


def parse_lines(texts: Iterable[str]) -> list[Line]:
    """'CATEGORY=AMOUNT' or 'CATEGORY/SUB-LINE=AMOUNT' each; the first bad one is refused."""
    lines = []
    for text in texts:
        try:
            lines.append(rules.parse_line(text))
        except RevenueInputError as error:
            raise ValidationError(str(error), field="line") from None
    return lines


def table_lines(
    rows: Iterable[tuple[str, str, str]], *, amending: PeriodInfo | None = None
) -> list[Line]:
    """The lines of the month's table, one (category code, sub-line name or "", amount as
    typed) per row, each amount read by the one money rule. A row without an amount is no
    line; a row named but without an amount, or a line given twice, is refused with its
    row number. When `amending` a month, a line it had that the table no longer gives an
    amount becomes zero: an amendment keeps every line it is not given, so leaving it out
    would keep the old amount."""
    lines: list[Line] = []
    seen: set[tuple[str, str]] = set()
    for number, (category, name, amount) in enumerate(rows, start=1):
        if not amount.strip():
            if name.strip():
                raise ValidationError(
                    _("Row {number}: “{name}” has no amount.").format(
                        number=number, name=name.strip()
                    ),
                    field="line",
                    hint=_("Give it an amount (0 is fine), or remove the row."),
                )
            continue
        try:
            line = rules.make_line(category, name, amount)
        except RevenueInputError as error:
            raise ValidationError(
                _("Row {number}: {error}").format(number=number, error=error), field="line"
            ) from None
        key = (line.category, line.label)
        if key in seen:
            shown = rules.category_name(line.category) + (f" / {line.label}" if line.label else "")
            raise ValidationError(
                _("Row {number}: {shown} is given twice.").format(number=number, shown=shown),
                field="line",
                hint=_("Put its whole amount on one row, or give the sub-line another name."),
            )
        seen.add(key)
        lines.append(line)
    if amending is not None:
        lines.extend(
            Line(old.category, old.label, ZERO)
            for old in amending.lines
            if (old.category, old.label) not in seen
        )
    return lines


def parse_reason(text: str | AmendmentReason) -> AmendmentReason:
    try:
        return AmendmentReason(str(text).strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(r.value for r in AmendmentReason)
        raise ValidationError(
            _("“{text}” is not an amendment reason. Reasons are: {names}.").format(
                text=text, names=names
            ),
            field="reason",
        ) from None


# --- standards ----------------------------------------------------------------------------


_CACHE_KEY = "revenue.standards"


def _versions(uow: UnitOfWork, kind: StandardKind) -> list[tuple[StandardDocument, date | None]]:
    """Every stored version of `kind` with its retirement date, read once per session: a
    status listing or the demo asks about many months. Standards change only through a
    sync (another session) or `load_default_standards` in `_freeze`, which clears this."""
    cache: dict[str, list[tuple[StandardDocument, date | None]]] = uow.session.info.setdefault(
        _CACHE_KEY, {}
    )
    if kind.value not in cache:
        rows = uow.session.execute(select(Standard).where(Standard.kind == kind.value)).scalars()
        cache[kind.value] = [(store.document_of(row), row.retired_on) for row in rows]
    return cache[kind.value]


def _documents_in_force(uow: UnitOfWork, kind: StandardKind, day: date) -> list[StandardDocument]:
    """The newest version of each standard of `kind` in force on `day` (as
    `federation_store.standards_in_force` decides), newest-starting first."""
    newest: dict[str, StandardDocument] = {}
    for document, retired_on in _versions(uow, kind):
        if not document.in_force_on(day) or (retired_on is not None and retired_on <= day):
            continue
        held = newest.get(document.id)
        if held is None or held.version < document.version:
            newest[document.id] = document
    documents = list(newest.values())
    if not documents and outbox.get_cursor(uow, outbox.STANDARDS) is None:
        # Not connected yet (nothing pulled): the standards shipped with the program apply.
        documents = store.shipped_in_force(kind, day)
    # Several in force at once: the one that started last is the one meant.
    return sorted(documents, key=lambda d: (d.effective_from, d.id), reverse=True)


def rate_in_force(uow: UnitOfWork, period: Period) -> RateInfo | None:
    """Engine-internal. The contribution rate that applies to the month, if any."""
    for document in _documents_in_force(uow, StandardKind.CONTRIBUTION_RATE, period.first_day):
        assert isinstance(document, ContributionRateStandard)
        rule = document.rule
        return RateInfo(
            document.id,
            document.version,
            rule.rate,
            tuple(c.value for c in rule.contributable_categories),
            rule.due_day,
        )
    return None


def _require_rate(uow: UnitOfWork, period: Period) -> RateInfo:
    rate = rate_in_force(uow, period)
    if rate is None:
        raise ConfigurationError(
            _(
                "No contribution-rate standard is in force for {period}, so its contribution "
                "cannot be computed."
            ).format(period=period),
            hint=_(
                "Sync with the federation hub to receive the current standards, then try "
                "again. Nothing was changed."
            ),
        )
    return rate


def _fund_in_force(uow: UnitOfWork, period: Period) -> FundAllocationStandard | None:
    for document in _documents_in_force(uow, StandardKind.FUND_ALLOCATION, period.first_day):
        assert isinstance(document, FundAllocationStandard)
        return document
    return None


def _allocate(fund: FundAllocationStandard | None, amount: Decimal) -> dict[str, Decimal] | None:
    """The contract's largest-remainder split: parts add up exactly to `amount`."""
    if fund is None:
        return None
    return {part.value: value for part, value in fund.rule.allocate(amount).items()}


# --- rows ---------------------------------------------------------------------------------


def _row(uow: UnitOfWork, period: Period) -> RevenuePeriod | None:
    return uow.session.execute(
        select(RevenuePeriod).where(RevenuePeriod.period == str(period))
    ).scalar_one_or_none()


def _require_row(uow: UnitOfWork, period: Period) -> RevenuePeriod:
    row = _row(uow, period)
    if row is None:
        raise NotFoundError(
            _("No revenue has been entered for {period}.").format(period=period),
            hint=_("Enter the month's lines first (revenue set or revenue import)."),
        )
    return row


def _lines(uow: UnitOfWork, row: RevenuePeriod, revision: int) -> list[Line]:
    rows = uow.session.execute(
        select(RevenueLine).where(RevenueLine.period_id == row.id, RevenueLine.revision == revision)
    ).scalars()
    return rules.merge_lines(Line(r.category, r.label, r.amount) for r in rows)


def _store_lines(
    uow: UnitOfWork, row: RevenuePeriod, revision: int, lines: Iterable[Line], *, new: bool = False
) -> None:
    """Replace the lines of one revision (`new`: there are none yet)."""
    if not new:
        uow.session.execute(
            delete(RevenueLine).where(
                RevenueLine.period_id == row.id, RevenueLine.revision == revision
            )
        )
    values = [
        {
            "period_id": row.id,
            "revision": revision,
            "category": line.category,
            "label": line.label,
            "amount": line.amount,
        }
        for line in rules.merge_lines(lines)
    ]
    if values:
        uow.session.execute(insert(RevenueLine), values)


def _submissions(uow: UnitOfWork, row: RevenuePeriod) -> list[SubmissionInfo]:
    pairs = uow.session.execute(
        select(ContributionSubmissionRow, OutboxMessage)
        .outerjoin(OutboxMessage, OutboxMessage.id == ContributionSubmissionRow.outbox_message_id)
        .where(ContributionSubmissionRow.period_id == row.id)
        .order_by(ContributionSubmissionRow.sequence)
    ).all()
    return [_submission_info(sub, message) for sub, message in pairs]


def _decimals(values: object) -> dict[str, Decimal]:
    assert isinstance(values, dict)
    return {str(key): Decimal(str(value)) for key, value in values.items()}


def _submission_info(
    sub: ContributionSubmissionRow, message: OutboxMessage | None
) -> SubmissionInfo:
    return SubmissionInfo(
        sequence=sub.sequence,
        revision=sub.revision,
        amendment_reason=sub.amendment_reason,
        revenue_by_category=_decimals(sub.revenue_by_category),
        contributable_base=sub.contributable_base,
        rate=sub.rate,
        rate_standard_id=sub.rate_standard_id,
        rate_standard_version=sub.rate_standard_version,
        amount=sub.amount,
        delta=sub.delta,
        allocation=_decimals(sub.allocation) if sub.allocation is not None else None,
        idempotency_key=sub.idempotency_key,
        outbox_state=message.state if message is not None else None,
        last_error=message.last_error if message is not None else None,
        receipt_id=sub.receipt_id,
        received_at=sub.received_at,
        created_at=sub.created_at,
        created_by=sub.created_by,
    )


def _infos(lines: Iterable[Line]) -> list[LineInfo]:
    return [LineInfo(line.category, line.label, line.amount) for line in lines]


def _period_info(uow: UnitOfWork, actor: Principal, row: RevenuePeriod, today: date) -> PeriodInfo:
    period = Period.parse(row.period)
    lines = _lines(uow, row, row.revision)
    totals = rules.totals_by_category(lines)
    status = PeriodStatus(row.status)
    if status is PeriodStatus.DRAFT:
        # A preview under the standards in force; nothing is stored until the lock.
        rate = rate_in_force(uow, period)
        contributable: tuple[str, ...] = rate.contributable if rate else ()
        base = rules.contributable_base(totals, contributable) if rate else None
        amount = rules.contribution(base, rate.rate) if rate and base is not None else None
        fund = _fund_in_force(uow, period)
        allocation = _allocate(fund, amount) if amount is not None else None
        figures: dict[str, Any] = {
            "contributable_categories": contributable,
            "contributable_base": base,
            "rate": rate.rate if rate else None,
            "rate_standard_id": rate.standard_id if rate else None,
            "rate_standard_version": rate.version if rate else None,
            "contribution": amount,
            "allocation": allocation,
            "fund_standard_id": fund.id if fund else None,
            "fund_standard_version": fund.version if fund else None,
            "due_on": period.due_date(rate.due_day) if rate else None,
        }
    else:
        figures = {
            "contributable_categories": tuple(_strings(row.contributable_categories)),
            "contributable_base": row.contributable_base,
            "rate": row.rate,
            "rate_standard_id": row.rate_standard_id,
            "rate_standard_version": row.rate_standard_version,
            "contribution": row.contribution,
            "allocation": _decimals(row.allocation) if row.allocation is not None else None,
            "fund_standard_id": row.fund_standard_id,
            "fund_standard_version": row.fund_standard_version,
            "due_on": row.due_on,
        }
    figures["rate_standard_title"] = standard_title(
        uow, figures["rate_standard_id"], figures["rate_standard_version"]
    )
    submissions = _submissions(uow, row)
    due_on = figures["due_on"]
    return PeriodInfo(
        period=row.period,
        status=status,
        revision=row.revision,
        lines=_infos(lines),
        totals=totals,
        total=sum(totals.values(), ZERO),
        overdue=bool(
            not submissions
            and due_on is not None
            and today > due_on
            and Period.parse(row.period) >= settings.joined_month(uow, today=today)
        ),
        unfinished=Period.parse(row.period) >= Period.of(today),
        locked_at=row.locked_at,
        locked_by=row.locked_by,
        submissions=submissions,
        original_lines=_infos(_lines(uow, row, 0)) if row.revision else _infos(lines),
        allowed_actions=allowed_actions(status, actor),
        **figures,
    )


def standard_title(uow: UnitOfWork, standard_id: str | None, version: int | None) -> str | None:
    """The title of a standard version, stored or (before the first sync) shipped with
    the program, in the language ClinicDesk speaks now; None when neither has it."""
    if not standard_id or version is None:
        return None
    own = uow.session.execute(
        select(Standard.title).where(
            Standard.standard_id == standard_id, Standard.version == version
        )
    ).scalar_one_or_none()
    if own is None:
        try:
            shipped = store.shipped_standards()
        except ConfigurationError:  # no shipped standards beside the program
            shipped = ()
        own = next((d.title for d in shipped if d.id == standard_id and d.version == version), None)
    if own is None:
        return None
    return store.standard_texts(uow).title(standard_id, version, own)


def _strings(values: object) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list | tuple) else []
