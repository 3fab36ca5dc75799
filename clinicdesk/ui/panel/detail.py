"""One patient's record: demographics, care gaps with their explanations, the timeline of
visits and events, and the attribution history. Reading it is audited (the service
records the view)."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import ClinicDeskError
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import patients
from clinicdesk.services.patients import (
    AttributionInfo,
    CareGapInfo,
    PatientDetail,
    TimelineEntry,
)
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.panel.model import sex_label, status_label
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.table_views import DataTableView
from clinicdesk.ui.tables import Column, RowTableModel
from clinicdesk.ui.widgets import set_accessible


class CareGapsModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        states = {
            "overdue": self.tr("Overdue"),
            "due": self.tr("Due"),
            "due_soon": self.tr("Due soon"),
            "met": self.tr("Met"),
            "excluded": self.tr("Excluded"),
            "not_applicable": self.tr("Not applicable"),
        }
        columns = [
            Column(
                self.tr("Care gap"),
                lambda g: standard_title(g.standard_id, g.standard_version, g.title),
                tooltip=lambda g: g.standard_id,
            ),
            Column(self.tr("State"), lambda g: states.get(g.state, g.state)),
            Column(self.tr("Due"), lambda g: g.due_on, sort_key=lambda g: g.due_on),
            Column(
                self.tr("Last done"),
                lambda g: g.last_done_on,
                sort_key=lambda g: g.last_done_on,
            ),
            Column(self.tr("Why"), lambda g: g.explanation, tooltip=lambda g: g.explanation),
        ]
        super().__init__(columns, key=lambda g: g.standard_id, parent=parent)


class TimelineModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        kinds = {
            "encounter": self.tr("Visit"),
            "condition": self.tr("Condition"),
            "observation": self.tr("Observation"),
            "procedure": self.tr("Procedure"),
            "immunization": self.tr("Immunization"),
            "medication": self.tr("Medication"),
        }
        columns = [
            Column(self.tr("Date"), lambda t: t.on, sort_key=lambda t: t.on),
            Column(self.tr("Kind"), lambda t: kinds.get(t.kind, t.kind)),
            Column(self.tr("What"), lambda t: t.display),
            Column(self.tr("Value"), lambda t: t.value_label),
            Column(self.tr("Code"), lambda t: t.code, tooltip=lambda t: t.system),
            Column(self.tr("Clinician"), lambda t: t.clinician_name),
        ]
        super().__init__(columns, key=id, parent=parent)


class AttributionModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        sources = {"auto": self.tr("Visit rule"), "manual": self.tr("By hand")}
        columns = [
            Column(self.tr("From"), lambda a: a.start_on, sort_key=lambda a: a.start_on),
            Column(
                self.tr("Until"),
                lambda a: a.end_on or self.tr("(current)"),
                sort_key=lambda a: a.end_on,
            ),
            Column(self.tr("Clinician"), lambda a: a.clinician_name),
            Column(self.tr("How"), lambda a: sources.get(a.source, a.source)),
            Column(self.tr("Reason"), lambda a: a.reason, tooltip=lambda a: a.reason),
            Column(self.tr("By"), lambda a: a.created_by),
        ]
        super().__init__(columns, key=lambda a: a.id, parent=parent)


class PatientDetailDialog(QDialog):
    """Loads the record on the worker when opened; Edit and Reassign ask the panel view,
    which owns those dialogs, and the record reloads after a change."""

    edit_requested = Signal(object)  # PatientDetail
    reassign_requested = Signal(object)  # PatientDetail
    loaded = Signal(object)  # PatientDetail

    def __init__(self, ctx: AppContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.detail: PatientDetail | None = None
        self.setWindowTitle(self.tr("Patient record"))
        self.resize(860, 560)

        self.heading = QLabel(self.tr("Loading…"), self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleName(self.tr("Patient"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Patient record"))
        # Summary
        summary = QWidget(self)
        self.summary_form = QFormLayout(summary)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("mrn", self.tr("MRN")),
            ("birth", self.tr("Born")),
            ("sex", self.tr("Sex")),
            ("status", self.tr("Status")),
            ("clinician", self.tr("Clinician")),
            ("phone", self.tr("Phone")),
            ("email", self.tr("E-mail")),
            ("address", self.tr("Address")),
            ("ids", self.tr("Other ids")),
        ):
            value = QLabel(summary)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            value.setWordWrap(True)
            self.fields[key] = value
            self.summary_form.addRow(label + ":", value)
        self.tabs.addTab(summary, self.tr("&Summary"))
        # Care gaps, with the selected gap's explanation in full underneath
        gaps_page = QWidget(self)
        self.gaps_model = CareGapsModel(self)
        self.gaps_table = DataTableView(gaps_page)
        set_accessible(
            self.gaps_table,
            self.tr("Care gaps"),
            self.tr(
                "Each care-gap standard for this patient and whether it is met, due or overdue"
            ),
        )
        self.gaps_table.setModel(self.gaps_model)
        self.explanation = QPlainTextEdit(gaps_page)
        self.explanation.setReadOnly(True)
        set_accessible(
            self.explanation,
            self.tr("Why this care gap is in this state"),
            self.tr("The evidence and dates behind the selected care gap"),
        )
        self.explanation.setMaximumHeight(90)
        self.gaps_note = QLabel(gaps_page)
        self.gaps_note.setWordWrap(True)
        gaps_layout = QVBoxLayout(gaps_page)
        gaps_layout.addWidget(self.gaps_note)
        gaps_layout.addWidget(self.gaps_table, 1)
        gaps_layout.addWidget(self.explanation)
        self.gaps_table.selectionModel().currentRowChanged.connect(self._on_gap_current_changed)
        self.tabs.addTab(gaps_page, self.tr("Care &gaps"))
        # Timeline
        timeline_page = QWidget(self)
        self.timeline_model = TimelineModel(self)
        self.timeline_table = DataTableView(timeline_page, sortable=False)
        set_accessible(
            self.timeline_table,
            self.tr("Timeline"),
            self.tr("The patient's visits and coded events, by date"),
        )
        self.timeline_table.setModel(self.timeline_model)
        self.timeline_note = QLabel(timeline_page)
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.addWidget(self.timeline_table, 1)
        timeline_layout.addWidget(self.timeline_note)
        self.tabs.addTab(timeline_page, self.tr("&Timeline"))
        # Attribution history
        self.attribution_model = AttributionModel(self)
        self.attribution_table = DataTableView(self, sortable=False)
        set_accessible(
            self.attribution_table,
            self.tr("Attribution history"),
            self.tr("Which clinician the patient was attributed to, when and why"),
        )
        self.attribution_table.setModel(self.attribution_model)
        self.tabs.addTab(self.attribution_table, self.tr("&Attribution"))

        principal = ctx.principal
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.edit_button.setVisible(principal.can(Permission.EDIT_PATIENTS))
        self.reassign_button = QPushButton(self.tr("Re&assign…"), self)
        self.reassign_button.setVisible(principal.can(Permission.ATTRIBUTE_PATIENTS))
        for button in (self.edit_button, self.reassign_button):
            button.setEnabled(False)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.reassign_button.clicked.connect(self._on_reassign_clicked)
        make_action(self, self.tr("Reload"), self.reload, QKeySequence.StandardKey.Refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.edit_button)
        bar.addWidget(self.reassign_button)
        bar.addStretch(1)
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)
        self.reload()

    def reload(self) -> None:
        db, actor, patient_id = self.ctx.db, self.ctx.principal, self.patient_id

        def work(_progress: Any) -> PatientDetail:
            with db.uow() as uow:
                return patients.get_patient_detail(uow, actor, patient_id)

        self.ctx.runner.run(work, self._on_detail_loaded, failure=self._on_failed, parent=self)

    def _on_failed(self, error: ClinicDeskError) -> None:
        if shiboken6.isValid(self):
            self.heading.setText(error.message)
            self.ctx.messages.error(error, self)

    def _on_detail_loaded(self, detail: PatientDetail) -> None:
        if not shiboken6.isValid(self):
            return
        self.detail = detail
        p = detail.patient
        self.setWindowTitle(self.tr("{name} — patient record").format(name=p.display_name))
        age = p.age_on(date.today())
        self.heading.setText(
            self.tr("{name}, age {age}").format(name=p.display_name, age=age)
            if age is not None
            else self.tr("{name}, age unknown").format(name=p.display_name)
        )
        status = status_label(p.status)
        if p.deceased_on:
            status = self.tr("{status} ({day})").format(
                status=status, day=format_date(p.deceased_on)
            )
        values = {
            "mrn": p.mrn,
            "birth": format_date(p.birth_date) or self.tr("not known"),
            "sex": sex_label(p.sex),
            "status": status,
            "clinician": p.clinician_name or self.tr("not attributed"),
            "phone": p.phone,
            "email": p.email,
            "address": p.address,
            "ids": "\n".join(f"{i.label or i.system}: {i.value}" for i in detail.identifiers),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.gaps_model.set_rows(detail.care_gaps)
        if detail.care_gaps:
            open_count = sum(1 for g in detail.care_gaps if g.open)
            self.gaps_note.setText(
                self.tr("%n open care gap(s). Evaluated as of {day}.", "", open_count).format(
                    day=format_date(max(g.as_of for g in detail.care_gaps))
                )
            )
            self.gaps_table.selectRow(0)
        else:
            self.gaps_note.setText(
                self.tr(
                    "No care-gap results for this patient yet (the care-gap run has not "
                    "evaluated them, or no standard applies)."
                )
            )
            self.explanation.clear()
        self.timeline_model.set_rows(detail.timeline)
        shown, total = len(detail.timeline), detail.timeline_total
        self.timeline_note.setText(
            self.tr("%n entry(ies)", "", shown)
            if shown == total
            else self.tr("The newest {shown} of %n entry(ies)", "", total).format(shown=shown)
        )
        self.attribution_model.set_rows(detail.attributions)
        for table in (self.gaps_table, self.timeline_table, self.attribution_table):
            table.fit_columns()  # to the language's headings and dates
        for button in (self.edit_button, self.reassign_button):
            button.setEnabled(True)
        self.loaded.emit(detail)

    def _on_gap_current_changed(self, current: Any, _previous: Any) -> None:
        row = current.row()
        if 0 <= row < self.gaps_model.rowCount():
            gap: CareGapInfo = self.gaps_model.row_at(row)
            self.explanation.setPlainText(
                self.tr("{explanation}\n({standard}, version {version})").format(
                    explanation=gap.explanation,
                    standard=gap.standard_id,
                    version=gap.standard_version,
                )
            )

    def _on_edit_clicked(self) -> None:
        if self.detail is not None:
            self.edit_requested.emit(self.detail)

    def _on_reassign_clicked(self) -> None:
        if self.detail is not None:
            self.reassign_requested.emit(self.detail)

    def attribution_rows(self) -> list[AttributionInfo]:
        return self.attribution_model.rows()

    def timeline_rows(self) -> list[TimelineEntry]:
        return self.timeline_model.rows()
