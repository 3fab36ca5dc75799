"""The Training area driven by clicks and keys against a real database (SQLite and
PostgreSQL): a clinician walks through a course to the certificate (and fails the quiz
first), a manager records an outside certificate from the matrix and revokes it, each role
sees its tabs, Today shows the training, and every area still fits a 1280-px screen."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication

from clinicdesk.domain.roles import Principal, Role
from clinicdesk.domain.training import TrainingState
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import federation_store, training
from clinicdesk.services.training.types import CellStatus
from clinicdesk.ui import language
from clinicdesk.ui.training.dialogs import (
    AddStaffDialog,
    EndStaffDialog,
    RecordCompletionDialog,
    RevokeDialog,
)
from clinicdesk.ui.training.models import CELL_ROLE, cell_tooltip
from clinicdesk.ui.training.view import TrainingView
from tests.helpers.clinic import add_staff
from tests.helpers.gui_context import Harness, gui_harness

pytestmark = pytest.mark.gui

COURSES_DIR = federation_store.default_standards_dir().parent / "courses"
HAND_HYGIENE = "training.hand-hygiene"

TRANSLATIONS_TOOL = Path(__file__).resolve().parents[2] / "installer" / "translations.py"


def quiz_of(course_id: str) -> tuple[dict[str, str], int]:
    """The right answers of a shipped course's quiz, and its pass mark."""
    manifest = json.loads((COURSES_DIR / course_id / "course.json").read_text("utf-8"))
    quiz = manifest["quiz"]
    return {q["id"]: q["answer"] for q in quiz["questions"]}, quiz["pass_mark_percent"]


def answer_quiz(qtbot, player, right: dict[str, str], how_many_right: int) -> None:
    """Click the right answer to the first `how_many_right` questions, a wrong one to
    the others, then Submit."""
    for number, (question_id, buttons) in enumerate(player.quiz.options.items()):
        if number < how_many_right:
            choice = next(b for b in buttons if b.property("option") == right[question_id])
        else:
            choice = next(b for b in buttons if b.property("option") != right[question_id])
        choose(qtbot, choice)
    assert player.submit_button.isEnabled()
    click(qtbot, player.submit_button)


@pytest.fixture
def clinic(db, admin):
    """The shipped training standards and courses, as a clinic not yet connected has."""
    with db.uow() as uow:
        federation_store.load_default_standards(uow)
        training.install_shipped_courses(uow)
        uow.commit()
    return db


@pytest.fixture
def harness(qtbot, clinic, admin, tmp_path):
    with gui_harness(clinic, admin, tmp_path) as h:
        yield h


