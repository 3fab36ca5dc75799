"""Markdown and HTML from the hub (a standard's text, a course section) is shown without
loading anything: no file is opened, no connection made, and links open only after the
person agreed, and only https.

The standard and the course are planted as the hub would send them. Files are watched by a
named pipe that counts every open (tests/security/conftest.py: `tripwire`)."""

from __future__ import annotations

import base64
import gzip
import json
import os
import socket
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QTableView, QToolTip

from clinicdesk.db import outbox
from clinicdesk.federation.schemas import ContributionSubmission, StandardsPage
from clinicdesk.services import federation_store
from clinicdesk.ui.course_reader import PackageBrowser
from clinicdesk.ui.federation.outbox import OutboxTableModel
from clinicdesk.ui.federation.standards import StandardsTab
from clinicdesk.ui.safe_text import SafeTextBrowser
from tests.helpers.gui_context import gui_harness
from tests.integration.hub.bodies import contribution
from tests.security.conftest import Tripwire

pytestmark = pytest.mark.gui

HOSTILE_ID = "care-gap.hostile-markup"


def hostile_markdown(trap: Path, port: int) -> str:
    """Every way a document can name a file or a server as an image."""
    return textwrap.dedent(
        f"""\
        # Read me

        Text before the images.

        ![scheme](file://{trap})
        ![absolute]({trap})
        ![relative](images/{trap.name})
        ![web](http://127.0.0.1:{port}/pixel.png)

        Links: [secure site](https://standards.example.org/hygiene),
        [plain web](http://standards.example.org/hygiene),
        [a local file](file://{trap}), [a script](javascript:alert(1)),
        [disguised https://good.example.org](https://evil.example.net/login).

        Text after the images.

        <p><img src="file://{trap}"> <img src="{trap}" width="40000" height="40000"></p>
        """
    )


def hostile_html(trap: Path, port: int) -> str:
    return (
        f'<h1>Read me</h1><p><img src="file://{trap}"> <img src="{trap}">'
        f' <img src="images/{trap.name}" width="40000" height="40000">'
        f' <img src="http://127.0.0.1:{port}/pixel.png">'
        f'<link rel="stylesheet" href="file://{trap}">'
        f'<p style="background-image: url(file://{trap})">Text after the images.</p>'
    )


