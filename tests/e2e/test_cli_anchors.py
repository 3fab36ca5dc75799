"""`clinicdesk anchors …` in child processes on a SQLite file and a PostgreSQL schema:
an organisation and its contract, a roster dry run then import, the month's invoices run
and issued, the invoice PDF, a payment landing in the month's draft revenue, the ageing,
the proposal PDF; bad input refused with a clear message and nothing stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf
import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Principal
from clinicdesk.services import revenue
from tests.helpers.cli import ROOT, CliResult, run_cli_as

# last month: its revenue can be entered, and a payment dated in it is not in the future
MONTH = Period.of(date.today()).previous()
ROSTER = """Surname,First name,Date of birth,Employee ID,Relationship
Okafor,Ada,1980-04-02,E1,employee
Lindqvist,Bo,1975-11-30,E2,employee
Lindqvist,Cleo,2012-06-01,E3,child
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    return result


def test_anchors_end_to_end(
    home: Path, db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    def cli(*args: str) -> CliResult:
        return run_cli_as(ROOT, home, *args, "--db", db_url)

    _ok(cli("anchors", "org", "add", "Harbour Port Co-op", "--kind", "coop", "--site", "Dock 4"))
    _ok(
        cli(
            "anchors", "contract", "add", "--org", "Harbour Port Co-op", "--reference", "PORT",
            "--pmpm", "80.00", "--start", MONTH.first_day.isoformat(), "--proration", "mid_month",
            "--dependants", "free", "--band", "65+=120.00",
        )
    )  # fmt: skip
    shown = _ok(cli("anchors", "contract", "show", "PORT", "--json")).json()
    assert (shown["pmpm"], shown["proration"], shown["dependants"]) == (
        "80.00",
        "mid_month",
        "free",
    )
    roster = tmp_path / "census.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    start = MONTH.first_day.replace(day=15).isoformat()
    dry = _ok(
        cli("anchors", "roster", "import", "Harbour Port Co-op", str(roster), "--effective",
            start, "--dry-run", "--json")
    ).json()  # fmt: skip
    assert dry["summary"]["add"] == 3 and dry["dry_run"] is True
    done = _ok(
        cli("anchors", "roster", "import", "Harbour Port Co-op", str(roster), "--effective", start)
    )
    assert "3 add" in done.stdout
    run = _ok(cli("anchors", "invoices", "run", "--period", str(MONTH), "--issue", "--json")).json()
    (number,) = run["created"]
    assert run["issued"] == [number] and run["total"] == "160.00"  # the child is free
    invoice = _ok(cli("anchors", "invoice", "show", number, "--json")).json()
    assert [line["amount"] for line in invoice["lines"]] == [
        "80.00",
        "80.00",
        "0.00",
    ]  # enrolled on the 15th: whole month
    out = tmp_path / "invoice.pdf"
    _ok(cli("anchors", "invoice", "pdf", number, "--out", str(out)))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert number in text and "Page 1 of 1" in text and "Cleo Lindqvist (dependant)" in text

    paid = _ok(
        cli("anchors", "payment", "record", number, "--amount", "60.00", "--date",
            MONTH.first_day.replace(day=20).isoformat(), "--reference", "BANK 77")
    )  # fmt: skip
    assert "draft revenue" in paid.stdout
    with db.uow(read_only=True) as uow:
        month = revenue.show(uow, admin, str(MONTH))
    assert [(x.label, str(x.amount)) for x in month.lines] == [
        ("Harbour Port Co-op (anchor invoices)", "60.00")
    ]
    listed = _ok(cli("anchors", "invoices", "list", "--json")).json()
    assert [(i["number"], i["state"]) for i in listed] == [(number, "partly_paid")]
    _ok(cli("anchors", "ageing"))

    proposal = tmp_path / "proposal.pdf"
    made = _ok(
        cli("anchors", "proposal", "--employees", "40", "--current-spend", "500", "--pmpm",
            "80", "--wrap-cost", "200", "--for", "Acme Foods", "--out", str(proposal))
    )  # fmt: skip
    assert "Yearly saving 105,600.00" in made.stdout and proposal.read_bytes().startswith(b"%PDF")

    bad = cli("anchors", "payment", "record", number, "--amount", "12,50")
    assert bad.returncode != 0 and "not an amount" in bad.stderr
    again = cli("anchors", "invoices", "run", "--period", str(MONTH), "--json")
    assert again.json()["created"] == [] and again.json()["credit_notes"] == []
