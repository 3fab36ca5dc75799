"""The look: light or dark following the desktop, icons that follow the palette, and the
area list drawn as a sidebar.

- Scheme: `CLINICDESK_COLOR_SCHEME=dark|light` forces one (screenshots, tests, a desktop
  that does not say); otherwise Qt's `styleHints().colorScheme()` and its
  `colorSchemeChanged` signal. Windows, macOS and GNOME/KDE repaint native palettes by
  themselves; where the platform gives no dark palette (plain X11, the offscreen
  platform) the Fusion style gets one of ours.
- Icons: Material Design Icons from QtAwesome (a font, so crisp at every scale factor),
  drawn at paint time in the palette's text colour: a change of scheme needs no reload.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

SCHEME_ENV = "CLINICDESK_COLOR_SCHEME"
# Warnings (overdue months, inline errors): a red with at least 4.5:1 contrast (WCAG AA)
# on the window and base colours of each scheme; one red cannot do both.
WARNING_LIGHT = "#c62828"
WARNING_DARK = "#ff6b6b"

# What an action or area is, by the name its area gives it, to a Material Design icon.
ICONS: dict[str, str] = {
    # areas
    "today": "mdi6.home-outline",
    "account": "mdi6.account-circle-outline",
    "panel": "mdi6.account-group-outline",
    "members": "mdi6.card-account-details-outline",
    "training": "mdi6.school-outline",
    "anchors": "mdi6.office-building-outline",
    "revenue": "mdi6.cash-multiple",
    "federation": "mdi6.earth",
    "admin": "mdi6.shield-account-outline",
    # actions
    "refresh": "mdi6.refresh",
    "edit": "mdi6.pencil-outline",
    "import": "mdi6.file-import-outline",
    "lock": "mdi6.lock-outline",
    "submit": "mdi6.send-outline",
    "amend": "mdi6.file-document-edit-outline",
    "statement": "mdi6.file-pdf-box",
    "add": "mdi6.plus",
    "reset": "mdi6.key-variant",
    "roles": "mdi6.account-key-outline",
    "toggle": "mdi6.account-cancel-outline",
    "verify": "mdi6.check-decagram-outline",
    "export": "mdi6.file-export-outline",
    "record": "mdi6.playlist-check",
    "end": "mdi6.calendar-remove-outline",
    "revoke": "mdi6.certificate-outline",
    "csv": "mdi6.file-delimited-outline",
    "pdf": "mdi6.file-pdf-box",
    "take": "mdi6.play-circle-outline",
    "certificate": "mdi6.certificate-outline",
    "transcript": "mdi6.history",
    "open": "mdi6.book-open-page-variant-outline",
    "retry": "mdi6.send-clock-outline",
    "discard": "mdi6.delete-outline",
    "capacity": "mdi6.account-multiple-check-outline",
    "register": "mdi6.account-plus-outline",
    "reassign": "mdi6.account-switch-outline",
    "outreach": "mdi6.phone-outgoing-outline",
    "evaluate": "mdi6.calculator-variant-outline",
    "enrol": "mdi6.account-plus-outline",
    "approve": "mdi6.account-check-outline",
    "subscribe": "mdi6.cash-plus",
    "pay": "mdi6.cash-check",
    "transfer": "mdi6.swap-horizontal",
    "redeem": "mdi6.cash-refund",
    "leave": "mdi6.exit-run",
    "dividend": "mdi6.gift-outline",
    "print": "mdi6.printer-outline",
    "sync": "mdi6.sync",
    "connect": "mdi6.link-variant",
    "save": "mdi6.content-save-outline",
    "sign_out": "mdi6.logout",
    "about": "mdi6.information-outline",
    "guide": "mdi6.help-circle-outline",
    "calendar": "mdi6.calendar-month-outline",
}


@lru_cache(maxsize=512)
def _qta_icon(glyph: str, rgba: int) -> QIcon:
    os.environ.setdefault("QT_API", "pyside6")  # QtAwesome speaks Qt through QtPy
    import qtawesome

    return qtawesome.icon(glyph, color=QColor.fromRgba(rgba))


class _PaletteIconEngine(QIconEngine):
    """Draws the glyph in the application palette's current text colour (highlighted
    text when selected, the disabled colour when disabled)."""

    def __init__(self, glyph: str) -> None:
        super().__init__()
        self.glyph = glyph

    def _color(self, mode: QIcon.Mode) -> QColor:
        palette = QApplication.palette()
        if mode == QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        if mode == QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        return palette.color(QPalette.ColorRole.ButtonText)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State):
        _qta_icon(self.glyph, self._color(mode).rgba()).paint(
            painter, rect, Qt.AlignmentFlag.AlignCenter, QIcon.Mode.Normal, state
        )

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float):
        # Drawn at device pixels: crisp at 125 %, 150 %, 200 %.
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        pixmap.setDevicePixelRatio(scale)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    # No clone(): Qt calls it only when an icon is modified (addPixmap …), which these
    # never are, and a Python object returned to C++ from a virtual would be freed by
    # Python while Qt still holds it (QtAwesome's own engine leaves it out the same way).


# QtAwesome and the Qt wrapper it speaks through (QtPy), in import order. Each of QtPy's
# modules takes every class of a Qt module (tens of milliseconds), so the start-up imports
# them one per turn of the event loop while the person types (ui/launch.py).
ICON_LIBRARY = ("qtpy", "qtpy.QtCore", "qtpy.QtGui", "qtpy.QtWidgets", "qtawesome")


def import_icon_library(name: str) -> None:
    os.environ.setdefault("QT_API", "pyside6")  # QtAwesome speaks Qt through QtPy
    importlib.import_module(name)


def preload_icons() -> None:
    """Load QtAwesome's icon font now rather than at the first icon's paint: the start-up
    does it in an idle moment while the person types (ui/launch.py)."""
    color = QApplication.palette().color(QPalette.ColorRole.ButtonText)
    _qta_icon(ICONS["today"], color.rgba())


def icon(name: str) -> QIcon:
    """The icon for an area or action name (an empty icon for a name without one)."""
    glyph = ICONS.get(name)
    return QIcon(_PaletteIconEngine(glyph)) if glyph else QIcon()


# --- light and dark -------------------------------------------------------------------


def forced_scheme() -> Qt.ColorScheme | None:
    value = os.environ.get(SCHEME_ENV, "").strip().lower()
    if value == "dark":
        return Qt.ColorScheme.Dark
    if value == "light":
        return Qt.ColorScheme.Light
    return None


def warning_color(palette: QPalette | None = None) -> str:
    """The warning red for the palette in use (the application's by default)."""
    dark = is_dark(palette if palette is not None else QGuiApplication.palette())
    return WARNING_DARK if dark else WARNING_LIGHT


def light_palette() -> QPalette:
    """Fusion's light palette, with the colours that fall short of WCAG AA fixed:
    selected text, visited links, and disabled text (3:1, readable though inactive)."""
    style = QStyleFactory.create("Fusion")
    palette = QPalette(style.standardPalette()) if style is not None else QPalette()
    roles = QPalette.ColorRole
    palette.setColor(roles.Highlight, QColor(0x1F, 0x65, 0xA8))
    palette.setColor(roles.HighlightedText, QColor(0xFF, 0xFF, 0xFF))
    palette.setColor(roles.Link, QColor(0x00, 0x55, 0xCC))
    palette.setColor(roles.LinkVisited, QColor(0x7B, 0x1F, 0xA2))
    palette.setColor(roles.PlaceholderText, QColor(0x6E, 0x6E, 0x6E))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(0x7A, 0x7A, 0x7A))
    return palette