@pytest.fixture
def listener() -> socket.socket:
    """A port that would see any connection the renderer made."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def no_connection_came(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def plant_standard(db, body: str, title: str, label: str) -> None:
    """A care-gap standard as the hub would send it, with hostile text in its body, its
    title and a label its rule summary quotes."""
    path = federation_store.default_standards_dir() / "care-gap.diabetes-hba1c-test.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document.update(id=HOSTILE_ID, version=1, title=title, body=body)
    document["rule"]["satisfied_by"][0]["label"] = label
    page = StandardsPage.model_validate(
        {"upserts": [document], "next_cursor": "c-1", "has_more": False}
    )
    with db.uow() as uow:
        federation_store.apply_standards_page(uow, page)
        uow.commit()


def click_text(qtbot, browser: SafeTextBrowser, text: str) -> None:
    """A real mouse click in the middle of `text` in the browser."""
    cursor = browser.document().find(text)
    assert not cursor.isNull(), text
    cursor.setPosition(cursor.selectionStart() + len(text) // 2, QTextCursor.MoveMode.MoveAnchor)
    browser.setTextCursor(cursor)
    point = browser.cursorRect(cursor).center()
    browser.setTextCursor(QTextCursor(browser.document()))
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_standard_from_the_hub_opens_no_file_and_no_connection(
    qtbot, db, admin, tmp_path, tripwire: Tripwire, listener, monkeypatch
):
    # A relative image name would be looked up from the working directory.
    (tripwire.path.parent / "images").mkdir()
    (tripwire.path.parent / "images" / tripwire.path.name).symlink_to(tripwire.path)
    monkeypatch.chdir(tripwire.path.parent)
    port = listener.getsockname()[1]
    image = f'<img src="images/{tripwire.path.name}">'  # titles are short
    plant_standard(
        db,
        hostile_markdown(tripwire.path, port),
        title=f"{image} Hostile markup",
        # (a relative name: a label holds at most 120 characters)
        label=f"![x](images/{tripwire.path.name}) an HbA1c result",
    )
    with gui_harness(db, admin, tmp_path) as harness:
        tab = StandardsTab(harness.ctx)
        qtbot.addWidget(tab)
        tab.resize(1200, 800)
        tab.show()
        tab.refresh()
        qtbot.waitUntil(lambda: tab.model.find(HOSTILE_ID) is not None)
        tab.table.selectRow(tab.proxy.mapFromSource(tab.model.index(0, 0)).row())
        qtbot.waitUntil(lambda: tab.detail is not None)
        harness.wait_idle(qtbot)
        for browser in (tab.body, tab.rule):
            browser.grab()  # paint: images are fetched when laid out and drawn
        tab.detail_tabs.setCurrentWidget(tab.rule)
        tab.rule.grab()

        body = tab.body.toPlainText()
        assert "Text before the images." in body and "Text after the images." in body
        assert "an HbA1c result" in tab.rule.toPlainText()
        # The title is shown as the hub wrote it, not rendered (a rich-text label loads
        # its images itself).
        assert image in tab.heading.text()
        assert tab.heading.textFormat() == Qt.TextFormat.PlainText
        assert tripwire.opened() == 0
        assert no_connection_came(listener)
        assert harness.boxes == []


def test_a_course_section_shows_its_own_images_and_opens_no_file(
    qtbot, tmp_path, tripwire: Tripwire, listener, monkeypatch
):
    (tripwire.path.parent / "images").mkdir()
    (tripwire.path.parent / "images" / tripwire.path.name).symlink_to(tripwire.path)
    monkeypatch.chdir(tripwire.path.parent)
    good = QLabel().grab().toImage()  # any real picture
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    good.save(buffer, "PNG")
    section = hostile_markdown(tripwire.path, listener.getsockname()[1])
    section += "\n![ours](../images/ours.png)\n"
    files = {
        "sections/01.md": section.encode(),
        "images/ours.png": bytes(data.data()),
        # A member named like the file in the working directory, but not a picture:
        # Qt would then try to load that name from the disk.
        f"images/{tripwire.path.name}": b"not an image",
    }
    browser = PackageBrowser()
    qtbot.addWidget(browser)
    browser.resize(800, 600)
    browser.show()
    html = hostile_html(tripwire.path, listener.getsockname()[1])
    files["sections/02.html"] = html.encode()
    browser.show_section(files, "sections/02.html", html)
    browser.grab()
    assert "Text after the images." in browser.toPlainText()
    browser.show_section(files, "sections/01.md", section)
    browser.grab()
    ours = browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("../images/ours.png")
    )
    assert not ours.isNull() and ours.size() == good.size()
    assert "Text after the images." in browser.toPlainText()
    assert tripwire.opened() == 0
    assert no_connection_came(listener)


_RENDER_DEV_ZERO = r"""
import resource, sys
# A guard for this machine: a renderer that reads /dev/zero dies here instead of
# eating the memory.
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from PySide6.QtWidgets import QApplication
from clinicdesk.ui.course_reader import PackageBrowser
from clinicdesk.ui.safe_text import SafeTextBrowser
app = QApplication([])
markdown = (
    "# Zero\n\n![a](file:///dev/zero) ![b](/dev/zero)\n\n"
    "![c](http://127.0.0.1:PORT/x.png)\n\nThe end.\n\n<img src='/dev/zero'>\n"
)
html = (
    "<h1>Zero</h1><img src='file:///dev/zero'><img src='/dev/zero'>"
    "<img src='http://127.0.0.1:PORT/x.png'><p>The end.</p>"
)
for browser in (SafeTextBrowser(), PackageBrowser()):
    browser.resize(600, 400)
    browser.show()
    for name, text in (("s.md", markdown), ("s.html", html)):
        if isinstance(browser, PackageBrowser):
            browser.show_section({}, name, text)
        elif name.endswith(".md"):
            browser.setMarkdown(text)
        else:
            browser.setHtml(text)
        browser.grab()
        app.processEvents()
        assert "The end." in browser.toPlainText(), browser.toPlainText()
