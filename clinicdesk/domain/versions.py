"""Release numbers of ClinicDesk ("0.1.0", "1.2"), compared as numbers, not text: the
hub publishes the current release and a clinic's program says whether it is newer."""

from __future__ import annotations

import re

_RELEASE = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$")  # ASCII digits only


def parse_release(text: str) -> tuple[int, ...] | None:
    """(major, minor, …) with trailing zeros dropped (1.2 == 1.2.0); None when `text` is
    not a plain dotted release number."""
    if not _RELEASE.match(text):
        return None
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_newer(candidate: str, current: str) -> bool:
    """Whether release `candidate` comes after `current` (False when either is not a
    release number: nothing is announced on a guess)."""
    new, old = parse_release(candidate), parse_release(current)
    return new is not None and old is not None and new > old
