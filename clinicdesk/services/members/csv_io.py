"""The register as CSV: export it, and import a legacy register with its share history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import is_not, itemgetter, le
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text

from clinicdesk.db.bulk import insert_columns
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
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, StorageError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit, collector, requires
from clinicdesk.services.files import atomic_file, check_folder
from clinicdesk.services.members.common import (
    DEFAULT_MEMBER_CLASSES,
    DEFAULT_SHARE_CLASSES,
    _clean,
    _last_register_no,
    _next_register_no,
    _rules,
    _share_classes,
    _today,
    ensure_defaults,
)
from clinicdesk.services.members.csv_ledger import (
    Entry,
    _Parsed,
    check_share_rows,
    date_or_error,
)
from clinicdesk.services.members.enrolment import _check_enrolment, _person_values
from clinicdesk.services.members.register import _register
from clinicdesk.services.members.results import ImportReport

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
            names, rows, lines = csv_safe.strict_table(handle)
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


# The member columns the import sets per member, in the order of `_Plan.members`.
_MEMBER_COLUMNS = (
    "register_no",
    "member_class",
    "family_name",
    "given_names",
    "organisation_name",
    "name_key",
    "email",
    "phone",
    "applied_on",
    "approved_on",
    "approval_ref",
    "end_on",
    "leave_reason",
)


class _Member:
    """A checked member as the share rows' replay looks it up, with its ledger so far as
    the rules see it (no end date: leaving redemptions replay first)."""

    __slots__ = ("approved_on", "register_no", "replay")

    def __init__(
        self,
        register_no: int,
        applied_on: date,
        approved_on: date | None,
        member_class: str,
        classes: Mapping[str, ShareClassRule],
    ) -> None:
        self.register_no = register_no
        self.approved_on = approved_on
        self.replay = LedgerReplay(MemberDates(applied_on, approved_on), member_class, classes)


@dataclass
class _Plan:
    """The whole file, checked: the members by column (`_MEMBER_COLUMNS`), by register
    number, and the ledger in the order it is written."""

    members: list[list[Any]] = field(default_factory=lambda: [[] for _ in _MEMBER_COLUMNS])
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
    # automatic collector's passes over them would find nothing (see the collector). It
    # is gone before the collector is back, or the first collection then (of the young
    # objects: everything made during the pause) would walk all of it.
    report = ImportReport()
    with collector.paused():
        report.committed = _check_and_store(uow, actor, Path(path), report, commit=commit)
    return report


def _check_and_store(
    uow: UnitOfWork, actor: Principal, path: Path, report: ImportReport, *, commit: bool
) -> bool:
    """`import_csv`'s work: whether it was stored and committed."""
    plan = _check_file(uow, path, report)
    if plan.members[0]:
        report.first_register_no = min(plan.members[0])
        report.last_register_no = max(plan.members[0])
    if report.errors or not commit:
        return False
    _store(uow, actor, plan)
    audit.record(
        uow,
        actor,
        "member.import",
        "register",
        path.name,
        {"members": report.members, "entries": report.entries},
    )
    uow.commit()
    return True


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
    record = names.index("record")
    # Each row's kind, its record text stripped and lowered (once per distinct text),
    # and the split by C loops (compress): a Python test per row costs as much as
    # reading it.
    kinds = list(map(_Parsed(str.lower).__getitem__, map(itemgetter(record), rows)))
    member_flags = list(map("member".__eq__, kinds))
    share_flags = list(map(_SHARE.__contains__, kinds))
    member_rows = list(compress(rows, member_flags))
    member_lines = list(compress(lines, member_flags))
    share_rows, share_lines = list(compress(rows, share_flags)), list(compress(lines, share_flags))
    if len(member_rows) + len(share_rows) < len(rows):
        for kind, line in zip(kinds, lines, strict=True):
            if kind != "member" and kind not in _SHARE:
                report.errors.append(
                    _("line {line}: record must be member or share, not “{kind}”").format(
                        line=line, kind=kind
                    )
                )
    plan = _Plan()
    member_classes = _member_classes(uow)
    columns = _Columns(names, member_rows)
    # Members, by register number; the numbers must be new and unique.
    parsed = _register_numbers(
        columns["register_no"], columns["member_class"], member_lines,
        _last_register_no(uow), member_classes, report.errors,
    )  # fmt: skip
    rules_ = _share_class_rules(uow)
    leaves_on = _check_members(columns, member_lines, parsed, member_classes, plan, report)
    # Share history in date order (file order within a day), each checked by the rules;
    # end dates count only after the history, so that leaving redemptions replay first.
    plan.entries, report.entries = check_share_rows(
        names, share_rows, share_lines, _members(plan, rules_), rules_, leaves_on, report.errors
    )
    return plan


