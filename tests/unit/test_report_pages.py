"""Every PDF the program makes is built on the shared page template (reports/page.py):
"Page n of m" on every page; the outreach call sheet fits at least 15 patients a page; the
revenue statement shows the clinic's currency and a signature block, as do the share and
training certificates (issue 13). PDFs are read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf

import clinicdesk.reports
from clinicdesk.reports import members, outreach, training
from clinicdesk.reports.revenue_statement import (
    MonthFigures,
    StatementDocument,
    StatementLine,
    StatementSubmission,
    render,
)

WHY = (
    "Overdue since 2026-03-01: no Influenza vaccine given (CVX 88) within year (last on "
    "2025-03-01); no Influenza vaccination (procedure record) (SNOMED 86198006) on record"
    "; due every year for patients aged 1 or over."
)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _numbered(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text, text[-200:]


def test_every_report_builds_on_the_shared_page_template() -> None:
    folder = Path(clinicdesk.reports.__file__).parent
    for module in folder.glob("*.py"):
        if module.name == "page.py":
            continue
        source = module.read_text(encoding="utf-8")
        builds = re.findall(r"\b\w+\.build\(", source)
        assert all(b == "page.build(" for b in builds), (module.name, builds)


def test_the_call_sheet_fits_fifteen_patients_a_page() -> None:
    rows = [
        outreach.CallSheetRow(
            name=f"Patient-{i:03d}, Given Middle",
            mrn=f"MRN{i:07d}",
            age=40 + i % 50,
            phone="+1-555-000-0000",
            state="Overdue",
            due_on=date(2026, 3, 1),
            explanation=WHY,
        )
        for i in range(60)
    ]
    sheet = outreach.CallSheet(
        "Clinic", "Yearly influenza vaccine", "flu v1", date.today(), "All", rows
    )
    pages = _pages(outreach.call_sheet_pdf(sheet))
    _numbered(pages)
    per_page = [len(re.findall(r"MRN\d{7}", text)) for text in pages]
    assert sum(per_page) == 60
    assert all(n >= 15 for n in per_page[:-1]), per_page
    # The rule's wording common to every patient is said once, in the heading.
    assert pages[0].count("due every year for patients aged 1 or over") == 1


def test_the_statement_shows_the_currency_and_a_signature_block() -> None:
    month = MonthFigures(
        period="2026-10",
        status_label="acknowledged",
        lines=[StatementLine("member_fees", "", Decimal("1000.00"))],
        totals={"member_fees": Decimal("1000.00")},
        total=Decimal("1000.00"),
        contributable_categories=["member_fees"],
        contributable_base=Decimal("1000.00"),
        rate=Decimal("0.03"),
        rate_standard_id="contribution-rate.federation",
        rate_standard_version=1,
        contribution=Decimal("30.00"),
        allocation={"reserve": Decimal("30.00")},
        fund_standard_id="fund-allocation.federation",
        fund_standard_version=1,
        due_on=date(2026, 11, 15),
        submissions=[
            StatementSubmission(
                0, "original", None, Decimal("30.00"), Decimal("30.00"), "R-1", None
            )
        ],
    )
    pdf = render(StatementDocument("Clinic", month, datetime.now(UTC), currency="CAD"))
    pages = _pages(pdf)
    _numbered(pages)
    text = "\n".join(pages)
    assert "CAD 30.00" in text and "Amount (CAD)" in text
    assert "Signature — Clinic manager" in text and "Signature — Treasurer" in text
    assert len(pages) == 1


def test_certificates_carry_a_signature_block() -> None:
    share = members.certificate_pdf(
        members.CertificateDocument(
            "Clinic",
            12,
            "Amara Adeyemi",
            "A",
            "Patient member",
            1,
            Decimal("25.00"),
            date(2026, 12, 3),
            "ABCD",
        )
    )
    course = training.certificate_pdf(
        training.CertificateReport(
            "Clinic",
            "Rosa Quinn",
            "Hand hygiene",
            "training.hand-hygiene v1",
            "Hand hygiene in primary care",
            "Course and quiz",
            date(2026, 11, 2),
            None,
            "T-1",
        )
    )
    for pdf, signer in ((share, "Chair of the board"), (course, "Clinic manager")):
        pages = _pages(pdf)
        assert len(pages) == 1
        _numbered(pages)
        assert f"Signature — {signer}" in pages[0] and "Name and date" in pages[0]
