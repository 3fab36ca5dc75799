"""A published document's words in other languages (issue 17).

The federation writes its standards and courses in English; a document may also carry
`translations`: `{"es": {"title": "…", "body": "…"}}` for a standard,
`{"es": {"title": "…", "summary": "…"}}` for a course. Only the words people read are
translated — the rule, codes, dates and numbers are the document's own. A missing
language or field reads in English (`in_language`).

The field is optional and left out of a document's JSON when empty, so a document without
translations is byte for byte what it was before the field existed: its canonical form on
the hub does not change, and a program too old to know the field still reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from clinicdesk.domain.documents import DocumentModel, Markdown, Title
from clinicdesk.i18n import language

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["es"])]
"""An ISO 639 language code, lower case: "es"."""

Summary = Annotated[str, Field(min_length=1, max_length=1000)]


def _absent(value: object) -> bool:
    return value is None or value == {}


class StandardTranslation(DocumentModel):
    """A standard's title and, optionally, its body in one language."""

    title: Title
    body: Markdown | None = Field(default=None, exclude_if=_absent)


class CourseTranslation(DocumentModel):
    """A course's title and, optionally, its summary in one language."""

    title: Title
    summary: Summary | None = Field(default=None, exclude_if=_absent)


def translations_field() -> Any:
    """The optional `translations` field: empty by default, and then not written."""
    return Field(
        default_factory=dict,
        exclude_if=_absent,
        description='The words people read in other languages, by language code: {"es": {…}}. '
        "A missing language or field reads in the document's own (English).",
    )


def in_language(document: object, field: str, code: str | None = None) -> str:
    """`document.<field>` ("title", "body", "summary") in the language `code` — the
    language ClinicDesk speaks now when not given — or the document's own (English) text
    when it has no translation of that field in that language.

    `document` is anything with the field and a `translations` attribute: the typed
    document, or a stored row whose `translations` is the JSON as it arrived."""
    own = str(getattr(document, field))
    translations: Mapping[str, object] = getattr(document, "translations", None) or {}
    translation = translations.get(code or language())
    if isinstance(translation, Mapping):
        text = translation.get(field)
    else:
        text = getattr(translation, field, None)
    return text if isinstance(text, str) and text else own
