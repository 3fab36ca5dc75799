"""A standard's title or body in the language ClinicDesk speaks now (issue 17).

Interim: the services return a standard's English `title`/`body` without its
`translations`, so the window looks the words up in the standards shipped with the
program — a published version never changes, so the shipped version with the same id,
version and English text is the same document. A standard only the hub sent (or a
clinic's own requirement) reads in English until the services pass `translations` on.
"""

from __future__ import annotations

from clinicdesk.domain.translations import in_language
from clinicdesk.errors import ConfigurationError
from clinicdesk.services.federation_store import shipped_standards


def standard_text(standard_id: str, version: int | None, field: str, own: str) -> str:
    """`own` — the English `field` ("title" or "body") of a standard version — in the
    current language when the shipped standards have it translated, else `own`."""
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
