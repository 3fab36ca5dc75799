"""Import patients from FHIR files: pick files or folders, preview what would change (a
dry run), import with progress and Cancel, and read the report.

    dialog = ImportDialog(ctx, parent)
    dialog.imported.connect(self._on_import_imported)   # ImportReport, after a real import
    dialog.open()

The work runs on the runner's database worker (never the UI thread); a cancelled import
keeps the files finished before Cancel and rolls back the one in progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.i18n.formatting import format_number
from clinicdesk.services import patient_import
from clinicdesk.services.patient_import import ImportReport
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.tasks import Task


class _Relay(QObject):
    """Carries progress from the worker to the dialog (a queued signal; the worker
    never touches a widget)."""

    progressed = Signal(int, int, str)


class ImportDialog(QDialog):
    previewed = Signal(object)  # ImportReport of the dry run
    imported = Signal(object)  # ImportReport of the real import (also when cancelled)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Import patients"))
        self.setObjectName("patient_import_dialog")
        self.resize(720, 560)
        self.paths: list[Path] = []
        self.last_report: ImportReport | None = None
        self._task: Task | None = None
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_relay_progressed)
        # Overridable for tests (no native file dialogs there).
        self.choose_files: Callable[[], list[Path]] = self._ask_files
        self.choose_folder: Callable[[], Path | None] = self._ask_folder

        intro = QLabel(
            self.tr(
                "Choose FHIR R4 files (Bundles, single resources or Bulk Data NDJSON) or "
                "folders holding them. Preview shows what would change without writing "
                "anything; Import writes each file whole or not at all."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.path_list = QListWidget(self)
        self.path_list.setObjectName("import_paths")
        self.path_list.setAccessibleName(self.tr("Files and folders to import"))
        self.add_files_button = QPushButton(self.tr("Add &files…"), self)
        self.add_folder_button = QPushButton(self.tr("Add f&older…"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.preview_button = QPushButton(self.tr("&Preview"), self)
        self.import_button = QPushButton(self.tr("&Import"), self)
        self.cancel_button = QPushButton(self.tr("Cancel import"), self)
        self.cancel_button.setObjectName("cancel_import")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.progress_label = QLabel("", self)
        self.report_view = QPlainTextEdit(self)
        self.report_view.setObjectName("import_report")
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName(self.tr("Import report"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)

        pick = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            pick.addWidget(button)
        pick.addStretch(1)
        run = QHBoxLayout()
        for button in (self.preview_button, self.import_button, self.cancel_button):
            run.addWidget(button)
        run.addWidget(self.progress_bar, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.path_list, 1)
        layout.addLayout(pick)
        layout.addLayout(run)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.report_view, 2)
        layout.addWidget(close)

        self.add_files_button.clicked.connect(self._on_add_files_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_import)
        close.rejected.connect(self.reject)
        self._update_buttons()

    # -- choosing ---------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
                self.path_list.addItem(str(path))
        self._update_buttons()

    def _ask_files(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("FHIR files to import"),
            str(Path.home()),
            self.tr("FHIR JSON and NDJSON (*.json *.ndjson *.jsonl);;All files (*)"),
        )
        return [Path(n) for n in names]

    def _ask_folder(self) -> Path | None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Folder to import"), str(Path.home()))
        return Path(name) if name else None

    def _on_add_files_clicked(self) -> None:
        self.add_paths(self.choose_files())

    def _on_add_folder_clicked(self) -> None:
        folder = self.choose_folder()
        if folder is not None:
            self.add_paths([folder])

    def _on_remove_clicked(self) -> None:
        for item in self.path_list.selectedItems():
            self.paths.remove(Path(item.text()))
            self.path_list.takeItem(self.path_list.row(item))
        self._update_buttons()

    # -- running ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def preview(self) -> None:
        self._run(dry_run=True)

    def start_import(self) -> None:
        self._run(dry_run=False)

    def cancel_import(self) -> None:
        if self._task is not None:
            self.progress_label.setText(self.tr("Cancelling after the current batch…"))
            self._task.cancel()

    def _run(self, *, dry_run: bool) -> None:
        if self._task is not None or not self.paths:
            return
        db, actor, paths, relay = self.ctx.db, self.ctx.principal, list(self.paths), self._relay

        def work(progress: Any) -> ImportReport:
            def report(done: int, total: int, text: str) -> None:
                shown = Path(text).name if text else ""
                progress.report(done, total, shown)
                relay.progressed.emit(done, total, shown)

            return patient_import.import_fhir(
                db,
                actor,
                paths,
                dry_run=dry_run,
                progress=report,
                cancelled=lambda: progress.cancelled,
            )

        self.report_view.clear()
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Previewing…") if dry_run else self.tr("Importing…"))
        self._task = self.ctx.runner.run(
            work,
            self._on_previewed if dry_run else self._on_imported,
            failure=self._on_failed,
            parent=self,
            cancellable=not dry_run,
        )
        self._task.finished.connect(self._on_task_finished)
        self._update_buttons()

    def _on_relay_progressed(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, total))
        if text:
            self.progress_label.setText(
                self.tr("File {done} of {total}: {name}").format(
                    done=done + 1, total=total, name=text
                )
            )

    def _on_previewed(self, report: ImportReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._show_report(report)
        self.previewed.emit(report)

    def _on_imported(self, report: ImportReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._show_report(report)
        self.ctx.messages.status(report.summary())
        self.imported.emit(report)

    def _on_failed(self, error: Any) -> None:
        self.ctx.messages.error(error, self if shiboken6.isValid(self) else None)

    def _on_task_finished(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._task = None
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1 if self.last_report else 0)
        self._update_buttons()

    def _show_report(self, report: ImportReport) -> None:
        self.last_report = report
        self.progress_label.setText(report.summary())
        self.report_view.setPlainText(report_text(report))

    def _update_buttons(self) -> None:
        idle = self._task is None
        allowed = self.ctx.principal.can(Permission.IMPORT_PATIENTS)
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            button.setEnabled(idle)
        self.preview_button.setEnabled(idle and allowed and bool(self.paths))
        self.import_button.setEnabled(idle and allowed and bool(self.paths))
        self.cancel_button.setEnabled(not idle)
        self.close_button.setEnabled(idle)

    def reject(self) -> None:
        if self._task is None:  # a running import finishes or is cancelled first
            super().reject()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self._task is not None:
            self.cancel_import()
            return
        super().keyPressEvent(event)


def _count(count: int) -> str:
    """A count right-aligned in a column of the plain-text report."""
    return format_number(count).rjust(6)


def report_text(report: ImportReport) -> str:
    """The report as a person reads it: counts, then skips, caveats and problems."""
    lines = [report.summary(), ""]
    if report.errors:
        lines.append(QCoreApplication.translate("ImportDialog", "Files not imported:"))
        lines += [f"  {Path(e.file).name}: {e.message}" for e in report.errors]
        lines.append("")
    if report.skipped:
        lines.append(QCoreApplication.translate("ImportDialog", "Skipped:"))
        lines += [
            f"  {_count(count)}  {reason}" for reason, count in sorted(report.skipped.items())
        ]
        lines.append("")
    if report.notes:
        lines.append(QCoreApplication.translate("ImportDialog", "Imported with a note:"))
        lines += [f"  {_count(count)}  {note}" for note, count in sorted(report.notes.items())]
        lines.append("")
    if report.problems:
        lines.append(QCoreApplication.translate("ImportDialog", "Patient problems:"))
        lines += [f"  {Path(p.file).name}: {p.message}" for p in report.problems]
    return "\n".join(lines).rstrip() + "\n"
