"""The language ClinicDesk speaks, for the layers without Qt (services, domain, command
line, reports, imports). The window's own strings go through Qt's translators
(`ui/language.py`); both read catalogues compiled from `resources/translations/` when the
program is built (see its README).

`_("…")` translates a message into the current language at the moment it is called, so a
message is made when it is shown, never at import time: a module-level constant that people
read is marked with `N_("…")` and passed through `_()` where it is shown. Placeholders are
named (`_("Row {row}: …").format(row=row)`), so a translation may move them.

Only the standard library here: the sign-in window may ask for the language before anything
else is imported."""

from __future__ import annotations

import contextlib
import gettext
import locale
import logging
import os
from pathlib import Path

from clinicdesk import resources_root

log = logging.getLogger(__name__)

DOMAIN = "clinicdesk"
SOURCE_LANGUAGE = "en"
# The languages ClinicDesk ships, with their own names (what the language list shows).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
# Follow the operating system unless a person or `CLINICDESK_LANGUAGE` says otherwise.
LANGUAGE_ENV = "CLINICDESK_LANGUAGE"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def translations_dir() -> Path:
    return resources_root() / "translations"


def _(message: str) -> str:
    """`message` in the current language (itself when there is no translation)."""
    return _catalogue.gettext(message)


def N_(message: str) -> str:
    """Marks a message for translation without translating it (module-level constants)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (Spanish, like English, has two)."""
    return _catalogue.ngettext(singular, plural, count)


def language() -> str:
    """The language messages are made in now (`en`, `es`)."""
    return _language


def supported(code: str | None) -> str | None:
    """The shipped language a code or locale name means (`es_MX.UTF-8` -> `es`), or None."""
    if not code:
        return None
    base = code.replace("-", "_").split(".")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def system_language() -> str:
    """The language the operating system asks for, when ClinicDesk ships it; else English.
    `CLINICDESK_LANGUAGE` (a setting for a whole workstation or a test) comes first."""
    candidates = [os.environ.get(LANGUAGE_ENV)]
    # POSIX: the usual variables, in gettext's order of precedence.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            candidates.extend(value.split(":"))
    with contextlib.suppress(ValueError):  # an unknown locale name in the environment
        candidates.append(locale.getlocale()[0])
    for candidate in candidates:
        if candidate in ("C", "POSIX"):
            break  # the plain C locale asks for no language in particular
        found = supported(candidate)
        if found:
            return found
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Make messages in `code` from now on (None or an unknown code: the system's
    language). Returns the language in effect. A missing catalogue (a source checkout
    whose translations were never compiled) leaves English, and says so in the log."""
    global _catalogue, _language
    wanted = supported(code) or system_language()
    catalogue: gettext.NullTranslations = gettext.NullTranslations()
    if wanted != SOURCE_LANGUAGE:
        try:
            catalogue = gettext.translation(DOMAIN, translations_dir(), languages=[wanted])
        except OSError:
            log.info(
                "No compiled %s catalogue in %s (python installer/translations.py compile); "
                "messages stay in English",
                wanted,
                translations_dir(),
            )
            wanted = SOURCE_LANGUAGE
    _catalogue, _language = catalogue, wanted
    return wanted
