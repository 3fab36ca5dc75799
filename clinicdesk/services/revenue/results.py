"""The month's states and the plain results the revenue services return."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.i18n import N_, _
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


class PeriodAction(enum.StrEnum):
    """What a person can do to a month; `allowed_actions` says which, by state and role."""

    ENTER = "enter"  # type or import the lines of a draft (or of a month not yet entered)
    LOCK = "lock"
    UNLOCK = "unlock"  # back to a draft: locked but not yet submitted
    SUBMIT = "submit"
    AMEND = "amend"
    STATEMENT = "statement"  # the PDF statement of a locked or submitted month


_ACTIONS_BY_STATUS: dict[PeriodStatus, frozenset[PeriodAction]] = {
    PeriodStatus.NONE: frozenset({PeriodAction.ENTER}),
    PeriodStatus.DRAFT: frozenset({PeriodAction.ENTER, PeriodAction.LOCK}),
    PeriodStatus.LOCKED: frozenset(
        {PeriodAction.UNLOCK, PeriodAction.SUBMIT, PeriodAction.STATEMENT}
    ),
    PeriodStatus.SUBMITTED: frozenset({PeriodAction.AMEND, PeriodAction.STATEMENT}),
    PeriodStatus.ACKNOWLEDGED: frozenset({PeriodAction.AMEND, PeriodAction.STATEMENT}),
}
"""The month's state machine: draft -> locked -> submitted -> acknowledged, amendments
from submitted or acknowledged (and back to submitted until the new receipt); a locked
month not yet submitted can be unlocked back to a draft."""

_PERMISSION_FOR = {
    PeriodAction.ENTER: Permission.MANAGE_REVENUE,
    PeriodAction.LOCK: Permission.MANAGE_REVENUE,
    PeriodAction.UNLOCK: Permission.MANAGE_REVENUE,
    PeriodAction.SUBMIT: Permission.MANAGE_REVENUE,
    PeriodAction.AMEND: Permission.MANAGE_REVENUE,
    PeriodAction.STATEMENT: Permission.VIEW_REVENUE,
}


def actions_in(status: PeriodStatus) -> frozenset[PeriodAction]:
    """What the state allows, whoever asks (the services check it before every change)."""
    return _ACTIONS_BY_STATUS[status]


def allowed_actions(status: PeriodStatus, actor: Principal) -> frozenset[PeriodAction]:
    """What `actor` may do to a month in `status`: the state allows it and the role may."""
    return frozenset(a for a in actions_in(status) if actor.can(_PERMISSION_FOR[a]))


_STATUS_LABELS = {
    PeriodStatus.DRAFT: N_("draft"),
    PeriodStatus.LOCKED: N_("locked"),
    PeriodStatus.SUBMITTED: N_("submitted"),
    PeriodStatus.ACKNOWLEDGED: N_("acknowledged"),
    PeriodStatus.NONE: N_("not entered"),
}


def status_word(status: str) -> str:
    """A month's stored status (`locked`) as people read it, for messages."""
    try:
        return _(_STATUS_LABELS[PeriodStatus(status)])
    except ValueError:
        return status


def _status_label(status: PeriodStatus, outbox_state: str | None) -> str:
    """How a month's status reads; a submitted month says where its latest submission
    is (waiting to send, stopped, discarded, or sent and waiting for the receipt)."""
    if status is not PeriodStatus.SUBMITTED:
        return _(_STATUS_LABELS[status])
    if outbox_state == store.OutboxState.DEAD.value:
        return _("submitted — stopped, needs a person (see Federation → Outbox)")
    if outbox_state == store.OutboxState.DISCARDED.value:
        return _("submitted — discarded from the outbox, not sent")
    if outbox_state == store.OutboxState.SENT.value:
        return _("submitted — sent, waiting for the receipt")
    return _("submitted — waiting to send")


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
        if self.sequence == 0:
            return _("original")
        return _("amendment {sequence}").format(sequence=self.sequence)


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
    unfinished: bool = False
    """The month is not over yet (this month): locking it now needs a confirmation."""
    submissions: list[SubmissionInfo] = field(default_factory=list)
    original_lines: list[LineInfo] = field(default_factory=list)
    allowed_actions: frozenset[PeriodAction] = frozenset()
    """What the person who asked may do to the month now (`allowed_actions`)."""
    rate_standard_title: str | None = None
    """The rate standard's title in the reader's language; None when the clinic does not
    hold that version (the id and version still name it)."""

    @property
    def status_label(self) -> str:
        state = self.submissions[-1].outbox_state if self.submissions else None
        return _status_label(self.status, state)

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
            "unfinished": self.unfinished,
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
    allowed_actions: frozenset[PeriodAction] = frozenset()

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
