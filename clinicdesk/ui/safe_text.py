"""Rich text that came from outside (the hub's standards, course packages), shown without
loading anything: no file on disk, no network, no second document.

Qt reads a resource (an image, a style sheet) itself when the widget's `loadResource`
answers with nothing: `QTextDocument` falls back to opening the file the URL names,
`QTextBrowser` to its search paths, and the image handler, given no usable image, loads
the image's name as a file path. A Markdown image `![](file:///dev/zero)` in a standard
would then read forever and take the window down. `SafeTextBrowser.loadResource` always
answers with something usable: an image decoded from bytes the subclass holds in memory
(`resource_bytes`) or a blank placeholder image; other resources as those bytes or empty.

Links are not followed inside the browser. A click on an `https:` link asks first (the
box names the real address, not the link's text) and then hands it to the web browser;
any other kind of link is refused with a message that says why.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

AskBox = Callable[[QWidget | None, str, str], bool]  # parent, title, text -> yes?
TellBox = Callable[[QWidget | None, str, str], None]


def _ask(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    box.setTextFormat(Qt.TextFormat.PlainText)  # the address is shown, never rendered
    box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Open


def _tell(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip shown as written. Qt renders a tooltip as rich text when it looks like
    HTML (a tag on its first line), and a rich-text tooltip loads its images itself: a
    hub's error text or a standard's title `<img src=…>` would be read from disk when the
    mouse rests on it. Text with a `<` is escaped inside a paragraph that keeps its lines."""
    if text is None or "<" not in text:
        return text
    return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"


# An SVG is a document: its <image> elements, external hrefs and entities make Qt's SVG
# reader open files (a package picture `<image href="/dev/zero"/>` hangs the window).
# Pictures in a course may draw, and refer only to their own parts (`#id`).
_SVG_FORMATS = (b"svg", b"svgz")
_MAX_SVG_BYTES = 5_000_000
_SVG_REFERENCE = re.compile(
    r"""(?:[\w.-]+:)?href\s*=\s*(["'])(.*?)\1|url\(\s*(["']?)(.*?)\3\s*\)""",
    re.IGNORECASE | re.DOTALL,
)
_SVG_FORBIDDEN = re.compile(r"<\s*(?:[\w.-]+:)?image\b|<!ENTITY|@import", re.IGNORECASE)


def image_format(data: bytes) -> bytes:
    """The format Qt's image reader would take `data` for (b"png", b"svg", …; b"" for
    none), by its content, as QImage.fromData decides."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return bytes(QImageReader(buffer).format().data()).lower()


def svg_is_self_contained(data: bytes) -> bool:
    """True for an SVG (or gzipped SVGZ) that can name nothing outside itself: UTF-8, no
    <image>, no entities, no @import, every href and url() pointing inside (#id)."""
    if data[:2] == b"\x1f\x8b":
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = unzip.decompress(data, _MAX_SVG_BYTES)
        except zlib.error:
            return False
        if unzip.unconsumed_tail:
            return False  # larger than any course picture: a bomb, not a picture
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if _SVG_FORBIDDEN.search(text):
        return False
    for found in _SVG_REFERENCE.finditer(text):
        target = (found.group(2) if found.group(1) else found.group(4)) or ""
        if not target.strip().startswith("#"):
            return False
    return True


def blank_image() -> QImage:
    """What an image that cannot be shown becomes: one transparent pixel. It must be a
    real image: for a null one Qt tries to load the image's name from disk."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    return image


def image_or_blank(data: bytes | None) -> QImage:
    """The picture `data` holds, or a blank one: for no bytes, bytes that are no picture,
    or an SVG that refers to anything outside itself."""
    if not data:
        return blank_image()
    if image_format(data) in _SVG_FORMATS and not svg_is_self_contained(data):
        return blank_image()
    image = QImage.fromData(QByteArray(data))
    return image if not image.isNull() else blank_image()


class SafeTextBrowser(QTextBrowser):
    """A read-only rich-text view that loads nothing and opens links only when asked.

    Tests replace `ask`, `tell` and `open_external` to answer the boxes and to see what
    would have been opened."""

    link_opened = Signal(str)
    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.ask: AskBox = _ask
        self.tell: TellBox = _tell
        self.open_external: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.anchorClicked.connect(self._on_anchor_clicked)

    def resource_bytes(self, kind: int, url: QUrl) -> bytes | None:
        """The bytes of a resource held in memory; None for everything else."""
        return None

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = name if isinstance(name, QUrl) else QUrl(name)
        data = self.resource_bytes(int(kind), url)
        # Never None, never a null image: either makes Qt open the file the URL names.
        if int(kind) == QTextDocument.ResourceType.ImageResource.value:
            return image_or_blank(data)
        return QByteArray(data if data is not None else b"")

    # --- links ---------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.isRelative() and not url.path() and url.hasFragment():
            self.scrollToAnchor(url.fragment())  # a link within the page
            return
        address = url.toDisplayString()
        if url.scheme().lower() != "https" or not url.host():
            self.link_refused.emit(address)
            self.tell(
                self,
                QCoreApplication.translate("SafeTextBrowser", "Link not opened"),
                QCoreApplication.translate(
                    "SafeTextBrowser",
                    "ClinicDesk opens only secure web links (https://). This link was "
                    "not opened:\n\n{address}\n\nIf you trust it, copy the address into "
                    "your web browser yourself.",
                ).replace(
                    "{address}", address or QCoreApplication.translate("SafeTextBrowser", "(empty)")
                ),
            )
            return
        question = QCoreApplication.translate(
            "SafeTextBrowser",
            "Open this address in your web browser?\n\n{address}\n\n"
            "It leaves ClinicDesk and goes to {host}.",
        )
        if not self.ask(
            self,
            QCoreApplication.translate("SafeTextBrowser", "Open a web link?"),
            question.replace("{address}", address).replace("{host}", url.host()),
        ):
            return
        self.link_opened.emit(address)
        self.open_external(url)
