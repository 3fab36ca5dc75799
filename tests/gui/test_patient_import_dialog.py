"""The import dialog driven by real clicks against a real database:
preview writes nothing, import shows progress and the report, Cancel
keeps whole files only, and a bad file is listed while the rest imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from clinicdesk.db.models_clinical import Patient
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import users
from clinicdesk.ui.patients.import_dialog import ImportDialog
from tests.helpers.fhir_fixtures import require_fhir_fixtures
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, db, admin, tmp_path):
    with gui_harness(db, admin, tmp_path) as h:
        yield h


@pytest.fixture
def bundles() -> Path:
    return require_fhir_fixtures() / "synthea_bundles" / "smart_generated_sample_data_2019"


def patients(db) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.scalar(select(func.count(Patient.id))) or 0)


def open_dialog(qtbot, ctx) -> ImportDialog:
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_then_import_with_progress_and_report(qtbot, harness, db, bundles) -> None:
    dialog = open_dialog(qtbot, harness.ctx)
    assert not dialog.preview_button.isEnabled()  # nothing chosen yet
    dialog.choose_folder = lambda: bundles
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.path_list.count() == 1 and dialog.preview_button.isEnabled()

    with qtbot.waitSignal(dialog.previewed, timeout=60_000) as preview:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    dry = preview.args[0]
    assert dry.dry_run and dry.patients_created == 12
    assert "Would import 12 file(s): 12 new patient(s)" in dialog.report_view.toPlainText()
    assert patients(db) == 0  # the preview wrote nothing
    harness.wait_idle(qtbot)

    steps: list[tuple[int, int, str]] = []
    dialog._relay.progressed.connect(lambda d, t, s: steps.append((d, t, s)))
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.busy and not dialog.close_button.isEnabled()
    report = done.args[0]
    harness.wait_idle(qtbot)
    assert not report.dry_run and report.patients_created == 12 and report.errors == []
    assert patients(db) == 12
    assert steps[0][:2] == (0, 12) and steps[-1] == (12, 12, "")
    assert dialog.progress_bar.maximum() == 1 and dialog.progress_bar.value() == 1
    text = dialog.report_view.toPlainText()
    assert text.startswith("Imported 12 file(s): 12 new patient(s)")
    assert "Claim: not imported" in text
    assert dialog.close_button.isEnabled() and not dialog.busy


def test_cancel_keeps_only_whole_files(qtbot, harness, db, bundles) -> None:
    dialog = open_dialog(qtbot, harness.ctx)
    dialog.add_paths([bundles])
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as done:
        dialog.start_import()
        assert dialog.cancel_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    harness.wait_idle(qtbot)
    assert report.cancelled and report.files < 12
    assert patients(db) == report.patients_created == report.files
    assert "cancelled before the end" in dialog.report_view.toPlainText()


def test_a_bad_file_is_listed_and_the_rest_imports(qtbot, harness, db, bundles, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    dialog = open_dialog(qtbot, harness.ctx)
    dialog.choose_files = lambda: [bad, next(bundles.glob("Luigi_*"))]
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    harness.wait_idle(qtbot)
    text = dialog.report_view.toPlainText()
    assert "Files not imported:" in text and "bad.json: is not valid JSON" in text
    assert patients(db) == 1


def test_without_the_permission_nothing_can_run(qtbot, harness, db, admin, bundles) -> None:
    with db.uow() as uow:
        info = users.add_user(
            uow,
            admin,
            "dr.lee",
            "Dr Lee",
            ["clinician"],
            "clinician-pass-1",
            must_change_password=False,
        )
    clinician = Principal(info.id, info.username, info.display_name, frozenset({Role.CLINICIAN}))
    dialog = open_dialog(qtbot, harness.context_for(clinician))
    dialog.add_paths([bundles])
    assert not dialog.import_button.isEnabled() and not dialog.preview_button.isEnabled()
