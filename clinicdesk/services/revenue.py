"""Monthly revenue close and the contribution to the federation fund (issue 5).

The month's life: lines are entered by hand (`set_lines`) or imported from an accounting
CSV export (`preview_csv`, then `import_csv`) while it is a draft; `lock` freezes them and
computes the contribution under the `contribution_rate` standard in force for the month
(its id and version recorded) and the fund allocation under the `fund_allocation`
standard; `submit` writes the submission and its outbox message in one transaction; the
sync engine sends it with its idempotency key and, in the transaction that marks the
message sent, `record_receipt` copies the hub's receipt onto the submission. Corrections
after submitting are amendments (`amend`): a new revision of the lines and a new
submission with the next sequence and its delta; the original is never edited.

Until the clinic has pulled standards from its hub, the standards shipped in
`resources/standards` apply (they are stored when a month is locked, so the version a
month was computed with is always in the `standard` table).
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, func, insert, select

from clinicdesk.db import outbox
from clinicdesk.db.models import OutboxMessage, Standard, utcnow
from clinicdesk.db.models_revenue import ContributionSubmissionRow, RevenueLine, RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import revenue as rules
from clinicdesk.domain.revenue import CATEGORY_CODES, ZERO, Line, Period, RevenueInputError
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConfigurationError, ConflictError, NotFoundError, ValidationError
from clinicdesk.federation.packages import load_standards
from clinicdesk.federation.schemas import (
    AmendmentReason,
    ContributionRateStandard,
    ContributionReceipt,
    ContributionSubmission,
    FundAllocationStandard,
    RevenueCategory,
    StandardDocument,
    StandardKind,
    StandardRef,
)
from clinicdesk.services import audit, requires, setup
from clinicdesk.services import federation_store as store

CONTRIBUTION_KIND = "contribution"
"""The outbox kind the sync engine sends as a contribution (services.sync.CONTRIBUTION;
a test keeps the two equal — importing sync here would make a cycle)."""

ENTITY = "revenue_period"


class PeriodStatus(enum.StrEnum):
    DRAFT = "draft"
    LOCKED = "locked"
    SUBMITTED = "submitted"  # the latest submission has no receipt yet
    ACKNOWLEDGED = "acknowledged"  # the hub's receipt for the latest submission is stored
    NONE = "none"  # no revenue entered for the month (status listing only)


_STATUS_LABELS = {
    PeriodStatus.DRAFT: "draft",
    PeriodStatus.LOCKED: "locked",
    PeriodStatus.SUBMITTED: "submitted",
    PeriodStatus.ACKNOWLEDGED: "acknowledged",
    PeriodStatus.NONE: "not entered",
}


def _status_label(status: PeriodStatus, outbox_state: str | None) -> str:
    """How a month's status reads; a submitted month says where its latest submission
    is (waiting to send, stopped, discarded, or sent and waiting for the receipt)."""
    label = _STATUS_LABELS[status]
    if status is not PeriodStatus.SUBMITTED:
        return label
    if outbox_state == store.OutboxState.DEAD.value:
        return f"{label} — stopped, needs a person (see Federation → Outbox)"
    if outbox_state == store.OutboxState.DISCARDED.value:
        return f"{label} — discarded from the outbox, not sent"
    if outbox_state == store.OutboxState.SENT.value:
        return f"{label} — sent, waiting for the receipt"
    return f"{label} — waiting to send"


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInfo:
    category: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class RateInfo:
    """The contribution-rate standard that applies to a month."""

    standard_id: str
    version: int
    rate: Decimal
    contributable: tuple[str, ...]
    due_day: int


@dataclass(frozen=True)
class SubmissionInfo:
    sequence: int
    revision: int
    amendment_reason: str | None
    revenue_by_category: dict[str, Decimal]
    contributable_base: Decimal
    rate: Decimal
    rate_standard_id: str
    rate_standard_version: int
    amount: Decimal
    delta: Decimal
    allocation: dict[str, Decimal] | None
    idempotency_key: str
    outbox_state: str | None
    last_error: str | None
    receipt_id: str | None
    received_at: datetime | None
    created_at: datetime
    created_by: str

    @property
    def waiting_to_send(self) -> bool:
        return self.receipt_id is None

    @property
    def kind_label(self) -> str:
        return "original" if self.sequence == 0 else f"amendment {self.sequence}"


@dataclass(frozen=True)
class PeriodInfo:
    """A month as the UI, the CLI and the statement show it. For a draft the figures are
    a preview under the rate in force (None when there is none)."""

    period: str
    status: PeriodStatus
    revision: int
    lines: list[LineInfo]
    totals: dict[str, Decimal]
    total: Decimal
    contributable_categories: tuple[str, ...]
    contributable_base: Decimal | None
    rate: Decimal | None
    rate_standard_id: str | None
    rate_standard_version: int | None
    contribution: Decimal | None
    allocation: dict[str, Decimal] | None
    fund_standard_id: str | None
    fund_standard_version: int | None
    due_on: date | None
    overdue: bool
    locked_at: datetime | None
    locked_by: str | None
    submissions: list[SubmissionInfo] = field(default_factory=list)
    original_lines: list[LineInfo] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        state = self.submissions[-1].outbox_state if self.submissions else None
        return _status_label(self.status, state)

    @property
    def editable(self) -> bool:
        return self.status is PeriodStatus.DRAFT

    @property
    def amendable(self) -> bool:
        return self.status in (PeriodStatus.SUBMITTED, PeriodStatus.ACKNOWLEDGED)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "status": self.status.value,
            "status_label": self.status_label,
            "revision": self.revision,
            "lines": [_line_json(line) for line in self.lines],
            "totals": _money_json(self.totals),
            "total": str(self.total),
            "contributable_categories": list(self.contributable_categories),
            "contributable_base": _opt(self.contributable_base),
            "rate": _opt(self.rate),
            "rate_standard": (
                {"id": self.rate_standard_id, "version": self.rate_standard_version}
                if self.rate_standard_id
                else None
            ),
            "contribution": _opt(self.contribution),
            "allocation": _money_json(self.allocation) if self.allocation is not None else None,
            "fund_standard": (
                {"id": self.fund_standard_id, "version": self.fund_standard_version}
                if self.fund_standard_id
                else None
            ),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "overdue": self.overdue,
            "locked_at": _time_json(self.locked_at),
            "locked_by": self.locked_by,
            "submissions": [_submission_json(s) for s in self.submissions],
        }


@dataclass(frozen=True)
class MonthStatus:
    period: str
    status: PeriodStatus
    status_label: str
    total: Decimal | None
    contribution: Decimal | None
    due_on: date | None
    overdue: bool
    receipt_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "status": self.status.value,
            "status_label": self.status_label,
            "total": _opt(self.total),
            "contribution": _opt(self.contribution),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "overdue": self.overdue,
            "receipt_id": self.receipt_id,
        }


@dataclass(frozen=True)
class ColumnMapping:
    """Which CSV columns hold what (header names, any case). `label` is optional."""

    category: str = "category"
    amount: str = "amount"
    label: str | None = "label"


@dataclass(frozen=True)
class ImportPreview:
    period: str
    rows_read: int
    lines: list[LineInfo]
    totals: dict[str, Decimal]
    total: Decimal
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows_read > 0


@dataclass(frozen=True)
class Statement:
    """Everything the monthly statement PDF shows."""

    clinic_name: str
    period: PeriodInfo
    generated_at: datetime


@dataclass(frozen=True)
class YearSummary:
    """Everything the yearly summary PDF shows: the months entered, in order."""

    clinic_name: str
    year: int
    months: list[PeriodInfo]
    missing: list[str]
    generated_at: datetime


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _money_json(values: Mapping[str, Decimal]) -> dict[str, str]:
    return {key: str(value) for key, value in values.items()}


def _time_json(value: datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=UTC).isoformat()


def _line_json(line: LineInfo) -> dict[str, str]:
    return {"category": line.category, "label": line.label, "amount": str(line.amount)}


def _submission_json(s: SubmissionInfo) -> dict[str, Any]:
    return {
        "sequence": s.sequence,
        "amendment_reason": s.amendment_reason,
        "revenue_by_category": _money_json(s.revenue_by_category),
        "contributable_base": str(s.contributable_base),
        "rate": str(s.rate),
        "rate_standard": {"id": s.rate_standard_id, "version": s.rate_standard_version},
        "amount": str(s.amount),
        "delta": str(s.delta),
        "allocation": _money_json(s.allocation) if s.allocation is not None else None,
        "idempotency_key": s.idempotency_key,
        "outbox_state": s.outbox_state,
        "receipt_id": s.receipt_id,
        "received_at": _time_json(s.received_at),
        "created_at": _time_json(s.created_at),
        "created_by": s.created_by,
    }


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


def parse_reason(text: str | AmendmentReason) -> AmendmentReason:
    try:
        return AmendmentReason(str(text).strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(r.value for r in AmendmentReason)
        raise ValidationError(
            f"“{text}” is not an amendment reason. Reasons are: {names}.", field="reason"
        ) from None


# --- standards ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _shipped_standards() -> tuple[StandardDocument, ...]:
    return tuple(load_standards(store.default_standards_dir()))


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
        documents = [d for d in _shipped_standards() if d.kind == kind and d.in_force_on(day)]
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
            f"No contribution-rate standard is in force for {period}, so its contribution "
            "cannot be computed.",
            hint="Sync with the federation hub to receive the current standards, then try "
            "again. Nothing was changed.",
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
            f"No revenue has been entered for {period}.",
            hint="Enter the month's lines first (revenue set or revenue import).",
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


def _period_info(uow: UnitOfWork, row: RevenuePeriod, today: date) -> PeriodInfo:
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
    submissions = _submissions(uow, row)
    due_on = figures["due_on"]
    return PeriodInfo(
        period=row.period,
        status=status,
        revision=row.revision,
        lines=_infos(lines),
        totals=totals,
        total=sum(totals.values(), ZERO),
        overdue=bool(not submissions and due_on is not None and today > due_on),
        locked_at=row.locked_at,
        locked_by=row.locked_by,
        submissions=submissions,
        original_lines=_infos(_lines(uow, row, 0)) if row.revision else _infos(lines),
        **figures,
    )


def _strings(values: object) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list | tuple) else []


# --- entering the month -----------------------------------------------------------------


def _editable_row(uow: UnitOfWork, period: Period) -> RevenuePeriod:
    row = _row(uow, period)
    if row is None:
        row = RevenuePeriod(period=str(period), status=PeriodStatus.DRAFT.value, revision=0)
        uow.session.add(row)
        uow.session.flush()
        return row
    if row.status != PeriodStatus.DRAFT.value:
        raise ConflictError(
            f"{period} is {row.status}; its lines can no longer be changed.",
            hint="Correct a submitted month with an amendment.",
        )
    return row


def _replace_draft_lines(
    uow: UnitOfWork,
    actor: Principal,
    period: Period,
    lines: Sequence[Line],
    action: str,
    details: dict[str, object],
) -> RevenuePeriod:
    if not lines:
        raise ValidationError("Enter at least one line (a month with no revenue: other=0).")
    row = _editable_row(uow, period)
    _store_lines(uow, row, row.revision, lines)
    row.updated_at = utcnow()  # bumps the version: a stale editor elsewhere gets a conflict
    totals = rules.totals_by_category(lines)
    audit.record(
        uow,
        actor,
        action,
        ENTITY,
        str(period),
        {**details, "lines": len(lines), "total": str(sum(totals.values(), ZERO))},
    )
    uow.session.flush()
    return row


@requires(Permission.MANAGE_REVENUE)
def set_lines(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    lines: Sequence[Line],
    *,
    today: date | None = None,
) -> PeriodInfo:
    """Replace a draft month's lines (creating the month). Refused once it is locked."""
    month = parse_period(period, today=today)
    row = _replace_draft_lines(uow, actor, month, list(lines), "revenue.lines.set", {})
    info = _period_info(uow, row, today or _today())
    uow.commit()
    return info