def _register_numbers(
    raw_numbers: list[str],
    raw_classes: list[str],
    lines: list[int],
    last: int,
    member_classes: Mapping[str, bool],
    errors: list[str],
) -> list[tuple[int, int]]:
    """The member rows whose register number is a new, positive number used once and
    whose class is known, as (number, position among the member rows) by number; each
    other row's fault to `errors` as "line N: what is wrong"."""
    try:
        whole = list(map(int, raw_numbers))  # what _parse_int takes
    except ValueError:
        whole = []
    if (
        len(whole) == len(raw_numbers)
        and (not whole or min(whole) > max(last, 0))
        and len(set(whole)) == len(whole)
        and set(map(str.lower, raw_classes)) <= member_classes.keys()
    ):
        return sorted(zip(whole, range(len(whole)), strict=True))  # all well: by C loops
    # a row at fault: each row checked, to name it
    numbers: dict[int, int] = {}  # register number -> its line
    parsed: list[tuple[int, int]] = []
    for k, line in enumerate(lines):
        try:
            number = _parse_int(raw_numbers[k], "register_no", line)
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
            if raw_classes[k].lower() not in member_classes:
                raise _Rejected(
                    _("line {line}: unknown member class “{row}” (classes: {value})").format(
                        line=line,
                        row=raw_classes[k],
                        value=", ".join(sorted(member_classes)),
                    )
                )
            numbers[number] = line
            parsed.append((number, k))
        except _Rejected as error:
            errors.append(str(error))
    parsed.sort()
    return parsed


_SHARE = frozenset({"share", "ledger"})  # what a share row's record column may say


class _Columns:
    """The member rows by column, each field stripped ("" where the file has no such
    column): a register's members are checked column by column, not as a dict a row."""

    def __init__(self, names: list[str], rows: list[list[str]]) -> None:
        self._at = {name: i for i, name in enumerate(names) if name}
        # one pass in C; every row has at least the header's fields
        self._table = list(zip(*rows, strict=False))
        self._count = len(rows)

    def __getitem__(self, name: str) -> list[str]:
        index = self._at.get(name)
        if index is None or not self._table:
            return [""] * self._count
        return list(map(str.strip, self._table[index]))


