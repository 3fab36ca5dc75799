"""Register or edit a patient, and reassign a patient to another clinician.

Both are ServiceDialogs: OK runs one service call on the worker and the dialog stays
open with everything typed when it fails. An edit saved over a record someone else
changed meanwhile is refused; the dialog then shows what is stored now next to what was
typed, and a second OK saves the typed values over the newer record on purpose.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import ClinicDeskError, ConflictError, ValidationError
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import attribution, patients
from clinicdesk.services.attribution import ClinicianInfo, PanelSize
from clinicdesk.services.patients import PatientInput, PatientSummary
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.panel.model import SEX_LABELS, STATUS_LABELS, sex_label, status_label
from clinicdesk.ui.widgets import add_date_picker, set_accessible


def _parse_day(text: str, field: str, label: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            QCoreApplication.translate(
                "PatientFormDialog", "{field}: “{text}” is not a date."
            ).format(field=label, text=text),
            field=field,
            hint=QCoreApplication.translate(
                "PatientFormDialog", "Write it as YYYY-MM-DD, e.g. 1968-04-23, or leave it empty."
            ),
        ) from None


class PatientFormDialog(ServiceDialog):
    """Register a new patient (patient=None) or edit one."""

    base_reloaded = Signal(object)  # the stored PatientSummary after a conflict

    def __init__(
        self, ctx: AppContext, patient: PatientSummary | None = None, parent: QWidget | None = None
    ) -> None:
        editing = patient is not None
        super().__init__(
            ctx,
            self.tr("Edit patient") if editing else self.tr("Register patient"),
            self.tr("&Save") if editing else self.tr("&Register"),
            parent,
        )
        self.patient = patient
        # room for the hints in the empty fields ("YYYY-MM-DD, only if deceased") and the
        # longest clinician choice; at Qt's default the form cut them off
        self.setMinimumWidth(480)
        self.conflict_note = QLabel(self)
        self.conflict_note.setWordWrap(True)
        self.conflict_note.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict_note.setAccessibleName(self.tr("Stored record"))
        self.conflict_note.hide()
        self.form.addRow(self.conflict_note)
        self.mrn = self.line_edit(self.tr("&MRN:"), "mrn")
        self.family_name = self.line_edit(self.tr("&Family name:"), "family_name")
        self.given_names = self.line_edit(self.tr("&Given names:"), "given_names")
        self.birth_date = self.line_edit(self.tr("&Birth date:"), "birth_date")
        self.birth_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        add_date_picker(self.birth_date)
        self.sex = self._combo(
            self.tr("Se&x:"),
            "sex",
            [(key, sex_label(key)) for key in SEX_LABELS],
        )
        self.status = self._combo(
            self.tr("S&tatus:"),
            "status",
            [(key, status_label(key)) for key in STATUS_LABELS],
        )
        self.deceased_on = self.line_edit(self.tr("Date of &death:"), "deceased_on")
        self.deceased_on.setPlaceholderText(self.tr("YYYY-MM-DD, only if deceased"))
        add_date_picker(self.deceased_on)
        self.phone = self.line_edit(self.tr("&Phone:"), "phone")
        self.email = self.line_edit(self.tr("&E-mail:"), "email")
        self.address = self.line_edit(self.tr("&Address:"), "address")
        self.describe_fields(
            mrn=self.tr("The patient's medical record number, unique in this clinic"),
            family_name=self.tr("The patient's family name"),
            given_names=self.tr("The patient's given names"),
            birth_date=self.tr("The patient's date of birth (YYYY-MM-DD)"),
            deceased_on=self.tr("Only for a deceased patient: the date of death (YYYY-MM-DD)"),
            phone=self.tr("A telephone number for reminders and outreach"),
            email=self.tr("An e-mail address for reminders and outreach"),
            address=self.tr("The patient's postal address"),
            sex=self.tr("The patient's sex, as recorded for care-gap rules"),
            status=self.tr("Whether the patient is active, inactive, deceased or transferred"),
        )
        # A new patient may go straight onto a clinician's panel (front desk's job).
        self.clinician: QComboBox | None = None
        if patient is None and ctx.principal.can(Permission.ATTRIBUTE_PATIENTS):
            self.clinician = self._combo(
                self.tr("&Clinician:"), "clinician", [("", self.tr("Not yet — by the rule"))]
            )
            self.clinician.setAccessibleDescription(
                self.tr(
                    "Whose panel the new patient joins; left empty, the attribution rule decides"
                )
            )
        self.field_widgets = {
            "mrn": self.mrn,
            "family_name": self.family_name,
            "given_names": self.given_names,
            "birth_date": self.birth_date,
            "sex": self.sex,
            "status": self.status,
            "deceased_on": self.deceased_on,
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
        }
        if self.clinician is not None:
            self.field_widgets["clinician"] = self.clinician
        if patient is None:
            self.sex.setCurrentIndex(self.sex.findData("unknown"))
            self._load_suggestions()
        else:
            self._fill(patient)
        self.mrn.setFocus()

    def _load_suggestions(self) -> None:
        """The next MRN in the clinic's pattern and the clinicians, read off the UI thread;
        an MRN already typed is never replaced."""
        db, actor = self.ctx.db, self.ctx.principal
        with_clinicians = self.clinician is not None

        def work(_progress: Any) -> tuple[str, list[ClinicianInfo]]:
            with db.uow(read_only=True) as uow:
                mrn = patients.suggest_mrn(uow, actor)
                found = attribution.list_clinicians(uow, actor) if with_clinicians else []
            return mrn, found

        self.ctx.runner.run(work, self._on_suggestions_loaded, parent=self)

    def _on_suggestions_loaded(self, result: tuple[str, list[ClinicianInfo]]) -> None:
        if not shiboken6.isValid(self):
            return
        mrn, found = result
        if mrn and not self.mrn.text():
            self.mrn.setText(mrn)
            self.mrn.selectAll()  # typing replaces it
        if self.clinician is not None:
            for info in found:
                self.clinician.addItem(info.display_name, info.id)

    def _combo(self, label: str, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(label.replace("&", "").rstrip(":"))
        for key, text in items:
            combo.addItem(text, key)
        self.form.addRow(label, combo)
        return combo

    def _fill(self, p: PatientSummary) -> None:
        self.mrn.setText(p.mrn)
        self.family_name.setText(p.family_name)
        self.given_names.setText(p.given_names)
        self.birth_date.setText(p.birth_date.isoformat() if p.birth_date else "")
        self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex)))
        self.status.setCurrentIndex(max(0, self.status.findData(p.status)))
        self.deceased_on.setText(p.deceased_on.isoformat() if p.deceased_on else "")
        self.phone.setText(p.phone)
        self.email.setText(p.email)
        self.address.setText(p.address)

    def typed(self) -> PatientInput:
        return PatientInput(
            mrn=self.mrn.text(),
            family_name=self.family_name.text(),
            given_names=self.given_names.text(),
            birth_date=_parse_day(self.birth_date.text(), "birth_date", self.tr("Birth date")),
            sex=str(self.sex.currentData()),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            status=str(self.status.currentData()),
            deceased_on=_parse_day(
                self.deceased_on.text(), "deceased_on", self.tr("Date of death")
            ),
        )

    def build_call(self) -> ServiceCall:
        data = self.typed()
        actor = self.ctx.principal
        if self.patient is None:
            chosen = self.clinician.currentData() if self.clinician is not None else None
            clinician_id = int(chosen) if chosen else None
            return lambda uow: attribution.register_with_clinician(uow, actor, data, clinician_id)
        patient_id, version = self.patient.id, self.patient.version
        return lambda uow: patients.update_patient(
            uow, actor, patient_id, data, expected_version=version
        )

    def on_failed(self, error: ClinicDeskError) -> None:
        if not isinstance(error, ConflictError) or self.patient is None:
            return
        db, actor, patient_id = self.ctx.db, self.ctx.principal, self.patient.id

        def work(_progress: Any) -> PatientSummary:
            with db.uow() as uow:
                return patients.get_patient(uow, actor, patient_id)

        self._set_busy(True)
        task = self.ctx.runner.run(work, self._on_base_reloaded, parent=self)
        task.finished.connect(self._on_task_finished)

    def _on_base_reloaded(self, stored: PatientSummary) -> None:
        if not shiboken6.isValid(self):
            return
        mine = self.patient
        self.patient = stored
        differences = []
        if mine is not None:
            labels = {
                "mrn": self.tr("MRN"),
                "family_name": self.tr("family name"),
                "given_names": self.tr("given names"),
                "birth_date": self.tr("birth date"),
                "sex": self.tr("sex"),
                "status": self.tr("status"),
                "deceased_on": self.tr("date of death"),
                "phone": self.tr("phone"),
                "email": self.tr("e-mail"),
                "address": self.tr("address"),
            }
            for key, label in labels.items():
                old, new = getattr(mine, key), getattr(stored, key)
                if old != new:
                    if isinstance(new, date):
                        shown = format_date(new)
                    elif key == "sex":
                        shown = sex_label(new)
                    elif key == "status":
                        shown = status_label(new)
                    else:
                        shown = new or "—"
                    differences.append(self.tr("{field}: {value}").format(field=label, value=shown))
        changed = "; ".join(differences) or self.tr("no field you can see here")
        self.conflict_note.setText(
            self.tr(
                "Someone else saved this patient while you were editing. Stored now: "
                "{changes}. Your typed values are kept below; press Save again to "
                "replace the stored record with them, or Cancel to keep it."
            ).format(changes=changed)
        )
        self.conflict_note.show()
        self.base_reloaded.emit(stored)


class ReassignDialog(ServiceDialog):
    """Attribute a patient to a clinician by hand, with the reason (required)."""

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        patient_name: str,
        clinicians: list[ClinicianInfo],
        current_clinician_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Reassign patient"), self.tr("&Reassign"), parent)
        self.patient_id = patient_id
        who = QLabel(self.tr("Attribute {name} to:").format(name=patient_name), self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(who)
        self.clinician = QComboBox(self)
        self.clinician.setObjectName("clinician")
        set_accessible(
            self.clinician,
            self.tr("Clinician"),
            self.tr("The clinician whose panel this is about"),
        )
        for c in clinicians:
            self.clinician.addItem(c.display_name, c.id)
        if current_clinician_id is not None:
            # Start on someone else: moving to the same clinician is rarely the point.
            others = [
                i
                for i in range(self.clinician.count())
                if self.clinician.itemData(i) != current_clinician_id
            ]
            if others:
                self.clinician.setCurrentIndex(others[0])
        self.form.addRow(self.tr("&Clinician:"), self.clinician)
        self.reason: QLineEdit = self.line_edit(self.tr("Rea&son:"), "reason")
        self.describe_fields(
            reason=self.tr("Why the patient moves to this clinician (required)"),
        )
        self.reason.setPlaceholderText(self.tr("Why the patient moves (kept in the history)"))
        self.reason.setMaxLength(500)
        self.field_widgets = {"reason": self.reason, "clinician": self.clinician}
        self.reason.textChanged.connect(self._on_reason_text_changed)
        self._on_reason_text_changed(self.reason.text())
        self.reason.setFocus()

    def _on_reason_text_changed(self, text: str) -> None:
        if not self.busy:
            self.ok_button.setEnabled(bool(text.strip()))

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if not busy:
            self.ok_button.setEnabled(bool(self.reason.text().strip()))

    def build_call(self) -> ServiceCall:
        actor = self.ctx.principal
        patient_id = self.patient_id
        clinician_id = self.clinician.currentData()
        reason = self.reason.text()
        if clinician_id is None:
            raise ValidationError(self.tr("Choose a clinician."), field="clinician")
        return lambda uow: attribution.reassign(uow, actor, patient_id, int(clinician_id), reason)


class CapacityDialog(ServiceDialog):
    """How many patients a clinician's panel should hold (0: no capacity set)."""

    def __init__(
        self, ctx: AppContext, sizes: list[PanelSize], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Panel capacity"), self.tr("&Save"), parent)
        self.sizes = sizes
        self.clinician = QComboBox(self)
        self.clinician.setObjectName("clinician")
        set_accessible(
            self.clinician,
            self.tr("Clinician"),
            self.tr("The clinician whose panel this is about"),
        )
        for size in sizes:
            self.clinician.addItem(size.display_name, size.clinician_id)
        self.form.addRow(self.tr("&Clinician:"), self.clinician)
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("capacity")
        set_accessible(
            self.capacity,
            self.tr("Capacity (patients)"),
            self.tr("How many patients the clinician's panel can take"),
        )
        self.capacity.setRange(0, 10_000)
        self.capacity.setSingleStep(50)
        self.capacity.setSpecialValueText(self.tr("not set"))
        self.form.addRow(self.tr("C&apacity (patients):"), self.capacity)
        self.field_widgets = {"capacity": self.capacity, "clinician": self.clinician}
        self.clinician.currentIndexChanged.connect(self._on_clinician_current_index_changed)
        self._on_clinician_current_index_changed(self.clinician.currentIndex())

    def _on_clinician_current_index_changed(self, index: int) -> None:
        if 0 <= index < len(self.sizes):
            self.capacity.setValue(self.sizes[index].capacity or 0)

    def build_call(self) -> ServiceCall:
        actor = self.ctx.principal
        clinician_id = self.clinician.currentData()
        if clinician_id is None:
            raise ValidationError(self.tr("Choose a clinician."), field="clinician")
        capacity = self.capacity.value() or None
        return lambda uow: attribution.set_panel_capacity(uow, actor, int(clinician_id), capacity)