def _csv_reader(data: str) -> Any:
    text = data.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def csv_columns(data: str) -> list[str]:
    """The header of a CSV file's text (for choosing the column mapping)."""
    header = next(_csv_reader(data), None)
    return [name.strip() for name in header] if header else []


def _read_csv(data: str, mapping: ColumnMapping) -> tuple[int, list[Line], list[str]]:
    reader = _csv_reader(data)
    header = next(reader, None)
    if not header:
        return 0, [], ["The file is empty."]
    names = [name.strip().lower() for name in header]

    def column(name: str | None, required: bool) -> int | None:
        if name is None:
            return None
        wanted = name.strip().lower()
        if wanted in names:
            return names.index(wanted)
        if required:
            raise ValidationError(
                f"The file has no column “{name}”. Its columns are: "
                f"{', '.join(h.strip() for h in header)}.",
                hint="Say which columns hold the category and the amount "
                "(--category-column, --amount-column).",
            )
        return None

    category_at = column(mapping.category, True)
    amount_at = column(mapping.amount, True)
    label_at = column(mapping.label, False)
    assert category_at is not None and amount_at is not None
    lines: list[Line] = []
    problems: list[str] = []
    rows = 0
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        rows += 1
        cells = record + [""] * (len(names) - len(record))
        label = cells[label_at] if label_at is not None else ""
        try:
            lines.append(rules.make_line(cells[category_at], label, cells[amount_at]))
        except RevenueInputError as error:
            problems.append(f"Row {number}: {error}")
    if rows == 0:
        problems.append("The file has a header but no rows.")
    return rows, rules.merge_lines(lines), problems


