"""The Panel area driven through its widgets: open a panel, type in the filter, sort by a
header, open a record, reassign, register and edit (with a conflict), the dashboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView
from sqlalchemy import func, select

from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import attribution, patients
from clinicdesk.ui import language, theme
from clinicdesk.ui.panel.model import AGE, NAME, NEXT_DUE, PLACEHOLDER, PanelTableModel
from clinicdesk.ui.panel.view import PanelView
from clinicdesk.ui.tables import EXPORT_ROLE
from tests.helpers.clinic import (
    SNOMED,
    add_staff,
    event,
    forget_gaps,
    gap,
    register,
    set_cached,
)

pytestmark = pytest.mark.gui

TODAY = date.today()


@pytest.fixture
def clinic(sqlite_db: Database, sqlite_admin: Principal) -> dict[str, Any]:
    db, admin = sqlite_db, sqlite_admin
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    rossi = add_staff(db, admin, "dr.rossi", "Dr Marco Rossi")
    desk = add_staff(db, admin, "desk", "Front Desk", "front_desk")
    people = [
        ("Q-1", "Okafor", "Esi", 40, quinn),
        ("Q-2", "Okafor", "Olu", 12, quinn),
        ("Q-3", "Nakamura", "Mei", 71, quinn),
        ("Q-4", "Adeyemi", "Amara", 55, quinn),
        ("R-1", "Rossi", "Lia", 33, rossi),
    ]
    ids = {}
    for mrn, family, given, age, doctor in people:
        info = register(db, admin, mrn, family, given, TODAY - timedelta(days=365 * age + 30))
        ids[mrn] = info.id
        with db.uow() as uow:
            attribution.reassign(uow, admin, info.id, doctor.user_id, "set up")
    forget_gaps(db)  # the results below are the test's own
    gap(
        db,
        ids["Q-3"],
        "care-gap.diabetes-hba1c-test",
        "overdue",
        due_on=TODAY - timedelta(days=20),
        explanation="Open: no HbA1c (LOINC 4548-4) since 2025-01-02; due every 6 months",
    )
    gap(db, ids["Q-3"], "care-gap.influenza-vaccine", "met", last_done_on=TODAY)
    set_cached(db, ids["Q-3"], open_gaps=1, next_due_on=TODAY - timedelta(days=20))
    event(db, ids["Q-3"], "condition", SNOMED, "44054006", date(2015, 1, 1), display="Diabetes")
    with db.uow() as uow:
        attribution.set_panel_capacity(uow, admin, quinn.user_id, 1500)
    return {"quinn": quinn, "rossi": rossi, "desk": desk, "ids": ids}


@pytest.fixture
def open_panel(qtbot: Any, sqlite_db: Database, make_ctx: Any) -> Any:
    def build(principal: Principal) -> PanelView:
        view = PanelView(make_ctx(sqlite_db, principal))
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.show()
        qtbot.waitExposed(view)
        tab = view.patients_tab
        qtbot.waitUntil(lambda: tab.model.total > 0 and not tab.model.loading)
        return view

    return build


def _names(model: PanelTableModel) -> list[str]:
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def _wait_idle(qtbot: Any, view: PanelView) -> None:
    qtbot.waitUntil(lambda: not view.patients_tab.ctx.runner.busy)


def test_a_clinician_opens_their_panel_types_in_the_filter_and_sorts(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["quinn"])
    tab = view.patients_tab
    model = tab.model
    assert _names(model) == ["Adeyemi, Amara", "Nakamura, Mei", "Okafor, Esi", "Okafor, Olu"]
    assert tab.count_label.text() == "4 patients"
    # A clinician sees only their own panel: the chooser holds just them.
    assert tab.clinician.count() == 1 and not tab.clinician.isEnabled()
    assert not tab.register_action.isVisible() and not tab.reassign_action.isVisible()

    tab.filter.setFocus()
    qtbot.keyClicks(tab.filter, "oka")
    qtbot.waitUntil(lambda: model.total == 2 and not model.loading)
    assert _names(model) == ["Okafor, Esi", "Okafor, Olu"]
    # Down moves into the results, onto the first; Enter there opens it.
    qtbot.keyClick(tab.filter, Qt.Key.Key_Down)
    assert tab.table.hasFocus()
    assert tab.table.currentIndex().row() == 0
    assert tab.table.selectionModel().isRowSelected(0)  # not only the focus frame
    tab.filter.setFocus()
    qtbot.keyClick(tab.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: model.total == 4 and not model.loading)
    # Enter straight after typing moves there too, once the rows have come.
    tab.table.setCurrentIndex(model.index(-1, -1))
    tab.filter.setFocus()
    qtbot.keyClicks(tab.filter, "naka")
    qtbot.keyClick(tab.filter, Qt.Key.Key_Return)
    assert tab.table.hasFocus()
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    qtbot.waitUntil(lambda: tab.table.currentIndex().row() == 0)
    assert _names(model) == ["Nakamura, Mei"]
    tab.filter.setFocus()
    qtbot.keyClick(tab.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: model.total == 4 and not model.loading)

    # Sort by age: click the header, then again for the other direction.
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(AGE) + header.sectionSize(AGE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: model.query.sort == "age" and not model.loading)
    first = _names(model)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(
        lambda: model.query.descending != (first == _names(model)) and not model.loading
    )
    qtbot.waitUntil(lambda: _names(model) == list(reversed(first)))
    ages = sorted([first, list(reversed(first))], key=lambda names: names[0])
    assert "Okafor, Olu" in (ages[0][0], ages[1][0])  # the youngest is at one end


def test_a_gap_already_due_stands_out_and_says_since_when(
    qtbot: Any, sqlite_db: Database, clinic: dict[str, Any], open_panel: Any
) -> None:
    ids = clinic["ids"]
    set_cached(sqlite_db, ids["Q-1"], open_gaps=1, next_due_on=TODAY)
    set_cached(sqlite_db, ids["Q-4"], open_gaps=1, next_due_on=TODAY + timedelta(days=30))
    view = open_panel(clinic["quinn"])
    model = view.patients_tab.model
    row_of = {name: row for row, name in enumerate(_names(model))}
    warning = theme.warning_color().lower()

    def cell(name: str, role: Qt.ItemDataRole) -> Any:
        return model.index(row_of[name], NEXT_DUE).data(role)

    # due twenty days ago: marked, in the warning colour, and in words in its tooltip
    since = format_date(TODAY - timedelta(days=20))
    assert cell("Nakamura, Mei", Qt.ItemDataRole.DisplayRole) == f"⚠ {since}"
    assert cell("Nakamura, Mei", Qt.ItemDataRole.ForegroundRole).color().name() == warning
    # a CSV export and the sort keep the day itself
    assert cell("Nakamura, Mei", EXPORT_ROLE) == (TODAY - timedelta(days=20)).isoformat()
    assert cell("Nakamura, Mei", Qt.ItemDataRole.ToolTipRole) == f"Due since {since}"
    assert cell("Okafor, Esi", Qt.ItemDataRole.ForegroundRole).color().name() == warning
    assert cell("Okafor, Esi", Qt.ItemDataRole.DisplayRole) == f"⚠ {format_date(TODAY)}"
    assert cell("Okafor, Esi", Qt.ItemDataRole.ToolTipRole) == "Due today"
    # due next month, or nothing due: as any other cell
    assert cell("Adeyemi, Amara", Qt.ItemDataRole.DisplayRole) == format_date(
        TODAY + timedelta(days=30)
    )
    for name in ("Adeyemi, Amara", "Okafor, Olu"):
        assert cell(name, Qt.ItemDataRole.ForegroundRole) is None
        assert cell(name, Qt.ItemDataRole.ToolTipRole) is None
    # the name column is never coloured for it
    assert model.index(row_of["Nakamura, Mei"], NAME).data(Qt.ItemDataRole.ForegroundRole) is None


def test_filters_by_gap_due_age_and_condition(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["quinn"])
    tab, model = view.patients_tab, view.patients_tab.model
    qtbot.waitUntil(lambda: tab.gap.count() == 3)
    tab.gap.setCurrentIndex(tab.gap.findData("care-gap.diabetes-hba1c-test"))
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    assert _names(model) == ["Nakamura, Mei"]
    tab.gap.setCurrentIndex(0)
    tab.due.setCurrentIndex(tab.due.findData("overdue"))
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    tab.due.setCurrentIndex(0)
    tab.age.setCurrentIndex(tab.age.findData("0-17"))
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    assert _names(model) == ["Okafor, Olu"]
    tab.age.setCurrentIndex(0)
    tab.condition.setCurrentIndex(tab.condition.findData("diabetes"))
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    assert _names(model) == ["Nakamura, Mei"]
    tab.condition.setCurrentIndex(0)
    # As of yesterday Dr Quinn had nobody: every attribution here started today.
    assert tab.as_of.isEnabled()
    tab.as_of_date.setDate(QDate.currentDate().addDays(-1))
    tab.as_of.click()
    qtbot.waitUntil(lambda: model.query.as_of is not None and not model.loading)
    assert model.total == 0
    tab.as_of.click()
    qtbot.waitUntil(lambda: model.total == 4 and not model.loading)
    tab.contains.click()
    qtbot.keyClicks(tab.filter, "kam")
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    assert _names(model) == ["Nakamura, Mei"]


def test_the_care_gap_choices_read_in_spanish(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    """Issue 17: the care-gap picker names the shipped standards in Spanish, in the
    Spanish alphabetical order; the choice is still the standard's id."""
    language.install("es")
    try:
        tab = open_panel(clinic["quinn"]).patients_tab
        qtbot.waitUntil(lambda: tab.gap.count() == 3)
        labels = [tab.gap.itemText(i) for i in range(1, tab.gap.count())]
        assert labels == sorted(labels, key=str.casefold)
        index = tab.gap.findData("care-gap.diabetes-hba1c-test")
        assert tab.gap.itemText(index) == "Prueba de HbA1c para personas con diabetes"
    finally:
        language.install("en")


