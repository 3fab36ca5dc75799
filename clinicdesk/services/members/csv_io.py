"""The register as CSV: export it, and import a legacy register with its share history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models import utcnow
from clinicdesk.db.models_members import Member, MemberClass, ShareClass, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.members import Entry, EntryType
from clinicdesk.domain.money import MoneyError, parse_money
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit, requires
from clinicdesk.services.files import atomic_file, check_folder
from clinicdesk.services.members.common import (
    _clean,
    _last_register_no,
    _next_register_no,
    _share_classes,
    ensure_defaults,
)
from clinicdesk.services.members.enrolment import _new_member, _validate_request
from clinicdesk.services.members.ledger import _append, _price, _require_approved
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
                    f"The file has no column {', '.join(missing)}.",
                    hint=f"The columns are: {', '.join(IMPORT_COLUMNS)}.",
                )
            return [(line, {k: v.strip() for k, v in row.items() if k}) for line, row in reader]
    except csv_safe.CsvShapeError as error:
        raise ValidationError(f"{Path(path).name} {error}", hint="Nothing was imported.") from None
    except FileNotFoundError:
        raise ValidationError(f"There is no file {path}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not a UTF-8 text file.") from None
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror or error}") from error


def _parse_date(text: str, what: str, line: int, *, required: bool = True) -> date | None:
    if not text:
        if required:
            raise _Rejected(f"line {line}: {what} is missing")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Rejected(f"line {line}: {what} “{text}” is not a date (YYYY-MM-DD)") from None


def _parse_int(text: str, what: str, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise _Rejected(f"line {line}: {what} “{text}” is not a whole number") from None


def _parse_money(text: str, line: int) -> Decimal:
    try:
        return parse_money(text)
    except MoneyError as error:
        raise _Rejected(f"line {line}: the amount {error}") from None


@requires(Permission.MANAGE_MEMBERS)
def import_csv(
    uow: UnitOfWork, actor: Principal, path: Path, *, commit: bool = False
) -> ImportReport:
    """Import a legacy register: member rows and their share history. Members are entered
    in register-number order and the share history replayed in date order, each entry
    checked like one made by hand. With `commit=False` (the preview) everything is done
    and rolled back; with `commit=True` it is stored only if nothing was refused."""
    report = ImportReport()
    member_rows: list[tuple[int, dict[str, str]]] = []
    share_rows: list[tuple[int, dict[str, str]]] = []
    for line, row in _csv_rows(Path(path)):
        kind = row.get("record", "").lower()
        if kind == "member":
            member_rows.append((line, row))
        elif kind in ("share", "ledger"):
            share_rows.append((line, row))
        else:
            report.errors.append(f"line {line}: record must be member or share, not “{kind}”")
    ensure_defaults(uow)
    member_classes = {r.code for r in uow.session.execute(select(MemberClass)).scalars()}
    classes = _share_classes(uow)
    # Members, by register number; the numbers must be new and unique.
    numbers: dict[int, int] = {}
    parsed: list[tuple[int, int, dict[str, str]]] = []
    last = _last_register_no(uow)
    for line, row in member_rows:
        try:
            number = _parse_int(row.get("register_no", ""), "register_no", line)
            if number <= 0:
                raise _Rejected(f"line {line}: register_no must be positive")
            if number in numbers:
                raise _Rejected(
                    f"line {line}: register number {number} is already used on line "
                    f"{numbers[number]}"
                )
            if number <= last:
                raise _Rejected(
                    f"line {line}: register number {number} has already been handed out in "
                    f"this register (numbers up to {last} are taken and never reused)"
                )
            if row.get("member_class", "").lower() not in member_classes:
                raise _Rejected(
                    f"line {line}: unknown member class “{row.get('member_class', '')}” "
                    f"(classes: {', '.join(sorted(member_classes))})"
                )
            numbers[number] = line
            parsed.append((number, line, row))
        except _Rejected as error:
            report.errors.append(str(error))
    members: dict[int, Member] = {}
    leaves_on: dict[int, date] = {}
    leave_reasons: dict[int, str | None] = {}
    consent_at = utcnow()
    for number, line, row in sorted(parsed):
        try:
            applied = _parse_date(row.get("applied_on", ""), "applied_on", line)
            assert applied is not None
            approved = _parse_date(row.get("approved_on", ""), "approved_on", line, required=False)
            ended = _parse_date(row.get("end_on", ""), "end_on", line, required=False)
            if approved is not None and approved < applied:
                raise _Rejected(f"line {line}: approved_on is before applied_on")
            if ended is not None and ended < applied:
                raise _Rejected(f"line {line}: end_on is before applied_on")
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
                _validate_request(uow, request)
            except ValidationError as error:
                raise _Rejected(f"line {line}: {error.message}") from None
            _next_register_no(uow, at_least=number)
            member = _new_member(uow, request, number, consent_at=consent_at)
            member.approved_on = approved
            member.approval_ref = _clean(row.get("approval_ref"), 100) or (
                "legacy register" if approved else None
            )
            if ended is not None:
                leaves_on[number] = ended  # the replay may redeem everything that day
                leave_reasons[number] = _clean(row.get("leave_reason"), 500)
            members[number] = member
            report.members += 1
        except _Rejected as error:
            report.errors.append(str(error))
    # Share history in date order (file order within a day), each checked by the rules;
    # end dates are applied after the history so that leaving redemptions replay first.
    ledgers: dict[int, list[Entry]] = defaultdict(list)
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
            _import_entry(uow, actor, members, classes, ledgers, leaves_on, day, line, row)
            report.entries += 1
        except _Rejected as error:
            report.errors.append(str(error))
    for number, ended in leaves_on.items():
        leaver = members[number]
        leaver.end_on = ended
        leaver.leave_reason = leave_reasons.get(number) or "legacy register"
    uow.flush()
    if members:
        report.first_register_no, report.last_register_no = min(members), max(members)
    if report.errors or not commit:
        return report  # the unit of work rolls everything back
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


def _import_entry(
    uow: UnitOfWork,
    actor: Principal,
    members: Mapping[int, Member],
    classes: Mapping[str, ShareClass],
    ledgers: dict[int, list[Entry]],
    leaves_on: Mapping[int, date],
    day: date,
    line: int,
    row: dict[str, str],
) -> None:
    number = _parse_int(row.get("register_no", ""), "register_no", line)
    member = members.get(number)
    if member is None:
        raise _Rejected(f"line {line}: no member row for register number {number}")
    kind = row.get("type", "").lower()
    code = row.get("share_class", "").upper()
    share_class = classes.get(code)
    if share_class is None:
        raise _Rejected(f"line {line}: unknown share class “{row.get('share_class', '')}”")
    ref = row.get("approval_ref") or "legacy register"
    found: ShareClass = share_class

    def append(
        who: Member, entry_type: EntryType, quantity: int, amount: Decimal, **options: Any
    ) -> ShareEvent:
        """One entry of this row's date and class, checked against `who`'s ledger so far."""
        return _append(
            uow,
            actor,
            who,
            entry_type,
            day,
            found,
            quantity,
            amount,
            classes=classes,
            existing=ledgers[who.register_no],
            **options,
        )

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
            receiver = members.get(to_number)
            if receiver is None or to_number == number:
                raise _Rejected(f"line {line}: no member {to_number} to transfer to")
            _require_approved(receiver, day)
            quantity = _parse_int(row.get("quantity", ""), "quantity", line)
            amount = _price(share_class, quantity)
            out = append(
                member,
                EntryType.TRANSFER_OUT,
                quantity,
                amount,
                counterpart=receiver,
                approval_ref=ref,
            )
            append(
                receiver,
                EntryType.TRANSFER_IN,
                quantity,
                amount,
                counterpart=member,
                approval_ref=ref,
                linked_id=out.id,
            )
        else:
            raise _Rejected(
                f"line {line}: type must be subscribe, pay, transfer or redeem, not “{kind}”"
            )
    except ValidationError as error:
        raise _Rejected(f"line {line}: {error.message}") from None