def _check_members(
    columns: _Columns,
    lines: list[int],
    order: list[tuple[int, int]],
    member_classes: Mapping[str, bool],
    plan: _Plan,
    report: ImportReport,
) -> dict[int, date]:
    """Check each member row (`order`: register number and position, by number) as
    enrolling it by hand would, into `plan.members`; the end dates by register number
    (the replay may redeem all that day)."""
    applied_on, approved_on, end_on = (
        columns["applied_on"], columns["approved_on"], columns["end_on"]
    )  # fmt: skip
    family, given, organisation = (
        columns["family_name"], columns["given_names"], columns["organisation_name"]
    )  # fmt: skip
    email, phone, member_class = columns["email"], columns["phone"], columns["member_class"]
    approval_ref, leave_reason = columns["approval_ref"], columns["leave_reason"]
    today = _today()
    leaves_on: dict[int, date] = {}
    # Each date column parsed by one C loop of look-ups (a register repeats its dates):
    # a date where the text is one, None where it is blank; the rest (not a date, or a
    # blank that is required) goes through _parse_date, which says what is wrong.
    days = _Parsed(lambda text: date_or_error(text) if text else None)
    applied_days, approved_days, end_days = (
        list(map(days.__getitem__, column)) for column in (applied_on, approved_on, end_on)
    )
    by_column = _members_by_column(
        order,
        [applied_days, approved_days, end_days],
        [family, given, organisation, email, phone, member_class, approval_ref, leave_reason],
        member_classes,
        today,
    )
    if by_column is not None:
        plan.members, leaves_on = by_column
        report.members += len(plan.members[0])
        return leaves_on
    rows: list[tuple[Any, ...]] = []
    for number, k in order:
        line = lines[k]
        applied_day, approved_day, end_day = applied_days[k], approved_days[k], end_days[k]
        try:
            applied = (
                applied_day
                if isinstance(applied_day, date)
                else _parse_date(applied_on[k], "applied_on", line)
            )
            assert applied is not None
            approved = (
                approved_day
                if not isinstance(approved_day, str)
                else _parse_date(approved_on[k], "approved_on", line, required=False)
            )
            ended = (
                end_day
                if not isinstance(end_day, str)
                else _parse_date(end_on[k], "end_on", line, required=False)
            )
            if approved is not None and approved < applied:
                raise _Rejected(
                    _("line {line}: approved_on is before applied_on").format(line=line)
                )
            if ended is not None and ended < applied:
                raise _Rejected(_("line {line}: end_on is before applied_on").format(line=line))
            code = member_class[k].lower()
            try:
                _check_enrolment(
                    member_classes, today, family[k], code, organisation[k] or None, applied
                )
            except ValidationError as error:
                raise _Rejected(
                    _("line {line}: {message}").format(line=line, message=error.message)
                ) from None
        except _Rejected as error:
            report.errors.append(str(error))
            continue
        row = (
            number,
            code,
            *_person_values(
                family[k], given[k], organisation[k] or None, email[k] or None, phone[k] or None
            ),
            applied,
            approved,
            _clean(approval_ref[k], 100) or ("legacy register" if approved else None),
            ended,
            (_clean(leave_reason[k], 500) or "legacy register") if ended is not None else None,
        )
        if ended is not None:
            leaves_on[number] = ended
        rows.append(row)
        report.members += 1
    if rows:
        plan.members = list(map(list, zip(*rows, strict=True)))
    return leaves_on


def _members(plan: _Plan, classes: Mapping[str, ShareClassRule]) -> dict[int, _Member]:
    """The checked members by register number, as the share rows' check looks them up."""
    at = _MEMBER_COLUMNS.index
    numbers, applied, approved, codes = (
        plan.members[at(name)]
        for name in ("register_no", "applied_on", "approved_on", "member_class")
    )
    return dict(
        zip(numbers, map(_Member, numbers, applied, approved, codes, repeat(classes)), strict=True)
    )


