"""The Training area's dialogs: record a completion (an outside certificate with its
evidence), revoke one, add staff without a login, record that someone left.

Each is a ServiceDialog: OK runs one service call on the worker; a known error is shown
and the dialog stays open with everything typed; on success `saved(result)` fires."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinicdesk.domain.roles import Role
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.services import training
from clinicdesk.services.training import (
    MAX_EVIDENCE_BYTES,
    CellStatus,
    RequirementInfo,
    StaffInfo,
)
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.training.models import (
    cell_tooltip,
    day_text,
    requirement_title,
    role_names,
)

EVIDENCE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")


def to_date(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def status_line(status: CellStatus) -> str:
    """'Missing; overdue since 2026-12-03': the state and its details on one line."""
    first, *rest = cell_tooltip(status).split("\n")
    return "; ".join([first, *(line[:1].lower() + line[1:] for line in rest)])


class _TrainingDialog(ServiceDialog):
    def __init__(
        self, ctx: AppContext, title: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, title, ok_text, parent)
        self.setMinimumWidth(480)  # room for the hints in the empty fields

    def plain_row(self, text: str, name: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if name:
            label.setObjectName(name)
        self.form.addRow(label)
        return label

    def date_edit(
        self, label: str, name: str, value: date | None = None, *, not_after_today: bool = False
    ) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        if not_after_today:
            edit.setMaximumDate(to_qdate(date.today()))
        edit.setDate(to_qdate(value or date.today()))
        self.form.addRow(label, edit)
        self.field_widgets[name] = edit
        return edit

    def text_edit(self, label: str, name: str, *, max_length: int = 200) -> QLineEdit:
        edit = self.line_edit(label, name)
        edit.setMaxLength(max_length)
        self.field_widgets[name] = edit
        return edit


class RecordCompletionDialog(_TrainingDialog):
    """A completion recorded by a manager: training done elsewhere, with the outside
    certificate's provider and code and, optionally, its evidence (PDF or image).
    `saved(CompletionInfo)`."""

    def __init__(
        self,
        ctx: AppContext,
        staff: StaffInfo,
        requirement: RequirementInfo,
        status: CellStatus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Record completion"), self.tr("&Record"), parent)
        self.staff = staff
        self.requirement = requirement
        self.plain_row(
            self.tr("{name} — {training}").format(
                name=staff.name, training=requirement_title(requirement)
            ),
            "who",
        )
        if status is not None:
            self.plain_row(status_line(status), "current")
        self.completed_on = self.date_edit(
            self.tr("&Completed on:"), "completed_on", not_after_today=True
        )
        self.provider = self.text_edit(self.tr("&Provider:"), "provider")
        self.provider.setPlaceholderText(self.tr("who gave the training (optional)"))
        self.external_code = self.text_edit(self.tr("Certificate c&ode:"), "external_code")
        self.external_code.setPlaceholderText(self.tr("the code on their certificate (optional)"))
        self.evidence = QLineEdit(self)
        self.evidence.setObjectName("evidence")
        self.evidence.setAccessibleName(self.tr("Evidence file"))
        self.evidence.setPlaceholderText(self.tr("a PDF or image of the certificate (optional)"))
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.evidence, 1)
        row.addWidget(self.browse)
        evidence_label = QLabel(self.tr("&Evidence:"), self)
        evidence_label.setBuddy(self.evidence)
        self.form.addRow(evidence_label, row)
        self.field_widgets["evidence"] = self.evidence
        self.describe_fields(
            completed_on=self.tr("The day the training was completed"),
            provider=self.tr("Who gave the training (optional)"),
            external_code=self.tr("The code on the certificate (optional)"),
            evidence=self.tr("A PDF or image of the certificate (optional)"),
        )
        self.completed_on.setFocus()

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the certificate"),
            self.evidence.text() or str(Path.home()),
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg)"),
        )
        if path:
            self.evidence.setText(path)

    def _evidence_path(self) -> Path | None:
        text = self.evidence.text().strip()
        if not text:
            return None
        path = Path(text)
        if not path.is_file():
            raise ValidationError(
                self.tr("The evidence file {path} does not exist.").format(path=path),
                field="evidence",
            )
        if not path.name.lower().endswith(EVIDENCE_SUFFIXES):
            raise ValidationError(
                self.tr("The evidence must be a PDF or an image (PNG or JPEG)."),
                field="evidence",
            )
        if path.stat().st_size > MAX_EVIDENCE_BYTES:
            raise ValidationError(
                self.tr("The evidence file is larger than {mb} MB.").format(
                    mb=MAX_EVIDENCE_BYTES // (1024 * 1024)
                ),
                field="evidence",
                hint=self.tr("Scan it at a lower resolution, or save it as a PDF."),
            )
        return path

    def build_call(self) -> ServiceCall:
        actor, staff_id = self.ctx.principal, self.staff.id
        requirement_id = self.requirement.requirement_id
        day = to_date(self.completed_on)
        provider = self.provider.text().strip() or None
        code = self.external_code.text().strip() or None
        evidence_path = self._evidence_path()

        def call(uow):
            evidence = None
            if evidence_path is not None:
                try:
                    evidence = evidence_path.read_bytes()
                except OSError as error:
                    raise StorageError(
                        self.tr("Could not read {path}: {problem}.").format(
                            path=evidence_path, problem=error.strerror or error
                        )
                    ) from error
            return training.record_completion(
                uow,
                actor,
                staff_id,
                requirement_id,
                day,
                provider=provider,
                external_code=code,
                evidence=evidence,
                evidence_name=evidence_path.name if evidence_path else None,
            )

        return call


class RevokeDialog(_TrainingDialog):
    """Revoke the completion that counts, with a reason. `saved(CompletionInfo)` (the
    revocation row)."""

    def __init__(
        self,
        ctx: AppContext,
        staff: StaffInfo,
        requirement: RequirementInfo,
        status: CellStatus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Revoke completion"), self.tr("Re&voke"), parent)
        assert status.completion_id is not None
        self.completion_id = status.completion_id
        self.plain_row(
            self.tr("{name} — {training}").format(
                name=staff.name, training=requirement_title(requirement)
            ),
            "who",
        )
        self.plain_row(status_line(status), "current")
        self.reason = self.text_edit(self.tr("&Reason:"), "reason", max_length=500)
        self.reason.setPlaceholderText(self.tr("why it no longer counts (required)"))
        self.revoked_on = self.date_edit(self.tr("Revoked &from:"), "on", not_after_today=True)
        self.describe_fields(
            reason=self.tr("Why the completion no longer counts"),
            on=self.tr("From which day the completion no longer counts"),
        )
        self.reason.setFocus()

    def build_call(self) -> ServiceCall:
        reason = self.reason.text().strip()
        if not reason:
            raise ValidationError(
                self.tr("Say why the completion is revoked."),
                field="reason",
                hint=self.tr("The reason is kept with the revocation in the audit trail."),
            )
        actor, completion_id, day = self.ctx.principal, self.completion_id, to_date(self.revoked_on)
        return lambda uow: training.revoke_completion(uow, actor, completion_id, reason, on=day)


class AddStaffDialog(_TrainingDialog):
    """Someone on staff without a login (a cleaner, a volunteer). `saved(StaffInfo)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add staff"), self.tr("&Add"), parent)
        self.plain_row(
            self.tr(
                "People with a login are staff already; add here those who have none. "
                "Their job roles decide which training applies."
            )
        )
        self.name = self.text_edit(self.tr("&Name:"), "name")
        self.job_title = self.text_edit(self.tr("Job &title:"), "job_title")
        self.job_title.setPlaceholderText(self.tr("e.g. Cleaner, Volunteer (optional)"))
        self.role_boxes: dict[Role, QCheckBox] = {}
        boxes = QHBoxLayout()
        for role in Role:
            box = QCheckBox(role_names((role,)), self)
            box.setObjectName(f"role_{role.value}")
            self.role_boxes[role] = box
            boxes.addWidget(box)
        self.form.addRow(self.tr("Job roles:"), boxes)
        self.field_widgets["job_roles"] = self.role_boxes[Role.FRONT_DESK]
        self.start_on = self.date_edit(self.tr("&Started on:"), "start_on")
        self.describe_fields(
            name=self.tr("The person's full name"),
            job_title=self.tr("The person's job title, as on certificates"),
            start_on=self.tr("The day the person joined the staff"),
        )
        self.name.setFocus()

    def build_call(self) -> ServiceCall:
        actor, name = self.ctx.principal, self.name.text().strip()
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        title, start = self.job_title.text().strip() or None, to_date(self.start_on)
        return lambda uow: training.add_staff(uow, actor, name, roles, start, job_title=title)


class EndStaffDialog(_TrainingDialog):
    """Record that someone left: from `end_on` no training applies to them.
    `saved(StaffInfo)`."""

    def __init__(self, ctx: AppContext, staff: StaffInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("End staff"), self.tr("&End"), parent)
        self.staff = staff
        self.plain_row(
            self.tr("{name} ({roles}), on staff since {day}").format(
                name=staff.name, roles=role_names(staff.job_roles), day=day_text(staff.start_on)
            ),
            "who",
        )
        self.end_on = self.date_edit(self.tr("&First day no longer on staff:"), "end_on")
        self.describe_fields(
            end_on=self.tr("The first day the person is no longer on the staff"),
        )

    def build_call(self) -> ServiceCall:
        actor, staff_id, day = self.ctx.principal, self.staff.id, to_date(self.end_on)
        return lambda uow: training.end_staff(uow, actor, staff_id, day)
