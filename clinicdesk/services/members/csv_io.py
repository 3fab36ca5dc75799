"""The register as CSV: export it, and import a legacy register with its share history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text

from clinicdesk.db.bulk import insert_columns, insert_rows
from clinicdesk.db.conventions import new_uuids
from clinicdesk.db.models import utcnow
from clinicdesk.db.models_members import Member, MemberClass, ShareClass, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.members import (
    EntryType,
    LedgerReplay,
    MemberDates,
    ShareClassRule,
)
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
from clinicdesk.services.members.csv_ledger import Entry, check_share_rows, date_or_error
from clinicdesk.services.members.enrolment import _check_request, _member_values
from clinicdesk.services.members.register import _register
from clinicdesk.services.members.results import EnrolRequest, ImportReport
from clinicdesk.services.patient_import import collector

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


def _csv_table(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """The header, every row and the line each starts on, read whole before anything is
    written: a file with a column named twice, a row cut short or a quote never closed
    is refused outright."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            names, rows, lines = csv_safe.strict_table(handle.read())
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
            _("Could not read {path}: {value}").format(path=path, value=error.strerror or error)
        ) from error
    missing = [c for c in ("record", "register_no") if c not in names]
    if missing:
        raise ValidationError(
            _("The file has no column {value}.").format(value=", ".join(missing)),
            hint=_("The columns are: {value}.").format(value=", ".join(IMPORT_COLUMNS)),
        )
    return names, rows, lines


def _row_dict(names: list[str], fields: list[str]) -> dict[str, str]:
    """Only the fields with something in them: a legacy row fills few of its columns."""
    return {k: v.strip() for k, v in zip(names, fields, strict=False) if k and v}


_dates = lru_cache(maxsize=4096)(date_or_error)  # a register repeats its dates


def _parse_date(text: str, what: str, line: int, *, required: bool = True) -> date | None:
    if not text:
        if required:
            raise _Rejected(_("line {line}: {what} is missing").format(line=line, what=what))
        return None
    day = _dates(text)
    if isinstance(day, str):
        raise _Rejected(
            _("line {line}: {what} “{text}” {day}").format(
                line=line, what=what, text=text, day=_(day)
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


@dataclass
class _NewMember:
    """A member row that passed its checks: the columns to insert, and the ledger so far
    as the rules see it while the file's history is replayed."""

    register_no: int
    member_class: str
    approved_on: date | None
    values: dict[str, Any]
    replay: LedgerReplay  # sees no end date: leaving redemptions replay first


@dataclass
class _Plan:
    """The whole file, checked: members by register number and the ledger in the order
    it is written."""

    members: dict[int, _NewMember] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


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
    # The plan holds the whole file in small objects with no cycles among them: the
    # automatic collector's passes over them would find nothing (see the collector).
    with collector.paused():
        report = ImportReport()
        plan = _check_file(uow, Path(path), report)
        if plan.members:
            report.first_register_no = min(plan.members)
            report.last_register_no = max(plan.members)
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
    names, rows, lines = _csv_table(path)
    member_rows: list[tuple[int, dict[str, str]]] = []
    share_rows: list[list[str]] = []
    share_lines: list[int] = []
    record = names.index("record")
    kinds = {text: text.strip().lower() for text in {fields[record] for fields in rows}}
    for fields, line in zip(rows, lines, strict=True):
        kind = kinds[fields[record]]
        if kind in ("share", "ledger"):
            share_rows.append(fields)
            share_lines.append(line)
        elif kind == "member":
            member_rows.append((line, _row_dict(names, fields)))
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
                        "line {line}: register number {number} is already used on line {numbers}"
                    ).format(line=line, number=number, numbers=numbers[number])
                )
            if number <= last:
                raise _Rejected(
                    _(
                        "line {line}: register number {number} has already been "
                        "handed out in this register (numbers up to {last} are taken "
                        "and never reused)"
                    ).format(line=line, number=number, last=last)
                )
            if row.get("member_class", "").lower() not in member_classes:
                raise _Rejected(
                    _("line {line}: unknown member class “{row}” (classes: {value})").format(
                        line=line,
                        row=row.get("member_class", ""),
                        value=", ".join(sorted(member_classes)),
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
    plan.entries, report.entries = check_share_rows(
        names, share_rows, share_lines, plan.members, rules_, leaves_on, report.errors
    )
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
        values = [plan.members[n].values for n in numbers]
        varying = [k for k in values[0] if k not in _SAME_FOR_EVERY_MEMBER]
        same = itemgetter(*_SAME_FOR_EVERY_MEMBER)
        first = same(values[0])
        if any(same(v) != first for v in values):
            raise AssertionError(f"the import sets {_SAME_FOR_EVERY_MEMBER} per member now")
        row_of = itemgetter(*varying)
        insert_rows(
            conn,
            member_table,
            ["id", "uuid", *varying],
            [
                (member_ids[n], uuid, *row_of(v))
                for n, uuid, v in zip(numbers, new_uuids(len(numbers)), values, strict=True)
            ],
            {k: values[0][k] for k in _SAME_FOR_EVERY_MEMBER if values[0][k] is not None},
        )
    if not plan.entries:
        return
    class_ids = {code: id_ for code, id_ in session.execute(select(ShareClass.code, ShareClass.id))}
    ids = _reserve_ids(uow, "share_event", len(plan.entries))
    numbers_, kinds, days, codes, quantities, amounts, counterparts, refs, linked = zip(
        *plan.entries, strict=True
    )
    text_of = {kind: kind.value for kind in EntryType}  # the text, not the enum, to the driver
    insert_columns(
        conn,
        cast(Table, ShareEvent.__table__),
        {
            "id": ids,
            "member_id": list(map(member_ids.__getitem__, numbers_)),
            "type": list(map(text_of.__getitem__, kinds)),
            "effective_on": days,
            "share_class_id": list(map(class_ids.__getitem__, codes)),
            "quantity": quantities,
            "amount": amounts,
            "counterpart_member_id": [None if n is None else member_ids[n] for n in counterparts],
            "approval_ref": refs,
            "linked_id": [None if at is None else ids[at] for at in linked],
        },  # note and reverses_id: NULL for an imported entry
        {"created_by": actor.username, "created_at": utcnow()},
    )


# Member columns the import sets alike for every member (the consents and timestamps of
# the import; no birth date, address, patient or user link, cancellation): sent once.
_SAME_FOR_EVERY_MEMBER = (
    "birth_date",
    "address",
    "patient_id",
    "user_id",
    "consent_bylaws_at",
    "consent_data_at",
    "consent_risk_at",
    "cancelled_on",
    "created_at",
    "updated_at",
    "version",
)


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
                "Someone enrolled a member while the register was being "
                "imported, and the numbers the file uses are no longer free."
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
