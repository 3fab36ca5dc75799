"""The window's language: Qt's translators for our strings and Qt's own (dialog buttons,
context menus), the default QLocale, and the catalogue of the layers without Qt
(`clinicdesk.i18n`), switched together.

The language is chosen before a window is built (at start for the sign-in dialog, then
the signed-in person's choice before the main window), so no widget has to translate
itself again while it is open."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clinicdesk import i18n

log = logging.getLogger(__name__)

# The QSettings key (ui-state.ini) of the language the last person chose on this computer,
# so that the next sign-in dialog speaks it too.
LAST_LANGUAGE_KEY = "language/last"

_installed: list[QTranslator] = []
_qt_language = ""  # none installed yet


def install(code: str | None) -> str:
    """Speak `code` (None: the operating system's language) from the next widget built on.
    Returns the language in effect."""
    global _qt_language
    app = QCoreApplication.instance()
    if code is None and not os.environ.get(i18n.LANGUAGE_ENV):
        code = _desktop_language()
    language = i18n.set_language(code)
    if app is None:
        return language
    _qt_language = language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    catalogues = [(f"clinicdesk_{language}", str(i18n.translations_dir()))]
    if language != i18n.SOURCE_LANGUAGE:  # English: only our counts' singular and plural
        qt_own = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        catalogues.insert(0, (f"qtbase_{language}", qt_own))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.info("No %s.qm in %s; those strings stay as the code says them", name, folder)
    QLocale.setDefault(QLocale(language))
    return language


def _desktop_language() -> str | None:
    """The first shipped language in the desktop's list of display languages (Windows and
    macOS keep it outside the environment variables the catalogue reads)."""
    for name in QLocale.system().uiLanguages():
        found = i18n.supported(name)
        if found:
            return found
    return None


def current_qt_language() -> str:
    """The language Qt's translators speak now ("" before the first `install`)."""
    return _qt_language
