"""`clinicdesk policies …` end to end in a child process, on SQLite and PostgreSQL: a
clinician's own status and acknowledgement, refusals with a message and nothing stored, the
manager's status as JSON and the report as CSV and PDF."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from tests.helpers.cli import ROOT, CliResult, SignIn, run_cli_as
from tests.helpers.clinic import STAFF_PASSWORD, add_staff

TODAY = date.today().isoformat()
LOCAL = "policy.patient-data-stays-local"
MONEY = "policy.contribution-submissions"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    return result


def test_policies_end_to_end(
    home: Path, db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")
    reyes = SignIn("dr.reyes", STAFF_PASSWORD)

    def cli(user: SignIn, *args: str) -> CliResult:
        return run_cli_as(user, home, *args, "--db", db_url)

    mine = _ok(cli(reyes, "policies", "status", "--json")).json()["mine"]
    assert {(p["id"], p["state"]) for p in mine} == {(LOCAL, "due")}

    refused = cli(reyes, "policies", "acknowledge", MONEY, "--version", "2")
    assert refused.returncode != 0 and "does not apply" in refused.stderr
    refused = cli(reyes, "policies", "acknowledge", LOCAL, "--version", "7")
    assert refused.returncode != 0 and "acknowledge version 2" in refused.stderr
    denied = cli(reyes, "policies", "report", "--out", str(tmp_path / "no.csv"))
    assert denied.returncode == 4 and not (tmp_path / "no.csv").exists()

    done = _ok(cli(reyes, "policies", "acknowledge", LOCAL, "--version", "2"))
    assert f"Ana Reyes acknowledged {LOCAL} v2" in done.stdout and TODAY in done.stdout
    again = cli(reyes, "policies", "acknowledge", LOCAL, "--version", "2")
    assert again.returncode != 0 and "already acknowledged" in again.stderr

    status = _ok(cli(ROOT, "policies", "status", "--json")).json()
    counts = {p["id"]: (p["acknowledged"], p["due"], p["late"]) for p in status["policies"]}
    assert counts[LOCAL] == (1, 1, 0)  # Ana acknowledged; the administrator has not yet
    assert counts[MONEY] == (0, 1, 0)  # managers and administrators only
    ana = next(s for s in status["staff"] if s["username"] == "dr.reyes")
    assert ana["cells"][LOCAL]["acknowledged_on"] == TODAY
    assert ana["cells"][MONEY]["state"] == "not_applicable"
    text = _ok(cli(ROOT, "policies", "status", "--as-of", "2024-12-31")).stdout
    assert "Policies as of 2024-12-31" in text and LOCAL not in text  # not in force yet

    _ok(cli(ROOT, "policies", "report", "--out", str(tmp_path / "ack.csv")))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ack.csv").read_text("utf-8"))))
    assert {(r["name"], r["policy_id"], r["state"]) for r in rows} == {
        ("Ana Reyes", LOCAL, "acknowledged"),
        ("Root Admin", LOCAL, "due"),
        ("Root Admin", MONEY, "due"),
    }
    _ok(cli(ROOT, "policies", "report", "--out", str(tmp_path / "ack.pdf")))
    pdf = PdfReader(io.BytesIO((tmp_path / "ack.pdf").read_bytes()))
    assert "Patient data stays in the clinic" in "".join(p.extract_text() for p in pdf.pages)
