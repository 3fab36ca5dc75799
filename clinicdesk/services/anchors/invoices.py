"""Invoices: the monthly run per contract, issuing, voiding, reading, and the ageing.

The run is idempotent for a month: a contract's invoice for the month is made once and,
while it is a draft, its lines are worked out again from the enrolments; once issued it is
never changed — a person reported as having left earlier is credited by a credit note made
by the next run for that month, and a run that finds nothing new makes nothing. A voided
invoice (its credit notes voided first) is replaced by a new one at the next run. Numbers
come from one counter shared by invoices and credit notes and are never reused (nothing is
deleted; an invoice is voided).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from clinicdesk.db.models_anchors import (
    AnchorContract,
    AnchorEnrolment,
    AnchorInvoice,
    AnchorInvoiceCounter,
    AnchorInvoiceLine,
    AnchorOrganisation,
    AnchorPayment,
)
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.anchors import (
    AGEING_BUCKETS,
    MINIMUM_KEY,
    Enrolment,
    InvoiceState,
    LineDraft,
    ageing_bucket,
    credit_lines,
    invoice_state,
    last_day,
    month_lines,
    total_of,
)
from clinicdesk.domain.money import ZERO
from clinicdesk.domain.revenue import Period, RevenueInputError
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.anchors.organisations import contract_row, terms_of
from clinicdesk.services.anchors.types import (
    ENTITY_INVOICE,
    AgeingRow,
    InvoiceInfo,
    InvoiceLineInfo,
    InvoiceRunResult,
    PaymentInfo,
)


def parse_month(text: str) -> Period:
    try:
        return Period.parse(text)
    except RevenueInputError as error:
        raise ValidationError(str(error), field="period") from None


INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


def number_text(number: int, kind: str) -> str:
    return f"{'CN' if kind == CREDIT_NOTE else 'INV'}-{number:06d}"


def parse_number(text: str) -> int:
    cleaned = text.strip().upper()
    for prefix in ("INV-", "CN-", "INV", "CN"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :]
            break
    if not cleaned.isdigit():
        raise ValidationError(
            _("“{text}” is not an invoice number. Write it as printed, e.g. INV-000012.").format(
                text=text
            )
        )
    return int(cleaned)


def _take_numbers(uow: UnitOfWork, count: int) -> list[int]:
    """`count` new numbers: one UPDATE of the counter row (a row lock on PostgreSQL, the
    write lock on SQLite), so two workstations never get the same ones."""
    if count == 0:
        return []
    session = uow.session
    if session.get(AnchorInvoiceCounter, 1) is None:  # a database made without migrations
        session.add(AnchorInvoiceCounter(id=1, last_number=0))
        session.flush()
    session.execute(
        update(AnchorInvoiceCounter)
        .where(AnchorInvoiceCounter.id == 1)
        .values(last_number=AnchorInvoiceCounter.last_number + count)
    )
    last = session.execute(
        select(AnchorInvoiceCounter.last_number).where(AnchorInvoiceCounter.id == 1)
    ).scalar_one()
    return list(range(int(last) - count + 1, int(last) + 1))


def _enrolments(
    uow: UnitOfWork, contract_ids: Sequence[int], month: Period
) -> dict[int, list[Enrolment]]:
    query = (
        select(
            AnchorEnrolment.contract_id,
            AnchorEnrolment.patient_id,
            AnchorEnrolment.start_on,
            AnchorEnrolment.end_on,
            AnchorEnrolment.dependant,
            Patient.given_names,
            Patient.family_name,
            Patient.birth_date,
        )
        .join(Patient, Patient.id == AnchorEnrolment.patient_id)
        .where(
            AnchorEnrolment.contract_id.in_(contract_ids),
            AnchorEnrolment.start_on <= last_day(month),
            or_(AnchorEnrolment.end_on.is_(None), AnchorEnrolment.end_on >= month.first_day),
        )
    )
    found: dict[int, list[Enrolment]] = defaultdict(list)
    for cid, pid, start, end, dependant, given, family, birth in uow.session.execute(query):
        found[cid].append(
            Enrolment(str(pid), f"{given} {family}".strip(), birth, start, end, bool(dependant))
        )
    return found


def _line_values(invoice_id: int, lines: Iterable[LineDraft]) -> list[dict[str, Any]]:
    return [
        {
            "invoice_id": invoice_id,
            "line_key": line.key,
            "description": line.description[:420],
            "first_day": line.first_day,
            "last_day": line.last_day,
            "days": line.days,
            "rate": line.rate,
            "amount": line.amount,
        }
        for line in lines
    ]


def _stored_lines(uow: UnitOfWork, invoice_ids: Sequence[int]) -> dict[int, list[LineDraft]]:
    found: dict[int, list[LineDraft]] = defaultdict(list)
    if not invoice_ids:
        return found
    rows = uow.session.execute(
        select(
            AnchorInvoiceLine.invoice_id,
            AnchorInvoiceLine.line_key,
            AnchorInvoiceLine.description,
            AnchorInvoiceLine.first_day,
            AnchorInvoiceLine.last_day,
            AnchorInvoiceLine.days,
            AnchorInvoiceLine.rate,
            AnchorInvoiceLine.amount,
        )
        .where(AnchorInvoiceLine.invoice_id.in_(invoice_ids))
        .order_by(AnchorInvoiceLine.id)
    )
    for invoice_id, key, text, first, last, days, rate, amount in rows:
        found[invoice_id].append(LineDraft(key, text, first, last, days, rate, amount))
    return found


def _replace_lines(uow: UnitOfWork, invoice: AnchorInvoice, lines: list[LineDraft]) -> None:
    uow.session.execute(delete(AnchorInvoiceLine).where(AnchorInvoiceLine.invoice_id == invoice.id))
    values = _line_values(invoice.id, lines)
    if values:
        uow.session.execute(insert(AnchorInvoiceLine), values)
    invoice.total = total_of(lines)


@requires(Permission.MANAGE_ANCHORS)
def run_invoices(
    uow: UnitOfWork, actor: Principal, period: str, *, contract: str | None = None
) -> InvoiceRunResult:
    """Make or bring up to date the month's invoices (drafts) for every contract in force
    that month (or the one named), and credit notes for invoices already issued."""
    month = parse_month(period)
    query = select(AnchorContract).where(
        AnchorContract.start_on <= last_day(month),
        or_(AnchorContract.end_on.is_(None), AnchorContract.end_on >= month.first_day),
    )
    if contract:
        query = query.where(AnchorContract.id == contract_row(uow, contract).id)
    contracts = list(uow.session.execute(query.order_by(AnchorContract.reference)).scalars())
    ids = [c.id for c in contracts]
    people = _enrolments(uow, ids, month) if ids else {}
    existing = (
        list(
            uow.session.execute(
                select(AnchorInvoice).where(
                    AnchorInvoice.contract_id.in_(ids), AnchorInvoice.period == str(month)
                )
            ).scalars()
        )
        if ids
        else []
    )
    by_contract: dict[int, list[AnchorInvoice]] = defaultdict(list)
    for invoice in existing:
        by_contract[invoice.contract_id].append(invoice)
    stored = _stored_lines(uow, [i.id for i in existing if i.status != "void"])
    plans = {c.id: month_lines(terms_of(c), month, people.get(c.id, [])) for c in contracts}

    def current(c: AnchorContract) -> AnchorInvoice | None:
        """The contract's invoice for the month that is not void (at most one)."""
        alive = [i for i in by_contract[c.id] if i.kind == INVOICE and i.status != "void"]
        return alive[0] if alive else None

    new_invoices = [c for c in contracts if current(c) is None and plans[c.id]]
    credit_notes: list[tuple[AnchorContract, list[LineDraft], AnchorInvoice | None]] = []
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    unbilled: list[str] = []
    for c in contracts:
        main = current(c)
        if main is None:
            continue
        lines = plans[c.id]
        if main.status == "draft":
            if stored.get(main.id, []) != lines:
                _replace_lines(uow, main, lines)
                updated.append(number_text(main.number, INVOICE))
            else:
                unchanged.append(number_text(main.number, INVOICE))
            continue
        billed: dict[str, Decimal] = defaultdict(lambda: ZERO)
        names: dict[str, str] = {}
        draft_note = None
        for invoice in [main, *(i for i in by_contract[c.id] if i.kind == CREDIT_NOTE)]:
            if invoice.status == "void":
                continue
            if invoice.kind == CREDIT_NOTE and invoice.status == "draft":
                draft_note = invoice
            for line in stored.get(invoice.id, []):
                billed[line.key] += line.amount
                if invoice.kind == INVOICE:
                    names[line.key] = line.description
        credits = credit_lines(billed, lines, names)
        unbilled += [
            line.description
            for line in lines
            if line.key != MINIMUM_KEY and line.amount > billed.get(line.key, ZERO)
        ]
        if credits:
            credit_notes.append((c, credits, draft_note))
        else:
            unchanged.append(number_text(main.number, INVOICE))
    numbers = _take_numbers(uow, len(new_invoices) + sum(1 for n in credit_notes if n[2] is None))
    taken = iter(numbers)
    for c in new_invoices:
        invoice = AnchorInvoice(
            number=next(taken),
            contract_id=c.id,
            period=str(month),
            sequence=max((i.sequence + 1 for i in by_contract[c.id]), default=0),
            kind=INVOICE,
            status="draft",
            total=total_of(plans[c.id]),
            created_by=actor.username,
        )
        uow.session.add(invoice)
        uow.session.flush()
        uow.session.execute(insert(AnchorInvoiceLine), _line_values(invoice.id, plans[c.id]))
        created.append(number_text(invoice.number, INVOICE))
    notes: list[str] = []
    for c, credits, draft_note in credit_notes:
        if draft_note is not None:
            _replace_lines(
                uow, draft_note, [*_stored_lines(uow, [draft_note.id])[draft_note.id], *credits]
            )
            notes.append(number_text(draft_note.number, draft_note.kind))
            continue
        sequence = max(i.sequence for i in by_contract[c.id]) + 1
        note = AnchorInvoice(
            number=next(taken),
            contract_id=c.id,
            period=str(month),
            sequence=sequence,
            kind=CREDIT_NOTE,
            status="draft",
            total=total_of(credits),
            created_by=actor.username,
        )
        uow.session.add(note)
        uow.session.flush()
        uow.session.execute(insert(AnchorInvoiceLine), _line_values(note.id, credits))
        notes.append(number_text(note.number, CREDIT_NOTE))
    total = sum((total_of(plans[c.id]) for c in contracts), ZERO)
    audit.record(
        uow,
        actor,
        "anchors.invoices.run",
        ENTITY_INVOICE,
        str(month),
        {
            "created": created,
            "updated": updated,
            "credit_notes": notes,
            "contracts": len(ids),
            "not_billed": len(unbilled),
        },
    )
    uow.commit()
    return InvoiceRunResult(str(month), created, updated, unchanged, notes, total, unbilled)