print("rendered")
"""


def test_a_dev_zero_or_web_image_neither_crashes_nor_hangs(listener):
    script = _RENDER_DEV_ZERO.replace("PORT", str(listener.getsockname()[1]))
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "rendered"
    assert no_connection_came(listener)


def test_links_ask_first_and_only_https_opens(qtbot, tmp_path):
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(900, 600)
    browser.show()
    qtbot.waitExposed(browser)
    browser.setMarkdown(hostile_markdown(tmp_path / "nothing.png", 9))
    asked: list[str] = []
    told: list[str] = []
    opened: list[QUrl] = []
    answer = [False]

    def ask(_parent, _title, text):
        asked.append(text)
        return answer[0]

    browser.ask = ask
    browser.tell = lambda _parent, _title, text: told.append(text)
    browser.open_external = lambda url: opened.append(url) or True

    # https: asked first; "no" opens nothing, "yes" opens exactly that address.
    click_text(qtbot, browser, "secure site")
    assert len(asked) == 1 and "https://standards.example.org/hygiene" in asked[0]
    assert opened == []
    answer[0] = True
    click_text(qtbot, browser, "secure site")
    assert [u.toString() for u in opened] == ["https://standards.example.org/hygiene"]

    # The question names where the link really goes, not what its text says.
    click_text(qtbot, browser, "disguised")
    assert "evil.example.net" in asked[-1]
    assert opened[-1].host() == "evil.example.net"

    # Anything but https is refused with a message, without asking or opening.
    before_asked, before_opened = len(asked), len(opened)
    for text in ("plain web", "a local file", "a script"):
        click_text(qtbot, browser, text)
    assert len(asked) == before_asked and len(opened) == before_opened
    assert len(told) == 3
    assert all("only secure web links (https://)" in message for message in told)
    assert "http://standards.example.org/hygiene" in told[0]
    # The browser itself never navigates away from the text.
    assert browser.source().isEmpty()
    assert "Text after the images." in browser.toPlainText()


def test_a_tooltip_quoting_the_hub_loads_nothing(qtbot, db, admin, tripwire: Tripwire):
    """The outbox shows the hub's last error as a tooltip; Qt renders a tooltip that looks
    like HTML as rich text, which loads its images."""
    with db.uow() as uow:
        message = federation_store.enqueue(
            uow,
            "contribution",
            "contribution:2026-01",
            ContributionSubmission.model_validate(contribution("2026-01")),
        )
        uow.commit()
    hostile = f'<img src="{tripwire.path}"> the hub said 503'
    with db.uow() as uow:
        outbox.mark_failed(uow, message.id, hostile, datetime.now(UTC) + timedelta(hours=1), 8)
        uow.commit()
    with db.uow(read_only=True) as uow:
        rows = federation_store.list_outbox(uow, admin)
    model = OutboxTableModel()
    model.set_rows(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    tip = model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert "the hub said 503" in tip and "<img" not in tip  # escaped: shown, not rendered
    QToolTip.showText(view.mapToGlobal(view.rect().center()), tip, view)
    qtbot.waitUntil(QToolTip.isVisible)
    QToolTip.hideText()
    assert tripwire.opened() == 0


def svg(body: str, prolog: str = "") -> bytes:
    return (
        f'{prolog}<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="80">'
        f"{body}</svg>"
    ).encode()


def test_a_course_picture_that_names_a_file_is_not_drawn(qtbot, tripwire: Tripwire, monkeypatch):
    """An SVG is a document: Qt's SVG reader opens the files its <image> elements name.
    A package picture may only draw and refer to its own parts."""
    monkeypatch.chdir(tripwire.path.parent)
    trap = tripwire.path
    clean = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
        '</defs><rect id="r" width="120" height="80" fill="url(#g)"/>'
        '<use xlink:href="#r" x="10"/>'
    )
    hostile = {
        "images/plain.svg": svg(f'<image width="9" height="9" xlink:href="{trap}"/>'),
        "images/scheme.svg": svg(f'<image width="9" height="9" href="file://{trap}"/>'),
        "images/relative.svg": svg(f'<image width="9" height="9" href="{trap.name}"/>'),
        "images/zipped.svgz": gzip.compress(svg(f'<image width="9" height="9" href="{trap}"/>')),
        # the name says PNG; Qt goes by the content
        "images/disguised.png": svg(f'<image width="9" height="9" href="{trap}"/>'),
        "images/entity.svg": svg(
            '<rect width="9" height="9" fill="url(&t;)"/>',
            prolog=f'<!DOCTYPE svg [<!ENTITY t "{trap}">]>',
        ),
        "images/nested.svg": svg(
            '<image width="9" height="9" href="data:image/svg+xml;base64,'
            + base64.b64encode(svg(f'<image width="9" height="9" href="{trap}"/>')).decode()
            + '"/>'
        ),
    }
    files = {"images/clean.svg": clean, **hostile}
    section = (
        "# Pictures\n\n" + "\n\n".join(f"![{name}](../{name})" for name in files) + "\n\nThe end.\n"
    )
    files["sections/01.md"] = section.encode()
    browser = PackageBrowser()
    qtbot.addWidget(browser)
    browser.resize(800, 600)
    browser.show()
    browser.show_section(files, "sections/01.md", section)
    browser.grab()
    assert tripwire.opened() == 0
    kind = QTextDocument.ResourceType.ImageResource
    drawn = browser.document().resource(kind, QUrl("../images/clean.svg"))
    assert drawn.width() == 120  # a picture that draws only is shown
    for name in hostile:
        blank = browser.document().resource(kind, QUrl(f"../{name}"))
        assert blank.width() == 1, name
    assert "The end." in browser.toPlainText()
