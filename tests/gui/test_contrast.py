"""High contrast: the text and background pairs of both palettes the program ships (light
and dark, ui/theme.py) and the status colours used in tables meet WCAG 2.1 AA — 4.5:1 for
text, 3:1 for large text, graphics and inactive (disabled) text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from clinicdesk.ui import charts, theme
from clinicdesk.ui.training.models import _LOOK, state_role_data

pytestmark = pytest.mark.gui

TEXT, GRAPHICS = 4.5, 3.0
Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def luminance(color: QColor) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def over(color: QColor, background: QColor) -> QColor:
    """A translucent colour as seen over its background."""
    a = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * a + background.redF() * (1 - a),
        color.greenF() * a + background.greenF() * (1 - a),
        color.blueF() * a + background.blueF() * (1 - a),
    )


def contrast(foreground: QColor, background: QColor) -> float:
    lighter, darker = sorted(
        (luminance(over(foreground, background)), luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_matches_wcag():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}
TEXT_PAIRS = [
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
    (Role.PlaceholderText, Role.Base),
    (Role.ToolTipText, Role.ToolTipBase),
]
DISABLED_PAIRS = [
    (Role.Text, Role.Base),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
]


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_the_palette_text_meets_wcag_aa(qapp, scheme):
    palette = PALETTES[scheme]()
    failures = []
    for group, pairs, needed in (
        (Group.Active, TEXT_PAIRS, TEXT),
        (Group.Inactive, TEXT_PAIRS, TEXT),
        (Group.Disabled, DISABLED_PAIRS, GRAPHICS),
    ):
        for text, background in pairs:
            ratio = contrast(palette.color(group, text), palette.color(group, background))
            if ratio < needed:
                failures.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    assert not failures, f"{scheme}: " + "; ".join(failures)


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_the_status_colours_meet_wcag_aa(qapp, scheme):
    palette = PALETTES[scheme]()
    before = QPalette(qapp.palette())
    qapp.setPalette(palette)  # the status colours follow the palette in use
    try:
        failures = _status_failures(palette)
    finally:
        qapp.setPalette(before)
    assert not failures, f"{scheme}: " + "; ".join(failures)


def _status_failures(palette: QPalette) -> list[str]:
    failures = []
    warning = QColor(theme.warning_color(palette))
    for background in (Role.Window, Role.Base):
        ratio = contrast(warning, palette.color(background))
        if ratio < TEXT:
            failures.append(f"warning red on {background.name}: {ratio:.2f}")
    for state in _LOOK:
        foreground = state_role_data(state, Qt.ItemDataRole.ForegroundRole)
        background = state_role_data(state, Qt.ItemDataRole.BackgroundRole)
        if foreground is None or background is None:
            continue
        ratio = contrast(foreground.color(), background.color())
        if ratio < TEXT:
            failures.append(f"training state {state.value}: {ratio:.2f}")
    draft = charts.draft_color()
    ratio = contrast(draft, palette.color(Role.Base))
    if ratio < GRAPHICS:
        failures.append(f"draft bars on the chart: {ratio:.2f}")
    return failures
