"""The legacy register import on SQLite and PostgreSQL: the whole file is checked before
anything is written, and the bulk write stores exactly what the replay checked (the same
register numbers, ledger and audit trail as entering it one by one did)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_members import (
    Member,
    MemberClass,
    MemberRegisterCounter,
    ShareClass,
    ShareEvent,
)
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.members import EntryType
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError
from clinicdesk.services import members as svc
from clinicdesk.services.members import csv_io

HEADER = (
    "record,register_no,family_name,given_names,organisation_name,member_class,email,phone,"
    "applied_on,approved_on,approval_ref,end_on,leave_reason,type,effective_on,share_class,"
    "quantity,amount,counterpart_register_no\n"
)
# Five members of the four classes (an anchor with its organisation, two who leave), both
# share classes, payments in parts, a transfer with its board reference, and leaving
# redemptions on the end date; rows out of date order.
REGISTER = HEADER + (
    "member,3,Okafor,Esi,,patient,esi@example.org,555-0101,2018-01-10,2018-02-01,"
    "Board 2018-02,,,,,,,,\n"
    "member,5,Berg,Nils,Harbour Trust,anchor,,,2018-03-01,2018-04-01,,,,,,,,,\n"
    "member,4,Lindqvist,Tove,,worker,,,2018-02-01,2018-03-01,,2021-06-30,moved away,,,,,,\n"
    "member,7,Adeyemi,Kola,,community,,,2019-01-01,,,,,,,,,,\n"
    "member,8,Tanaka,Yui,,patient,,,2019-02-01,2019-03-01,,2020-01-31,,,,,,,\n"
    "share,3,,,,,,,,,,,,subscribe,2018-02-01,A,2,,\n"
    "share,3,,,,,,,,,,,,pay,2018-02-15,A,,50.00,\n"
    "share,4,,,,,,,,,,,,subscribe,2018-03-01,A,4,100.00,\n"
    "share,4,,,,,,,,,,,,pay,2018-03-01,A,,100.00,\n"
    "share,4,,,,,,,,,,,,subscribe,2018-03-02,B,1,,\n"
    "share,4,,,,,,,,,,,,pay,2018-03-05,B,,100.00,\n"
    "share,5,,,,,,,,,,,,subscribe,2018-04-01,B,3,,\n"
    "share,5,,,,,,,,,,,,pay,2018-04-01,B,,300.00,\n"
    "share,5,,,,,,,,,,,,subscribe,2018-04-01,A,2,,\n"
    "share,5,,,,,,,,,,,,pay,2018-04-02,A,,50.00,\n"
    "share,4,,,,,,,,,Board 2019-05,,,transfer,2019-05-01,A,2,,3\n"
    "share,8,,,,,,,,,,,,subscribe,2019-03-01,A,2,50.00,\n"
    "share,8,,,,,,,,,,,,pay,2019-03-01,A,,50.00,\n"
    "share,8,,,,,,,,,,,,redeem,2020-01-31,A,2,,\n"
    "share,4,,,,,,,,,,,,redeem,2021-06-30,A,2,,\n"
    "share,4,,,,,,,,,,,,redeem,2021-06-30,B,1,,\n"
)  # fmt: skip

# What entering REGISTER one row at a time stored (recorded from the import before it
# wrote in bulk). Members: register_no, class, family, given, organisation, name key,
# email, phone, applied, approved, approval ref, end, leave reason.
MEMBERS = [
    (3, "patient", "Okafor", "Esi", None, "okafor esi", "esi@example.org", "555-0101",
     "2018-01-10", "2018-02-01", "Board 2018-02", None, None),
    (4, "worker", "Lindqvist", "Tove", None, "lindqvist tove", None, None,
     "2018-02-01", "2018-03-01", "legacy register", "2021-06-30", "moved away"),
    (5, "anchor", "Berg", "Nils", "Harbour Trust", "berg nils harbour trust", None, None,
     "2018-03-01", "2018-04-01", "legacy register", None, None),
    (7, "community", "Adeyemi", "Kola", None, "adeyemi kola", None, None,
     "2019-01-01", None, None, None, None),
    (8, "patient", "Tanaka", "Yui", None, "tanaka yui", None, None,
     "2019-02-01", "2019-03-01", "legacy register", "2020-01-31", "legacy register"),
]  # fmt: skip
# The ledger in id order: member, type, date, class, quantity, amount, counterpart,
# approval ref, the position of the entry it is linked to, created by.
LEDGER = [
    (3, "subscribe", "2018-02-01", "A", 2, "50.00", None, "legacy register", None, "root"),
    (3, "pay", "2018-02-15", "A", 0, "50.00", None, None, None, "root"),
    (4, "subscribe", "2018-03-01", "A", 4, "100.00", None, "legacy register", None, "root"),
    (4, "pay", "2018-03-01", "A", 0, "100.00", None, None, None, "root"),
    (4, "subscribe", "2018-03-02", "B", 1, "100.00", None, "legacy register", None, "root"),
    (4, "pay", "2018-03-05", "B", 0, "100.00", None, None, None, "root"),
    (5, "subscribe", "2018-04-01", "B", 3, "300.00", None, "legacy register", None, "root"),
    (5, "pay", "2018-04-01", "B", 0, "300.00", None, None, None, "root"),
    (5, "subscribe", "2018-04-01", "A", 2, "50.00", None, "legacy register", None, "root"),
    (5, "pay", "2018-04-02", "A", 0, "50.00", None, None, None, "root"),
    (8, "subscribe", "2019-03-01", "A", 2, "50.00", None, "legacy register", None, "root"),
    (8, "pay", "2019-03-01", "A", 0, "50.00", None, None, None, "root"),
    (4, "transfer_out", "2019-05-01", "A", 2, "50.00", 3, "Board 2019-05", None, "root"),
    (3, "transfer_in", "2019-05-01", "A", 2, "50.00", 4, "Board 2019-05", 12, "root"),
    (8, "redeem", "2020-01-31", "A", 2, "50.00", None, "legacy register", None, "root"),
    (4, "redeem", "2021-06-30", "A", 2, "50.00", None, "legacy register", None, "root"),
    (4, "redeem", "2021-06-30", "B", 1, "100.00", None, "legacy register", None, "root"),
]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def stored(db: Database) -> dict[str, Any]:
    """The register as stored, in the terms of MEMBERS and LEDGER."""
    with db.engine.connect() as conn:
        members = conn.execute(select(Member).order_by(Member.register_no)).mappings().all()
        number_of = {m["id"]: m["register_no"] for m in members}
        code_of = {id_: code for id_, code in conn.execute(select(ShareClass.id, ShareClass.code))}
        events = conn.execute(select(ShareEvent).order_by(ShareEvent.id)).mappings().all()
        position = {e["id"]: i for i, e in enumerate(events)}
        counter = conn.execute(select(MemberRegisterCounter.last_number)).scalar_one_or_none()
        trail = conn.execute(
            select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.details)
            .where(AuditEvent.action.like("member.%"))
            .order_by(AuditEvent.seq)
        ).all()
    return {
        "members": [
            (
                m["register_no"],
                m["member_class"],
                m["family_name"],
                m["given_names"],
                m["organisation_name"],
                m["name_key"],
                m["email"],
                m["phone"],
                _text(m["applied_on"]),
                _text(m["approved_on"]),
                m["approval_ref"],
                _text(m["end_on"]),
                m["leave_reason"],
            )
            for m in members
        ],
        "consented": {
            m["register_no"]: (m["consent_bylaws_at"] is not None, m["consent_data_at"] is not None)
            for m in members
        },
        "ledger": [
            (
                number_of[e["member_id"]],
                e["type"],
                _text(e["effective_on"]),
                code_of.get(e["share_class_id"]),
                e["quantity"],
                _text(e["amount"]),
                number_of.get(e["counterpart_member_id"]),
                e["approval_ref"],
                position.get(e["linked_id"]),
                e["created_by"],
            )
            for e in events
        ],
        "notes_or_reversals": [e for e in events if e["note"] or e["reverses_id"]],
        "counter": counter,
        "trail": [tuple(row) for row in trail],
    }


def rows(db: Database, model: type) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


@contextmanager
def writes_seen(db: Database) -> Iterator[list[str]]:
    """Every INSERT, UPDATE or DELETE sent to the database inside the block."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_the_bulk_import_stores_what_entering_rows_one_by_one_stored(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert report.committed and report.errors == []
    assert (report.members, report.entries) == (5, 16)
    assert (report.first_register_no, report.last_register_no) == (3, 8)
    got = stored(db)
    assert got["members"] == MEMBERS
    assert got["consented"] == {n: (True, True) for n in (3, 4, 5, 7, 8)}
    assert got["ledger"] == LEDGER
    assert got["notes_or_reversals"] == []
    assert got["counter"] == 8
    assert got["trail"] == [("member.import", "register.csv", '{"entries":16,"members":5}')]
    # the next member enrolled by hand continues after the imported numbers
    with db.uow() as uow:
        after = svc.enrol(
            uow,
            admin,
            svc.EnrolRequest("Nakamura", "Ren", "patient", date(2022, 1, 3), consent_bylaws=True,
                             consent_data=True),
        )  # fmt: skip
    assert after.register_no == 9
    # and the imported ledger reads back through the register as entered
    with db.uow() as uow:
        lines = {x.register_no: x for x in svc.register_as_of(uow, admin, date(2019, 6, 1)).lines}
    assert {n: (x.shares, x.paid_up) for n, x in lines.items()} == {
        3: (4, 100), 4: (3, 150), 5: (5, 350), 7: (0, 0), 8: (2, 50),
    }  # fmt: skip


