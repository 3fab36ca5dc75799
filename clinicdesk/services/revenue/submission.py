"""Lock, submit and amend a month, and record the hub's receipt."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from clinicdesk.db import outbox
from clinicdesk.db.models import utcnow
from clinicdesk.db.models_revenue import ContributionSubmissionRow, RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import revenue as rules
from clinicdesk.domain.revenue import CATEGORY_CODES, Line, Period
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.federation.schemas import (
    AmendmentReason,
    ContributionReceipt,
    ContributionSubmission,
    RevenueCategory,
    StandardKind,
    StandardRef,
)
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services import federation_store as store
from clinicdesk.services.revenue.common import (
    _CACHE_KEY,
    _allocate,
    _decimals,
    _fund_in_force,
    _lines,
    _period_info,
    _require_rate,
    _require_row,
    _store_lines,
    _strings,
    _today,
    _versions,
    parse_period,
    parse_reason,
    rate_in_force,
)
from clinicdesk.services.revenue.entry import _editable_row
from clinicdesk.services.revenue.results import (
    CONTRIBUTION_KIND,
    ENTITY,
    PeriodAction,
    PeriodInfo,
    PeriodStatus,
    _money_json,
    actions_in,
    status_word,
)

# --- lock, submit, amend --------------------------------------------------------------------


def _freeze(uow: UnitOfWork, row: RevenuePeriod, period: Period, lines: Sequence[Line]) -> None:
    """Compute and store the month's figures for `lines` under the standards in force."""
    stored = [
        document
        for document, retired_on in _versions(uow, StandardKind.CONTRIBUTION_RATE)
        if document.in_force_on(period.first_day)
        and (retired_on is None or retired_on > period.first_day)
    ]
    if not stored and outbox.get_cursor(uow, outbox.STANDARDS) is None:
        store.load_default_standards(uow)  # keep the shipped version this is computed with
        uow.session.info.pop(_CACHE_KEY, None)
    rate = _require_rate(uow, period)
    totals = rules.totals_by_category(lines)
    base = rules.contributable_base(totals, rate.contributable)
    amount = rules.contribution(base, rate.rate)
    fund = _fund_in_force(uow, period)
    row.contributable_categories = list(rate.contributable)
    row.contributable_base = base
    row.rate = rate.rate
    row.rate_standard_id = rate.standard_id
    row.rate_standard_version = rate.version
    row.contribution = amount
    allocation = _allocate(fund, amount)
    row.allocation = _money_json(allocation) if allocation is not None else None
    row.fund_standard_id = fund.id if fund else None
    row.fund_standard_version = fund.version if fund else None
    row.due_on = period.due_date(rate.due_day)


@requires(Permission.MANAGE_REVENUE)
def lock(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    *,
    today: date | None = None,
    unfinished_ok: bool = False,
) -> PeriodInfo:
    """Freeze a draft month's lines and compute its contribution. This month, not over
    yet, is locked only when the caller confirmed it (`unfinished_ok`): revenue may still
    come in."""
    day = today or _today()
    month = parse_period(period, today=day)
    row = _require_row(uow, month)
    if PeriodAction.LOCK not in actions_in(PeriodStatus(row.status)):
        raise ConflictError(
            _("{month} is already {status}.").format(month=month, status=status_word(row.status))
        )
    if month >= Period.of(day) and not unfinished_ok:
        raise ConflictError(
            _("{month} is not over yet: revenue may still come in after it is locked.").format(
                month=month
            ),
            hint=_(
                "Lock it once the month has ended, or confirm that it is complete "
                "(revenue lock --unfinished)."
            ),
        )
    lines = _lines(uow, row, row.revision)
    if not lines:
        raise ValidationError(_("{month} has no lines to lock.").format(month=month))
    _freeze(uow, row, month, lines)
    row.status = PeriodStatus.LOCKED.value
    row.locked_at = utcnow()
    row.locked_by = actor.username
    audit.record(
        uow,
        actor,
        "revenue.lock",
        ENTITY,
        str(month),
        {
            "base": str(row.contributable_base),
            "rate": str(row.rate),
            "rate_standard": f"{row.rate_standard_id}@{row.rate_standard_version}",
            "contribution": str(row.contribution),
        },
    )
    uow.session.flush()
    info = _period_info(uow, actor, row, day)
    uow.commit()
    return info


