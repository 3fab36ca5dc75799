"""Phrases several services use in the messages people read."""

from __future__ import annotations

from clinicdesk.i18n import ngettext


def more_problems(more: int) -> str:
    """The last line of a refusal that lists only the first problems of a file."""
    return ngettext("… and {more} more problem.", "… and {more} more problems.", more).format(
        more=more
    )