def test_a_bad_last_row_is_refused_by_its_line_before_anything_is_written(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """A row the ledger rules refuse, at the very end of a long file: the error names
    the row and what is wrong, and the import never sent a single write."""
    many = "".join(
        f"member,{n},Family{n},Ann,,patient,,,2015-01-01,2015-02-01,,,,,,,,,\n"
        f"share,{n},,,,,,,,,,,,subscribe,2015-02-01,A,2,,\n"
        for n in range(10, 310)
    )
    bad = "share,3,,,,,,,,,,,,pay,2018-02-16,A,,60.00,\n"  # nothing is owed by then
    source = tmp_path / "register.csv"
    source.write_text(REGISTER + many + bad, encoding="utf-8")
    last_line = len((REGISTER + many + bad).splitlines())
    before = {model: rows(db, model) for model in (AuditEvent, MemberClass, ShareClass)}
    with writes_seen(db) as writes, db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert not report.committed
    assert report.errors == [
        f"line {last_line}: Member 3: A payment of 60.00 is more than the 0.00 still unpaid "
        "on class A shares."
    ]
    assert writes == []
    assert rows(db, Member) == 0 and rows(db, ShareEvent) == 0
    assert rows(db, MemberRegisterCounter) == 0
    assert {model: rows(db, model) for model in before} == before


def test_the_preview_checks_everything_and_writes_nothing(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with writes_seen(db) as writes, db.uow() as uow:
        preview = svc.import_csv(uow, admin, source)
    assert preview.ok and not preview.committed
    assert (preview.members, preview.entries, preview.last_register_no) == (5, 16, 8)
    assert writes == []
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    assert stored(db)["ledger"] == LEDGER


def test_a_member_row_refused_late_in_the_file_is_named_with_its_line(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """Member checks that need the class table (an anchor without its organisation)
    run on the file before anything is written, like the ledger rules."""
    source = tmp_path / "register.csv"
    text = REGISTER + "member,40,Ng,Mei,,anchor,,,2020-01-01,,,,,,,,,,\n"
    source.write_text(text, encoding="utf-8")
    with writes_seen(db) as writes, db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert report.errors == [
        f"line {len(text.splitlines())}: An anchor-organisation member needs the "
        "organisation's name."
    ]
    assert writes == [] and rows(db, Member) == 0


def test_a_number_taken_by_another_workstation_meanwhile_refuses_the_import(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the write another workstation enrols someone, taking the
    file's number 1: the import is refused whole. (SQLite cannot get here: the import
    holds its write lock from the start.)"""
    if db.is_sqlite:
        pytest.skip("the SQLite import holds the write lock from its first read")
    source = tmp_path / "register.csv"
    source.write_text(HEADER + "member,1,Okafor,Esi,,patient,,,2018-01-10,,,,,,,,,,\n")
    check_file = csv_io._check_file

    def check_then_enrol_elsewhere(*args: Any) -> Any:
        plan = check_file(*args)
        with db.uow() as other:
            svc.enrol(
                other,
                admin,
                svc.EnrolRequest(
                    "Berg",
                    "Nils",
                    "patient",
                    date(2020, 1, 1),
                    consent_bylaws=True,
                    consent_data=True,
                ),
            )
        return plan

    monkeypatch.setattr(csv_io, "_check_file", check_then_enrol_elsewhere)
    with db.uow() as uow, pytest.raises(ConflictError, match="no longer free"):
        svc.import_csv(uow, admin, source, commit=True)
    assert stored(db)["members"][0][:3] == (1, "patient", "Berg")
    assert rows(db, Member) == 1 and rows(db, ShareEvent) == 0


def test_rows_after_a_blank_line_or_a_quoted_line_break_are_named_by_their_own_line(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """A file that is not one record per line is read row by row: the error still names
    the line the bad row is on."""
    text = (
        REGISTER.replace("Board 2018-02", '"Board\n2018-02"')
        + "\n"
        + "share,3,,,,,,,,,,,,pay,2018-02-16,A,,60.00,\n"
    )
    source = tmp_path / "register.csv"
    source.write_text(text, encoding="utf-8")
    with writes_seen(db) as writes, db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert report.errors == [
        f"line {len(text.splitlines())}: Member 3: A payment of 60.00 is more than the 0.00 "
        "still unpaid on class A shares."
    ]
    assert writes == [] and rows(db, Member) == 0


def test_a_subscription_before_the_board_approved_the_member_is_refused_by_its_line(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """The same subscription texts as rows accepted before it (type, class, quantity,
    amount: worked out once per combination), for a member approved only later and one
    never approved: both refused by their lines, and nothing written."""
    text = (
        REGISTER
        + "share,7,,,,,,,,,,,,subscribe,2019-02-01,A,2,,\n"
        + "share,3,,,,,,,,,,,,subscribe,2018-01-20,A,2,,\n"
    )
    source = tmp_path / "register.csv"
    source.write_text(text, encoding="utf-8")
    last = len(text.splitlines())
    with writes_seen(db) as writes, db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert not report.committed
    assert [e.split(" by ")[0] for e in report.errors] == [
        f"line {last}: Member 3 was not approved",  # date order: 2018 first
        f"line {last - 1}: Member 7 was not approved",
    ], report.errors
    assert writes == [] and rows(db, Member) == 0 and rows(db, ShareEvent) == 0


def _varied_register() -> str:
    """A register the by-column checks take whole: members of every class with long,
    accented and spaced names, approvals missing or given, leavers; share rows out of
    date and member order, both classes, blank and written amounts, payments in parts,
    transfers (several on one day, each with its own board reference) and redemptions,
    leaving or not."""
    lines = []
    for n in range(20, 80):
        member_class = ("patient", "worker", "community", "anchor")[n % 4]
        organisation = f"Trust  {n}" if member_class == "anchor" else ""
        family = "Ångström" if n % 7 == 0 else ("X" * 230 if n == 33 else f"Fam {n}")
        approved = "" if n % 11 == 0 else f"2015-{n % 10 + 2:02d}-15"
        ended = "2021-03-31" if n % 9 == 0 and approved else ""
        lines.append(
            f"member,{n},{family},  Ann  Marie ,{organisation},{member_class.upper()},"
            f"m{n}@example.org,,2015-01-{n % 28 + 1:02d},{approved},"
            f"{'Board ' + str(n) if n % 3 == 0 else ''},{ended},"
            f"{'moved' if n % 2 else ''},,,,,,\n"
        )
    shares = []
    for n in range(20, 80):
        if n % 11 == 0:  # never approved: only a payment-free history
            continue
        day = f"2016-{n % 12 + 1:02d}-01"
        shares.append(f"share,{n},,,,,,,,,,,,subscribe,{day},A,2,,\n")
        shares.append(f"share,{n},,,,,,,,,,,,pay,{day[:-1]}2,A,,30.00,\n")
        shares.append(f"share,{n},,,,,,,,,,,,pay,2017-01-0{n % 3 + 1},A,,20.00,\n")
        if n % 4 == 1:  # worker class B
            shares.append(f"share,{n},,,,,,,,,,,,subscribe,2017-02-01,B,1,100.00,\n")
            shares.append(f"share,{n},,,,,,,,,,,,pay,2017-02-02,B,,100.00,\n")
        if n % 5 == 0 and n > 20 and (n - 1) % 11:
            shares.append(f"share,{n},,,,,,,,,,,,subscribe,2017-03-01,A,2,,\n")
            shares.append(f"share,{n},,,,,,,,,,,,pay,2017-03-02,A,,50.00,\n")
            shares.append(f"share,{n},,,,,,,,,Board T{n},,,transfer,2018-05-01,A,2,,{n - 1}\n")
        if n % 9 == 0:
            shares.append(f"share,{n},,,,,,,,,,,,redeem,2021-03-31,A,2,,\n")
            if n % 4 == 1:
                shares.append(f"share,{n},,,,,,,,,,,,redeem,2021-03-31,B,1,,\n")
    shares.reverse()  # out of date and member order
    return HEADER + "".join(lines) + "".join(shares)


def test_the_by_column_member_checks_plan_what_the_row_by_row_checks_plan(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members checked column by column come to the same plan (members, and the
    ledger replayed against them, in the same order and value types) as checking each
    member row by row, and store what the import stores."""
    from clinicdesk.services.members.results import ImportReport

    source = tmp_path / "register.csv"
    source.write_text(_varied_register(), encoding="utf-8")
    taken: list[bool] = []
    fast = csv_io._members_by_column

    def spy(*args: Any) -> Any:
        result = fast(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(csv_io, "_members_by_column", spy)
    with db.uow() as uow:
        fast_report = ImportReport()
        fast_plan = csv_io._check_file(uow, source, fast_report)
    assert taken == [True]
    assert fast_report.errors == [] and fast_report.entries > 0
    monkeypatch.setattr(csv_io, "_members_by_column", lambda *args: None)
    with db.uow() as uow:
        slow_report = ImportReport()
        slow_plan = csv_io._check_file(uow, source, slow_report)
    assert slow_report == fast_report
    assert fast_plan.members == slow_plan.members
    for fast_column, slow_column in zip(fast_plan.members, slow_plan.members, strict=True):
        assert list(map(type, fast_column)) == list(map(type, slow_column))
    assert fast_plan.entries == slow_plan.entries
    assert [tuple(map(type, e)) for e in fast_plan.entries] == [
        tuple(map(type, e)) for e in slow_plan.entries
    ]
    assert EntryType.TRANSFER_IN in {e[1] for e in fast_plan.entries}
    assert any(len(key) > 20 for key in fast_plan.members[5])  # the long family name
    # and it stores what the plan holds, read back through the register
    monkeypatch.undo()
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source, commit=True).committed
    got = stored(db)
    assert [(e[0], e[1]) for e in got["ledger"]] == [(e[0], str(e[1])) for e in fast_plan.entries]


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        # refused by what the member held before
        ("share,24,,,,,,,,,,,,redeem,2019-01-01,A,3,,\n", ["Member 24: This would leave 1"]),
        ("share,25,,,,,,,,,,,,pay,2019-01-01,A,,10.00,\n", ["Member 25: A payment of 10"]),
        # refused before the rules see them
        ("share,35,,,,,,,,,B,,,transfer,2015-01-30,A,1,,36\n", ["Member 36 was not"]),
        ("share,35,,,,,,,,,B,,,transfer,2019-01-01,A,1,,22\n", ["Member 22 was not"]),
        ("share,30,,,,,,,,,,,,pay,2020-06-01,A,,-5.00,\n", ["the amount “-5.00” cannot"]),
        (
            "share,99,,,,,,,,,,,,pay,2020-06-01,A,,5.00,\n"
            "share,31,,,,,,,,,,,,subscribe,2016-05-01,Z,1,,\n"
            "share,32,,,,,,,,,,,,subscribe,2016-05-01,A,x,,\n",
            # in date order, the file's within a day
            ["unknown share class “Z”", "quantity “x” is not a whole number",
             "no member row for register number 99"],
        ),
        # member rows the by-column checks leave to the row-by-row ones, which name them
        ("member,90,Fam,,,patient,,,2099-01-01,,,,,,,,,,\n", ["application date is in the fu"]),
        ("member,90,Fam,,,patient,,,2015-01-01,2014-01-01,,,,,,,,,\n", ["approved_on is befo"]),
        ("member,90,Fam,,,patient,,,2015-01-01,,,2014-01-01,,,,,,,\n", ["end_on is before"]),
        ("member,90,Fam,,,patient,,,2015-01-01,2015-13-01,,,,,,,,,\n", ["approved_on “2015-1"]),
        ("member,90,Fam,,,patient,,,,,,,,,,,,,\n", ["applied_on is missing"]),
        ("member,90,,Ann,,patient,,,2015-01-01,,,,,,,,,,\n", ["Give the member's family"]),
        ("member,90,Fam,,,anchor,,,2015-01-01,,,,,,,,,,\n", ["needs the organisation's"]),
    ],
)  # fmt: skip
def test_a_refusal_is_named_as_with_no_by_column_member_checks(
    db: Database,
    admin: Principal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: str,
    errors: list[str],
) -> None:
    """A refused row (a member's, or a share row, whatever refuses it) is named by the
    same line and message as with the members checked row by row, and nothing is
    written."""
    text = _varied_register() + extra
    source = tmp_path / "register.csv"
    source.write_text(text, encoding="utf-8")
    with writes_seen(db) as writes, db.uow() as uow:
        report = svc.import_csv(uow, admin, source, commit=True)
    assert not report.committed and writes == []
    last = len(text.splitlines())
    lines = {line: last - k for k, line in enumerate(reversed(extra.splitlines()))}
    assert len(report.errors) == len(errors), report.errors
    for got, want in zip(report.errors, errors, strict=True):
        assert want in got, report.errors
        assert got.startswith(tuple(f"line {n}: " for n in lines.values())), got
    monkeypatch.setattr(csv_io, "_members_by_column", lambda *args: None)
    with db.uow() as uow:
        slow = svc.import_csv(uow, admin, source)
    assert slow.errors == report.errors
    assert (slow.members, slow.entries) == (report.members, report.entries)


def test_a_refused_last_member_row_is_named_and_the_others_counted_as_row_by_row(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members in register-number order but the last refused (an unknown class):
    the by-column checks do not take its column slots for another member's."""
    text = HEADER + (
        "member,1,Okafor,Esi,,patient,,,2015-01-01,2015-02-01,,,,,,,,,\n"
        "share,1,,,,,,,,,,,,subscribe,2015-02-01,A,2,,\n"
        "member,2,Berg,Nils,,nope,,,2015-01-01,,,,,,,,,,\n"
    )
    source = tmp_path / "register.csv"
    source.write_text(text, encoding="utf-8")
    with db.uow() as uow:
        report = svc.import_csv(uow, admin, source)
    assert report.errors == [
        "line 4: unknown member class “nope” (classes: anchor, community, patient, worker)"
    ]
    assert (report.members, report.entries) == (1, 1)
    monkeypatch.setattr(csv_io, "_members_by_column", lambda *args: None)
    with db.uow() as uow:
        assert svc.import_csv(uow, admin, source) == report
