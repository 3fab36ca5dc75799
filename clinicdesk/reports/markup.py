"""Data into reportlab markup, safely.

A reportlab Paragraph parses its text as XML-like markup: a clinic, member, patient or
staff name, a course title or a note holding `&` or `<` ("Smith & Sons", "<Main St>")
would stop the PDF being made, or silently change how it reads (`<b>`, `<a href=…>`).
Every piece of data put into a Paragraph goes through `escape()`; only the markup around
it is ours. Table cells given as plain strings and canvas `drawString` text are not
parsed and need no escaping.
"""

from __future__ import annotations


def escape(value: object) -> str:
    """The value's text with `&`, `<` and `>` as entities, to sit inside Paragraph markup
    and print literally."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
