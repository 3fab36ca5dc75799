"""The register as CSV: export it, and import a legacy register with its share history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text

from clinicdesk.db.bulk import insert_rows
from clinicdesk.db.models import new_uuid, utcnow
from clinicdesk.db.models_members import Member, MemberClass, ShareClass, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.members import (
    EntryType,
    LedgerReplay,
    MemberDates,
    MemberRuleError,
    ShareClassRule,
)
from clinicdesk.domain.money import MoneyError, parse_money
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, StorageError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit, requires
from clinicdesk.services.files import atomic_file, check_folder
from clinicdesk.services.members.common import (
    DEFAULT_MEMBER_CLASSES,
    DEFAULT_SHARE_CLASSES,
    _clean,
    _last_register_no,
    _next_register_no,
    _rules,
    _share_classes,
    ensure_defaults,
)
from clinicdesk.services.members.enrolment import _check_request, _member_values
from clinicdesk.services.members.ledger import _price, _require_approved
from clinicdesk.services.members.register import _register
from clinicdesk.services.members.results import EnrolRequest, ImportReport

EXPORT_HEADER = [
    "register_no",
    "name",
    "member_class",
    "status",
    "applied_on",
    "approved_on",
    "left_on",
    "shares",
    "paid_up",
    "may_vote",
    "holdings",
]


@requires(Permission.VIEW_MEMBERS)
def export_csv(
    uow: UnitOfWork, actor: Principal, path: Path, as_of: date, *, include_former: bool = True
) -> int:
    """Write the register as of a date to a CSV file (atomically). Audited."""
    target = check_folder(path)
    register = _register(uow, as_of, include_former=include_former, voters_only=False)
    with atomic_file(target) as tmp, tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(EXPORT_HEADER)
        for line in register.lines:
            writer.writerow(
                [
                    line.register_no,
                    line.name,
                    line.member_class,
                    line.status.value,
                    line.applied_on.isoformat(),
                    line.approved_on.isoformat() if line.approved_on else "",
                    line.left_on.isoformat() if line.left_on else "",
                    line.shares,
                    line.paid_up,
                    "yes" if line.may_vote else "no",
                    " ".join(f"{h.share_class}:{h.shares}/{h.paid}" for h in line.holdings),
                ]
            )
    audit.record(
        uow,
        actor,
        "member.export",
        "register",
        as_of.isoformat(),
        {"rows": len(register.lines), "file": target.name},
    )
    uow.commit()
    return len(register.lines)


IMPORT_COLUMNS = [
    "record",  # member | share
    "register_no",
    "family_name",
    "given_names",
    "organisation_name",
    "member_class",
    "email",
    "phone",
    "applied_on",
    "approved_on",
    "approval_ref",
    "end_on",
    "leave_reason",
    "type",  # subscribe | pay | transfer | redeem
    "effective_on",
    "share_class",
    "quantity",
    "amount",
    "counterpart_register_no",
]


class _Rejected(Exception):
    pass


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Every row of the file, read whole before anything is written: a file with a
    column named twice, a row cut short or a quote never closed is refused outright."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv_safe.StrictDictReader(handle)
            missing = [c for c in ("record", "register_no") if c not in reader.fieldnames]
            if missing:
                raise ValidationError(
                    _("The file has no column {missing}.").format(missing=", ".join(missing)),
                    hint=_("The columns are: {columns}.").format(columns=", ".join(IMPORT_COLUMNS)),
                )
            names = reader.fieldnames
            # Only the fields with something in them: a legacy row fills few of its columns.
            return [
                (line, {k: v.strip() for k, v in zip(names, fields, strict=False) if k and v})
                for line, fields in reader.rows()
            ]
    except csv_safe.CsvShapeError as error:
        raise ValidationError(
            _("{name} {error}").format(name=Path(path).name, error=error),
            hint=_("Nothing was imported."),
        ) from None
    except FileNotFoundError:
        raise ValidationError(_("There is no file {path}.").format(path=path)) from None
    except UnicodeDecodeError:
        raise ValidationError(_("{path} is not a UTF-8 text file.").format(path=path)) from None
    except OSError as error:
        raise StorageError(
            _("Could not read {path}: {strerror}").format(
                path=path, strerror=error.strerror or error
            )
        ) from error


# A register repeats its dates and amounts: each distinct text is parsed once (both are
# pure functions of the text). The value, or what is wrong with the text (None: no date).
@lru_cache(maxsize=4096)
def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _amount_or_error(text: str) -> Decimal | str:
    try:
        return parse_money(text)
    except MoneyError as error:
        return str(error)


def _parse_date(text: str, what: str, line: int, *, required: bool = True) -> date | None:
    if not text:
        if required:
            raise _Rejected(_("line {line}: {what} is missing").format(line=line, what=what))
        return None
    day = _date_or_none(text)
    if day is None:
        raise _Rejected(
            _("line {line}: {what} “{text}” is not a date (YYYY-MM-DD)").format(
                line=line, what=what, text=text
            )
        )
    return day


def _parse_int(text: str, what: str, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise _Rejected(
            _("line {line}: {what} “{text}” is not a whole number").format(
                line=line, what=what, text=text
            )
        ) from None


def _parse_money(text: str, line: int) -> Decimal:
    amount = _amount_or_error(text)
    if isinstance(amount, str):
        raise _Rejected(_("line {line}: the amount {amount}").format(line=line, amount=amount))
    return amount


@dataclass
class _NewMember:
    """A member row that passed its checks: the columns to insert, and the ledger so far
    as the rules see it while the file's history is replayed."""

    register_no: int
    member_class: str
    approved_on: date | None
    values: dict[str, Any]
    replay: LedgerReplay  # sees no end date: leaving redemptions replay first


