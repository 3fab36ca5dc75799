"""Names with `&`, `<` and `>` in every PDF (issue 12, the clinic side).

A reportlab Paragraph reads its text as markup: a clinic called "Smith & Jones <Care>"
stopped every PDF being made, and a member typed as "<b>Lee</b>" printed as a bold "Lee".
Each PDF is made with such names in every text it prints — clinic, member, patient, staff,
course, requirement, dividend — and read back with pypdf: the names are there, as typed.
The documents are built directly (every field at once) and through the services on both
back-ends (what a clinic would actually store).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.reports import members as member_pdf
from clinicdesk.reports import outreach as outreach_pdf
from clinicdesk.reports import revenue_statement, revenue_year
from clinicdesk.reports import training as training_pdf
from clinicdesk.reports.markup import escape
from clinicdesk.services import caregaps, outreach, setup, training
from clinicdesk.services import members as svc
from clinicdesk.services.members import EnrolRequest
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.clinic import add_clinician, add_patient, add_staff

CLINIC = "Smith & Jones <Care> Co-op"
PERSON = "O'Brien & <b>Lee</b>"
OTHER = "A<B & C>D"
DAY = date(2025, 6, 15)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _has(text: str, *wanted: str) -> None:
    flat = " ".join(text.split())
    for value in wanted:
        assert value in flat, (value, flat[:400])


def test_escape_makes_markup_literal() -> None:
    assert escape("A & <b>B</b>") == "A &amp; &lt;b&gt;B&lt;/b&gt;"
    assert escape(7) == "7"


# --- every document, every field -------------------------------------------------------


def test_member_register_certificate_and_notices() -> None:
    row = member_pdf.RegisterRow(
        register_no=1, name=PERSON, member_class=OTHER, status="active", applied_on=DAY,
        approved_on=DAY, left_on=None, holdings=[member_pdf.Holding(OTHER, 2, Decimal("50"))],
        shares=2, paid_up=Decimal("50.00"), may_vote=True,
    )  # fmt: skip
    for voters in (False, True):
        register = member_pdf.RegisterDocument(CLINIC, DAY, OTHER, [row], voters=voters)
        _has(_text(member_pdf.register_pdf(register)), CLINIC, PERSON)
    certificate = member_pdf.CertificateDocument(
        CLINIC, 1, PERSON, OTHER, OTHER, 2, Decimal("50.00"), DAY, "M-1-<x>"
    )
    _has(_text(member_pdf.certificate_pdf(certificate)), CLINIC, PERSON, OTHER, "M-1-<x>")
    notices = member_pdf.DividendNotices(
        CLINIC, OTHER, 2024, DAY, Decimal("100.00"), OTHER, OTHER,
        [member_pdf.NoticePart(1, PERSON, Decimal("2"), Decimal("100.00"))],
    )  # fmt: skip
    _has(_text(member_pdf.patronage_notices_pdf(notices)), CLINIC, PERSON, OTHER)


def test_outreach_call_sheet() -> None:
    sheet = outreach_pdf.CallSheet(
        clinic_name=CLINIC, title=OTHER, standard=OTHER, as_of=DAY, panel=f"{PERSON}'s panel",
        rows=[outreach_pdf.CallSheetRow(PERSON, OTHER, 70, "<555>", OTHER, DAY, OTHER)],
    )  # fmt: skip
    _has(_text(outreach_pdf.call_sheet_pdf(sheet)), CLINIC, PERSON, OTHER, "<555>")


def test_training_matrix_transcript_and_certificate() -> None:
    matrix = training_pdf.MatrixReport(
        clinic_name=CLINIC, as_of=DAY,
        columns=[training_pdf.MatrixColumn("training.x", OTHER, "once")],
        lines=[training_pdf.MatrixLine(PERSON, OTHER, [
            training_pdf.MatrixCell("valid", OTHER, OTHER)
        ])],
        totals=OTHER, filters=OTHER,
    )  # fmt: skip
    _has(_text(training_pdf.matrix_pdf(matrix)), CLINIC, PERSON, OTHER)
    transcript = training_pdf.TranscriptReport(
        clinic_name=CLINIC, name=PERSON, roles=OTHER, start_on=DAY, end_on=None, as_of=DAY,
        status=[training_pdf.TranscriptStatus(OTHER, "valid", DAY, None)],
        entries=[training_pdf.TranscriptEntry(DAY, OTHER, OTHER, None, OTHER, OTHER)],
    )  # fmt: skip
    _has(_text(training_pdf.transcript_pdf(transcript)), CLINIC, PERSON, OTHER)
    certificate = training_pdf.CertificateReport(
        clinic_name=CLINIC, name=PERSON, requirement_title=OTHER, requirement=OTHER,
        course_title="Hygiene <Basics> & More", how=OTHER, completed_on=DAY,
        expires_on=None, code="T-<1>",
    )  # fmt: skip
    _has(
        _text(training_pdf.certificate_pdf(certificate)),
        CLINIC, PERSON, OTHER, "Hygiene <Basics> & More", "T-<1>",
    )  # fmt: skip


def _month() -> revenue_statement.MonthFigures:
    return revenue_statement.MonthFigures(
        period="2025-05", status_label=OTHER,
        lines=[revenue_statement.StatementLine("other", OTHER, Decimal("10.00"))],
        totals={"other": Decimal("10.00")}, total=Decimal("10.00"),
        contributable_categories=["other"], contributable_base=Decimal("10.00"),
        rate=Decimal("0.02"), rate_standard_id=OTHER, rate_standard_version=1,
        contribution=Decimal("0.20"), allocation={"reserve": Decimal("0.20")},
        fund_standard_id=OTHER, fund_standard_version=1, due_on=DAY,
        submissions=[revenue_statement.StatementSubmission(
            1, "amendment 1", OTHER, Decimal("0.20"), Decimal("0.10"), "R-<1>", None
        )],
    )  # fmt: skip


def test_revenue_statement_and_year_summary() -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    statement = revenue_statement.StatementDocument(CLINIC, _month(), now)
    _has(_text(revenue_statement.render(statement)), CLINIC, OTHER)
    summary = revenue_year.YearDocument(CLINIC, 2025, [_month()], ["2025-01"], now)
    _has(_text(revenue_year.render(summary)), CLINIC)


# --- through the services, on both back-ends ---------------------------------------------


@pytest.fixture
def hostile_admin(db: Database) -> Principal:
    """A clinic whose name holds markup, and its first administrator."""
    with db.uow() as uow:
        return setup.initialise(uow, CLINIC, "root", "Root Admin", ADMIN_PASSWORD)


def test_member_pdfs_from_the_register(
    db: Database, hostile_admin: Principal, tmp_path: Path
) -> None:
    with db.uow() as uow:
        row = svc.enrol(
            uow, hostile_admin,
            EnrolRequest("<b>Lee</b> & Co", "Mei", "patient", date(2020, 1, 6),
                         consent_bylaws=True, consent_data=True),
        )  # fmt: skip
    with db.uow() as uow:
        svc.approve(uow, hostile_admin, row.id, date(2020, 2, 1), "Board <2020> & 1")
    with db.uow() as uow:
        svc.subscribe(uow, hostile_admin, row.id, "A", 2, date(2020, 2, 1))
    with db.uow() as uow:
        svc.write_register_pdf(uow, hostile_admin, date(2021, 1, 1), tmp_path / "r.pdf")
    with db.uow() as uow:
        svc.write_certificate_pdf(
            uow, hostile_admin, row.id, "A", date(2021, 1, 1), tmp_path / "c.pdf"
        )
    for name in ("r.pdf", "c.pdf"):
        _has(_text((tmp_path / name).read_bytes()), CLINIC, "<b>Lee</b> & Co, Mei")


def test_outreach_call_sheet_from_the_panel(
    db: Database, hostile_admin: Principal, tmp_path: Path
) -> None:
    ana = add_clinician(db, "dr.ana", "Dr <Ana> & Reyes")
    add_patient(
        db, mrn="M-<1>", birth_date=date(1950, 3, 1), family_name="<i>Brown</i> & Sons",
        given_names="Tom", clinician_id=ana.user_id,
    )  # fmt: skip
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, hostile_admin, as_of=DAY)
    target = tmp_path / "calls.pdf"
    with db.uow() as uow:
        outreach.export_outreach(
            uow, hostile_admin, "care-gap.influenza-vaccine", target, clinician="dr.ana"
        )
    _has(_text(target.read_bytes()), CLINIC, "<i>Brown</i> & Sons", "Dr <Ana> & Reyes")


def test_training_pdfs_for_staff(db: Database, hostile_admin: Principal, tmp_path: Path) -> None:
    manager = add_staff(db, hostile_admin, "manager", "Mara <Manager> & Co", "manager")
    with db.uow() as uow:
        training.add_staff(uow, manager, PERSON, [Role.FRONT_DESK], date(2024, 1, 1))
    with db.uow() as uow:
        training.export_matrix(uow, manager, tmp_path / "m.pdf")
        transcript = training.transcript_pdf(uow, manager, "manager")
    _has(_text((tmp_path / "m.pdf").read_bytes()), CLINIC, PERSON, "Mara <Manager> & Co")
    _has(_text(transcript), CLINIC, "Mara <Manager> & Co")
