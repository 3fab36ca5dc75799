"""The built-in guide: F1 shows a short page about the area on screen
(`resources/guide/<area>.md`, or its translation in `resources/guide/<language>/`), in a
window beside the main one that can stay open while the person works. The pages are the
program's own text: rendered with no links followed and nothing loaded from anywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from clinicdesk import resources_root
from clinicdesk.ui.language import current_qt_language

GUIDE_FOLDER = resources_root() / "guide"


def guide_text(area: str, language: str | None = None) -> str | None:
    """The Markdown page of an area in `language` (None: the window's), from
    `guide/<language>/<area>.md`, else the English page; None when it has none."""
    language = language or current_qt_language()
    for path in (GUIDE_FOLDER / language / f"{area}.md", GUIDE_FOLDER / f"{area}.md"):
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


class _Page(QTextBrowser):
    def loadResource(self, _type: int, _name: object) -> object:
        return None  # the guide has no images, and loads nothing from anywhere


class GuideWindow(QDialog):
    """One guide window, reused: F1 again shows the page of the area now on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ClinicDesk guide"))
        self.setModal(False)
        self.area: str | None = None
        self.page = _Page(self)
        self.page.setOpenLinks(False)
        self.page.setOpenExternalLinks(False)
        self.page.setAccessibleName(self.tr("Guide"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def show_area(self, area: str, title: str) -> None:
        self.area = area
        text = guide_text(area)
        if text is None:
            text = self.tr("# {title}\n\nThere is no guide page for this area yet.").format(
                title=title
            )
        self.page.setMarkdown(text)
        self.setWindowTitle(self.tr("Guide — {title}").format(title=title))
        self.show()
        self.raise_()
        self.activateWindow()
        self.page.setFocus(Qt.FocusReason.OtherFocusReason)


HELP_SHORTCUT = QKeySequence.StandardKey.HelpContents  # F1 on Windows and Linux