def test_front_desk_chooses_a_panel_opens_a_record_and_reassigns(
    qtbot: Any, sqlite_db: Database, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["desk"])
    tab, model = view.patients_tab, view.patients_tab.model
    assert model.total == 5  # everyone
    assert tab.clinician.itemText(0) == "All patients"
    tab.clinician.setCurrentIndex(tab.clinician.findData(clinic["rossi"].user_id))
    qtbot.waitUntil(lambda: model.total == 1 and not model.loading)
    tab.clinician.setCurrentIndex(tab.clinician.findData(clinic["quinn"].user_id))
    qtbot.waitUntil(lambda: model.total == 4 and not model.loading)

    # Open Nakamura's record with the keyboard.
    tab.table.setFocus()
    tab.table.selectRow(1)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.detail_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None)
    assert dialog.heading.text().startswith("Nakamura, Mei")
    assert dialog.fields["clinician"].text() == "Dr Rosa Quinn"
    assert [g.state for g in dialog.gaps_model.rows()] == ["overdue", "met"]
    assert "LOINC 4548-4" in dialog.explanation.toPlainText()
    assert [t.code for t in dialog.timeline_rows()] == ["44054006"]
    assert len(dialog.attribution_rows()) == 1

    # Reassign to Dr Rossi: OK stays disabled until a reason is typed.
    qtbot.mouseClick(dialog.reassign_button, Qt.MouseButton.LeftButton)
    reassign = tab.reassign_dialog
    assert reassign is not None
    assert not reassign.ok_button.isEnabled()
    reassign.clinician.setCurrentIndex(reassign.clinician.findData(clinic["rossi"].user_id))
    qtbot.keyClicks(reassign.reason, "Moved closer to Dr Rossi's clinic")
    assert reassign.ok_button.isEnabled()
    qtbot.mouseClick(reassign.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.attribution_rows()) == 2)
    newest = dialog.attribution_rows()[0]
    assert (newest.clinician_name, newest.source) == ("Dr Marco Rossi", "manual")
    assert newest.reason == "Moved closer to Dr Rossi's clinic"
    qtbot.waitUntil(lambda: model.total == 3 and not model.loading)
    _wait_idle(qtbot, view)
    dialog.close()


