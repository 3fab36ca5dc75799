"""The Panel area: a clinician's patients (or, for the front desk and managers, any
clinician's, or everyone), filtered as you type, sortable on every column, each opening
the patient's record; and a dashboard tab.

The table is a PanelTableModel: a count and lazily loaded pages, so it opens and filters
in milliseconds at 100,000 patients and never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.i18n.formatting import format_number
from clinicdesk.services import attribution, caregaps, outreach, panel, patients
from clinicdesk.services.attribution import ClinicianInfo
from clinicdesk.services.panel import Choice, DueStatus, Match, PanelQuery, PanelRow
from clinicdesk.services.patients import PatientDetail, PatientSummary
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.panel.dashboard import DashboardTab
from clinicdesk.ui.panel.detail import PatientDetailDialog
from clinicdesk.ui.panel.dialogs import PatientFormDialog, ReassignDialog
from clinicdesk.ui.panel.model import NAME, PanelTableModel
from clinicdesk.ui.patients.import_dialog import ImportDialog
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.table_views import DataTableView, FilterLine, add_find_shortcut
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

HEADER_KEY = "panel/patients"
ALL = -1  # the clinician chooser's "everyone" entry

AGE_BANDS: list[tuple[str, int | None, int | None]] = [
    ("all", None, None),
    ("0-17", 0, 17),
    ("18-39", 18, 39),
    ("40-64", 40, 64),
    ("65+", 65, None),
]


class PatientsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        principal = ctx.principal
        self.may_view_all = principal.can(Permission.VIEW_ALL_PANELS)
        self.clinicians: list[ClinicianInfo] = []
        self.detail_dialog: PatientDetailDialog | None = None
        self.form_dialog: PatientFormDialog | None = None
        self.reassign_dialog: ReassignDialog | None = None
        self._import_handler: Callable[[], None] | None = None

        self.model = PanelTableModel(ctx, parent=self)
        self.table = DataTableView(self)
        set_accessible(
            self.table,
            self.tr("Patients"),
            self.tr("The patients on the chosen panel; Enter opens the selected patient's record"),
        )
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.table.persist_header(ctx.ui_state, HEADER_KEY)
        self.table.activated.connect(self._on_table_activated)

        self.clinician = QComboBox(self)
        set_accessible(self.clinician, self.tr("Whose panel"), self.tr("Whose patients to list"))
        self.clinician.setMinimumContentsLength(16)
        self.clinician_label = QLabel(self.tr("Pane&l of:"), self)
        self.clinician_label.setBuddy(self.clinician)
        self.filter = FilterLine(
            self, delay_ms=150, placeholder=self.tr("Name (family given) or MRN…")
        )
        self.filter.setAccessibleName(self.tr("Find patients by name or MRN"))
        self.filter.lead_to(self.table)
        add_find_shortcut(self, self.filter)
        self.contains = QCheckBox(self.tr("A&nywhere"), self)
        self.contains.setToolTip(
            self.tr("Find the text anywhere in the name or MRN, not only at the start")
        )
        self.contains.setAccessibleName(self.tr("Match anywhere in the name or MRN"))
        self.as_of = QCheckBox(self.tr("A&s of"), self)
        self.as_of.setAccessibleName(self.tr("Show the panel as it was on a past day"))
        self.as_of.setToolTip(
            self.tr("The clinician's panel on a past day, from the attribution history")
        )
        self.as_of_date = QDateEdit(QDate.currentDate(), self)
        self.as_of_date.setCalendarPopup(True)
        self.as_of_date.setDisplayFormat("yyyy-MM-dd")
        self.as_of_date.setMaximumDate(QDate.currentDate())
        set_accessible(
            self.as_of_date,
            self.tr("Panel as of"),
            self.tr("Show the panel as it stood on this day"),
        )
        self.as_of_date.setEnabled(False)
        self.gap = self._combo(self.tr("Care gap"), [("", self.tr("Any care gap"))])
        self.due = self._combo(
            self.tr("Due status"),
            [
                ("", self.tr("Any due status")),
                (DueStatus.ANY_OPEN.value, self.tr("Open (due soon, due or overdue)")),
                (DueStatus.OVERDUE.value, self.tr("Overdue")),
                (DueStatus.DUE.value, self.tr("Due")),
                (DueStatus.DUE_SOON.value, self.tr("Due soon")),
            ],
        )
        self.age = self._combo(
            self.tr("Age band"),
            [
                (
                    key,
                    self.tr("All ages") if key == "all" else self.tr("Age {band}").format(band=key),
                )
                for key, _lo, _hi in AGE_BANDS
            ],
        )
        self.condition = self._combo(
            self.tr("Condition"),
            [("", self.tr("Any condition"))]
            + [(c.key, self.tr(c.label)) for c in panel.condition_choices()],
        )
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Patients found"))

        self.open_action = make_action(self, self.tr("&Open record"), self.open_current)
        self.register_action = make_action(
            self, self.tr("&Register patient…"), self.register_patient, QKeySequence.StandardKey.New
        )
        self.edit_action = make_action(self, self.tr("&Edit patient…"), self.edit_current, "Ctrl+E")
        self.reassign_action = make_action(
            self, self.tr("Re&assign…"), self.reassign_current, "Ctrl+Shift+A"
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.import_action = make_action(self, self.tr("&Import…"), self._on_import_triggered)
        self.import_action.setVisible(False)
        self.outreach_action = make_action(
            self, self.tr("&Outreach list…"), self.export_outreach, "Ctrl+Shift+O"
        )
        self.outreach_action.setToolTip(
            self.tr("Save the patients with the chosen care gap open as CSV or a PDF call sheet")
        )
        self.outreach_action.setVisible(principal.can(Permission.EXPORT_OUTREACH))
        self.outreach_action.setEnabled(False)
        self.evaluate_action = make_action(
            self, self.tr("&Work out gaps"), self.evaluate_gaps, "Ctrl+Shift+G"
        )
        self.evaluate_action.setToolTip(
            self.tr("Evaluate every care-gap standard for the panel shown (or the clinic) today")
        )
        # Overridable in tests: there are no native file dialogs there.
        self.choose_export_path: Callable[[str], Path | None] = self._ask_export_path
        self.register_action.setVisible(principal.can(Permission.EDIT_PATIENTS))
        self.edit_action.setVisible(principal.can(Permission.EDIT_PATIENTS))
        self.reassign_action.setVisible(principal.can(Permission.ATTRIBUTE_PATIENTS))
        for action in (self.open_action, self.edit_action, self.reassign_action):
            self.table.addAction(action)

        top = QHBoxLayout()
        top.addWidget(self.clinician_label)
        top.addWidget(self.clinician)
        top.addWidget(self.filter, 1)
        top.addWidget(self.contains)
        top.addWidget(self.as_of)
        top.addWidget(self.as_of_date)
        filters = QHBoxLayout()
        for combo in (self.gap, self.due, self.age, self.condition):
            filters.addWidget(combo)
        filters.addStretch(1)
        # The actions get a row of their own: beside the filters they made the window
        # wider than a 1280-px screen.
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.buttons = add_action_buttons(
            self,
            actions,
            [
                ("register", self.register_action),
                ("edit", self.edit_action),
                ("reassign", self.reassign_action),
                ("import", self.import_action),
                ("outreach", self.outreach_action),
                ("evaluate", self.evaluate_action),
                ("refresh", self.refresh_action),
            ],
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.clinician, self.filter)
        self.setTabOrder(self.filter, self.contains)
        self.setTabOrder(self.contains, self.table)

        self.filter.filter_changed.connect(self._on_filter_changed)
        self.contains.toggled.connect(self._on_filters_changed)
        self.as_of.toggled.connect(self._on_filters_changed)
        self.as_of_date.dateChanged.connect(self._on_as_of_date_changed)
        for combo in (self.gap, self.due, self.age, self.condition):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.clinician.currentIndexChanged.connect(self._on_filters_changed)
        self.model.reloaded.connect(self._on_model_reloaded)
        self.model.loading_changed.connect(self._on_model_loading_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()
        changes.follow_changes(self, ctx.runner, changes.PATIENTS | changes.CARE_GAPS)

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for key, text in items:
            combo.addItem(text, key)
        return combo

    # -- loading -----------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self._load_choices()

    def _load_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[list[ClinicianInfo], list[Choice]]:
            with db.uow(read_only=True) as uow:
                return (
                    attribution.list_clinicians(uow, actor),
                    panel.gap_choices(uow, actor),
                )

        self.ctx.runner.run(work, self._on_choices_loaded, parent=self)

    def _on_choices_loaded(self, result: tuple[list[ClinicianInfo], list[Choice]]) -> None:
        if not shiboken6.isValid(self):
            return
        clinicians, gaps = result
        self.clinicians = clinicians
        for combo in (self.clinician, self.gap):
            combo.blockSignals(True)
        self.clinician.clear()
        if self.may_view_all:
            self.clinician.addItem(self.tr("All patients"), ALL)
        for c in clinicians:
            self.clinician.addItem(c.display_name, c.id)
        own = self.clinician.findData(self.ctx.principal.user_id)
        if own >= 0:
            self.clinician.setCurrentIndex(own)  # a clinician's own panel first
        self.clinician.setEnabled(self.clinician.count() > 1)
        self._add_gap_choices(gaps)
        for combo in (self.clinician, self.gap):
            combo.blockSignals(False)
        self._on_filters_changed()

    def query(self) -> PanelQuery:
        clinician = self.clinician.currentData()
        lo = hi = None
        age_key = self.age.currentData()
        for key, low, high in AGE_BANDS:
            if key == age_key:
                lo, hi = low, high
        due = self.due.currentData()
        as_of: date | None = None
        if self.as_of.isChecked() and clinician not in (None, ALL):
            day = self.as_of_date.date()
            as_of = date(day.year(), day.month(), day.day())
        return replace(
            self.model.query,
            clinician_id=None if clinician in (None, ALL) else int(clinician),
            text=self.filter.text().strip(),
            match=Match.CONTAINS if self.contains.isChecked() else Match.PREFIX,
            gap=self.gap.currentData() or None,
            due=DueStatus(due) if due else None,
            min_age=lo,
            max_age=hi,
            condition=self.condition.currentData() or None,
            as_of=as_of,
        )

    def refresh(self) -> None:
        if self.loaded:
            self.model.set_query(self.query())

    def _on_filter_changed(self, _text: str) -> None:
        self.refresh()

    def _on_filters_changed(self, *_args: Any) -> None:
        self._update_actions()
        one_panel = self.clinician.currentData() not in (None, ALL)
        self.as_of.setEnabled(one_panel)
        self.as_of_date.setEnabled(one_panel and self.as_of.isChecked())
        self.refresh()

    def _on_as_of_date_changed(self, _day: QDate) -> None:
        if self.as_of.isChecked():
            self.refresh()

    def _on_model_reloaded(self, total: int) -> None:
        self.count_label.setText(self.tr("%Ln patient(s)", "", total))
        self.table.set_empty_text(self._empty_text())
        self._update_actions()

    def _empty_text(self) -> str:
        """What an empty list means, and what to do about it."""
        if self.model.query.filtered:
            return self.tr("No patient matches these filters.")
        register = self.register_action.isVisible()
        import_ = self.import_action.isVisible()
        if register and import_:
            return self.tr(
                "No patients on this panel yet. To add them: Register patient… (Ctrl+N) "
                "or Import… a FHIR or CSV file."
            )
        if register:
            return self.tr(
                "No patients on this panel yet. To add them: Register patient… (Ctrl+N)."
            )
        if import_:
            return self.tr(
                "No patients on this panel yet. To add them: Import… a FHIR or CSV file."
            )
        return self.tr("No patients on this panel yet.")

    def _on_model_loading_changed(self, loading: bool) -> None:
        if loading:
            self.count_label.setText(self.tr("Loading…"))

    # -- actions -----------------------------------------------------------------------

    def current_row(self) -> PanelRow | None:
        index = self.table.currentIndex()
        selection = self.table.selectionModel()
        if not index.isValid() or not selection.isRowSelected(index.row()):
            return None
        return self.model.row_object(index.row())

    def _update_actions(self, *_args: Any) -> None:
        row = self.current_row()
        for action in (self.open_action, self.edit_action, self.reassign_action):
            action.setEnabled(row is not None)
        self.outreach_action.setEnabled(bool(self.gap.currentData()))

    # -- care gaps: the clinic-wide run and outreach lists -----------------------------------

    def _panel_username(self) -> str | None:
        """The user name of the clinician whose panel is shown; None for everyone."""
        data = self.clinician.currentData()
        if data in (None, ALL):
            return None
        return next((c.username for c in self.clinicians if c.id == int(data)), None)

    def evaluate_gaps(self) -> None:
        if not self.evaluate_action.isEnabled():
            return
        db, actor, clinician = self.ctx.db, self.ctx.principal, self._panel_username()

        def work(_progress: Any) -> caregaps.EvaluationSummary:
            with db.uow() as uow:
                return caregaps.evaluate_clinic(uow, actor, clinician=clinician)

        self.evaluate_action.setEnabled(False)
        self.count_label.setText(self.tr("Working out care gaps…"))
        task = self.ctx.runner.run(work, self._on_gaps_evaluated, parent=self)
        task.finished.connect(self._on_evaluate_finished)

    def _on_gaps_evaluated(self, summary: caregaps.EvaluationSummary) -> None:
        if not shiboken6.isValid(self):
            return
        open_gaps = sum(s.open for s in summary.standards)
        self.ctx.messages.status(
            self.tr(
                "Care gaps worked out for %Ln patient(s): {open} open.", "", summary.patients
            ).format(open=format_number(open_gaps))
        )
        self._reload_gap_choices()
        self.refresh()

    def _on_evaluate_finished(self) -> None:
        if shiboken6.isValid(self):
            self.evaluate_action.setEnabled(True)

    def _reload_gap_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> list[Choice]:
            with db.uow(read_only=True) as uow:
                return panel.gap_choices(uow, actor)

        self.ctx.runner.run(work, self._on_gap_choices_reloaded, parent=self)

    def _add_gap_choices(self, choices: list[Choice]) -> None:
        """The care-gap standards, by their title in the current language."""
        labelled = [(standard_title(c.key, None, c.label), c.key) for c in choices]
        for label, key in sorted(labelled, key=lambda item: item[0].casefold()):
            self.gap.addItem(label, key)

    def _on_gap_choices_reloaded(self, choices: list[Choice]) -> None:
        if not shiboken6.isValid(self):
            return
        chosen = self.gap.currentData()
        self.gap.blockSignals(True)
        while self.gap.count() > 1:  # keep "Any care gap"
            self.gap.removeItem(1)
        self._add_gap_choices(choices)
        index = self.gap.findData(chosen)
        self.gap.setCurrentIndex(max(index, 0))
        self.gap.blockSignals(False)
        self._update_actions()

    def _ask_export_path(self, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the outreach list"),
            suggested,
            self.tr("PDF call sheet (*.pdf);;Spreadsheet (*.csv)"),
        )
        return Path(path) if path else None

    def export_outreach(self) -> None:
        standard_id = self.gap.currentData()
        if not standard_id or not self.outreach_action.isEnabled():
            return
        target = self.choose_export_path(f"outreach-{standard_id}.pdf")
        if target is None:
            return
        if target.suffix.lower() not in (".pdf", ".csv"):
            target = target.with_suffix(".pdf")
        db, actor, clinician = self.ctx.db, self.ctx.principal, self._panel_username()

        def work(_progress: Any) -> int:
            with db.uow() as uow:
                return outreach.export_outreach(
                    uow, actor, standard_id, target, clinician=clinician
                )

        self.ctx.runner.run(
            work,
            lambda count: self._on_outreach_exported(count, target),
            parent=self,
        )

    def _on_outreach_exported(self, count: int, target: Path) -> None:
        if shiboken6.isValid(self):
            self.ctx.messages.status(
                self.tr("Outreach list of %n patient(s) saved to {file}.", "", count).format(
                    file=target
                )
            )

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.open_current()

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_record(row.id)

    def open_record(self, patient_id: int) -> PatientDetailDialog:
        if self.detail_dialog is not None and shiboken6.isValid(self.detail_dialog):
            self.detail_dialog.close()
        dialog = PatientDetailDialog(self.ctx, patient_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.edit_requested.connect(self._on_detail_edit_requested)
        dialog.reassign_requested.connect(self._on_detail_reassign_requested)
        self.detail_dialog = dialog
        dialog.show()
        return dialog

    def register_patient(self) -> None:
        self._open_form(PatientFormDialog(self.ctx, None, self))

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        db, actor, patient_id = self.ctx.db, self.ctx.principal, row.id

        def work(_progress: Any) -> PatientSummary:
            with db.uow() as uow:
                return patients.get_patient(uow, actor, patient_id)

        self.ctx.runner.run(work, self._on_patient_for_edit_loaded, parent=self)

    def _on_patient_for_edit_loaded(self, patient: PatientSummary) -> None:
        if shiboken6.isValid(self):
            self._open_form(PatientFormDialog(self.ctx, patient, self))

    def _on_detail_edit_requested(self, detail: PatientDetail) -> None:
        parent = self.detail_dialog or self
        self._open_form(PatientFormDialog(self.ctx, detail.patient, parent))

    def _open_form(self, dialog: PatientFormDialog) -> None:
        dialog.saved.connect(self._on_patient_saved)
        dialog.finished.connect(lambda _r: self._on_dialog_finished(dialog))
        self.form_dialog = dialog
        dialog.open()

    def reassign_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self._open_reassign(row.id, row.name, row.clinician_id, self)

    def _on_detail_reassign_requested(self, detail: PatientDetail) -> None:
        p = detail.patient
        self._open_reassign(p.id, p.display_name, p.clinician_id, self.detail_dialog or self)

    def _open_reassign(
        self, patient_id: int, name: str, current: int | None, parent: QWidget
    ) -> None:
        dialog = ReassignDialog(self.ctx, patient_id, name, self.clinicians, current, parent)
        dialog.saved.connect(self._on_patient_saved)
        dialog.finished.connect(lambda _r: self._on_dialog_finished(dialog))
        self.reassign_dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: Any) -> None:
        if self.form_dialog is dialog:
            self.form_dialog = None
        if self.reassign_dialog is dialog:
            self.reassign_dialog = None
        dialog.deleteLater()

    def _on_patient_saved(self, _result: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.model.refresh()
        if self.detail_dialog is not None and shiboken6.isValid(self.detail_dialog):
            self.detail_dialog.reload()

    def set_import_handler(self, handler: Callable[[], None]) -> None:
        """Show the Import… button, which calls `handler` (the import dialog lives in
        another area)."""
        self._import_handler = handler
        allowed = self.ctx.principal.can(Permission.IMPORT_PATIENTS)
        self.import_action.setVisible(allowed)

    def _on_import_triggered(self) -> None:
        if self._import_handler is not None:
            self._import_handler()


class PanelView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel_view")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Panel"))
        self.patients_tab = PatientsTab(ctx, self)
        self.dashboard_tab = DashboardTab(ctx, self)
        self.tabs.addTab(self.patients_tab, self.tr("&Patients"))
        self.tabs.addTab(self.dashboard_tab, self.tr("&Dashboard"))
        self.patients_tab.clinician.currentIndexChanged.connect(self._on_clinician_changed)
        self.import_dialog: ImportDialog | None = None
        self.patients_tab.set_import_handler(self.open_import_dialog)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def open_import_dialog(self) -> None:
        """Import… (IMPORT_PATIENTS): the FHIR import dialog; afterwards the panel shows
        the new patients (the import has run the attribution rule)."""
        if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
            self.import_dialog.raise_()
            return
        dialog = ImportDialog(self.ctx, self)
        dialog.imported.connect(self._on_import_dialog_imported)
        dialog.finished.connect(self._on_import_dialog_finished)
        self.import_dialog = dialog
        dialog.open()

    def _on_import_dialog_imported(self, _report: object) -> None:
        if shiboken6.isValid(self):
            self.patients_tab.refresh()

    def _on_import_dialog_finished(self, _result: int) -> None:
        if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
            self.import_dialog.deleteLater()
        self.import_dialog = None

    def _on_clinician_changed(self, _index: int) -> None:
        data = self.patients_tab.clinician.currentData()
        self.dashboard_tab.set_clinician(None if data in (None, ALL) else int(data))
