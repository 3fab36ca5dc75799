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

from clinicdesk.i18n import N_, _
from clinicdesk.i18n.formatting import format_number
from clinicdesk.reports import page
from clinicdesk.reports.markup import escape
from clinicdesk.reports.page import day

_STYLES = getSampleStyleSheet()
_SMALL = ParagraphStyle("small", parent=_STYLES["Normal"], fontSize=8, leading=10)
_CELL = ParagraphStyle("cell", parent=_STYLES["Normal"], fontSize=8, leading=9.5)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")

# The register's codes as words (a code the clinic added itself prints as it is).
MEMBER_CLASSES = {
    "patient": N_("patient"),
    "worker": N_("worker"),
    "community": N_("community"),
    "anchor": N_("anchor organisation"),
}
STATUSES = {
    "applicant": N_("applicant"),
    "active": N_("active"),
    "suspended": N_("suspended"),
    "former": N_("former"),
}


def _word(words: dict[str, str], code: str) -> str:
    return _(words[code]) if code in words else code


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
    return page.money(value)


def _bold(value: object) -> str:
    return f"<b>{escape(value)}</b>"


def _pdf(build: Callable[[io.BytesIO], None]) -> bytes:
    buffer = io.BytesIO()
    build(buffer)
    return buffer.getvalue()


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Table:
    head = [Paragraph(escape(cell), _HEAD) if isinstance(cell, str) else cell for cell in rows[0]]
    table = Table([head, *rows[1:]], colWidths=list(widths), repeatRows=1)
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
    heading = (
        _("Voter list as of {date}") if voters else _("Member register as of {date}")
    ).format(date=day(register.as_of))

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
            Paragraph(escape(heading), _STYLES["Heading2"]),
            Paragraph(
                escape(
                    _(
                        "Holdings, paid-up capital and status are derived from the share ledger "
                        "as it stood at the end of {date}. Voting rule: {rule}; one member, one "
                        "vote."
                    ).format(date=day(register.as_of), rule=register.voting_rule)
                ),
                _SMALL,
            ),
            Spacer(1, 4 * mm),
        ]
        if voters:
            rows: list[list[Any]] = [
                [_("No."), _("Name"), _("Class"), _("Approved"), _("Signature")]
            ]
            for line in register.rows:
                rows.append(
                    [
                        str(line.register_no),
                        Paragraph(escape(line.name), _CELL),
                        Paragraph(escape(_word(MEMBER_CLASSES, line.member_class)), _CELL),
                        day(line.approved_on),
                        "",
                    ]
                )
            story.append(_table(rows, [18 * mm, 90 * mm, 30 * mm, 28 * mm, 80 * mm]))
            story.append(Spacer(1, 4 * mm))
            story.append(
                Paragraph(
                    escape(_("Voters: {count}").format(count=format_number(len(register.rows)))),
                    _STYLES["Normal"],
                )
            )
        else:
            rows = [
                [
                    _("No."),
                    _("Name"),
                    _("Class"),
                    _("Status"),
                    _("Applied"),
                    _("Approved"),
                    _("Left"),
                    _("Holdings"),
                    _("Shares"),
                    _("Paid-up"),
                    _("Vote"),
                ],
            ]
            for line in register.rows:
                holdings = ", ".join(
                    _("{share_class}: {shares} ({paid} paid)").format(
                        share_class=h.share_class,
                        shares=format_number(h.shares),
                        paid=_money(h.paid),
                    )
                    for h in line.holdings
                )
                rows.append(
                    [
                        str(line.register_no),
                        Paragraph(escape(line.name), _CELL),
                        Paragraph(escape(_word(MEMBER_CLASSES, line.member_class)), _CELL),
                        Paragraph(escape(_word(STATUSES, line.status)), _CELL),
                        day(line.applied_on),
                        day(line.approved_on),
                        day(line.left_on),
                        Paragraph(escape(holdings), _CELL),
                        format_number(line.shares),
                        _money(line.paid_up),
                        _("yes") if line.may_vote else _("no"),
                    ]
                )
            story.append(
                _table(
                    rows,
                    # Room for the longest heading and date of either language
                    # ("Aportaciones", "30 sept 2026"): a column never breaks a word.
                    [
                        12 * mm,
                        46 * mm,
                        22 * mm,
                        20 * mm,
                        20 * mm,
                        21 * mm,
                        20 * mm,
                        47 * mm,
                        24 * mm,
                        22 * mm,
                        14 * mm,
                    ],
                )
            )
            story.append(Spacer(1, 4 * mm))
            story.append(
                Paragraph(
                    escape(
                        _("Members listed: {members}. Shares: {shares}. Paid-up capital: {paid}.")
                    ).format(
                        members=format_number(len(register.rows)),
                        shares=format_number(register.total_shares),
                        paid=_money(register.total_paid_up),
                    ),
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
            title=_("Share certificate {code}").format(code=certificate.code),
            author=certificate.clinic_name,
        )
        big = ParagraphStyle("big", parent=_STYLES["Normal"], fontSize=14, leading=20)
        story = [
            Paragraph(escape(certificate.clinic_name), _STYLES["Title"]),
            Paragraph(escape(_("Share certificate")), _STYLES["Heading1"]),
            Spacer(1, 8 * mm),
            Paragraph(
                escape(
                    _(
                        "This certifies that {name}, member number {number}, held {shares} "
                        "class {share_class} shares ({share_class_name}), paid up to {paid}, "
                        "on {date}, as recorded in the register of members."
                    )
                ).format(
                    name=_bold(certificate.name),
                    number=_bold(certificate.register_no),
                    shares=_bold(format_number(certificate.shares)),
                    share_class=escape(certificate.share_class),
                    share_class_name=escape(certificate.share_class_name),
                    paid=_money(certificate.paid),
                    date=day(certificate.as_of),
                ),
                big,
            ),
            Spacer(1, 8 * mm),
            page.signature_block([_("Chair of the board"), _("Secretary")], width=200 * mm),
            Spacer(1, 8 * mm),
            Paragraph(
                escape(_("Verification code: {code}")).format(code=_bold(certificate.code)), big
            ),
            Paragraph(
                escape(
                    _(
                        "Check this certificate with: clinicdesk members verify CODE. Shares are "
                        "transferable only with the board's approval and are recorded in the "
                        "register."
                    )
                ),
                _SMALL,
            ),
        ]
        footer = _("{clinic} — share certificate {code}").format(
            clinic=certificate.clinic_name, code=certificate.code
        )
        page.build(doc, story, footer)

    return _pdf(build)


def patronage_notices_pdf(info: DividendNotices) -> bytes:
    """One notice per member of a recorded patronage dividend."""
    clinic_name = info.clinic_name

    def build(target: io.BytesIO) -> None:
        doc = SimpleDocTemplate(
            target,
            pagesize=A4,
            title=_("Patronage notices: {title}").format(title=info.title),
            author=clinic_name,
        )
        story: list[Any] = []
        for index, (number, name, basis, amount) in enumerate(
            (p.register_no, p.name, p.basis, p.amount) for p in info.parts
        ):
            if index:
                story.append(PageBreak())
            story += [
                Paragraph(escape(clinic_name), _STYLES["Title"]),
                Paragraph(
                    escape(_("Patronage dividend notice — {title}").format(title=info.title)),
                    _STYLES["Heading2"],
                ),
                Paragraph(
                    escape(_("Member {number}: {name}").format(number=number, name=name)),
                    _STYLES["Normal"],
                ),
                Spacer(1, 6 * mm),
                _table(
                    [
                        ["", ""],
                        [_("Year"), str(info.year)],
                        [_("Declared on"), day(info.declared_on)],
                        [_("Surplus allocated"), _money(info.surplus)],
                        [_("Basis"), info.basis_label],
                        [_("Your basis"), format_number(basis.normalize())],
                        [_("Your dividend"), _money(amount)],
                    ],
                    [50 * mm, 110 * mm],
                ),
                Spacer(1, 6 * mm),
                Paragraph(
                    escape(_("How it was divided: {rule}").format(rule=info.rounding_rule)),
                    _SMALL,
                ),
            ]
        if not story:
            story.append(
                Paragraph(
                    escape(_("No member received a part of this dividend.")), _STYLES["Normal"]
                )
            )
        footer = _("{clinic} — patronage dividend notices {year}").format(
            clinic=clinic_name, year=info.year
        )
        page.build(doc, story, footer)

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