def test_the_register_form_suggests_an_mrn_offers_a_calendar_and_a_clinician(
    qtbot: Any, sqlite_db: Database, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["desk"])
    tab, model = view.patients_tab, view.patients_tab.model
    tab.register_patient()
    form = tab.form_dialog
    assert form is not None and form.clinician is not None
    # The newest patient is R-1: the next in that pattern is R-2.
    qtbot.waitUntil(lambda: form.mrn.text() == "R-2")
    qtbot.waitUntil(lambda: form.clinician.count() == 3)
    assert form.clinician.itemText(0) == "Not yet — by the rule"
    # the hint in the empty date-of-death field is whole, not cut off
    form.show()
    qtbot.waitExposed(form)
    hint = form.deceased_on.placeholderText()
    assert form.deceased_on.fontMetrics().horizontalAdvance(hint) < form.deceased_on.width() - 24
    qtbot.keyClicks(form.family_name, "Lindqvist")
    qtbot.keyClicks(form.given_names, "Maja")
    # The calendar: Alt+Down opens it on today; Enter takes the chosen day.
    form.birth_date.setFocus()
    qtbot.keyClick(form.birth_date, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = form.birth_date.calendar_popup
    qtbot.waitUntil(calendar.isVisible)
    calendar.setSelectedDate(QDate(1984, 2, 29))
    days = calendar.findChild(QTableView)  # where the keyboard is inside the calendar
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert form.birth_date.text() == "1984-02-29"
    form.clinician.setCurrentIndex(form.clinician.findData(clinic["rossi"].user_id))
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.form_dialog is None)
    with sqlite_db.uow(read_only=True) as uow:
        stored = uow.session.execute(
            select(Patient.id, Patient.clinician_id, Patient.birth_date).where(Patient.mrn == "R-2")
        ).one()
        history = attribution.attribution_history(uow, stored.id)
    assert stored.clinician_id == clinic["rossi"].user_id
    assert stored.birth_date == date(1984, 2, 29)
    assert [h.clinician_id for h in history] == [clinic["rossi"].user_id]
    qtbot.waitUntil(lambda: model.total == 6 and not model.loading)


