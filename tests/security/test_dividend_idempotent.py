"""`members dividend --record` pays once per year and title (issue 12): recording the same
dividend again — a retried command, a second click, two managers at the same moment — is
refused with a message that says what is already recorded, and no member's part doubles.
Service and command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinicdesk.db.models_members import DividendAllocation, DividendShare
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError
from clinicdesk.services import members as svc
from clinicdesk.services.members import EnrolRequest
from tests.helpers.cli import ROOT, run_cli_as

BASES = {1: Decimal("1"), 2: Decimal("3")}


@pytest.fixture
def two_members(db: Database, admin: Principal) -> None:
    for family in ("Quinn", "Rossi"):
        with db.uow() as uow:
            row = svc.enrol(
                uow,
                admin,
                EnrolRequest(
                    family, "Mei", "patient", date(2020, 1, 6), consent_bylaws=True,
                    consent_data=True,
                ),
            )  # fmt: skip
        with db.uow() as uow:
            svc.approve(uow, admin, row.id, date(2020, 2, 1), "Board 2020/1")
        with db.uow() as uow:
            svc.subscribe(uow, admin, row.id, "A", 2, date(2020, 2, 1))
        with db.uow() as uow:
            svc.pay(uow, admin, row.id, "A", Decimal("50.00"), date(2020, 3, 1))


def _record(db: Database, admin: Principal, title: str, year: int = 2024) -> svc.DividendInfo:
    with db.uow() as uow:
        return svc.allocate_dividend(uow, admin, title, year, Decimal("400.00"), BASES)


def _paid(db: Database) -> tuple[int, Decimal]:
    with db.uow(read_only=True) as uow:
        allocations = uow.session.execute(
            select(func.count()).select_from(DividendAllocation)
        ).scalar_one()
        total = uow.session.execute(select(func.sum(DividendShare.amount))).scalar_one()
    return int(allocations), Decimal(total or 0)


@pytest.mark.usefixtures("two_members")
def test_the_same_dividend_recorded_twice_is_refused(db: Database, admin: Principal) -> None:
    first = _record(db, admin, "Patronage dividend 2024")
    assert first.id is not None and first.total == Decimal("400.00")
    for again in ("Patronage dividend 2024", "  patronage  DIVIDEND 2024 "):
        with pytest.raises(ConflictError, match="already recorded") as refused:
            _record(db, admin, again)
        assert f"allocation {first.id}" in refused.value.message
        assert "another title" in (refused.value.hint or "")
    assert _paid(db) == (1, Decimal("400.00"))  # nobody is paid twice
    # a preview of the same dividend stores nothing and is not refused
    with db.uow() as uow:
        preview = svc.allocate_dividend(
            uow, admin, "Patronage dividend 2024", 2024, Decimal("400.00"), BASES, record=False
        )
    assert preview.id is None


@pytest.mark.usefixtures("two_members")
def test_another_title_or_another_year_is_another_dividend(db: Database, admin: Principal) -> None:
    _record(db, admin, "Patronage dividend 2024")
    _record(db, admin, "Special dividend 2024")
    _record(db, admin, "Patronage dividend 2024", year=2025)
    assert _paid(db) == (3, Decimal("1200.00"))


@pytest.mark.usefixtures("two_members")
def test_two_managers_recording_at_once_record_it_once(db: Database, admin: Principal) -> None:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def record() -> None:
        start.wait()
        try:
            _record(db, admin, "Patronage dividend 2024")
        except ConflictError:
            outcomes.append("refused")
        else:
            outcomes.append("recorded")

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["recorded", "refused"]
    assert _paid(db) == (1, Decimal("400.00"))


@pytest.mark.usefixtures("two_members")
def test_the_command_line_refuses_the_second_record(
    db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    home = tmp_path / "cli-home"
    home.mkdir()
    args = ("members", "dividend", "--year", "2024", "--surplus", "400.00", "--record")
    first = run_cli_as(ROOT, home, *args, "--db", db_url)
    assert first.returncode == 0, first
    assert "Recorded as allocation 1" in first.stdout
    second = run_cli_as(ROOT, home, *args, "--db", db_url)
    assert second.returncode == 3, second
    assert "“Patronage dividend 2024” for 2024 is already recorded (allocation 1" in (second.stderr)
    assert _paid(db)[0] == 1
