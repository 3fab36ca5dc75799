"""A standard's title or body in the language ClinicDesk speaks now (issue 17).

The services return a standard's English `title`/`body`; the window finds its words in
the other languages among the stored standards' translations (as the hub sent them, read
at each sign-in: `remember`), then among the standards shipped with the program. A
published version never changes, so the version with the same id and English text is the
same document. A clinic's own requirement has no translations and reads as written."""

from __future__ import annotations

from clinicdesk.services.federation_store import StandardTexts, StandardWords

_stored: dict[tuple[str, int], StandardWords] = {}


def remember(words: dict[tuple[str, int], StandardWords]) -> None:
    """The stored standards' words for this session (Shell, at sign-in)."""
    _stored.clear()
    _stored.update(words)


def standard_text(standard_id: str, version: int | None, field: str, own: str) -> str:
    """`own` — the English `field` ("title" or "body") of a standard version — in the
    current language when a stored or shipped version has it translated, else `own`."""
    return StandardTexts(_stored).text(standard_id, version, field, own)


def standard_title(standard_id: str, version: int | None, own: str) -> str:
    return standard_text(standard_id, version, "title", own)
