"""The window's language: Qt's translators for our strings and Qt's own (dialog buttons,
context menus), the default QLocale, and the catalogue of the layers without Qt
(`clinicdesk.i18n`), switched together.

The language is chosen before a window is built (at start for the sign-in dialog, then
the signed-in person's choice before the main window), so no widget has to translate
itself again while it is open."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clinicdesk import i18n

log = logging.getLogger(__name__)

# The QSettings key (ui-state.ini) of the language the last person chose on this computer,
# so that the next sign-in dialog speaks it too.
LAST_LANGUAGE_KEY = "language/last"

_installed: list[QTranslator] = []
_qt_language = i18n.SOURCE_LANGUAGE


def install(code: str | None) -> str:
    """Speak `code` (None: the operating system's language) from the next widget built on.
    Returns the language in effect."""
    global _qt_language
    app = QCoreApplication.instance()
    language = i18n.set_language(code)
    if app is None:
        return language
    _qt_language = language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != i18n.SOURCE_LANGUAGE:
        for name, folder in (
            (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            (f"clinicdesk_{language}", str(i18n.translations_dir())),
        ):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
            else:
                log.info("No %s.qm in %s; those strings stay in English", name, folder)
    QLocale.setDefault(QLocale(language))
    return language


def current_qt_language() -> str:
    """The language Qt's translators speak now."""
    return _qt_language