def open_view(qtbot, harness: Harness, principal: Principal) -> TrainingView:
    view = TrainingView(harness.context_for(principal))
    qtbot.addWidget(view)
    view.resize(1080, 680)
    view.show()
    qtbot.waitExposed(view)
    harness.wait_idle(qtbot)
    return view


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, radio) -> None:
    """Click a radio button on its round indicator (its middle may be empty space)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def click_index(qtbot, table, index) -> None:
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def source_row_of(model, predicate) -> int:
    for row in range(model.rowCount()):
        if predicate(model.row_at(row)):
            return row
    raise AssertionError("no such row")


# -- a clinician takes a course ---------------------------------------------------------------


def test_a_clinician_walks_through_a_course_to_the_certificate(
    qtbot, qtmodeltester, clinic, admin, harness, tmp_path
):
    quinn = add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    view = open_view(qtbot, harness, quinn)
    assert view.tab_titles() == ["My training"]
    tab = view.mine_tab
    qtbot.waitUntil(lambda: tab.mine is not None and tab.model.rowCount() > 0)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.completions)
    row = source_row_of(tab.model, lambda i: i.requirement.requirement_id == HAND_HYGIENE)
    item = tab.model.row_at(row)
    assert item.status.state == TrainingState.IN_GRACE  # new staff: 14 days' grace
    assert tab.model.index(row, 1).data().endswith("In grace")
    assert tab.model.index(row, 4).data() == "Not started"

    click_index(qtbot, tab.table, tab.proxy.mapFromSource(tab.model.index(row, 0)))
    assert tab.take_action.isEnabled()
    click(qtbot, tab.buttons["take"])
    player = tab.player
    qtbot.waitUntil(lambda: tab.pages.currentWidget() is player)
    harness.wait_idle(qtbot)
    assert player.position.text().startswith("Section 1 of 5")
    assert not player.previous_button.isEnabled()
    assert "hands" in player.reader.toPlainText().lower()
    for number in range(2, 6):
        click(qtbot, player.next_button)
        assert player.position.text().startswith(f"Section {number} of 5")
    assert player.progress.value() == 5
    assert player.next_button.text().replace("&", "") == "Take the quiz →"
    click(qtbot, player.previous_button)
    assert player.position.text().startswith("Section 4 of 5")
    qtbot.keyClick(player, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert player.position.text().startswith("Section 5 of 5")
    harness.wait_idle(qtbot)
    with clinic.uow(read_only=True) as uow:
        progress = training.get_progress(uow, quinn, "hand-hygiene")
    assert progress.all_read and progress.current_section == 4

    # The quiz: every question needs an answer; all wrong first -> not passed.
    click(qtbot, player.next_button)
    assert player.pages.currentIndex() == player.QUIZ
    assert not player.submit_button.isEnabled()
    right, pass_mark = quiz_of("hand-hygiene")
    total = len(right)
    needed = -(-pass_mark * total // 100)  # the fewest right answers that pass
    answer_quiz(qtbot, player, right, 0)
    qtbot.waitUntil(lambda: player.outcome is not None)
    assert not player.outcome.passed
    assert player.result_heading.text() == "✘ Not passed yet"
    assert f"0 of {total} right" in player.result_text.text()
    assert "Nothing was recorded" in player.result_text.text()
    assert not player.save_certificate_button.isVisible()
    with clinic.uow(read_only=True) as uow:
        assert training.list_completions(uow, quinn) == []

    # One right answer short of the pass mark still fails, and says which were wrong.
    click(qtbot, player.retry_button)
    assert player.pages.currentIndex() == player.QUIZ
    assert not player.submit_button.isEnabled()  # the answers were cleared
    answer_quiz(qtbot, player, right, needed - 1)
    qtbot.waitUntil(lambda: player.outcome is not None)
    assert not player.outcome.passed
    wrong_numbers = ", ".join(str(n) for n in range(needed, total + 1))
    assert f"Not right: question {wrong_numbers}." in player.result_text.text()

    # Exactly the pass mark passes.
    click(qtbot, player.retry_button)
    answer_quiz(qtbot, player, right, needed)
    qtbot.waitUntil(lambda: player.outcome is not None and player.outcome.passed)
    outcome = player.outcome
    assert player.result_heading.text() == "✔ Passed"
    assert f"{needed} of {total} right ({outcome.score_percent}%)" in player.result_text.text()
    assert outcome.score_percent >= pass_mark > round((needed - 1) * 100 / total)
    code = outcome.certificate_code
    assert code and f"Certificate code: {code}" in player.result_text.text()
    expires = outcome.completion.expires_on
    assert expires is not None
    assert f"Valid until {format_date(expires)}" in player.result_text.text()

    # Save the certificate, then open it.
    target = tmp_path / "my-certificate.pdf"
    tab.choose_path = lambda _title, _name: target
    opened: list[Path] = []
    tab.open_path = opened.append
    click(qtbot, player.save_certificate_button)
    qtbot.waitUntil(lambda: tab.last_saved == target)
    assert target.read_bytes().startswith(b"%PDF")
    click(qtbot, player.open_certificate_button)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0].read_bytes().startswith(b"%PDF") and code in opened[0].name

    # Done: back to the list, now valid, the completion in the record.
    click(qtbot, player.done_button)
    assert tab.pages.currentIndex() == tab.LIST
    qtbot.waitUntil(lambda: tab.model.find(HAND_HYGIENE).status.state == TrainingState.VALID)
    assert tab.completions.rowCount() == 1
    assert tab.completions.index(0, 4).data() == code


# -- a manager records an outside certificate ------------------------------------------------


def test_a_manager_records_an_outside_certificate_from_the_matrix_and_revokes_it(
    qtbot, qtmodeltester, clinic, admin, harness, tmp_path
):
    add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    manager = add_staff(clinic, admin, "mia", "Mia Manager", "manager")
    view = open_view(qtbot, harness, manager)
    assert view.tab_titles() == [
        "Compliance matrix",
        "Policies",
        "My training",
        "Expiring soon",
        "Staff",
    ]
    tab = view.matrix_tab
    qtbot.waitUntil(lambda: tab.matrix is not None and tab.model.rowCount() >= 2)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    row = source_row_of(tab.model, lambda r: r.staff.username == "dr.quinn")
    column = next(
        tab.model.FIRST_REQUIREMENT + n
        for n, r in enumerate(tab.model.requirements)
        if r.requirement_id == HAND_HYGIENE
    )
    cell = tab.model.index(row, column)
    assert cell.data(CELL_ROLE).state == TrainingState.IN_GRACE
    assert cell.data().startswith("◷ In grace")  # a symbol and a word, not colour alone
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None

    # A click on the cell opens the dialog for that person and requirement.
    click_index(qtbot, tab.table, tab.proxy.mapFromSource(cell))
    qtbot.waitUntil(lambda: tab.dialog is not None)
    dialog = tab.dialog
    assert isinstance(dialog, RecordCompletionDialog)
    assert dialog.staff.username == "dr.quinn"
    assert dialog.requirement.requirement_id == HAND_HYGIENE
    day = date.today() - timedelta(days=3)
    dialog.completed_on.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClicks(dialog.provider, "Regional Health Academy")
    qtbot.keyClicks(dialog.external_code, "RHA-2291")
    wrong = tmp_path / "certificate.txt"
    wrong.write_text("not a certificate")
    qtbot.keyClicks(dialog.evidence, str(wrong))
    click(qtbot, dialog.ok_button)  # a text file is refused before asking the database
    error = harness.wait_error(qtbot)
    assert "PDF or an image" in error.text and dialog.isVisible()
    assert dialog.provider.text() == "Regional Health Academy"
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    dialog.evidence.setText(str(evidence))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(
        lambda: tab.model.index(row, column).data(CELL_ROLE).state == TrainingState.VALID
    )
    valid = tab.model.index(row, column).data(CELL_ROLE)
    assert valid.completed_on == day
    assert tab.model.index(row, column).data().startswith("✔ Valid")
    with clinic.uow(read_only=True) as uow:
        [completion] = training.list_completions(uow, manager, "dr.quinn")
    assert completion.provider == "Regional Health Academy"
    assert completion.external_code == "RHA-2291"
    assert completion.evidence_name == "certificate.pdf"

    # Revoke it (a reason is required), by keyboard.
    tab.select_cell(valid.staff_id, HAND_HYGIENE)
    assert tab.revoke_action.isEnabled()
    view.activateWindow()  # back from the dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    tab.table.setFocus()
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: isinstance(tab.dialog, RevokeDialog))
    dialog = tab.dialog
    click(qtbot, dialog.ok_button)
    error = harness.wait_error(qtbot, 2)
    assert "why" in error.text.lower() and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Certificate was for a different course")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(
        lambda: tab.model.index(row, column).data(CELL_ROLE).state != TrainingState.VALID
    )

    # Expiring soon lists what is due: bloodborne pathogens (no grace) for Dr Quinn.
    view.tabs.setCurrentWidget(view.expiring_tab)
    due = view.expiring_tab
    qtbot.waitUntil(lambda: due.model.rowCount() > 0)
    qtmodeltester.check(due.model)
    qtmodeltester.check(due.proxy)
    assert any(
        d.staff.username == "dr.quinn"
        and d.requirement.requirement_id == "training.bloodborne-pathogens"
        and d.status.state == TrainingState.MISSING
        for d in due.model.rows()
    )
    view.tabs.setCurrentWidget(tab)

    # Export the matrix as CSV and as the inspection PDF.
    for kind in ("csv", "pdf"):
        target = tmp_path / f"matrix.{kind}"
        tab.choose_path = lambda _title, _name, target=target: target
        click(qtbot, tab.buttons[kind])
        qtbot.waitUntil(lambda target=target: tab.last_export == target, timeout=20_000)
    assert "Dr Rosa Quinn" in (tmp_path / "matrix.csv").read_text("utf-8")
    assert (tmp_path / "matrix.pdf").read_bytes().startswith(b"%PDF")


def test_the_matrix_filters_by_role_and_state_and_shows_a_past_date(qtbot, clinic, admin, harness):
    add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    add_staff(clinic, admin, "sam", "Sam Desk", "front_desk")
    view = open_view(qtbot, harness, admin)
    tab = view.matrix_tab
    qtbot.waitUntil(lambda: tab.matrix is not None)
    everyone = {tab.model.row_at(r).staff.name for r in range(tab.model.rowCount())}
    assert {"Dr Rosa Quinn", "Sam Desk"} <= everyone
    tab.role.setCurrentIndex(tab.role.findData(Role.CLINICIAN))
    qtbot.waitUntil(
        lambda: (
            {tab.model.row_at(r).staff.name for r in range(tab.model.rowCount())}
            == {"Dr Rosa Quinn"}
        )
    )
    tab.role.setCurrentIndex(0)
    # Bloodborne pathogens (clinicians, no grace) is missing; everyone else is in grace.
    tab.state.setCurrentIndex(tab.state.findData(TrainingState.MISSING))
    qtbot.waitUntil(
        lambda: (
            {tab.model.row_at(r).staff.name for r in range(tab.model.rowCount())}
            == {"Dr Rosa Quinn"}
        )
    )
    tab.state.setCurrentIndex(tab.state.findData(TrainingState.EXPIRED))
    qtbot.waitUntil(lambda: tab.matrix.rows == () and tab.model.rowCount() == 0)
    tab.state.setCurrentIndex(0)
    # A year ago nobody here was on staff yet.
    past = date.today() - timedelta(days=365)
    tab.as_of.setDate(QDate(past.year, past.month, past.day))
    qtbot.waitUntil(lambda: tab.matrix.as_of == past)
    assert tab.model.rowCount() == 0
    assert format_date(past) in tab.counts.text()


def test_the_staff_tab_adds_someone_without_a_login(qtbot, qtmodeltester, clinic, harness):
    view = open_view(qtbot, harness, harness.ctx.principal)
    view.tabs.setCurrentWidget(view.staff_tab)
    tab = view.staff_tab
    harness.wait_idle(qtbot)
    qtmodeltester.check(tab.model)
    click(qtbot, tab.buttons["add"])
    dialog = tab.dialog
    assert isinstance(dialog, AddStaffDialog)
    qtbot.keyClicks(dialog.name, "Ola Cleaner")
    qtbot.keyClicks(dialog.job_title, "Cleaner")
    click(qtbot, dialog.role_boxes[Role.FRONT_DESK])
    started = date.today() - timedelta(days=30)
    dialog.start_on.setDate(QDate(started.year, started.month, started.day))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: any(s.name == "Ola Cleaner" for s in tab.model.rows()))
    row = source_row_of(tab.model, lambda s: s.name == "Ola Cleaner")
    assert tab.model.index(row, 1).data() == "(no login)"
    # The matrix (another tab) saw the change without a Refresh.
    view.tabs.setCurrentWidget(view.matrix_tab)
    qtbot.waitUntil(
        lambda: (
            view.matrix_tab.matrix is not None
            and any(r.staff.name == "Ola Cleaner" for r in view.matrix_tab.matrix.rows)
        )
    )

    # Ola leaves today: off the list, back with "Show former staff", with the day.
    view.tabs.setCurrentWidget(tab)
    row = source_row_of(tab.model, lambda s: s.name == "Ola Cleaner")
    click_index(qtbot, tab.table, tab.proxy.mapFromSource(tab.model.index(row, 0)))
    assert tab.end_action.isEnabled()
    click(qtbot, tab.buttons["end"])
    dialog = tab.dialog
    assert isinstance(dialog, EndStaffDialog) and dialog.staff.name == "Ola Cleaner"
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: all(s.name != "Ola Cleaner" for s in tab.model.rows()))
    click(qtbot, tab.show_ended)
    qtbot.waitUntil(lambda: any(s.name == "Ola Cleaner" for s in tab.model.rows()))
    row = source_row_of(tab.model, lambda s: s.name == "Ola Cleaner")
    assert tab.model.index(row, 5).data() == format_date(date.today())


# -- who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        ("admin", ["Compliance matrix", "Policies", "My training", "Expiring soon", "Staff"]),
        ("manager", ["Compliance matrix", "Policies", "My training", "Expiring soon", "Staff"]),
        ("clinician", ["My training"]),
        ("front_desk", ["My training"]),
    ],
)
def test_each_role_sees_its_tabs(qtbot, clinic, admin, harness, role, tabs):
    person = add_staff(clinic, admin, f"user.{role}", f"User {role}", role)
    view = open_view(qtbot, harness, person)
    assert view.tab_titles() == tabs
    assert not harness.errors


# -- Today and the window ---------------------------------------------------------------------


def test_today_shows_the_clinics_counts_to_a_manager_and_own_items_to_a_clinician(
    qtbot, clinic, admin, make_window
):
    quinn = add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    manager = add_staff(clinic, admin, "mia", "Mia Manager", "manager")
    window = make_window(clinic, quinn)
    today = window.show_area("today")
    qtbot.waitUntil(lambda: today.summary is not None)
    assert today.training.isVisible()
    text = today.training.text.text()
    # Bloodborne pathogens has no grace: missing from the first day, and said to be
    # overdue since then, not "due by" a day already past.
    [line] = [line for line in text.splitlines() if "Yours — Bloodborne pathogens" in line]
    assert line.endswith(f": missing, overdue since {format_date(date.today())}.")
    assert "The clinic" not in text
    click(qtbot, today.training.button)
    assert window.current_area() == "training"

    window = make_window(clinic, manager)
    today = window.show_area("today")
    qtbot.waitUntil(lambda: today.summary is not None)
    summary = today.summary.training
    assert summary is not None and summary.clinic_missing
    assert today.training.text.text().startswith("The clinic: 0 expired, ")


def test_a_cell_tooltip_says_due_by_in_grace_and_overdue_since_when_missing():
    grace_ends = date.today() + timedelta(days=20)
    in_grace = CellStatus(1, HAND_HYGIENE, TrainingState.IN_GRACE, due_on=grace_ends)
    missing = CellStatus(1, HAND_HYGIENE, TrainingState.MISSING, due_on=date(2025, 1, 31))
    assert cell_tooltip(in_grace).split("\n")[1] == f"Due by {format_date(grace_ends)}"
    assert cell_tooltip(missing).split("\n")[1] == "Overdue since Jan 31, 2025"


def test_every_area_fits_a_1280_pixel_screen(qtbot, clinic, admin, make_window):
    add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    window = make_window(clinic, admin)
    window.resize(1280, 720)
    assert "training" in window.area_keys()
    assert window.area_actions["training"].shortcut().toString() == "Ctrl+5"
    for key in window.area_keys():
        area = window.show_area(key)
        qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=10_000)
        QApplication.processEvents()
        assert area is not None and key not in window.area_failures
        assert window.minimumSizeHint().width() <= 1280, key
        assert window.width() <= 1280, key
    # The course player too.
    training_view = window.area_widget("training")
    assert training_view.mine_tab.player.minimumSizeHint().width() <= 1280 - 150


def test_the_matrix_speaks_spanish(qtbot, clinic, admin, harness, fresh_catalogues):
    """Issue 17: headings, states, days and counts in Spanish, from the Spanish sources as
    they are now (compiled here, not whatever .qm an older install left behind)."""
    add_staff(clinic, admin, "dr.quinn", "Dr Rosa Quinn", "clinician")
    language.install("es")
    view = open_view(qtbot, harness, admin)
    tab = view.matrix_tab
    qtbot.waitUntil(lambda: tab.matrix is not None)
    assert view.tab_titles()[:2] == ["Matriz de cumplimiento", "Políticas"]
    headings = [
        tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())
    ]
    assert headings[:2] == ["Nombre", "Funciones"]
    # the requirements' own titles too, from the standards' Spanish (up to the first comma)
    assert "Higiene de manos" in headings, headings
    assert "Hand hygiene" not in headings
    row = source_row_of(tab.model, lambda r: r.staff.name == "Dr Rosa Quinn")
    assert tab.model.index(row, 1).data() == "Profesional clínico"
    cells = [tab.model.index(row, c).data() for c in range(2, tab.model.columnCount())]
    assert any(cell.startswith("○ Falta") for cell in cells), cells
    assert any(cell.startswith("◷ En gracia hasta el ") for cell in cells), cells
    people = tab.model.rowCount()
    counts = tab.counts.text()
    assert counts.startswith(f"{people} personas al {format_date(date.today())}"), counts
    language.install("en")