@requires(Permission.MANAGE_REVENUE)
def preview_csv(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    data: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
) -> ImportPreview:
    """What importing `data` (the CSV file's text) would enter, with every problem found.
    Stores nothing."""
    month = parse_period(period, today=today)
    existing = _row(uow, month)
    if existing is not None and existing.status != PeriodStatus.DRAFT.value:
        raise ConflictError(
            f"{month} is {existing.status}; its lines can no longer be replaced by an import.",
            hint="Correct a submitted month with an amendment.",
        )
    rows, lines, problems = _read_csv(data, mapping or ColumnMapping())
    totals = rules.totals_by_category(lines)
    return ImportPreview(
        str(month), rows, _infos(lines), totals, sum(totals.values(), ZERO), problems
    )


@requires(Permission.MANAGE_REVENUE)
def import_csv(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    data: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
) -> PeriodInfo:
    """Replace a draft month's lines with the CSV's, all or nothing: any problem in any
    row refuses the whole file."""
    preview = preview_csv(uow, actor, period, data, mapping, today=today)
    if not preview.ok:
        shown = preview.problems[:10]
        more = len(preview.problems) - len(shown)
        raise ValidationError(
            "The file was not imported:\n"
            + "\n".join(shown)
            + (f"\n… and {more} more problems." if more > 0 else ""),
            hint="Correct the file (or the column mapping) and import it again. Nothing "
            "was stored.",
        )
    month = parse_period(period, today=today)
    lines = [Line(i.category, i.label, i.amount) for i in preview.lines]
    row = _replace_draft_lines(
        uow, actor, month, lines, "revenue.import", {"rows": preview.rows_read}
    )
    info = _period_info(uow, row, today or _today())
    uow.commit()
    return info


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
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> PeriodInfo:
    """Freeze a draft month's lines and compute its contribution."""
    month = parse_period(period, today=today)
    row = _require_row(uow, month)
    if row.status != PeriodStatus.DRAFT.value:
        raise ConflictError(f"{month} is already {row.status}.")
    lines = _lines(uow, row, row.revision)
    if not lines:
        raise ValidationError(f"{month} has no lines to lock.")
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
    info = _period_info(uow, row, today or _today())
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
            f"{month} was already submitted.",
            hint="To correct it, send an amendment (revenue amend).",
        )
    if row.status != PeriodStatus.LOCKED.value:
        raise ConflictError(
            f"{month} is {row.status}; lock it before submitting.",
            hint="Locking freezes the lines and computes the contribution.",
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
    info = _period_info(uow, row, today or _today())
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
    if row.status not in (PeriodStatus.SUBMITTED.value, PeriodStatus.ACKNOWLEDGED.value):
        raise ConflictError(
            f"{month} is {row.status}; only a submitted month is amended.",
            hint="Change a draft's lines directly; lock and submit it first otherwise.",
        )
    if not changes:
        raise ValidationError("Give at least one corrected line.", field="line")
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
            f"These lines leave every category total of {month} as submitted; there is "
            "nothing to amend."
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
    info = _period_info(uow, row, today or _today())
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


# --- reading --------------------------------------------------------------------------------


@requires(Permission.VIEW_REVENUE)
def show(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> PeriodInfo:
    """One month with its lines, figures, submissions and receipts."""
    month = parse_period(period, allow_future=True)
    row = _require_row(uow, month)
    return _period_info(uow, row, today or _today())


@requires(Permission.VIEW_REVENUE)
def month_statuses(
    uow: UnitOfWork,
    actor: Principal,
    *,
    today: date | None = None,
    months: int | None = None,
) -> list[MonthStatus]:
    """Every month from the first one entered (or the last `months`) to last month, newest
    first, with its due date (from the rate standard in force for it) and whether it is
    overdue: not submitted by its due date. A month entered for the current month is
    listed too."""
    day = today or _today()
    rows = {row.period: row for row in uow.session.execute(select(RevenuePeriod)).scalars()}
    last = Period.of(day).previous()
    if str(Period.of(day)) in rows:
        last = Period.of(day)
    if months is not None:
        first = last
        for _ in range(max(months, 1) - 1):
            first = first.previous()
    elif rows:
        first = min(Period.parse(p) for p in rows)
    else:
        first = last
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
        if row is not None and row.status != PeriodStatus.DRAFT.value:
            due_on = row.due_on
        else:
            rate = rate_in_force(uow, month)
            due_on = month.due_date(rate.due_day) if rate else None
        status = PeriodStatus(row.status) if row is not None else PeriodStatus.NONE
        receipt_id, state = latest.get(row.id, (None, None)) if row is not None else (None, None)
        overdue = (
            status not in (PeriodStatus.SUBMITTED, PeriodStatus.ACKNOWLEDGED)
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
            )
        )
    return statuses


# --- statement ------------------------------------------------------------------------------


@requires(Permission.VIEW_REVENUE)
def statement(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> Statement:
    """The data of a month's statement (not audited: nothing leaves the program)."""
    info = show(uow, actor, period, today=today)
    clinic = setup.clinic_info(uow)
    return Statement(clinic.name if clinic else "", info, datetime.now(UTC))


@requires(Permission.VIEW_REVENUE)
def export_statement(
    uow: UnitOfWork, actor: Principal, period: str, *, today: date | None = None
) -> bytes:
    """The month's statement as PDF bytes. Audited as an export; commits."""
    from clinicdesk.reports.revenue_statement import render

    data = statement(uow, actor, period, today=today)
    if data.period.status is PeriodStatus.DRAFT:
        raise ConflictError(
            f"{data.period.period} is still a draft; lock it before making its statement.",
        )
    pdf = render(data)
    audit.record(
        uow,
        actor,
        "revenue.statement.export",
        ENTITY,
        data.period.period,
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
    from clinicdesk.reports.revenue_year import render

    session = uow.session
    day = today or _today()
    if not 1900 <= int(year) <= day.year:
        raise ValidationError(f"{year} is not a year with revenue yet.", field="year")
    months = [Period(int(year), m) for m in range(1, 13)]
    rows = {
        row.period: row
        for row in session.execute(
            select(RevenuePeriod).where(RevenuePeriod.period.like(f"{int(year):04d}-%"))
        ).scalars()
    }
    infos = [_period_info(uow, rows[str(m)], day) for m in months if str(m) in rows]
    missing = [str(m) for m in months if str(m) not in rows and m < Period.of(day)]
    clinic = setup.clinic_info(uow)
    summary = YearSummary(
        clinic.name if clinic else "", int(year), infos, missing, datetime.now(UTC)
    )
    pdf = render(summary)
    audit.record(uow, actor, "revenue.year_summary.export", ENTITY, str(year), {"bytes": len(pdf)})
    uow.commit()
    return pdf
