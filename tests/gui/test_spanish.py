"""A clinic runs in Spanish: every area, for every role, opens with no English left on
screen, and still fits a 1280×720 screen with Spanish's longer words.

What counts as English left over: any text a person sees (labels, buttons, group and tab
titles, column headings, placeholders, tooltips, window titles, table cells) that still
holds a common English word of the program's own vocabulary. Data (people's names, the
clinic's name) holds none of those words, so a hit is a string that skipped
translation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from clinicdesk import i18n
from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.services import demo
from clinicdesk.ui import language
from tests.gui.test_fits_screen import (
    FRAME_HEIGHT,
    ROLES,
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
    _principal,
    desktop_font,  # noqa: F401
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]

# Words of the program's English that Spanish never uses as words of its own (so "no",
# "a", "son" and the like are not here).
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "your",
        "you",
        "this",
        "with",
        "for",
        "is",
        "are",
        "has",
        "have",
        "from",
        "was",
        "will",
        "be",
        "or",
        "by",
        "an",
        "it",
        "its",
        "not",
        "none",
        "all",
        "new",
        "open",
        "add",
        "show",
        "save",
        "cancel",
        "close",
        "edit",
        "delete",
        "export",
        "print",
        "search",
        "filter",
        "today",
        "patients",
        "patient",
        "members",
        "member",
        "training",
        "revenue",
        "federation",
        "anchors",
        "account",
        "name",
        "date",
        "status",
        "total",
        "due",
        "expired",
        "valid",
        "missing",
        "overdue",
        "paid",
        "draft",
        "locked",
        "submitted",
        "month",
        "year",
        "sign",
        "out",
        "help",
        "refresh",
        "settings",
        "users",
        "user",
        "record",
        "records",
        "week",
        "weeks",
        "day",
        "days",
        "course",
        "courses",
        "staff",
        "policy",
        "policies",
        "invoice",
        "invoices",
        "contract",
        "contracts",
        "period",
        "statement",
    ]
)
# A word stands alone: the "TO" inside a certificate number (…Q5TO5N…) is not one.
_WORD = re.compile(r"\b[A-Za-z]+\b")
# What a machine names, not a sentence: a standard's id (training.hand-hygiene), a path.
_IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:[.-][a-z0-9]+)+\b|\S*[/\\]\S*")


def english_words(text: str) -> set[str]:
    words = _WORD.findall(_IDENTIFIER.sub(" ", text.replace("&", "")))
    return {w for w in words if w.lower() in ENGLISH}


def _texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person reads on `widget`."""
    name = f"{type(widget).__name__}({widget.objectName()})"
    if widget.toolTip():
        yield f"{name} tooltip", widget.toolTip()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield name, widget.text()
    elif isinstance(widget, QGroupBox):
        yield name, widget.title()
    elif isinstance(widget, QLineEdit):
        yield f"{name} placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for row in range(widget.count()):
            yield f"{name} item", widget.itemText(row)
    elif isinstance(widget, QTabBar):
        for tab in range(widget.count()):
            yield f"{name} tab", widget.tabText(tab)
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        # A list model keeps columnCount to itself: it has one column.
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for column in range(columns):
            heading = model.headerData(column, Qt.Orientation.Horizontal)
            if isinstance(heading, str):
                yield f"{name} heading", heading
        for row in range(min(model.rowCount(QModelIndex()), 20)):
            for column in range(columns):
                value = model.data(model.index(row, column, QModelIndex()))
                if isinstance(value, str):
                    yield f"{name} cell", value


def english_left(root: QWidget) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        for where, text in _texts_of(widget):
            hits = english_words(text)
            if hits:
                found.append(f"{where}: {text!r} ({', '.join(sorted(hits))})")
    return found


@pytest.fixture(scope="module")
def spanish_clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo clinic as a Spanish-speaking clinic makes it (its demo words in Spanish)."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('es') / 'demo.sqlite3'}")
    i18n.set_language("es")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=1, patients=40)
    finally:
        i18n.set_language("en")
    yield db
    db.dispose()


@pytest.fixture
def spanish() -> Iterator[None]:
    assert language.install("es") == "es", "the Spanish catalogue is compiled (pip install)"
    yield
    language.install("en")


def test_english_words_are_found_and_spanish_passes() -> None:
    assert english_words("Open the record") == {"Open", "the", "record"}
    assert english_words("Abrir el &registro del paciente") == set()
    assert english_words("TC000002-20260910-I5LVZ7Q5TO5NRM6E") == set()
    assert english_words("3 patient(s)") == {"patient"}


@pytest.mark.parametrize("role", ROLES)
def test_every_area_opens_in_spanish_with_no_english_left(
    qtbot: Any,
    spanish_clinic: Database,
    role: str,
    spanish: None,
    desktop_font: None,  # noqa: F811
    make_window: Callable[..., Any],
    runner: Any,
) -> None:
    db = spanish_clinic
    window = make_window(db, _principal(db, "demo", role))
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT - FRAME_HEIGHT)
    problems: list[str] = [f"window: {text}" for text in english_left(window)]
    for key in window.area_keys():
        window.show_area(key)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
        qtbot.wait(30)
        page = window.area_widget(key)
        assert page is not None and key not in window.area_failures, key
        problems += [f"{key}: {text}" for text in english_left(page)]
        minimum = window.minimumSizeHint()
        if minimum.width() > SCREEN_WIDTH or minimum.height() > SCREEN_HEIGHT - FRAME_HEIGHT:
            problems.append(f"{key}: window needs {minimum.width()}×{minimum.height()}")
    assert not problems, f"{role} in Spanish:\n" + "\n".join(dict.fromkeys(problems))
