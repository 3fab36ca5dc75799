"""The register's PDFs, read back with pypdf: the register printed as of a past date
matches the ledger at that date; voters, certificates and notices say what they must."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain import members as rules
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ValidationError
from clinicdesk.services import audit
from clinicdesk.services import members as svc
from clinicdesk.services.members import EnrolRequest, common

D = date


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _member(db: Database, admin: Principal, family: str, shares: int, paid: str) -> int:
    with db.uow() as uow:
        row = svc.enrol(
            uow,
            admin,
            EnrolRequest(
                family, "Mei", "patient", D(2020, 1, 6), consent_bylaws=True, consent_data=True
            ),
        )
    with db.uow() as uow:
        svc.approve(uow, admin, row.id, D(2020, 2, 1), "Board 2020/1")
    with db.uow() as uow:
        svc.subscribe(uow, admin, row.id, "A", shares, D(2020, 2, 1))
    with db.uow() as uow:
        svc.pay(uow, admin, row.id, "A", Decimal(paid), D(2020, 3, 1))
    return row.id


@pytest.fixture
def register(db: Database, admin: Principal) -> list[int]:
    ids = [
        _member(db, admin, "Quinn", 4, "100.00"),
        _member(db, admin, "Rossi", 2, "25.00"),
        _member(db, admin, "Singh", 6, "150.00"),
    ]
    # later history that the past register must not show
    with db.uow() as uow:
        svc.redeem(uow, admin, ids[2], "A", 3, D(2024, 5, 1), approval_ref="Board 2024/2")
    with db.uow() as uow:
        svc.leave(uow, admin, ids[0], D(2024, 6, 30), "moved away")
    return ids


def test_register_as_of_a_past_date_matches_the_ledger(
    db: Database, admin: Principal, register: list[int], tmp_path: Path
) -> None:
    as_of = D(2023, 12, 31)
    out = tmp_path / "register.pdf"
    with db.uow() as uow:
        data = svc.write_register_pdf(uow, admin, as_of, out)
    text = _text(out)
    assert not list(tmp_path.glob(".*.partial"))  # written whole, nothing left beside it
    assert "Member register as of Dec 31, 2023" in text
    # every line printed equals the ledger replayed to that date
    with db.uow(read_only=True) as uow:
        entries = common._entries_for(uow, register)
    for member_id, line in zip(register, data.lines, strict=True):
        held = rules.holdings(entries[member_id], as_of)["A"]
        assert (line.shares, line.paid_up) == (held.shares, held.paid)
    assert "Quinn, Mei" in text and "active" in text
    assert "A: 4 (100.00 paid)" in text
    assert "A: 2 (25.00 paid)" in text
    assert "A: 6 (150.00 paid)" in text
    assert "Members listed: 3. Shares: 12. Paid-up capital: 275.00." in text
    # today the register says otherwise
    with db.uow() as uow:
        svc.write_register_pdf(uow, admin, D(2025, 1, 1), tmp_path / "now.pdf")
    text_now = _text(tmp_path / "now.pdf")
    assert "Quinn" not in text_now and "A: 3 (75.00 paid)" in text_now


def test_voter_list(db: Database, admin: Principal, register: list[int], tmp_path: Path) -> None:
    with db.uow() as uow:
        svc.write_register_pdf(uow, admin, D(2023, 12, 31), tmp_path / "voters.pdf", voters=True)
    text = _text(tmp_path / "voters.pdf")
    assert "Voter list as of Dec 31, 2023" in text
    # Rossi has 1 of the 2 minimum shares paid: no vote
    assert "Quinn, Mei" in text and "Singh, Mei" in text and "Rossi" not in text
    assert "Voters: 2" in text


def test_certificate_code_printed_and_verifiable(
    db: Database, admin: Principal, register: list[int], tmp_path: Path
) -> None:
    out = tmp_path / "cert.pdf"
    with db.uow() as uow:
        cert = svc.write_certificate_pdf(uow, admin, register[2], "A", D(2023, 12, 31), out)
    text = _text(out)
    assert cert.code in text.replace("\n", "")
    assert "held 6 class A shares" in text
    with db.uow() as uow:
        check = svc.verify_certificate(uow, admin, cert.code)
    assert check.matches_ledger and check.held_now == 3


def test_patronage_notices(
    db: Database, admin: Principal, register: list[int], tmp_path: Path
) -> None:
    with db.uow() as uow:
        info = svc.allocate_dividend(
            uow,
            admin,
            "2023 surplus",
            2023,
            Decimal("100.00"),
            "paid_capital",
            declared_on=D(2024, 3, 1),
        )
    with db.uow() as uow:
        stored = svc.dividend(uow, admin, info.id or 0)
    out = tmp_path / "notices.pdf"
    with db.uow() as uow:
        svc.write_dividend_notices(uow, admin, stored, out)
    with db.uow(read_only=True) as uow:
        events = audit.list_events(uow, admin, audit.AuditFilter(action="dividend.notices"))
    assert [e.entity_id for e in events] == [str(info.id)] and "notices.pdf" in events[0].details
    reader = PdfReader(str(out))
    assert len(reader.pages) == 3
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    # 100.00 by 100 : 25 : 150 paid-up -> 36.36, 9.09, 54.55 (largest remainder)
    assert "Your dividend 36.36" in texts[0]
    assert "Your dividend 9.09" in texts[1]
    assert "Your dividend 54.55" in texts[2]
    assert sum(p[3] for p in stored.parts) == Decimal("100.00")


def test_documents_need_a_folder_and_notices_a_recorded_dividend(
    db: Database, admin: Principal, register: list[int], tmp_path: Path
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="does not exist"):
        svc.write_register_pdf(uow, admin, D(2023, 12, 31), tmp_path / "nowhere" / "r.pdf")
    with db.uow() as uow:
        preview = svc.allocate_dividend(
            uow, admin, "Preview", 2023, Decimal("10.00"), "paid_capital", record=False
        )
    with db.uow() as uow, pytest.raises(ValidationError, match="recorded dividend"):
        svc.write_dividend_notices(uow, admin, preview, tmp_path / "notices.pdf")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.partial"))