def _members_by_column(
    order: list[tuple[int, int]],
    days: list[list[Any]],
    texts: list[list[str]],
    member_classes: Mapping[str, bool],
    today: date,
) -> tuple[list[list[Any]], dict[int, date]] | None:
    """`_check_members`'s members (and end dates) when none is refused, checked and
    built column by column; None when a row may be refused (the caller then goes row by
    row, which says why). What a row would be refused for: an application date that is
    not a date, in the future or after the approval or the end; an approval or end
    that is not a date; no family name; an organisation's class without its name."""
    at = list(map(itemgetter(1), order))
    numbers = list(map(itemgetter(0), order))
    if at != list(range(len(texts[0]))):  # not every row, by number: each column put so
        days = [[*map(column.__getitem__, at)] for column in days]
        texts = [[*map(column.__getitem__, at)] for column in texts]
    applied, approved, ended = days
    family, given, organisation, email, phone, classes, refs, reasons = texts
    if not numbers:
        return [[] for _ in _MEMBER_COLUMNS], {}
    if (
        set(map(type, applied)) != {date}
        or not set(map(type, approved)) <= {date, type(None)}
        or not set(map(type, ended)) <= {date, type(None)}
        or max(applied) > today
        or not all(family)
    ):
        return None
    approved_flags = list(map(is_not, approved, repeat(None)))
    ended_flags = list(map(is_not, ended, repeat(None)))
    codes = list(map(str.lower, classes))
    try:
        organisations = list(map(member_classes.__getitem__, codes))
    except KeyError:
        return None
    if (
        not all(map(le, compress(applied, approved_flags), compress(approved, approved_flags)))
        or not all(map(le, compress(applied, ended_flags), compress(ended, ended_flags)))
        or not all(compress(organisation, organisations))
    ):
        return None
    keys = list(map("{} {} {}".format, family, given, organisation))
    if "".join(keys).isascii():  # fold's own way with ASCII, by C loops
        keys = list(map(" ".join, map(str.split, map(str.lower, keys))))
    else:
        keys = list(map(fold, keys))
    approval_refs = [ref[:100] or ("legacy register" if day is not None else None)
            for ref, day in zip(refs, approved, strict=True)]  # fmt: skip
    leave_reasons = [(reason[:500] or "legacy register") if day is not None else None
               for reason, day in zip(reasons, ended, strict=True)]  # fmt: skip
    columns: list[list[Any]] = [
        numbers,
        codes,
        family,
        given,
        [value[:200] or None for value in organisation],
        keys,
        [value[:200] or None for value in email],
        [value[:64] or None for value in phone],
        applied,
        approved,
        approval_refs,
        ended,
        leave_reasons,
    ]
    leaves_on = dict(compress(zip(numbers, ended, strict=True), ended_flags))
    return columns, leaves_on


def _store(uow: UnitOfWork, actor: Principal, plan: _Plan) -> None:
    """Insert the checked plan in bulk, with ids reserved beforehand: a ledger entry
    names its member, and a transfer's second leg its first, in the same statement."""
    ensure_defaults(uow)
    session = uow.session
    numbers = plan.members[0]  # by register number
    if numbers:
        _claim_register_numbers(uow, min(numbers), max(numbers))
    member_ids = dict(zip(numbers, _reserve_ids(uow, "member", len(numbers)), strict=True))
    conn = session.connection()
    if numbers:
        consent_at = utcnow()
        insert_columns(
            conn,
            cast(Table, Member.__table__),
            {
                "id": list(member_ids.values()),
                "uuid": new_uuids(len(numbers)),
                **dict(zip(_MEMBER_COLUMNS, plan.members, strict=True)),
            },
            # the consents and timestamps of the import; no birth date, address, patient
            # or user link, risk consent or cancellation: NULL
            {
                "consent_bylaws_at": consent_at,
                "consent_data_at": consent_at,
                "created_at": consent_at,
                "updated_at": consent_at,
                "version": 1,
            },
        )
    if not plan.entries:
        return
    class_ids = {code: id_ for code, id_ in session.execute(select(ShareClass.code, ShareClass.id))}
    ids = _reserve_ids(uow, "share_event", len(plan.entries))
    numbers_, kinds, days, codes, quantities, amounts, counterparts, refs, linked = zip(
        *plan.entries, strict=True
    )
    text_of = {kind: kind.value for kind in EntryType}  # the text, not the enum, to the driver
    id_or_none: dict[int | None, int | None] = dict(member_ids.items())
    id_or_none[None] = None
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
            "counterpart_member_id": list(map(id_or_none.__getitem__, counterparts)),
            "approval_ref": refs,
            "linked_id": [None if at is None else ids[at] for at in linked],
        },  # note and reverses_id: NULL for an imported entry
        {"created_by": actor.username, "created_at": utcnow()},
        rows_per_statement=_LEDGER_ROWS_PER_INSERT,
    )


# Ledger rows to one INSERT on SQLite (db/bulk.insert_columns): the share_event rows that
# point at a ledger entry (reverses_id, linked_id) are indexed, as that needs. 10 to 25
# rows to a statement measured best (a fifth off the insert); 50 and more, slower again.
_LEDGER_ROWS_PER_INSERT = 20


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
