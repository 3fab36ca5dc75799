"""How person names are folded for searching: the same key is written by every import
and registration and compared by the panel's filter-as-you-type, so "Jose", "José" and
"JOSÉ" find the same patient and a prefix query can use an index."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Casefolded, accents removed, whitespace collapsed."""
    if text.isascii():  # nothing to decompose or strip: casefold is lower for ASCII
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def name_key(family_name: str, given_names: str) -> str:
    """The patient's search key: "family given", folded."""
    return fold(f"{family_name} {given_names}")
