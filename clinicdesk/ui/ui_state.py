"""UI state (window geometry, splitter and table header states) in QSettings, kept apart
from real settings (after MusicBrainz Picard). The file lives in our config directory,
which tests redirect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from clinicdesk import paths

if TYPE_CHECKING:  # types only: their classes cost the first frame a few milliseconds
    from PySide6.QtWidgets import QHeaderView, QSplitter


class UiState:
    def __init__(self, settings: QSettings | None = None) -> None:
        if settings is None:
            settings = QSettings(
                str(paths.config_dir() / "ui-state.ini"), QSettings.Format.IniFormat
            )
        self._settings = settings

    def save_geometry(self, key: str, widget: QWidget) -> None:
        self._settings.setValue(f"geometry/{key}", widget.saveGeometry())

    def restore_geometry(self, key: str, widget: QWidget) -> bool:
        value = self._settings.value(f"geometry/{key}")
        return isinstance(value, QByteArray) and widget.restoreGeometry(value)

    def save_header(self, key: str, header: QHeaderView) -> None:
        self._settings.setValue(f"header/{key}", header.saveState())

    def restore_header(self, key: str, header: QHeaderView) -> bool:
        value = self._settings.value(f"header/{key}")
        return isinstance(value, QByteArray) and header.restoreState(value)

    def persist_splitter(self, key: str, splitter: QSplitter) -> bool:
        """Restore the division the person last dragged `splitter` to (whether there was
        one) and keep each new one: a list and its details stay as they were left."""
        value = self._settings.value(f"splitter/{key}")
        restored = isinstance(value, QByteArray) and splitter.restoreState(value)
        splitter.splitterMoved.connect(
            lambda _pos, _index: self._settings.setValue(f"splitter/{key}", splitter.saveState())
        )
        return restored

    def value(self, key: str, default: object = None) -> object:
        return self._settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