@dataclass(frozen=True)
class _NewEntry:
    """One ledger entry to insert. `linked` is the index of a transfer's first leg."""

    register_no: int
    type: EntryType
    effective_on: date
    share_class: str
    quantity: int
    amount: Decimal
    counterpart: int | None = None
    approval_ref: str | None = None
    linked: int | None = None


@dataclass
class _Plan:
    """The whole file, checked: members by register number and the ledger in the order
    it is written."""

    members: dict[int, _NewMember] = field(default_factory=dict)
    entries: list[_NewEntry] = field(default_factory=list)


@requires(Permission.MANAGE_MEMBERS)
def import_csv(
    uow: UnitOfWork, actor: Principal, path: Path, *, commit: bool = False
) -> ImportReport:
    """Import a legacy register: member rows and their share history. Members are entered
    in register-number order and the share history replayed in date order, each entry
    checked like one made by hand.

    The whole file is checked before anything is written, so a bad row anywhere is
    refused at the cost of reading the file and nothing is stored. Only then, with
    `commit=True`, is everything inserted in bulk in the caller's transaction and
    audited; `commit=False` (the preview) reports what would be imported and writes
    nothing."""
    report = ImportReport()
    plan = _check_file(uow, Path(path), report)
    if plan.members:
        report.first_register_no, report.last_register_no = min(plan.members), max(plan.members)
    if report.errors or not commit:
        return report
    _store(uow, actor, plan)
    audit.record(
        uow,
        actor,
        "member.import",
        "register",
        Path(path).name,
        {"members": report.members, "entries": report.entries},
    )
    uow.commit()
    report.committed = True
    return report


def _member_classes(uow: UnitOfWork) -> dict[str, bool]:
    """Member class code -> is an organisation's; the defaults `ensure_defaults` would
    add when the register has none yet."""
    stored = {r.code: r.is_organisation for r in uow.session.execute(select(MemberClass)).scalars()}
    return stored or {code: org for code, _name, org in DEFAULT_MEMBER_CLASSES}


def _share_class_rules(uow: UnitOfWork) -> dict[str, ShareClassRule]:
    stored = _rules(_share_classes(uow))
    return stored or {
        code: ShareClassRule(code, price, minimum, frozenset(c for c in eligible.split(",") if c))
        for code, _name, price, minimum, eligible in DEFAULT_SHARE_CLASSES
    }