def _invoice_row(uow: UnitOfWork, number: str | int) -> AnchorInvoice:
    value = number if isinstance(number, int) else parse_number(number)
    row = uow.session.execute(
        select(AnchorInvoice).where(AnchorInvoice.number == value)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError(
            _("There is no invoice or credit note number {number}.").format(number=value),
            hint=_("`clinicdesk anchors invoices list` shows the numbers."),
        )
    return row


@requires(Permission.MANAGE_ANCHORS)
def issue_invoices(
    uow: UnitOfWork,
    actor: Principal,
    period: str | None,
    *,
    numbers: Sequence[str] = (),
    today: date | None = None,
) -> list[str]:
    """Issue the drafts of a month (or the ones numbered): dated today, due after the
    contract's payment terms. An issued invoice is never changed again."""
    day = today or date.today()
    if numbers:
        rows = [_invoice_row(uow, n) for n in numbers]
    elif period:
        rows = list(
            uow.session.execute(
                select(AnchorInvoice)
                .where(AnchorInvoice.period == str(parse_month(period)))
                .order_by(AnchorInvoice.number)
            ).scalars()
        )
    else:
        raise ValidationError(_("Say which month's invoices (or which numbers) to issue."))
    issued: list[str] = []
    for row in rows:
        if row.status != "draft":
            if numbers:
                raise ConflictError(
                    _("{number} is {status}; only a draft can be issued.").format(
                        number=number_text(row.number, row.kind), status=row.status
                    )
                )
            continue
        terms = uow.session.get(AnchorContract, row.contract_id)
        assert terms is not None
        row.status = "issued"
        row.issued_on = day
        row.due_on = day + timedelta(days=terms.payment_days)
        issued.append(number_text(row.number, row.kind))
    if issued:
        audit.record(
            uow,
            actor,
            "anchors.invoices.issue",
            ENTITY_INVOICE,
            period or "",
            {"numbers": issued, "on": day.isoformat()},
        )
    uow.commit()
    return issued


@requires(Permission.MANAGE_ANCHORS)
def void_invoice(uow: UnitOfWork, actor: Principal, number: str, reason: str) -> InvoiceInfo:
    """Void an invoice or credit note with no payment against it. Its number is kept."""
    row = _invoice_row(uow, number)
    text = " ".join(reason.split())
    if not text:
        raise ValidationError(_("Say why the invoice is voided."), field="reason")
    if row.status == "void":
        raise ConflictError(
            _("{number} is already void.").format(number=number_text(row.number, row.kind))
        )
    paid = uow.session.execute(
        select(func.count()).where(AnchorPayment.invoice_id == row.id)
    ).scalar_one()
    if paid:
        raise ConflictError(
            _("{number} has payments recorded against it; it cannot be voided.").format(
                number=number_text(row.number, row.kind)
            ),
            hint=_("Issue a credit note instead (correct the enrolments and run the month again)."),
        )
    if row.kind == INVOICE:
        notes = uow.session.execute(
            select(AnchorInvoice.number).where(
                AnchorInvoice.contract_id == row.contract_id,
                AnchorInvoice.period == row.period,
                AnchorInvoice.kind == CREDIT_NOTE,
                AnchorInvoice.status != "void",
            )
        ).scalars()
        live = [number_text(n, CREDIT_NOTE) for n in notes]
        if live:
            raise ConflictError(
                _("{number} has credit notes ({live}); void them first.").format(
                    number=number_text(row.number, row.kind), live=", ".join(live)
                )
            )
    row.status = "void"
    audit.record(
        uow,
        actor,
        "anchors.invoice.void",
        ENTITY_INVOICE,
        row.uuid,
        {"number": number_text(row.number, row.kind), "reason": text},
    )
    uow.flush()
    info = _infos(uow, [row], date.today(), with_lines=True)[0]
    uow.commit()
    return info


def _infos(
    uow: UnitOfWork, rows: Sequence[AnchorInvoice], today: date, *, with_lines: bool = False
) -> list[InvoiceInfo]:
    if not rows:
        return []
    session = uow.session
    ids = [r.id for r in rows]
    paid: dict[int, Decimal] = dict(
        session.execute(
            select(AnchorPayment.invoice_id, func.sum(AnchorPayment.amount))
            .where(AnchorPayment.invoice_id.in_(ids))
            .group_by(AnchorPayment.invoice_id)
        ).all()
    )
    keys = {(r.contract_id, r.period) for r in rows}
    family = list(
        session.execute(
            select(AnchorInvoice).where(
                AnchorInvoice.contract_id.in_({k[0] for k in keys}),
                AnchorInvoice.period.in_({k[1] for k in keys}),
            )
        ).scalars()
    )
    credited: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    main_number: dict[tuple[int, str], int] = {}
    for inv in sorted(family, key=lambda i: i.sequence):
        if inv.kind == CREDIT_NOTE and inv.status == "issued":
            credited[(inv.contract_id, inv.period)] -= inv.total
        if inv.kind == INVOICE and (
            inv.status != "void" or (inv.contract_id, inv.period) not in main_number
        ):
            main_number[(inv.contract_id, inv.period)] = inv.number
    names = dict(
        session.execute(
            select(AnchorContract.id, AnchorContract.reference).where(
                AnchorContract.id.in_({r.contract_id for r in rows})
            )
        ).all()
    )
    orgs = dict(
        session.execute(
            select(AnchorContract.id, AnchorOrganisation.name)
            .join(AnchorOrganisation, AnchorOrganisation.id == AnchorContract.organisation_id)
            .where(AnchorContract.id.in_({r.contract_id for r in rows}))
        ).all()
    )
    lines = _stored_lines(uow, ids) if with_lines else {}
    payments: dict[int, list[PaymentInfo]] = defaultdict(list)
    if with_lines:
        for p in session.execute(
            select(AnchorPayment)
            .where(AnchorPayment.invoice_id.in_(ids))
            .order_by(AnchorPayment.id)
        ).scalars():
            inv = next(r for r in rows if r.id == p.invoice_id)
            payments[p.invoice_id].append(
                PaymentInfo(number_text(inv.number, inv.kind), p.amount, p.paid_on, p.reference)
            )
    infos: list[InvoiceInfo] = []
    for r in rows:
        key = (r.contract_id, r.period)
        paid_amount = paid.get(r.id, ZERO)
        is_note = r.kind == CREDIT_NOTE
        credit = credited[key] if not is_note and r.status != "void" else ZERO
        state = (
            InvoiceState(r.status)
            if is_note
            else invoice_state(r.status, r.total, credit, paid_amount, r.due_on, today)
        )
        infos.append(
            InvoiceInfo(
                id=r.id,
                number=number_text(r.number, r.kind),
                credit_note=is_note,
                credits=number_text(main_number[key], INVOICE)
                if is_note and key in main_number
                else None,
                contract=names[r.contract_id],
                organisation=orgs[r.contract_id],
                period=r.period,
                status=r.status,
                state=state,
                total=r.total,
                credited=credit,
                paid=paid_amount,
                issued_on=r.issued_on,
                due_on=r.due_on,
                lines=tuple(InvoiceLineInfo(*vars_of(line)) for line in lines.get(r.id, [])),
                payments=tuple(payments.get(r.id, [])),
            )
        )
    return infos


def vars_of(line: LineDraft) -> tuple[Any, ...]:
    return (
        line.key,
        line.description,
        line.first_day,
        line.last_day,
        line.days,
        line.rate,
        line.amount,
    )


@requires(Permission.VIEW_ANCHORS)
def show_invoice(
    uow: UnitOfWork, actor: Principal, number: str, *, today: date | None = None
) -> InvoiceInfo:
    """One invoice or credit note with its lines (the people covered) and payments.
    Audited as a view of patient data; commits."""
    row = _invoice_row(uow, number)
    info = _infos(uow, [row], today or date.today(), with_lines=True)[0]
    audit.record(
        uow, actor, "anchors.invoice.view", ENTITY_INVOICE, row.uuid, {"number": info.number}
    )
    uow.commit()
    return info


@requires(Permission.VIEW_ANCHORS)
def list_invoices(
    uow: UnitOfWork,
    actor: Principal,
    *,
    period: str | None = None,
    organisation: str | None = None,
    states: Iterable[InvoiceState] = (),
    today: date | None = None,
) -> list[InvoiceInfo]:
    """Invoices and credit notes, newest number first, filtered by month, organisation
    (name) and derived state."""
    query = select(AnchorInvoice).order_by(AnchorInvoice.number.desc())
    if period:
        query = query.where(AnchorInvoice.period == str(parse_month(period)))
    if organisation:
        query = (
            query.join(AnchorContract, AnchorContract.id == AnchorInvoice.contract_id)
            .join(AnchorOrganisation, AnchorOrganisation.id == AnchorContract.organisation_id)
            .where(func.lower(AnchorOrganisation.name) == organisation.strip().lower())
        )
    rows = list(uow.session.execute(query).scalars())
    infos = _infos(uow, rows, today or date.today())
    wanted = set(states)
    return [i for i in infos if not wanted or i.state in wanted]


@requires(Permission.VIEW_ANCHORS)
def overdue_invoices(
    uow: UnitOfWork, actor: Principal, *, today: date | None = None
) -> list[InvoiceInfo]:
    """Issued invoices unpaid (even in part) past their due date: for the Today screen."""
    day = today or date.today()
    rows = list(
        uow.session.execute(
            select(AnchorInvoice)
            .where(
                AnchorInvoice.status == "issued",
                AnchorInvoice.kind == INVOICE,
                AnchorInvoice.due_on < day,
            )
            .order_by(AnchorInvoice.due_on, AnchorInvoice.number)
        ).scalars()
    )
    return [i for i in _infos(uow, rows, day) if i.state is InvoiceState.OVERDUE]


@requires(Permission.VIEW_ANCHORS)
def ageing(uow: UnitOfWork, actor: Principal, *, today: date | None = None) -> list[AgeingRow]:
    """What each organisation owes, by days past the due date."""
    day = today or date.today()
    rows = list(
        uow.session.execute(
            select(AnchorInvoice).where(
                AnchorInvoice.status == "issued", AnchorInvoice.kind == INVOICE
            )
        ).scalars()
    )
    by_org: dict[str, dict[str, Decimal]] = {}
    for info in _infos(uow, rows, day):
        if info.balance <= 0 or info.due_on is None:
            continue
        buckets = by_org.setdefault(info.organisation, dict.fromkeys(AGEING_BUCKETS, ZERO))
        buckets[ageing_bucket(info.due_on, day)] += info.balance
    return [AgeingRow(org, by_org[org]) for org in sorted(by_org, key=str.casefold)]


def invoice_row(uow: UnitOfWork, number: str | int) -> AnchorInvoice:
    """Engine-internal: the invoice numbered (NotFoundError otherwise)."""
    return _invoice_row(uow, number)


def invoice_info(uow: UnitOfWork, row: AnchorInvoice, today: date) -> InvoiceInfo:
    """Engine-internal: one invoice with its lines and payments."""
    return _infos(uow, [row], today, with_lines=True)[0]
