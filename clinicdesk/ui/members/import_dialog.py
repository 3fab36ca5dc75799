"""Import a legacy member register from the Members area: the file, a Preview that checks
every row and says what would be imported (or lists every refused row) without storing
anything, and Import, which stores the whole register or nothing.

    dialog = RegisterImportDialog(ctx, parent)
    dialog.saved.connect(self._on_register_imported)   # ImportReport, once stored
    dialog.open()

The checks and the writing are the service's (`members.import_csv`), on the database
worker; the command line's `clinicdesk members import` is the same call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QDir
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.i18n.formatting import format_number
from clinicdesk.services import members
from clinicdesk.services.members import ImportReport
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.widgets import set_accessible

FileChooser = Callable[[QWidget], Path | None]


def choose_register_file(parent: QWidget) -> Path | None:
    """Ask which file to import (the default chooser; tests set their own)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("RegisterImportDialog", "Register to import"),
        QDir.homePath(),
        QCoreApplication.translate("RegisterImportDialog", "CSV files (*.csv)"),
    )
    return Path(name) if name else None


class RegisterRefused(ValidationError):
    """The file has rows the checks refuse: nothing was stored. `report` lists them."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            QCoreApplication.translate(
                "RegisterImportDialog", "Nothing was imported. Refused rows: {count}."
            ).format(count=format_number(len(report.errors))),
            field="file",
            hint=QCoreApplication.translate(
                "RegisterImportDialog",
                "The refused rows are listed in the dialog. Correct them in the file and "
                "import it again.",
            ),
        )  # fmt: skip
        self.report = report


def report_text(report: ImportReport) -> str:
    """What a preview or an import found, in words: the counts, or every refused row."""
    translate = QCoreApplication.translate
    if report.errors:
        head = translate(
            "RegisterImportDialog",
            "Nothing can be imported. Refused rows: {count}. Correct them in the file and "
            "preview it again:",
        ).format(count=format_number(len(report.errors)))
        return "\n".join([head, *report.errors])
    if not report.members and not report.entries:
        return translate("RegisterImportDialog", "The file holds no member and no share row.")
    numbers = (
        translate("RegisterImportDialog", " (register numbers {first}–{last})").format(
            first=report.first_register_no, last=report.last_register_no
        )
        if report.first_register_no is not None
        else ""
    )
    counts = translate(
        "RegisterImportDialog", "{members} members and {entries} share rows{numbers}"
    ).format(
        members=format_number(report.members),
        entries=format_number(report.entries),
        numbers=numbers,
    )
    if report.committed:
        return translate("RegisterImportDialog", "Imported {counts}.").format(counts=counts)
    return translate(
        "RegisterImportDialog",
        "Every row is accepted: Import would store {counts}. Nothing is stored yet.",
    ).format(counts=counts)


class RegisterImportDialog(ServiceDialog):
    """The legacy register (members and their share history) into an empty or existing
    register; `saved(ImportReport)` once it is stored. `choose_file` asks for the file
    (tests replace it); `last_report` is what the last preview or import found."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Import a legacy register"), self.tr("&Import"), parent)
        self.setObjectName("register_import_dialog")
        self.resize(720, 480)
        self.choose_file: FileChooser = choose_register_file
        self.last_report: ImportReport | None = None

        intro = QLabel(
            self.tr(
                "A CSV file of member rows and their share history (subscribe, pay, "
                "transfer, redeem), with the columns the README names. Every row is "
                "checked as if entered by hand, in date order. A file with any refused "
                "row is not imported: nothing is stored."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.path = self.line_edit(self.tr("&File:"), "file")
        self.field_widgets["file"] = self.path
        self.choose_button = QPushButton(self.tr("C&hoose…"), self)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        self.form.addRow("", row)
        self.describe_fields(file=self.tr("The legacy register to import (CSV)"))

        self.outcome = QPlainTextEdit(self)
        self.outcome.setObjectName("register_import_outcome")
        self.outcome.setReadOnly(True)
        self.outcome.setPlaceholderText(
            self.tr("Preview checks every row and tells what would be imported.")
        )
        set_accessible(
            self.outcome,
            self.tr("What the file holds"),
            self.tr("The members and ledger entries the file would add, or its refused rows"),
        )
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.outcome, 1)

        self.preview_button = self.buttons.addButton(
            self.tr("&Preview"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.setAccessibleDescription(
            self.tr("Check every row and say what would be imported, storing nothing")
        )
        self.preview_button.clicked.connect(self.preview)
        self.path.setFocus()

    # -- the file --------------------------------------------------------------------

    def _on_choose_button_clicked(self) -> None:
        chosen = self.choose_file(self)
        if chosen is not None:
            self.path.setText(str(chosen))

    def _chosen_path(self) -> Path:
        text = self.path.text().strip()
        if not text:
            raise ValidationError(
                self.tr("Choose the register file."),
                field="file",
                hint=self.tr("Type its path, or choose it with Choose…."),
            )
        return Path(text)

    # -- preview ---------------------------------------------------------------------

    def preview(self) -> None:
        """Check the whole file on the worker and show what it holds; store nothing."""
        if self.busy:
            return
        try:
            path = self._chosen_path()
        except ClinicDeskError as error:
            self._show_error(error)
            return
        actor = self.ctx.principal
        self.outcome.setPlainText(self.tr("Checking every row…"))
        self.run_call(
            lambda uow: members.import_csv(uow, actor, path, commit=False), self._on_previewed
        )

    def _on_previewed(self, report: ImportReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self._show_report(report)

    def _show_report(self, report: ImportReport) -> None:
        self.last_report = report
        self.outcome.setPlainText(report_text(report))

    # -- import ----------------------------------------------------------------------

    def build_call(self) -> ServiceCall:
        path, actor = self._chosen_path(), self.ctx.principal

        def call(uow: UnitOfWork) -> ImportReport:
            report = members.import_csv(uow, actor, path, commit=True)
            if report.errors:
                raise RegisterRefused(report)
            return report

        return call

    def on_failed(self, error: ClinicDeskError) -> None:
        if isinstance(error, RegisterRefused):
            self._show_report(error.report)
        else:
            self.outcome.clear()

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.preview_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
