"""A standard's title or body in the language ClinicDesk speaks now (issue 17).

The services return a standard's English `title`/`body`; the window finds its words in
the other languages among the stored standards' translations (as the hub sent them, read
at each sign-in: `remember`), then among the standards shipped with the program. A
published version never changes, so the version with the same id and English text is the
same document. A clinic's own requirement has no translations and reads as written."""

from __future__ import annotations

from clinicdesk.domain.translations import in_language
from clinicdesk.errors import ConfigurationError
from clinicdesk.services.federation_store import StandardWords, shipped_standards

_stored: dict[tuple[str, int], StandardWords] = {}


def remember(words: dict[tuple[str, int], StandardWords]) -> None:
    """The stored standards' words for this session (Shell, at sign-in)."""
    _stored.clear()
    _stored.update(words)


def standard_text(standard_id: str, version: int | None, field: str, own: str) -> str:
    """`own` — the English `field` ("title" or "body") of a standard version — in the
    current language when a stored or shipped version has it translated, else `own`."""
    for (stored_id, stored_version), words in _stored.items():
        if stored_id != standard_id or (version is not None and stored_version != version):
            continue
        if getattr(words, field) == own:
            return in_language(words, field)
    try:
        shipped = shipped_standards()
    except ConfigurationError:  # no shipped standards beside the program: English
        return own
    for document in shipped:
        if document.id != standard_id or (version is not None and document.version != version):
            continue
        if getattr(document, field, None) == own:
            return in_language(document, field)
    return own


def standard_title(standard_id: str, version: int | None, own: str) -> str:
    return standard_text(standard_id, version, "title", own)