def test_register_then_an_edit_conflict_keeps_what_was_typed(
    qtbot: Any,
    sqlite_db: Database,
    sqlite_admin: Principal,
    clinic: dict[str, Any],
    open_panel: Any,
    boxes: list[Any],
) -> None:
    view = open_panel(clinic["desk"])
    tab, model = view.patients_tab, view.patients_tab.model
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = tab.form_dialog
    assert form is not None
    qtbot.keyClicks(form.mrn, "N-77")
    qtbot.keyClicks(form.family_name, "Lindqvist")
    qtbot.keyClicks(form.given_names, "Maja")
    qtbot.keyClicks(form.birth_date, "not a date")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert boxes[-1].text.startswith("Birth date: “not a date” is not a date.")
    form.birth_date.clear()
    qtbot.keyClicks(form.birth_date, "1984-02-29")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.form_dialog is None)
    qtbot.waitUntil(lambda: model.total == 6 and not model.loading)
    new_row = next(
        r for r in range(model.rowCount()) if model.index(r, NAME).data() == "Lindqvist, Maja"
    )

    # Edit it; meanwhile another workstation saves a new phone number.
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    tab.table.setFocus()
    tab.table.selectRow(new_row)
    assert tab.edit_action.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.form_dialog is not None)
    form = tab.form_dialog
    assert form.mrn.text() == "N-77" and form.birth_date.text() == "1984-02-29"
    assert form.patient is not None
    with sqlite_db.uow() as uow:
        stored = patients.get_patient(uow, sqlite_admin, form.patient.id)
        patients.update_patient(
            uow,
            sqlite_admin,
            stored.id,
            replace(stored.as_input(), phone="555 0199"),
            expected_version=1,
        )
    form.email.setText("maja@example.org")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.conflict_note.isVisible())
    assert boxes[-1].icon == QMessageBox.Icon.Warning or "changed" in boxes[-1].text
    assert "changed on another workstation" in boxes[-1].text
    assert "phone: 555 0199" in form.conflict_note.text()
    assert form.email.text() == "maja@example.org"  # what was typed is kept
    qtbot.waitUntil(lambda: form.ok_button.isEnabled())
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)  # save over, on purpose
    qtbot.waitUntil(lambda: tab.form_dialog is None)
    with sqlite_db.uow() as uow:
        saved = patients.get_patient(uow, sqlite_admin, stored.id)
    assert (saved.email, saved.phone, saved.version) == ("maja@example.org", "", 3)
    _wait_idle(qtbot, view)