def _check_file(uow: UnitOfWork, path: Path, report: ImportReport) -> _Plan:
    """Read and check every row, writing nothing: the members that would be entered and
    the ledger entries, each checked by the rules against the history before it. Every
    refusal goes to `report.errors` as "line N: what is wrong"."""
    member_rows: list[tuple[int, dict[str, str]]] = []
    share_rows: list[tuple[int, dict[str, str]]] = []
    for line, row in _csv_rows(path):
        kind = row.get("record", "").lower()
        if kind == "member":
            member_rows.append((line, row))
        elif kind in ("share", "ledger"):
            share_rows.append((line, row))
        else:
            report.errors.append(
                _("line {line}: record must be member or share, not “{kind}”").format(
                    line=line, kind=kind
                )
            )
    plan = _Plan()
    member_classes = _member_classes(uow)
    # Members, by register number; the numbers must be new and unique.
    numbers: dict[int, int] = {}
    parsed: list[tuple[int, int, dict[str, str]]] = []
    last = _last_register_no(uow)
    for line, row in member_rows:
        try:
            number = _parse_int(row.get("register_no", ""), "register_no", line)
            if number <= 0:
                raise _Rejected(_("line {line}: register_no must be positive").format(line=line))
            if number in numbers:
                raise _Rejected(
                    _(
                        "line {line}: register number {number} is already used on line {other}"
                    ).format(line=line, number=number, other=numbers[number])
                )
            if number <= last:
                raise _Rejected(
                    _(
                        "line {line}: register number {number} has already been handed out in "
                        "this register (numbers up to {last} are taken and never reused)"
                    ).format(line=line, number=number, last=last)
                )
            if row.get("member_class", "").lower() not in member_classes:
                raise _Rejected(
                    _(
                        "line {line}: unknown member class “{member_class}” "
                        "(classes: {member_classes})"
                    ).format(
                        line=line,
                        member_class=row.get("member_class", ""),
                        member_classes=", ".join(sorted(member_classes)),
                    )
                )
            numbers[number] = line
            parsed.append((number, line, row))
        except _Rejected as error:
            report.errors.append(str(error))
    leaves_on: dict[int, date] = {}
    consent_at = utcnow()
    rules_ = _share_class_rules(uow)
    for number, line, row in sorted(parsed, key=lambda t: t[0]):
        try:
            member = _check_member(row, line, number, member_classes, rules_, consent_at)
        except _Rejected as error:
            report.errors.append(str(error))
            continue
        if member.values["end_on"] is not None:
            leaves_on[number] = member.values["end_on"]  # the replay may redeem all that day
        plan.members[number] = member
        report.members += 1
    # Share history in date order (file order within a day), each checked by the rules;
    # end dates count only after the history, so that leaving redemptions replay first.
    dated: list[tuple[date, int, dict[str, str]]] = []
    for line, row in share_rows:
        try:
            day = _parse_date(row.get("effective_on", ""), "effective_on", line)
            assert day is not None
            dated.append((day, line, row))
        except _Rejected as error:
            report.errors.append(str(error))
    for day, line, row in sorted(dated, key=lambda t: (t[0], t[1])):
        try:
            _check_entry_row(plan, rules_, leaves_on, day, line, row)
            report.entries += 1
        except _Rejected as error:
            report.errors.append(str(error))
    return plan


