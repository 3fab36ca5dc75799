"""The course renderer shared by the Federation reader and the course player: a section's
images come from the package; nothing with a scheme (file:, http:) is ever loaded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from clinicdesk.ui.course_reader import PackageBrowser

pytestmark = pytest.mark.gui


def png_bytes() -> bytes:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_images_come_from_the_package_and_nowhere_else(qtbot, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    section = (
        "<h1>Gloves</h1>"
        '<p><img src="../images/glove.png"></p>'
        f'<p><img src="file://{outside}"></p>'
        '<p><img src="http://127.0.0.1:9/tracker.png"></p>'
        '<p><a href="http://127.0.0.1:9/">a link</a></p>'
    )
    files = {"sections/01-gloves.html": section.encode(), "images/glove.png": png_bytes()}
    browser = PackageBrowser()
    qtbot.addWidget(browser)
    browser.show_section(files, "sections/01-gloves.html", section)
    assert browser.toPlainText().startswith("Gloves")
    image = browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("../images/glove.png")
    )
    assert isinstance(image, QImage) and not image.isNull()
    kind = QTextDocument.ResourceType.ImageResource.value
    assert browser.loadResource(kind, QUrl("../images/glove.png")).size().width() == 4
    # Anything else is a blank one-pixel image: never nothing, for then Qt would read
    # the file itself (tests/security/test_markdown_safety.py).
    for outside_url in (
        QUrl.fromLocalFile(str(outside)),
        QUrl("file:///images/glove.png"),
        QUrl("http://127.0.0.1:9/tracker.png"),
        QUrl("//127.0.0.1/images/glove.png"),
    ):
        blank = browser.loadResource(kind, outside_url)
        assert isinstance(blank, QImage) and blank.width() == 1, outside_url
    assert not browser.openLinks() and not browser.openExternalLinks()
