"""`clinicdesk caregaps` and `clinicdesk outreach` in a child process, as a manager or
a scheduled job would run them, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event
from clinicdesk.domain.roles import Principal
from clinicdesk.federation.schemas import CodeSystem
from tests.helpers.cli import ROOT, CliResult, run_cli_as
from tests.helpers.clinic import add_clinician, add_patient

SCT = CodeSystem.SNOMED_CT.value
LOINC = CodeSystem.LOINC.value


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


@pytest.fixture
def clinic(db: Database, admin: Principal) -> Database:
    ana = add_clinician(db, "dr.ana", "Dr Ana Reyes")
    diabetes = Event("condition", SCT, "44054006", date(2015, 1, 1))
    add_patient(db, mrn="D-1", birth_date=date(1960, 1, 1), sex="male", events=[diabetes],
                clinician_id=ana.user_id, family_name="Diaz", given_names="Raúl")  # fmt: skip
    add_patient(
        db,
        mrn="D-2",
        birth_date=date(1960, 1, 1),
        sex="male",
        events=[diabetes, Event("observation", LOINC, "4548-4", date(2025, 5, 1))],
    )
    add_patient(db, mrn="K-1", birth_date=date(2015, 1, 1), clinician_id=ana.user_id)
    return db


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    assert result.stderr == "", result
    return result


def test_caregaps_json_and_table(home: Path, clinic: Database, db_url: str) -> None:
    report = _ok(
        run_cli_as(ROOT, home, "caregaps", "--as-of", "2025-06-15", "--json", "--db", db_url)
    ).json()
    assert (report["as_of"], report["clinician"], report["patients"]) == ("2025-06-15", None, 3)
    by_id = {s["id"]: s for s in report["standards"]}
    assert len(by_id) == 15
    hba1c = by_id["care-gap.diabetes-hba1c-test"]
    assert (hba1c["version"], hba1c["eligible"], hba1c["met"], hba1c["open"]) == (1, 2, 1, 1)
    assert hba1c["excluded"] == 0
    assert by_id["care-gap.influenza-vaccine"]["open"] == 3
    assert report["written"]["inserted"] == report["results"] > 0  # the first run

    panel = _ok(
        run_cli_as(ROOT, home, "caregaps", "--clinician", "dr.ana", "--as-of", "2025-06-15",
                   "--json", "--db", db_url)
    ).json()  # fmt: skip
    assert (panel["clinician"], panel["patients"]) == ("dr.ana", 2)
    assert panel["written"] == dict.fromkeys(
        ("inserted", "updated", "deleted", "panel"), 0
    )  # nothing changed since the whole clinic's run

    table = _ok(run_cli_as(ROOT, home, "caregaps", "--as-of", "2025-06-15", "--db", db_url)).stdout
    lines = table.splitlines()
    assert lines[0] == "Care gaps as of 2025-06-15, whole clinic: 3 active patients."
    assert lines[1].split() == ["standard", "version", "eligible", "met", "open", "excluded"]
    assert "care-gap.diabetes-hba1c-test 1 2 1 1 0" in [" ".join(x.split()) for x in lines]
    assert lines[-1] == (
        f"{report['results']} results; written: 0 new, 0 changed, 0 removed "
        "(the others were already up to date)."
    )


def test_caregaps_bad_input(home: Path, clinic: Database, db_url: str) -> None:
    bad_date = run_cli_as(ROOT, home, "caregaps", "--as-of", "15/06/2025", "--db", db_url)
    assert bad_date.returncode == 2, bad_date
    assert "YYYY-MM-DD" in bad_date.stderr
    nobody = run_cli_as(ROOT, home, "caregaps", "--clinician", "dr.nobody", "--db", db_url)
    assert nobody.returncode == 2, nobody
    assert "no user named" in nobody.stderr
    assert "Traceback" not in bad_date.stderr + nobody.stderr


def test_outreach_exports(home: Path, clinic: Database, db_url: str, tmp_path: Path) -> None:
    _ok(run_cli_as(ROOT, home, "caregaps", "--as-of", "2025-06-15", "--db", db_url))
    sheet = tmp_path / "hba1c.pdf"
    done = _ok(
        run_cli_as(ROOT, home, "outreach", "--standard", "care-gap.diabetes-hba1c-test",
                   "--out", str(sheet), "--db", db_url)
    )  # fmt: skip
    assert "Wrote 1 patient(s)" in done.stdout
    text = "\n".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "Diaz, Raúl" in text
    assert "D-2" not in text
    listing = tmp_path / "flu.csv"
    _ok(
        run_cli_as(ROOT, home, "outreach", "--standard", "care-gap.influenza-vaccine",
                   "--clinician", "dr.ana", "--out", str(listing), "--db", db_url)
    )  # fmt: skip
    with listing.open(encoding="utf-8", newline="") as handle:
        assert sorted(row["mrn"] for row in csv.DictReader(handle)) == ["D-1", "K-1"]
    unknown = run_cli_as(ROOT, home, "outreach", "--standard", "care-gap.none", "--out",
                         str(tmp_path / "x.csv"), "--db", db_url)  # fmt: skip
    assert unknown.returncode == 2, unknown
    assert "no care-gap standard" in unknown.stderr