def _check_member(
    row: dict[str, str],
    line: int,
    number: int,
    member_classes: Mapping[str, bool],
    share_classes: Mapping[str, ShareClassRule],
    consent_at: datetime,
) -> _NewMember:
    applied = _parse_date(row.get("applied_on", ""), "applied_on", line)
    assert applied is not None
    approved = _parse_date(row.get("approved_on", ""), "approved_on", line, required=False)
    ended = _parse_date(row.get("end_on", ""), "end_on", line, required=False)
    if approved is not None and approved < applied:
        raise _Rejected(_("line {line}: approved_on is before applied_on").format(line=line))
    if ended is not None and ended < applied:
        raise _Rejected(_("line {line}: end_on is before applied_on").format(line=line))
    request = EnrolRequest(
        family_name=row.get("family_name", ""),
        given_names=row.get("given_names", ""),
        member_class=row.get("member_class", "").lower(),
        applied_on=applied,
        organisation_name=row.get("organisation_name") or None,
        email=row.get("email") or None,
        phone=row.get("phone") or None,
        consent_bylaws=True,
        consent_data=True,
    )
    try:
        _check_request(request, member_classes)
    except ValidationError as error:
        raise _Rejected(
            _("line {line}: {message}").format(line=line, message=error.message)
        ) from None
    values = _member_values(request, number, consent_at=consent_at)
    values.update(
        uuid=new_uuid(),
        approved_on=approved,
        approval_ref=_clean(row.get("approval_ref"), 100)
        or ("legacy register" if approved else None),
        end_on=ended,
        cancelled_on=None,
        leave_reason=(_clean(row.get("leave_reason"), 500) or "legacy register")
        if ended is not None
        else None,
        created_at=consent_at,
        updated_at=consent_at,
        version=1,
    )
    return _NewMember(
        number,
        request.member_class,
        approved,
        values,
        LedgerReplay(MemberDates(applied, approved), request.member_class, share_classes),
    )


def _check_entry_row(
    plan: _Plan,
    rules_: Mapping[str, ShareClassRule],
    leaves_on: Mapping[int, date],
    day: date,
    line: int,
    row: dict[str, str],
) -> None:
    """Check one share row against the ledger so far and add its entries to the plan."""
    number = _parse_int(row.get("register_no", ""), "register_no", line)
    member = plan.members.get(number)
    if member is None:
        raise _Rejected(
            _("line {line}: no member row for register number {number}").format(
                line=line, number=number
            )
        )
    kind = row.get("type", "").lower()
    code = row.get("share_class", "").upper()
    share_class = rules_.get(code)
    if share_class is None:
        raise _Rejected(
            _("line {line}: unknown share class “{share_class}”").format(
                line=line, share_class=row.get("share_class", "")
            )
        )
    ref = row.get("approval_ref") or "legacy register"
    found: ShareClassRule = share_class

    def append(
        who: _NewMember,
        entry_type: EntryType,
        quantity: int,
        amount: Decimal,
        *,
        counterpart: int | None = None,
        approval_ref: str | None = None,
        linked: int | None = None,
        leaving: bool = False,
    ) -> int:
        """One entry of this row's date and class, checked against `who`'s ledger so
        far; its index in the plan."""
        try:
            who.replay.add(entry_type, day, found.code, quantity, amount, leaving=leaving)
        except MemberRuleError as error:
            raise _Rejected(
                _("line {line}: Member {register_no}: {message}").format(
                    line=line, register_no=who.register_no, message=error.message
                )
            ) from None
        index = len(plan.entries)
        plan.entries.append(
            _NewEntry(
                who.register_no,
                entry_type,
                day,
                found.code,
                quantity,
                amount,
                counterpart,
                _clean(approval_ref, 100),
                linked,
            )
        )
        return index

    try:
        if kind == "subscribe":
            _require_approved(member, day)
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _parse_money(
                row.get("amount") or str(_price(share_class, max(quantity, 0))), line
            )
            append(member, EntryType.SUBSCRIBE, quantity, amount, approval_ref=ref)
        elif kind == "pay":
            amount = _parse_money(row.get("amount", ""), line)
            append(member, EntryType.PAY, 0, amount)
        elif kind == "redeem":
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _price(share_class, quantity)
            ending = leaves_on.get(number) == day
            append(member, EntryType.REDEEM, quantity, amount, approval_ref=ref, leaving=ending)
        elif kind == "transfer":
            to_number = _parse_int(
                row.get("counterpart_register_no", ""), "counterpart_register_no", line
            )
            receiver = plan.members.get(to_number)
            if receiver is None or to_number == number:
                raise _Rejected(
                    _("line {line}: no member {to_number} to transfer to").format(
                        line=line, to_number=to_number
                    )
                )
            _require_approved(receiver, day)
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _price(share_class, quantity)
            out = append(
                member,
                EntryType.TRANSFER_OUT,
                quantity,
                amount,
                counterpart=to_number,
                approval_ref=ref,
            )
            append(
                receiver,
                EntryType.TRANSFER_IN,
                quantity,
                amount,
                counterpart=number,
                approval_ref=ref,
                linked=out,
            )
        else:
            raise _Rejected(
                _(
                    "line {line}: type must be subscribe, pay, transfer or redeem, not “{kind}”"
                ).format(line=line, kind=kind)
            )
    except ValidationError as error:
        raise _Rejected(
            _("line {line}: {message}").format(line=line, message=error.message)
        ) from None


