"""The member register's documents: the register as of a date, the voter list, share
certificates with their verification code, and patronage dividend notices.

Data in (the small dataclasses below, plain values), PDF bytes out; the member services
decide what is on them, write the file and audit it."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from clinicdesk.domain.money import format_money
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape

_STYLES = getSampleStyleSheet()
_SMALL = ParagraphStyle("small", parent=_STYLES["Normal"], fontSize=8, leading=10)
_CELL = ParagraphStyle("cell", parent=_STYLES["Normal"], fontSize=8, leading=9.5)


@dataclass(frozen=True)
class Holding:
    share_class: str
    shares: int
    paid: Decimal


@dataclass(frozen=True)
class RegisterRow:
    register_no: int
    name: str
    member_class: str
    status: str
    applied_on: date
    approved_on: date | None
    left_on: date | None
    holdings: Sequence[Holding]
    shares: int
    paid_up: Decimal
    may_vote: bool


@dataclass(frozen=True)
class RegisterDocument:
    """The register, or with `voters` the voter list, as the ledger stood on `as_of`."""

    clinic_name: str
    as_of: date
    voting_rule: str
    rows: Sequence[RegisterRow]
    voters: bool = False

    @property
    def total_shares(self) -> int:
        return sum(row.shares for row in self.rows)

    @property
    def total_paid_up(self) -> Decimal:
        return sum((row.paid_up for row in self.rows), Decimal("0.00"))


@dataclass(frozen=True)
class CertificateDocument:
    clinic_name: str
    register_no: int
    name: str
    share_class: str
    share_class_name: str
    shares: int
    paid: Decimal
    as_of: date
    code: str


@dataclass(frozen=True)
class NoticePart:
    register_no: int
    name: str
    basis: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DividendNotices:
    clinic_name: str
    title: str
    year: int
    declared_on: date
    surplus: Decimal
    basis_label: str
    rounding_rule: str
    parts: Sequence[NoticePart]


def _money(value: Decimal) -> str:
    return format_money(value)


def _pdf(build: Callable[[io.BytesIO], None]) -> bytes:
    buffer = io.BytesIO()
    build(buffer)
    return buffer.getvalue()


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Table:
    table = Table(list(rows), colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def register_pdf(register: RegisterDocument) -> bytes:
    """The register (or, with `voters`, the voter list) as the ledger stood on its date."""
    voters = register.voters
    what = "Voter list" if voters else "Member register"
    heading = f"{what} as of {register.as_of.isoformat()}"

    def build(target: io.BytesIO) -> None:
        doc = SimpleDocTemplate(
            target,
            pagesize=landscape(A4),
            leftMargin=14 * mm,
            rightMargin=14 * mm,
            topMargin=14 * mm,
            bottomMargin=16 * mm,
            title=heading,
            author=register.clinic_name,
        )
        story: list[Any] = [
            Paragraph(escape(register.clinic_name), _STYLES["Title"]),
            Paragraph(heading, _STYLES["Heading2"]),
            Paragraph(
                "Holdings, paid-up capital and status are derived from the share ledger as "
                f"it stood at the end of {register.as_of.isoformat()}. Voting rule: "
                f"{escape(register.voting_rule)}; one member, one vote.",
                _SMALL,
            ),
            Spacer(1, 4 * mm),
        ]
        if voters:
            rows: list[list[Any]] = [["No.", "Name", "Class", "Approved", "Signature"]]
            for line in register.rows:
                rows.append(
                    [
                        str(line.register_no),
                        Paragraph(escape(line.name), _CELL),
                        line.member_class,
                        line.approved_on.isoformat() if line.approved_on else "",
                        "",
                    ]
                )
            story.append(_table(rows, [18 * mm, 90 * mm, 30 * mm, 28 * mm, 80 * mm]))
            story.append(Spacer(1, 4 * mm))
            story.append(Paragraph(f"Voters: {len(register.rows)}", _STYLES["Normal"]))
        else:
            rows = [
                [
                    "No.",
                    "Name",
                    "Class",
                    "Status",
                    "Applied",
                    "Approved",
                    "Left",
                    "Holdings",
                    "Shares",
                    "Paid-up",
                    "Vote",
                ],
            ]
            for line in register.rows:
                holdings = ", ".join(
                    f"{h.share_class}: {h.shares} ({_money(h.paid)} paid)" for h in line.holdings
                )
                rows.append(
                    [
                        str(line.register_no),
                        Paragraph(escape(line.name), _CELL),
                        line.member_class,
                        line.status,
                        line.applied_on.isoformat(),
                        line.approved_on.isoformat() if line.approved_on else "",
                        line.left_on.isoformat() if line.left_on else "",
                        Paragraph(escape(holdings), _CELL),
                        str(line.shares),
                        _money(line.paid_up),
                        "yes" if line.may_vote else "no",
                    ]
                )
            story.append(
                _table(
                    rows,
                    [
                        12 * mm,
                        60 * mm,
                        20 * mm,
                        18 * mm,
                        20 * mm,
                        20 * mm,
                        20 * mm,
                        50 * mm,
                        14 * mm,
                        22 * mm,
                        10 * mm,
                    ],
                )
            )
            story.append(Spacer(1, 4 * mm))
            story.append(
                Paragraph(
                    f"Members listed: {len(register.rows)}. Shares: {register.total_shares}. "
                    f"Paid-up capital: {_money(register.total_paid_up)}.",
                    _STYLES["Normal"],
                )
            )
        page.build(doc, story, f"{register.clinic_name} — {heading}")

    return _pdf(build)


def certificate_pdf(certificate: CertificateDocument) -> bytes:
    """One share certificate with the code `clinicdesk members verify CODE` checks."""

    def build(target: io.BytesIO) -> None:
        doc = SimpleDocTemplate(
            target,
            pagesize=landscape(A4),
            title=f"Share certificate {certificate.code}",
            author=certificate.clinic_name,
        )
        big = ParagraphStyle("big", parent=_STYLES["Normal"], fontSize=14, leading=20)
        story = [
            Paragraph(escape(certificate.clinic_name), _STYLES["Title"]),
            Paragraph("Share certificate", _STYLES["Heading1"]),
            Spacer(1, 8 * mm),
            Paragraph(
                f"This certifies that <b>{escape(certificate.name)}</b>, member number "
                f"<b>{certificate.register_no}</b>, held <b>{certificate.shares}</b> "
                f"class {escape(certificate.share_class)} shares "
                f"({escape(certificate.share_class_name)}), "
                f"paid up to {_money(certificate.paid)}, on "
                f"{certificate.as_of.isoformat()}, as recorded in the register of members.",
                big,
            ),
            Spacer(1, 8 * mm),
            page.signature_block(["Chair of the board", "Secretary"], width=200 * mm),
            Spacer(1, 8 * mm),
            Paragraph(f"Verification code: <b>{escape(certificate.code)}</b>", big),
            Paragraph(
                "Check this certificate with: clinicdesk members verify CODE. Shares are "
                "transferable only with the board's approval and are recorded in the register.",
                _SMALL,
            ),
        ]
        page.build(doc, story, f"{certificate.clinic_name} — share certificate {certificate.code}")

    return _pdf(build)


def patronage_notices_pdf(info: DividendNotices) -> bytes:
    """One notice per member of a recorded patronage dividend."""
    clinic_name = info.clinic_name

    def build(target: io.BytesIO) -> None:
        doc = SimpleDocTemplate(
            target, pagesize=A4, title=f"Patronage notices: {info.title}", author=clinic_name
        )
        story: list[Any] = []
        for index, (number, name, basis, amount) in enumerate(
            (p.register_no, p.name, p.basis, p.amount) for p in info.parts
        ):
            if index:
                story.append(PageBreak())
            story += [
                Paragraph(escape(clinic_name), _STYLES["Title"]),
                Paragraph(f"Patronage dividend notice — {escape(info.title)}", _STYLES["Heading2"]),
                Paragraph(f"Member {number}: {escape(name)}", _STYLES["Normal"]),
                Spacer(1, 6 * mm),
                _table(
                    [
                        ["", ""],
                        ["Year", str(info.year)],
                        ["Declared on", info.declared_on.isoformat()],
                        ["Surplus allocated", _money(info.surplus)],
                        ["Basis", info.basis_label],
                        ["Your basis", f"{basis.normalize():f}"],
                        ["Your dividend", _money(amount)],
                    ],
                    [50 * mm, 110 * mm],
                ),
                Spacer(1, 6 * mm),
                Paragraph(f"How it was divided: {escape(info.rounding_rule)}", _SMALL),
            ]
        if not story:
            story.append(
                Paragraph("No member received a part of this dividend.", _STYLES["Normal"])
            )
        page.build(doc, story, f"{clinic_name} — patronage dividend notices {info.year}")

    return _pdf(build)


__all__ = [
    "CertificateDocument",
    "DividendNotices",
    "Holding",
    "NoticePart",
    "RegisterDocument",
    "RegisterRow",
    "certificate_pdf",
    "patronage_notices_pdf",
    "register_pdf",
]
