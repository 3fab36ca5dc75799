"""Asking where to save, and opening a saved file with the system's viewer. Both are
attributes of the tabs that use them, so tests answer without a native dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from clinicdesk.errors import StorageError

PathChooser = Callable[[str, str], Path | None]  # (title, suggested file name) -> path
FileOpener = Callable[[Path], None]


def save_path_chooser(parent: QWidget) -> PathChooser:
    def choose(title: str, suggested: str) -> Path | None:
        suffix = Path(suggested).suffix.lower()
        filters = {
            ".pdf": QCoreApplication.translate("TrainingFiles", "PDF files (*.pdf)"),
            ".csv": QCoreApplication.translate("TrainingFiles", "Spreadsheet (*.csv)"),
        }
        path, _filter = QFileDialog.getSaveFileName(
            parent, title, str(Path.home() / suggested), filters.get(suffix, "")
        )
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(suffix)

    return choose


def open_with_system(path: Path) -> None:
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        raise StorageError(
            QCoreApplication.translate("TrainingFiles", "No program could open {path}.").format(
                path=path
            ),
            hint=QCoreApplication.translate(
                "TrainingFiles", "Open the file from your file manager."
            ),
        )
