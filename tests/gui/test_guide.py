"""F1 shows a short guide to the area on screen, for every area, in a window that stays
open beside the main one and follows the area when F1 is pressed again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clinicdesk.ui.areas import all_areas
from clinicdesk.ui.guide import guide_text

pytestmark = pytest.mark.gui


def test_every_area_has_a_guide_page() -> None:
    for spec in all_areas():
        text = guide_text(spec.key)
        assert text is not None, spec.key
        assert text.startswith(f"# {spec.title}\n"), spec.key


def test_every_area_has_a_spanish_page_and_other_languages_read_english() -> None:
    for spec in all_areas():
        spanish = guide_text(spec.key, "es") or ""
        assert spanish.startswith("# ") and spanish != guide_text(spec.key, "en"), spec.key
    assert (guide_text("today", "es") or "").startswith("# Hoy\n")
    assert guide_text("today", "en") == guide_text("today")  # English is the window's
    assert guide_text("members", "xx") == guide_text("members", "en")


def test_f1_shows_the_page_of_the_area_on_screen(qtbot, sqlite_db, sqlite_admin, make_window):
    window = make_window(sqlite_db, sqlite_admin)
    window.show_area("revenue")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide_window
    assert guide is not None
    qtbot.waitUntil(guide.isVisible)
    assert guide.area == "revenue"
    assert guide.windowTitle() == "Guide — Revenue"
    assert "Lock" in guide.page.toPlainText() and "Submit" in guide.page.toPlainText()
    assert not guide.isModal()  # the person can keep working

    window.show_area("members")
    assert window.show_guide() is guide  # the same window, now about Members
    assert guide.area == "members"
    assert guide.page.toPlainText().startswith("Members")
