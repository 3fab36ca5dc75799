"""The monthly statement: previewed with QtPdf, printed, saved. The PDF is made by the
service on the worker (it is audited as an export) and handed here as bytes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk import paths
from clinicdesk.errors import StorageError
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.revenue.models import month_text


class StatementDialog(QDialog):
    def __init__(
        self, ctx: AppContext, period: str, pdf: bytes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period = period
        self.pdf = pdf
        self.setWindowTitle(self.tr("Statement for {period}").format(period=month_text(period)))
        self.resize(760, 900)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Statement preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.save_button = QPushButton(self.tr("&Save…"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_statement)
        self.save_button.clicked.connect(self.ask_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def ask_save(self) -> None:
        default = str(Path.home() / f"revenue-statement-{self.period}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the statement"), default, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        try:
            paths.create_private_file(path)  # readable by this account only
            path.write_bytes(self.pdf)
        except OSError as error:
            self.ctx.messages.error(
                StorageError(
                    self.tr("Could not save {path}: {error}").format(
                        path=path, error=error.strerror or error
                    )
                ),
                self,
            )
            return
        self.ctx.messages.status(self.tr("Statement saved to {path}").format(path=path))

    def print_statement(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page rendered at the printer's resolution, one per sheet."""
        painter = QPainter()
        if not painter.begin(printer):
            self.ctx.messages.error(
                StorageError(self.tr("The printer could not be started.")), self
            )
            return
        try:
            target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                size = self.document.pagePointSize(page).toSize()
                size.scale(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                image = self.document.render(page, QSize(size.width(), size.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
