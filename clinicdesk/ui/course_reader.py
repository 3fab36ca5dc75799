"""Rendering a course package offline, shared by the Federation area's course reader and
the Training area's course player: Qt's own rich text (no browser engine), each section
shown from the package, its images served from the package and nothing else — no
network, no file on disk."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

from clinicdesk.ui.safe_text import SafeTextBrowser, image_or_blank

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")


class PackageBrowser(SafeTextBrowser):
    """Shows one section; its images come from the package, never from disk or network.
    Links open only as SafeTextBrowser allows (https, after asking)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files: Mapping[str, bytes] = {}
        self.section = ""

    def _member(self, url: QUrl) -> str | None:
        """The package member a relative reference names; None for anything with a
        scheme (http:, file:, data:…) or outside the package."""
        if url.scheme() or url.host():
            return None
        path = url.path()
        base = posixpath.dirname(self.section)
        for candidate in (posixpath.normpath(posixpath.join(base, path)), path.lstrip("/")):
            if candidate in self.files:
                return candidate
        return None

    def show_section(self, files: Mapping[str, bytes], name: str, text: str) -> None:
        """Show the section `name` (Markdown, or HTML for .html) of a package whose
        members are `files`."""
        self.files = files
        self.section = name
        document = self.document()
        base = posixpath.dirname(name)
        # Register every image of the package under the names a section may use for it.
        for member, data in files.items():
            if not member.lower().endswith(_IMAGE_SUFFIXES):
                continue
            # Undecodable bytes become a blank image: never a null one, which Qt would
            # then look for on disk under the image's name.
            resource = image_or_blank(data)
            names = {member, posixpath.relpath(member, base) if base else member}
            for alias in names:
                document.addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(alias), resource
                )
        if name.lower().endswith(".html"):
            self.setHtml(text)
        else:
            self.setMarkdown(text)

    def resource_bytes(self, kind: int, url: QUrl) -> bytes | None:
        member = self._member(url)
        return None if member is None else self.files[member]