def test_the_model_is_lazy_paged_and_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, sqlite_db: Database, sqlite_admin: Principal, make_ctx: Any
) -> None:
    for n in range(23):
        register(sqlite_db, sqlite_admin, f"P-{n:03d}", f"Family{n:03d}", "Given")
    model = PanelTableModel(make_ctx(sqlite_db, sqlite_admin), page_size=5, max_pages=3)
    resets: list[int] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(model.total))
    model.dataChanged.connect(lambda a, b: changes.append((a.row(), b.row())))
    model.set_query(model.query)
    qtbot.waitUntil(lambda: model.total == 23 and not model.loading)
    assert model.cached_rows == 5
    # A row not loaded yet shows a placeholder and asks for its page, once.
    assert model.index(12, NAME).data() == PLACEHOLDER
    assert model.index(13, NAME).data() == PLACEHOLDER
    qtbot.waitUntil(lambda: model.index(12, NAME).data() == "Family012, Given")
    assert changes == [(10, 14)]
    assert model.flags(model.index(22, NAME)) & Qt.ItemFlag.ItemIsSelectable
    assert model.cached_rows == 10  # flags() loaded nothing
    for row in (16, 22, 0):
        model.index(row, NAME).data()
        qtbot.waitUntil(lambda row=row: model.row_object(row) is not None)
    assert model.cached_rows <= 15  # at most max_pages pages are kept
    assert resets == [23]  # one reset, for the query; pages came as dataChanged
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not model.ctx.runner.busy)


def test_the_dashboard_charts_panel_sizes_and_open_gaps(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["desk"])
    view.tabs.setCurrentWidget(view.dashboard_tab)
    dash = view.dashboard_tab
    qtbot.waitUntil(lambda: dash.data is not None)
    sizes = {s.username: (s.patients, s.capacity) for s in dash.data.sizes}
    assert sizes == {"dr.quinn": (4, 1500), "dr.rossi": (1, None)}
    assert [(c.key, n) for c, n in dash.data.gaps] == [("care-gap.diabetes-hba1c-test", 1)]
    assert sum(n for _m, n in dash.data.met) == 1  # the flu vaccine given today
    assert len(dash.sizes_view.chart().series()) == 1
    assert len(dash.gaps_view.chart().series()) == 1
    assert "latest care-gap evaluation" in dash.met_note.text()

    # The front desk sets Dr Rossi's capacity from the dashboard.
    qtbot.mouseClick(dash.buttons["capacity"], Qt.MouseButton.LeftButton)
    dialog = dash.capacity_dialog
    assert dialog is not None
    dialog.clinician.setCurrentIndex(dialog.clinician.findData(clinic["rossi"].user_id))
    assert dialog.capacity.value() == 0 and dialog.capacity.text() == "not set"
    dialog.capacity.setValue(1200)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            dash.data is not None
            and {s.username: s.capacity for s in dash.data.sizes}["dr.rossi"] == 1200
        )
    )
    _wait_idle(qtbot, view)


