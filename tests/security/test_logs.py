"""No patient data in the log file. A known error that names a patient is shown to the
person in full but logged by kind only; a bug whose message (or the database error under
it) quotes a patient is logged by type and code path only. The log is the real rotating
file the program writes (`app.log_file_handler`), planted with a sentinel patient."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import exc, insert

from clinicdesk import paths
from clinicdesk.app import log_file_handler
from clinicdesk.db.models_clinical import Patient
from clinicdesk.errors import ConflictError, StorageError, run_command
from clinicdesk.services import patients
from clinicdesk.services.patients import PatientInput
from clinicdesk.ui.excepthook import ExceptHook
from clinicdesk.ui.messages import MessageBridge

FAMILY = "Zyxwvutsonova"
GIVEN = "Quillonetta"
MRN = "MRN-SENTINEL-4417"

pytestmark = pytest.mark.gui


@pytest.fixture
def log_file(expected_warnings: list[str]) -> Iterator[Path]:
    """The program's own log file handler on the root logger, at INFO, for this test."""
    expected_warnings.append("Unexpected error")
    root = logging.getLogger()
    handler = log_file_handler()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield paths.log_file()
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)


def assert_no_patient_in(text: str) -> None:
    for secret in (FAMILY, GIVEN, MRN):
        assert secret not in text, f"the log holds {secret!r}:\n{text}"


@pytest.fixture
def patient_id(db, admin) -> int:
    with db.uow() as uow:
        summary = patients.register_patient(
            uow, admin, PatientInput(MRN, FAMILY, GIVEN, date(1961, 4, 2), "female")
        )
    return summary.id


def test_a_known_error_naming_a_patient_is_shown_but_logged_by_kind(
    qtbot, db, admin, patient_id, log_file
):
    # Two workstations edit the same patient: the second save is refused with a message
    # that names the patient, as the edit dialog receives it.
    edit = PatientInput(MRN, FAMILY, GIVEN, date(1961, 4, 2), "female", phone="555 0101")
    with db.uow() as uow:
        patients.update_patient(uow, admin, patient_id, edit, expected_version=1)
    with pytest.raises(ConflictError) as refused, db.uow() as uow:
        patients.update_patient(uow, admin, patient_id, edit, expected_version=1)
    shown: list[str] = []
    bridge = MessageBridge()
    bridge.show_box = lambda _parent, _icon, _title, text: shown.append(text)
    bridge.error(refused.value)

    assert FAMILY in shown[0] and MRN in shown[0]  # the person is told who
    logged = log_file.read_text(encoding="utf-8")
    assert "Known error shown: ConflictError" in logged
    assert_no_patient_in(logged)


def test_a_bug_quoting_a_patient_is_logged_by_type_and_code_path(qtbot, db, patient_id, log_file):
    # A real database error whose text carries the row's values (SQLAlchemy appends the
    # statement's parameters), raised under a bug's own message naming the patient.
    row = {"mrn": MRN, "family_name": FAMILY, "given_names": GIVEN, "name_key": FAMILY}
    try:
        try:
            with db.uow() as uow:
                uow.session.execute(insert(Patient).values(**row))
        except StorageError as error:  # the unit of work's translation of it
            assert isinstance(error.__cause__, exc.IntegrityError)
            assert MRN in str(error.__cause__)
            raise RuntimeError(f"could not merge {FAMILY}, {GIVEN} ({MRN})") from error
    except RuntimeError:
        exc_info = sys.exc_info()
    hook = ExceptHook(MessageBridge())
    shown: list[tuple[str, str, str]] = []
    hook.show_dialog = lambda title, text, details: shown.append((title, text, details))
    hook.handle(*exc_info)
    qtbot.waitUntil(lambda: len(shown) == 1)

    assert MRN in shown[0][2]  # the dialog's details, on screen, are complete
    logged = log_file.read_text(encoding="utf-8")
    assert "Unexpected error: RuntimeError" in logged
    assert "test_a_bug_quoting_a_patient_is_logged_by_type_and_code_path" in logged
    assert "IntegrityError (message not logged)" in logged  # the cause, by type
    assert_no_patient_in(logged)


def test_a_command_line_bug_is_logged_without_its_message(log_file, capsys):
    def command() -> int:
        raise KeyError(f"{FAMILY} {MRN}")

    assert run_command("clinicdesk import", command) == 70
    assert FAMILY in capsys.readouterr().err  # the person at the terminal sees it
    logged = log_file.read_text(encoding="utf-8")
    assert "Unexpected error in clinicdesk import (a bug): KeyError" in logged
    assert_no_patient_in(logged)
