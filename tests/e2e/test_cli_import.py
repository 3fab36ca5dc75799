"""`clinicdesk import …` in a child process against SQLite and PostgreSQL: the JSON
report, dry runs, bad files (exit 1, listed on stderr), Synthea CSV and a mapped CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.helpers.cli import ROOT, CliResult, run_cli, run_cli_as
from tests.helpers.fhir_fixtures import FHIR_FIXTURES, SMART_2019

REPORT_KEYS = {"files", "patients_created", "patients_updated", "events", "skipped", "errors"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


@pytest.fixture
def clinic(home: Path, db_url: str) -> str:
    result = run_cli(
        home,
        "init",
        "--db",
        db_url,
        "--clinic-name",
        "Import Co-op",
        "--admin",
        "root",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert result.returncode == 0, result
    return db_url


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr, result
    return result


def test_import_fhir_json_report_then_idempotent(home: Path, clinic: str) -> None:
    folder = FHIR_FIXTURES / "synthea_bundles" / "nimbus_covid19_pediatric_2020_batch"
    dry = _ok(
        run_cli_as(ROOT, home, "import", "fhir", str(folder), "--dry-run", "--json", "--db", clinic)
    )
    report = dry.json()
    assert set(report) >= REPORT_KEYS
    assert report["dry_run"] is True and report["patients_created"] == 3
    first = _ok(
        run_cli_as(ROOT, home, "import", "fhir", str(folder), "--json", "--db", clinic)
    ).json()
    assert {**report, "dry_run": False} == first
    assert first["resources"] == first["imported"] + sum(first["skipped"].values())
    again = _ok(
        run_cli_as(ROOT, home, "import", "fhir", str(folder), "--json", "--db", clinic)
    ).json()
    assert again["patients_created"] == 0 and again["patients_updated"] == 3
    assert again["events"] == first["events"]


def test_import_fhir_bad_file_exit_1_and_the_rest_imports(
    home: Path, clinic: str, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    good = next(SMART_2019.glob("Luigi_*"))
    copy = tmp_path / "Luigi.json"
    shutil.copy(good, copy)
    result = run_cli_as(ROOT, home, "import", "fhir", str(bad), str(copy), "--db", clinic)
    assert result.returncode == 1, result
    assert "broken.json" in result.stderr and "not valid JSON" in result.stderr
    assert "Imported 1 file(s): 1 new patient(s)" in result.stdout
    assert "Traceback" not in result.stderr


def test_import_fhir_missing_path(home: Path, clinic: str, tmp_path: Path) -> None:
    result = run_cli_as(ROOT, home, "import", "fhir", str(tmp_path / "nope"), "--db", clinic)
    assert result.returncode == 2, result
    assert "Not found" in result.stderr


def test_import_synthea_csv(home: Path, clinic: str) -> None:
    folder = FHIR_FIXTURES / "synthea_csv"
    report = _ok(
        run_cli_as(ROOT, home, "import", "synthea-csv", str(folder), "--json", "--db", clinic)
    ).json()
    assert report["files"] == 7 and report["patients_created"] == 27
    assert report["errors"] == [] and report["resources"] == report["imported"]


def test_import_csv_with_a_map(home: Path, clinic: str, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Nr,Nachname,Vorname,Geburtsdatum\n7,Meier,Eva,1950-03-01\n", "utf-8")
    refused = run_cli_as(
        ROOT, home, "import", "csv", "--kind", "patients", str(path), "--db", clinic
    )
    assert refused.returncode == 2 and "--map" in refused.stderr, refused
    args = ["--map", "Nr=mrn", "--map", "Nachname=family_name", "--map", "Vorname=given_names"]
    args += ["--map", "Geburtsdatum=birth_date"]
    report = _ok(
        run_cli_as(
            ROOT,
            home,
            "import",
            "csv",
            "--kind",
            "patients",
            str(path),
            *args,
            "--json",
            "--db",
            clinic,
        )
    ).json()
    assert report["patients_created"] == 1 and report["notes"] == {"patient row: no sex": 1}
    bad_map = run_cli_as(
        ROOT, home, "import", "csv", "--kind", "patients", str(path), "--map", "Nr", "--db", clinic
    )
    assert bad_map.returncode == 2 and "COLUMN=FIELD" in bad_map.stderr