def test_a_manager_imports_from_the_panel_and_sees_the_new_patients(
    qtbot: Any,
    sqlite_db: Database,
    sqlite_admin: Principal,
    clinic: dict[str, Any],
    open_panel: Any,
) -> None:
    from tests.helpers.fhir_fixtures import SMART_2019, SMART_2019_PATIENTS

    bundles = SMART_2019
    view = open_panel(sqlite_admin)
    tab = view.patients_tab
    before = tab.model.total
    button = tab.buttons["import"]
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.choose_folder = lambda: bundles
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.imported, timeout=120_000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args[0].patients_created == SMART_2019_PATIENTS
    with sqlite_db.uow(read_only=True) as uow:  # the panel lists the living
        active = uow.session.execute(
            select(func.count()).select_from(Patient).where(Patient.status == "active")
        ).scalar_one()
    assert 0 < active - before < SMART_2019_PATIENTS
    qtbot.waitUntil(lambda: tab.model.total == active, timeout=30_000)
    _wait_idle(qtbot, view)


def test_the_import_button_is_hidden_without_the_permission(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["desk"])
    assert not view.patients_tab.buttons["import"].isVisible()


def test_a_clinician_sees_no_register_edit_reassign_or_import_buttons(
    qtbot: Any, clinic: dict[str, Any], open_panel: Any
) -> None:
    view = open_panel(clinic["quinn"])
    buttons = view.patients_tab.buttons
    for name in ("register", "edit", "reassign", "import"):
        assert not buttons[name].isVisible(), name
    assert buttons["refresh"].isVisible()


def test_work_out_gaps_then_save_an_outreach_list(
    qtbot: Any,
    sqlite_db: Database,
    sqlite_admin: Principal,
    clinic: dict[str, Any],
    open_panel: Any,
    tmp_path: Any,
) -> None:
    view = open_panel(clinic["quinn"])  # a clinician: their own panel
    tab = view.patients_tab
    assert tab.buttons["evaluate"].isVisible() and tab.buttons["outreach"].isVisible()
    assert not tab.outreach_action.isEnabled()  # no gap chosen yet
    qtbot.mouseClick(tab.buttons["evaluate"], Qt.MouseButton.LeftButton)
    flu = "care-gap.influenza-vaccine"
    qtbot.waitUntil(lambda: tab.gap.findData(flu) > 0, timeout=30_000)
    _wait_idle(qtbot, view)
    tab.gap.setCurrentIndex(tab.gap.findData(flu))
    assert tab.outreach_action.isEnabled()
    target = tmp_path / "flu.csv"
    tab.choose_export_path = lambda _suggested: target
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(target.exists, timeout=30_000)
    text = target.read_text(encoding="utf-8")
    # none of Dr Quinn's four patients (the 12-year-old too) has had a flu vaccine
    assert text.count("\n") == 1 + 4, text
    assert "Q-3" in text and "R-1" not in text  # only her own panel
    _wait_idle(qtbot, view)


def test_an_empty_panel_says_what_to_do_next(
    qtbot: Any, sqlite_db: Database, sqlite_admin: Principal, make_ctx: Any
) -> None:
    view = PanelView(make_ctx(sqlite_db, sqlite_admin))  # a clinic with no patients yet
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    tab = view.patients_tab
    qtbot.waitUntil(lambda: tab.table.showing_empty_text())
    assert tab.table.empty_text == (
        "No patients on this panel yet. To add them: Register patient… (Ctrl+N) or "
        "Import… a FHIR or CSV file."
    )
    qtbot.keyClicks(tab.filter, "zz")
    qtbot.waitUntil(lambda: tab.table.empty_text == "No patient matches these filters.")
