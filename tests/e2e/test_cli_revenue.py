"""`clinicdesk revenue …` and `clinicdesk report revenue-statement` in child processes
against a real hub, on a SQLite file and a PostgreSQL schema: enter, lock, submit (the
process ends after the local commit, before anything is sent), sync, receipt shown;
amend, sync; the statement PDF; bad input refused with a clear message and nothing
stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Principal
from clinicdesk.federation.credentials import ENV_API_KEY
from clinicdesk.reports.page import month as month_name
from clinicdesk.services import federation_link
from tests.helpers.cli import ROOT, CliResult, run_cli_as
from tests.helpers.hub import HubProcess, admin_json
from tests.helpers.hub_fixtures import Member

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
PERIOD = str(Period.of(datetime.now(UTC).date()).previous())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _cli(home: Path, db_url: str, *args: str, key: str | None = None) -> CliResult:
    env = {ENV_API_KEY: key, **NO_KEYRING} if key else None
    return run_cli_as(ROOT, home, *args, "--db", db_url, env=env)


def _hub_rows(hub: HubProcess, member: Member) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = admin_json(
        hub.db_url, "contributions", "--clinic", member.clinic_id, "--json"
    )
    return rows


def test_close_submit_sync_amend_and_statement(
    home: Path,
    tmp_path: Path,
    db: Database,
    db_url: str,
    admin: Principal,
    hub: HubProcess,
    member: Member,
) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)

    entered = _cli(
        home,
        db_url,
        "revenue",
        "set",
        "--period",
        PERIOD,
        "--line",
        "member_fees=12000.00",
        "--line",
        "anchor_contracts/City schools=4500.50",
        "--line",
        "fee_for_service=1999.99",
        "--line",
        "grants=800",
    )
    assert entered.returncode == 0, entered
    assert "555.01" in entered.stdout  # the draft's preview

    locked = _cli(home, db_url, "revenue", "lock", "--period", PERIOD, "--json")
    assert locked.returncode == 0, locked
    assert locked.json()["contribution"] == "555.01"

    # `submit` commits and exits: nothing has gone to the hub yet.
    submitted = _cli(home, db_url, "revenue", "submit", "--period", PERIOD)
    assert submitted.returncode == 0, submitted
    assert "waiting to send" in submitted.stdout
    assert _hub_rows(hub, member) == []
    again = _cli(home, db_url, "revenue", "submit", "--period", PERIOD)
    assert again.returncode == 3 and "already submitted" in again.stderr, again

    synced = _cli(home, db_url, "sync", "--json", key=member.api_key)
    assert synced.returncode == 0, synced
    assert synced.json()["pushed"] == 1 + 2  # and the day's counts of the two policies
    [held] = _hub_rows(hub, member)
    assert (held["period"], held["sequence"], held["amount"]) == (PERIOD, 0, "555.01")

    shown = _cli(home, db_url, "revenue", "show", "--period", PERIOD, "--json").json()
    assert shown["status"] == "acknowledged"
    assert shown["submissions"][0]["receipt_id"] == held["receipt_id"]
    assert shown["submissions"][0]["received_at"] is not None

    amended = _cli(
        home,
        db_url,
        "revenue",
        "amend",
        "--period",
        PERIOD,
        "--line",
        "member_fees=12500",
        "--reason",
        "late_revenue",
    )
    assert amended.returncode == 0, amended
    assert "amendment 1: 570.01, delta +15.00; waiting to send" in amended.stdout
    assert _cli(home, db_url, "sync", key=member.api_key).returncode == 0
    rows = _hub_rows(hub, member)
    assert [(r["sequence"], r["amount"]) for r in rows] == [(0, "555.01"), (1, "570.01")]
    assert rows[1]["amendment_reason"] == "late_revenue"
    # A second sync sends nothing again.
    quiet = _cli(home, db_url, "sync", "--json", key=member.api_key)
    assert quiet.json()["pushed"] == 0 and len(_hub_rows(hub, member)) == 2

    status = _cli(home, db_url, "revenue", "status", "--json")
    assert status.returncode == 0, status
    [month] = [m for m in status.json() if m["period"] == PERIOD]
    assert month["status"] == "acknowledged" and not month["overdue"]
    assert month["receipt_id"] == rows[1]["receipt_id"]

    pdf_path = tmp_path / "statement.pdf"
    report = _cli(
        home, db_url, "report", "revenue-statement", "--period", PERIOD, "--out", str(pdf_path)
    )
    assert report.returncode == 0, report
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf_path).pages)
    heading = f"Revenue statement for {month_name(PERIOD)}"  # "March 2026"
    for expected in (heading, "570.01", "+15.00", rows[0]["receipt_id"]):
        assert expected in text

    year_path = tmp_path / "year.pdf"
    year = PERIOD[:4]
    summary = _cli(home, db_url, "report", "revenue-year", "--year", year, "--out", str(year_path))
    assert summary.returncode == 0, summary
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(year_path).pages)
    assert f"Revenue and contributions, {year}" in text and "570.01" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--line", "member_fees=-5"), "negative"),
        (("--line", "member_fees=12.345"), "more than two decimals"),
        (("--line", "member_fees=lots"), "not an amount"),
        (("--line", "donations=5"), "not a revenue category"),
        (("--line", "member_fees=5", "--period", "2999-01"), "future"),
    ],
)
def test_bad_lines_are_refused(
    home: Path, db_url: str, admin: Principal, args: tuple[str, ...], words: str
) -> None:
    if "--period" not in args:
        args = ("--period", PERIOD, *args)
    result = _cli(home, db_url, "revenue", "set", *args)
    assert result.returncode == 2, result
    assert words in result.stderr
    status = _cli(home, db_url, "revenue", "status", "--json").json()
    assert all(m["status"] == "none" for m in status)


def test_csv_import_preview_and_refusal(
    home: Path, tmp_path: Path, db_url: str, admin: Principal
) -> None:
    good = tmp_path / "export.csv"
    good.write_text("Total;Account\n100.00;member_fees\n20.50;Grants\n", encoding="utf-8")
    preview = _cli(
        home,
        db_url,
        "revenue",
        "import",
        "--period",
        PERIOD,
        str(good),
        "--category-column",
        "Account",
        "--amount-column",
        "Total",
        "--preview",
    )
    assert preview.returncode == 0, preview
    assert "120.50" in preview.stdout and "nothing was stored" in preview.stdout
    assert _cli(home, db_url, "revenue", "show", "--period", PERIOD).returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("category,amount\nmember_fees,1\nbingo,2\n", encoding="utf-8")
    refused = _cli(home, db_url, "revenue", "import", "--period", PERIOD, str(bad))
    assert refused.returncode == 2 and "Row 3" in refused.stderr, refused
    assert _cli(home, db_url, "revenue", "show", "--period", PERIOD).returncode == 2
    imported = _cli(
        home,
        db_url,
        "revenue",
        "import",
        "--period",
        PERIOD,
        str(good),
        "--category-column",
        "account",
        "--amount-column",
        "total",
    )
    assert imported.returncode == 0, imported
    shown = _cli(home, db_url, "revenue", "show", "--period", PERIOD, "--json").json()
    assert shown["total"] == "120.50"


def test_this_month_locks_only_with_unfinished_and_unlocks(
    home: Path, db_url: str, admin: Principal
) -> None:
    this_month = str(Period.of(datetime.now(UTC).date()))
    entered = _cli(
        home, db_url, "revenue", "set", "--period", this_month, "--line", "member_fees=100"
    )
    assert entered.returncode == 0, entered
    refused = _cli(home, db_url, "revenue", "lock", "--period", this_month)
    assert refused.returncode != 0 and "not over yet" in refused.stderr, refused
    assert "--unfinished" in refused.stderr
    locked = _cli(home, db_url, "revenue", "lock", "--period", this_month, "--unfinished")
    assert locked.returncode == 0, locked
    unlocked = _cli(home, db_url, "revenue", "unlock", "--period", this_month, "--json")
    assert unlocked.returncode == 0, unlocked
    assert unlocked.json()["status"] == "draft" and unlocked.json()["locked_by"] is None
    again = _cli(home, db_url, "revenue", "unlock", "--period", this_month)
    assert again.returncode != 0 and "only a locked month" in again.stderr, again
