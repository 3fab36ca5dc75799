"""An import commits its patients, then runs the care gaps in a transaction of its own.
A program killed in between leaves the stored gaps stale: the next start says so (the
command line and Today) and offers the run, which clears the notice.

The kill is real: the import runs in a child process that sends itself SIGKILL at the
moment its care-gap step would begin (after the import's commit), on both back-ends."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from clinicdesk.db.models_clinical import Patient
from clinicdesk.services import caregaps, federation_store
from clinicdesk.ui.today.view import TodayView
from tests.gui.conftest import add_clinician
from tests.helpers.cli import REPO_ROOT, ROOT, cli_env, run_cli_as
from tests.helpers.gui_context import gui_harness

PATIENTS_CSV = (
    "mrn,family_name,given_names,birth_date,sex\n"
    "S-1001,Abara,Nkem,1958-03-02,female\n"
    "S-1002,Brandt,Ole,1949-11-20,male\n"
    "S-1003,Castillo,Rosa,1971-07-14,female\n"
)

# The real command line, except that the step after the import's commit (attribution,
# then the care gaps) is replaced by the process killing itself, as `kill -9` or a power
# cut would at that moment.
KILLED_BETWEEN = """
import os, signal, sys
from clinicdesk.services.patient_import import run
run._attribute_after_import = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
from clinicdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def import_and_get_killed(home: Path, db_url: str, csv_file: Path) -> None:
    sign_in = ["--user", ROOT.username, "--password-stdin"]
    args = [*sign_in, "import", "csv", "--kind", "patients", str(csv_file), "--db", db_url]
    result = subprocess.run(
        [sys.executable, "-c", KILLED_BETWEEN, *args],
        input=f"{ROOT.password}\n",
        capture_output=True,
        text=True,
        env=cli_env(home),
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


@pytest.fixture
def killed_import(db, db_url, admin, tmp_path) -> Path:
    """A clinic with standards and gaps run once, then an import killed before its run."""
    with db.uow() as uow:
        federation_store.load_default_standards(uow)
        uow.commit()
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin)
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text(PATIENTS_CSV, encoding="utf-8")
    home = tmp_path / "cli-home"
    import_and_get_killed(home, db_url, csv_file)
    with db.uow(read_only=True) as uow:
        imported = uow.session.execute(select(func.count()).select_from(Patient)).scalar_one()
    assert imported == 3  # the import itself committed before the kill
    return home


def test_the_command_line_says_the_gaps_are_stale_after_a_killed_import(
    db, db_url, killed_import: Path
):
    status = run_cli_as(ROOT, killed_import, "caregaps", "status", "--db", db_url)
    assert status.returncode == 1, status
    assert "Care gaps are stale since" in status.stdout
    assert "import csv" in status.stdout and "clinicdesk caregaps" in status.stdout
    as_json = run_cli_as(ROOT, killed_import, "caregaps", "status", "--json", "--db", db_url)
    assert as_json.json()["stale"] is True and as_json.json()["reason"] == "import csv"

    # The whole-clinic run clears it.
    assert run_cli_as(ROOT, killed_import, "caregaps", "--db", db_url).returncode == 0
    after = run_cli_as(ROOT, killed_import, "caregaps", "status", "--db", db_url)
    assert after.returncode == 0, after
    assert "up to date" in after.stdout


@pytest.mark.gui
def test_today_shows_the_notice_and_its_button_runs_the_care_gaps(
    qtbot, db, admin, tmp_path, killed_import: Path
):
    with gui_harness(db, admin, tmp_path) as harness:
        view = TodayView(harness.ctx)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: view.summary is not None)
        harness.wait_idle(qtbot)
        notice = view.stale_gaps
        assert notice.isVisible()
        assert "not worked out again" in notice.text.text()
        assert notice.button.isVisible() and notice.button.text() == "&Run care gaps now"

        qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not notice.isVisible(), timeout=30_000)
        harness.wait_idle(qtbot)
        assert any("Care gaps worked out for 3 patients" in s for s in harness.statuses)
        assert harness.errors == []
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale
        assert (
            uow.session.execute(
                select(func.count()).select_from(Patient).where(Patient.open_gaps > 0)
            ).scalar_one()
            > 0
        )  # the imported patients have their gaps now


@pytest.mark.gui
def test_a_clinician_is_told_to_ask_and_their_panel_run_does_not_clear_it(
    qtbot, db, admin, tmp_path, killed_import: Path
):
    clinician = add_clinician(db, admin)
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, clinician)  # their own panel only
    with gui_harness(db, clinician, tmp_path) as harness:
        view = TodayView(harness.ctx)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: view.summary is not None)
        harness.wait_idle(qtbot)
        assert view.stale_gaps.isVisible() and not view.stale_gaps.button.isVisible()
        assert "Ask a manager or the front desk" in view.stale_gaps.text.text()


def test_an_import_that_commits_while_a_run_works_is_not_forgotten(db, admin):
    """The run clears only what was marked before it began (another workstation may
    import while it works)."""
    with db.uow() as uow:
        caregaps.mark_stale(uow, "import fhir", "front")
        uow.commit()
    with db.uow(read_only=True) as uow:
        marked = caregaps.freshness(uow).stale_since
    assert marked is not None
    with db.uow() as uow:
        caregaps.clear_stale(uow, marked - timedelta(seconds=5))  # a run begun before it
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert caregaps.freshness(uow).stale
    # A second import while stale keeps the first time and moves the row's update time.
    with db.uow() as uow:
        caregaps.mark_stale(uow, "import csv", "front")
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert caregaps.freshness(uow).stale_since == marked
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin)  # a whole-clinic run begun after both
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale


def test_a_dry_run_marks_nothing(db, admin, tmp_path):
    from clinicdesk.services.patient_import import import_patients_csv

    csv_file = tmp_path / "patients.csv"
    csv_file.write_text(PATIENTS_CSV, encoding="utf-8")
    report = import_patients_csv(db, admin, csv_file, dry_run=True)
    assert report.patients_created == 3
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale


def test_an_imports_own_mark_is_settled_by_its_run_and_no_other(db, admin):
    """An import whose run covers only the patients it wrote marks a row of its own,
    which that run deletes; another import's mark (one killed before its run) stays,
    and the earliest mark is the one shown until a clinic-wide run clears them all."""
    with db.uow() as uow:
        caregaps.mark_stale(uow, "import fhir", "front", import_mark="killed")
        uow.commit()
    with db.uow(read_only=True) as uow:
        first = caregaps.freshness(uow).stale_since
    assert first is not None
    with db.uow() as uow:
        caregaps.mark_stale(uow, "import csv", "front", import_mark="finished")
        uow.commit()
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, patients=[], import_mark="finished")
    with db.uow(read_only=True) as uow:
        state = caregaps.freshness(uow)
    assert state.stale_since == first and state.reason == "import fhir"
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin)
    with db.uow(read_only=True) as uow:
        assert not caregaps.freshness(uow).stale