def dark_palette() -> QPalette:
    window, base = QColor(0x2B, 0x2D, 0x31), QColor(0x1E, 0x1F, 0x22)
    text = QColor(0xE6, 0xE6, 0xE6)
    disabled = QColor(0x8C, 0x8C, 0x8C)
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, QColor(0x26, 0x28, 0x2C)),
        (roles.ToolTipBase, QColor(0x3A, 0x3D, 0x42)),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, QColor(0x9A, 0x9A, 0x9A)),
        (roles.Text, text),
        (roles.Button, QColor(0x35, 0x37, 0x3C)),
        (roles.ButtonText, text),
        (roles.BrightText, QColor(0xFF, 0x6B, 0x6B)),
        (roles.Light, QColor(0x45, 0x48, 0x4E)),
        (roles.Midlight, QColor(0x3A, 0x3D, 0x42)),
        (roles.Mid, QColor(0x25, 0x26, 0x29)),
        (roles.Dark, QColor(0x18, 0x19, 0x1B)),
        (roles.Shadow, QColor(0x0A, 0x0A, 0x0A)),
        (roles.Highlight, QColor(0x2F, 0x6C, 0xC0)),
        (roles.HighlightedText, QColor(0xFF, 0xFF, 0xFF)),
        (roles.Link, QColor(0x6E, 0xB1, 0xFF)),
        (roles.LinkVisited, QColor(0xB3, 0x9D, 0xF5)),
    ):
        palette.setColor(role, color)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Highlight, QColor(0x4A, 0x4D, 0x52))
    return palette