def _store(uow: UnitOfWork, actor: Principal, plan: _Plan) -> None:
    """Insert the checked plan in bulk, with ids reserved beforehand: a ledger entry
    names its member, and a transfer's second leg its first, in the same statement."""
    ensure_defaults(uow)
    session = uow.session
    if plan.members:
        _claim_register_numbers(uow, min(plan.members), max(plan.members))
    numbers = sorted(plan.members)
    member_ids = dict(zip(numbers, _reserve_ids(uow, "member", len(numbers)), strict=True))
    conn = session.connection()
    member_table = cast(Table, Member.__table__)
    if numbers:
        columns = ["id", *plan.members[numbers[0]].values]
        insert_rows(
            conn,
            member_table,
            columns,
            [(member_ids[n], *plan.members[n].values.values()) for n in numbers],
        )
    if not plan.entries:
        return
    class_ids = {code: id_ for code, id_ in session.execute(select(ShareClass.code, ShareClass.id))}
    ids = _reserve_ids(uow, "share_event", len(plan.entries))
    insert_rows(
        conn,
        cast(Table, ShareEvent.__table__),
        _ENTRY_COLUMNS,
        [
            (
                ids[index],
                member_ids[entry.register_no],
                entry.type.value,
                entry.effective_on,
                class_ids[entry.share_class],
                entry.quantity,
                entry.amount,
                member_ids[entry.counterpart] if entry.counterpart is not None else None,
                entry.approval_ref,
                ids[entry.linked] if entry.linked is not None else None,
            )
            for index, entry in enumerate(plan.entries)
        ],
        {"created_by": actor.username, "created_at": utcnow()},
    )


_ENTRY_COLUMNS = [
    "id",
    "member_id",
    "type",
    "effective_on",
    "share_class_id",
    "quantity",
    "amount",
    "counterpart_member_id",
    "approval_ref",
    "linked_id",
]  # note and reverses_id: NULL for an imported entry


def _claim_register_numbers(uow: UnitOfWork, lowest: int, highest: int) -> None:
    """Move the register counter past the file's numbers (holding its lock until the
    commit), and refuse if another workstation handed out any of them meanwhile."""
    top = _next_register_no(uow, at_least=highest)
    stored = uow.session.execute(
        select(func.coalesce(func.max(Member.register_no), 0))
    ).scalar_one()
    if top != highest or int(stored) >= lowest:
        raise ConflictError(
            _(
                "Someone enrolled a member while the register was being imported, and the "
                "numbers the file uses are no longer free."
            ),
            hint=_("Nothing was imported. Import the file again."),
        )


def _reserve_ids(uow: UnitOfWork, table: str, count: int) -> list[int]:
    """`count` new ids for `table`, taken before its rows are inserted. PostgreSQL hands
    them out from the table's sequence (safe beside other writers); SQLite's write lock,
    held by the unit of work from its start, makes max(id) + 1 onwards safe."""
    session = uow.session
    if uow.dialect == "postgresql":
        return list(
            session.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"table": table, "count": count},
            ).scalars()
        )
    top = session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + count))
