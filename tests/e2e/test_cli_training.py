"""`clinicdesk training …` end to end in a child process, on SQLite and PostgreSQL: staff
added and ended, an outside certificate recorded with evidence, the status as JSON (also
as of a past date), the matrix as PDF and CSV, a certificate code verified, and bad input
refused with a message and nothing stored."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from tests.helpers.cli import ROOT, CliResult, run_cli_as
from tests.helpers.clinic import add_staff

TODAY = date.today()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    return result


def test_training_end_to_end(
    home: Path, db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")

    def cli(*args: str) -> CliResult:
        return run_cli_as(ROOT, home, *args, "--db", db_url)

    added = _ok(
        cli(
            "training",
            "staff",
            "add",
            "Olu Bakare",
            "--role",
            "front_desk",
            "--title",
            "Cleaner",
            "--start",
            "2025-02-01",
        )
    )
    assert "Added Olu Bakare" in added.stdout
    people = {p["name"]: p for p in _ok(cli("training", "staff", "list", "--json")).json()}
    assert set(people) == {"Root Admin", "Ana Reyes", "Olu Bakare"}
    assert people["Olu Bakare"]["username"] is None and people["Olu Bakare"]["job_title"] == (
        "Cleaner"
    )

    evidence = tmp_path / "card.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    done = (TODAY - timedelta(days=20)).isoformat()
    recorded = _ok(
        cli(
            "training",
            "record",
            "dr.reyes",
            "--requirement",
            "training.basic-life-support",
            "--on",
            done,
            "--certificate",
            "AHA-55",
            "--provider",
            "AHA",
            "--evidence",
            str(evidence),
        )
    )
    code = recorded.stdout.rsplit("Verification code: ", 1)[1].strip()
    assert code.startswith("TC")
    _ok(
        cli(
            "training",
            "record",
            str(people["Olu Bakare"]["id"]),
            "--requirement",
            "training.hand-hygiene",
            "--on",
            "2025-02-10",
        )
    )

    status = _ok(cli("training", "status", "--json")).json()
    rows = {row["name"]: row["cells"] for row in status["staff"]}
    assert rows["Ana Reyes"]["training.basic-life-support"]["state"] == "valid"
    assert rows["Olu Bakare"]["training.hand-hygiene"]["state"] == "expired"
    past = _ok(cli("training", "status", "--as-of", "2025-06-01", "--json")).json()
    past_rows = {row["name"]: row["cells"] for row in past["staff"]}
    assert set(past_rows) == {"Olu Bakare"}  # the accounts were made today
    assert past_rows["Olu Bakare"]["training.hand-hygiene"]["state"] == "valid"
    text = _ok(cli("training", "status")).stdout
    assert "training.hand-hygiene" in text and "Olu Bakare" in text

    verified = _ok(cli("training", "verify", code))
    assert "Genuine and valid" in verified.stdout and "Ana Reyes" in verified.stdout
    forged = cli("training", "verify", code[:-2] + ("AA" if code[-2:] != "AA" else "BB"))
    assert forged.returncode == 1 and "Not genuine" in forged.stderr

    pdf_path, csv_path = tmp_path / "matrix.pdf", tmp_path / "matrix.csv"
    _ok(cli("training", "matrix", "--out", str(pdf_path)))
    _ok(cli("training", "matrix", "--out", str(csv_path), "--as-of", "2025-06-01"))
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert "Ana Reyes" in pdf_text and "Valid" in pdf_text
    assert "Olu Bakare" in csv_path.read_text() and "Ana Reyes" not in csv_path.read_text()

    future = cli(
        "training",
        "record",
        "dr.reyes",
        "--requirement",
        "training.hand-hygiene",
        "--on",
        (TODAY + timedelta(days=2)).isoformat(),
    )
    assert future.returncode == 2 and "in the future" in future.stderr
    bad = tmp_path / "notes.txt"
    bad.write_text("not a certificate")
    wrong = cli(
        "training",
        "record",
        "dr.reyes",
        "--requirement",
        "training.hand-hygiene",
        "--on",
        done,
        "--evidence",
        str(bad),
    )
    assert wrong.returncode == 2 and "not a PDF, PNG or JPEG" in wrong.stderr
    unknown = cli("training", "record", "dr.reyes", "--requirement", "training.nope", "--on", done)
    assert unknown.returncode == 2 and "not in force" in unknown.stderr
    after = _ok(cli("training", "status", "--json")).json()
    assert after["counts"] == status["counts"]  # nothing was stored

    olu = str(people["Olu Bakare"]["id"])
    ended = _ok(cli("training", "staff", "end", olu, "--on", TODAY.isoformat()))
    assert "Olu Bakare" in ended.stdout
    names = {p["name"] for p in _ok(cli("training", "staff", "list", "--json")).json()}
    assert "Olu Bakare" not in names