class ThemeController(QObject):
    """Applies the scheme at start and again whenever the desktop's changes (unless one
    is forced). The platform's own palette and style are kept and used whenever they
    already match the scheme wanted."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("clinicdesk_theme")
        self.app = app
        self.scheme = Qt.ColorScheme.Unknown
        self._platform_style = app.style().name()
        self._platform_palette = QPalette(app.palette())
        self._overridden = False
        app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)
        self.apply()

    def wanted(self) -> Qt.ColorScheme:
        forced = forced_scheme()
        if forced is not None:
            return forced
        return self.app.styleHints().colorScheme()

    def apply(self) -> None:
        forced = forced_scheme()
        hints = self.app.styleHints()
        if forced is not None and hasattr(hints, "setColorScheme"):
            # Qt 6.8+: lets Windows and macOS draw their own dark or light widgets.
            hints.setColorScheme(forced)
        if not self._overridden:
            self._platform_palette = QPalette(self.app.palette())
        self.scheme = self.wanted()
        platform_dark = is_dark(self._platform_palette)
        want_dark = self.scheme == Qt.ColorScheme.Dark
        if want_dark == platform_dark:
            if self._overridden:
                self.app.setStyle(self._platform_style)
                self.app.setPalette(self._platform_palette)
                self._overridden = False
            return
        self._overridden = True
        if self.app.style().name().lower() != "fusion":
            style = QStyleFactory.create("Fusion")
            if style is not None:
                self.app.setStyle(style)
        self.app.setPalette(dark_palette() if want_dark else light_palette())

    def is_dark(self) -> bool:
        return is_dark(self.app.palette())

    def _on_style_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if forced_scheme() is None:
            self.apply()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def install(app: QApplication) -> ThemeController:
    existing = app.findChild(ThemeController)
    if isinstance(existing, ThemeController):
        existing.apply()
        return existing
    return ThemeController(app)


SIDEBAR_QSS = """
QListWidget#navigation {
    background: palette(window);
    border: none;
    border-right: 1px solid palette(mid);
    padding: 8px 6px;
    outline: 0;
    font-size: 11pt;
}
QListWidget#navigation::item {
    padding: 7px 10px;
    margin: 1px 0px;
    border-radius: 6px;
    color: palette(window-text);
}
QListWidget#navigation::item:hover:!selected {
    background: palette(midlight);
}
QListWidget#navigation::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
"""


def style_sidebar(widget: QWidget) -> None:
    """The area list as a sidebar: no frame, roomy rows, the current area highlighted.
    palette() references keep it right in light and dark."""
    widget.setStyleSheet(SIDEBAR_QSS)