@requires(Permission.MANAGE_REVENUE)
def unlock(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> PeriodInfo:
    """Take a locked month back to a draft, its lines editable again and its figures
    cleared (they are computed anew at the next lock). Only before it is submitted: after
    that a correction is an amendment. Audited with the figures it had."""
    day = today or _today()
    month = parse_period(period, allow_future=True)
    row = _require_row(uow, month)
    if PeriodAction.UNLOCK not in actions_in(PeriodStatus(row.status)):
        raise ConflictError(
            _("{month} is {status}; only a locked month not yet submitted can be unlocked.").format(
                month=month, status=status_word(row.status)
            ),
            hint=_("To correct a submitted month, send an amendment (revenue amend)."),
        )
    audit.record(
        uow,
        actor,
        "revenue.unlock",
        ENTITY,
        str(month),
        {
            "locked_by": row.locked_by,
            "contribution": str(row.contribution),
            "rate_standard": f"{row.rate_standard_id}@{row.rate_standard_version}",
        },
    )
    row.status = PeriodStatus.DRAFT.value
    row.locked_at = None
    row.locked_by = None
    row.contributable_categories = None
    row.contributable_base = None
    row.rate = None
    row.rate_standard_id = None
    row.rate_standard_version = None
    row.contribution = None
    row.allocation = None
    row.fund_standard_id = None
    row.fund_standard_version = None
    row.due_on = None
    uow.session.flush()
    info = _period_info(uow, actor, row, day)
    uow.commit()
    return info


def _payload(
    row: RevenuePeriod, lines: Sequence[Line], sequence: int, reason: AmendmentReason | None
) -> ContributionSubmission:
    totals = rules.totals_by_category(lines)
    assert row.rate is not None and row.rate_standard_id and row.rate_standard_version
    assert row.contributable_base is not None and row.contribution is not None
    return ContributionSubmission(
        period=row.period,
        sequence=sequence,
        amendment_reason=reason,
        revenue_by_category={RevenueCategory(c): totals[c] for c in CATEGORY_CODES},
        contributable_categories=tuple(
            RevenueCategory(c) for c in _strings(row.contributable_categories)
        ),
        contributable_base=row.contributable_base,
        rate_standard=StandardRef(id=row.rate_standard_id, version=row.rate_standard_version),
        rate=row.rate,
        amount=row.contribution,
    )


def _queue(
    uow: UnitOfWork,
    actor: Principal,
    row: RevenuePeriod,
    lines: Sequence[Line],
    sequence: int,
    reason: AmendmentReason | None,
    delta: Decimal,
) -> ContributionSubmissionRow:
    """The submission row and its outbox message, in the caller's transaction."""
    payload = _payload(row, lines, sequence, reason)
    key = f"contribution-{row.period}-{sequence}-{uuid.uuid4()}"
    message = store.enqueue(uow, CONTRIBUTION_KIND, f"contribution:{row.period}", payload, key)
    submission = ContributionSubmissionRow(
        period_id=row.id,
        sequence=sequence,
        revision=row.revision,
        amendment_reason=reason.value if reason else None,
        revenue_by_category=_money_json(rules.totals_by_category(lines)),
        contributable_base=payload.contributable_base,
        rate=payload.rate,
        rate_standard_id=payload.rate_standard.id,
        rate_standard_version=payload.rate_standard.version,
        amount=payload.amount,
        delta=delta,
        allocation=row.allocation,
        idempotency_key=key,
        outbox_message_id=message.id,
        created_by=actor.username,
    )
    uow.session.add(submission)
    row.status = PeriodStatus.SUBMITTED.value
    row.updated_at = utcnow()
    uow.session.flush()
    return submission


@requires(Permission.MANAGE_REVENUE)
def close_quietly(
    uow: UnitOfWork,
    actor: Principal,
    period: Period,
    lines: Sequence[Line],
    *,
    lock: bool = True,
    submit: bool = True,
) -> int | None:
    """Engine-internal, for the demo clinic: enter a new month and (with `lock`) lock and
    (with `submit`) submit it in the caller's transaction, without audit events and
    without committing.
    Returns the outbox message id of the submission; a month with no rate in force stays
    a draft (None)."""
    row = _editable_row(uow, period)
    _store_lines(uow, row, row.revision, lines, new=True)
    if not lock or rate_in_force(uow, period) is None:
        return None
    _freeze(uow, row, period, lines)
    row.status = PeriodStatus.LOCKED.value
    row.locked_at = utcnow()
    row.locked_by = actor.username
    if not submit:
        return None
    assert row.contribution is not None
    return _queue(uow, actor, row, lines, 0, None, row.contribution).outbox_message_id


@requires(Permission.MANAGE_REVENUE)
def submit(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> PeriodInfo:
    """Submit a locked month: the submission and its outbox message in one transaction.
    The sync engine sends it; until then the month shows "submitted — waiting to send"."""
    month = parse_period(period, today=today)
    row = _require_row(uow, month)
    already = uow.session.execute(
        select(func.count(ContributionSubmissionRow.id)).where(
            ContributionSubmissionRow.period_id == row.id
        )
    ).scalar_one()
    if already:
        raise ConflictError(
            _("{month} was already submitted.").format(month=month),
            hint=_("To correct it, send an amendment (revenue amend)."),
        )
    if PeriodAction.SUBMIT not in actions_in(PeriodStatus(row.status)):
        raise ConflictError(
            _("{month} is {status}; lock it before submitting.").format(
                month=month, status=status_word(row.status)
            ),
            hint=_("Locking freezes the lines and computes the contribution."),
        )
    lines = _lines(uow, row, row.revision)
    assert row.contribution is not None
    submission = _queue(uow, actor, row, lines, 0, None, row.contribution)
    audit.record(
        uow,
        actor,
        "revenue.submit",
        ENTITY,
        str(month),
        {
            "sequence": 0,
            "amount": str(submission.amount),
            "idempotency_key": submission.idempotency_key,
        },
    )
    info = _period_info(uow, actor, row, today or _today())
    uow.commit()
    return info


@requires(Permission.MANAGE_REVENUE)
def amend(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    changes: Sequence[Line],
    reason: AmendmentReason | str = AmendmentReason.REVENUE_CORRECTED,
    *,
    today: date | None = None,
) -> PeriodInfo:
    """Correct a submitted month: `changes` replace the lines with the same category and
    sub-line (the others are kept); the whole month is restated as a new revision and sent
    as the next amendment, with its delta against the previous submission. The earlier
    revisions and submissions stay as they were."""
    month = parse_period(period, today=today)
    why = parse_reason(reason)
    row = _require_row(uow, month)
    if PeriodAction.AMEND not in actions_in(PeriodStatus(row.status)):
        raise ConflictError(
            _("{month} is {status}; only a submitted month is amended.").format(
                month=month, status=status_word(row.status)
            ),
            hint=_("Change a draft's lines directly; lock and submit it first otherwise."),
        )
    if not changes:
        raise ValidationError(_("Give at least one corrected line."), field="line")
    current = {(line.category, line.label): line for line in _lines(uow, row, row.revision)}
    for line in rules.merge_lines(changes):
        current[(line.category, line.label)] = line
    lines = rules.merge_lines(current.values())
    previous = uow.session.execute(
        select(ContributionSubmissionRow)
        .where(ContributionSubmissionRow.period_id == row.id)
        .order_by(ContributionSubmissionRow.sequence.desc())
        .limit(1)
    ).scalar_one()
    before = _decimals(previous.revenue_by_category)
    after = rules.totals_by_category(lines)
    if before == after:
        raise ValidationError(
            _(
                "These lines leave every category total of {month} as submitted; there is "
                "nothing to amend."
            ).format(month=month)
        )
    row.revision += 1
    _store_lines(uow, row, row.revision, lines, new=True)
    _freeze(uow, row, month, lines)
    assert row.contribution is not None
    delta = rules.amendment_delta(
        before,
        after,
        previous.amount,
        row.contribution,
        _strings(row.contributable_categories),
    )
    submission = _queue(uow, actor, row, lines, previous.sequence + 1, why, delta.amount)
    audit.record(
        uow,
        actor,
        "revenue.amend",
        ENTITY,
        str(month),
        {
            "sequence": submission.sequence,
            "reason": why.value,
            "amount": str(submission.amount),
            "delta": str(delta.amount),
            "changed": _money_json(delta.by_category),
        },
    )
    info = _period_info(uow, actor, row, today or _today())
    uow.commit()
    return info


# --- receipts -------------------------------------------------------------------------------


def _naive_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def record_receipt(
    uow: UnitOfWork, message_id: int, receipt: BaseModel | None, *, audited: bool = True
) -> bool:
    """Engine-internal: the sync engine calls it in the transaction that marks outbox
    message `message_id` sent. Copies the hub's receipt onto the submission the message
    carries and, once the month's latest submission has its receipt, marks the month
    acknowledged. False (and nothing changed) for a message that is not a submission."""
    if not isinstance(receipt, ContributionReceipt):
        return False
    submission = uow.session.execute(
        select(ContributionSubmissionRow).where(
            ContributionSubmissionRow.outbox_message_id == message_id
        )
    ).scalar_one_or_none()
    if submission is None:
        return False
    submission.receipt_id = receipt.receipt_id
    submission.received_at = _naive_utc(receipt.received_at)
    row = uow.session.get(RevenuePeriod, submission.period_id)
    assert row is not None
    waiting = uow.session.execute(
        select(func.count(ContributionSubmissionRow.id)).where(
            ContributionSubmissionRow.period_id == row.id,
            ContributionSubmissionRow.receipt_id.is_(None),
            ContributionSubmissionRow.id != submission.id,
        )
    ).scalar_one()
    if not waiting:
        row.status = PeriodStatus.ACKNOWLEDGED.value
    if audited:
        audit.record(
            uow,
            None,
            "revenue.receipt",
            ENTITY,
            row.period,
            {"sequence": submission.sequence, "receipt_id": receipt.receipt_id},
            actor_name="sync",
        )
    uow.session.flush()
    return True
