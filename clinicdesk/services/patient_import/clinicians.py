"""The clinic's clinicians as an import finds them from a visit's practitioner."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicdesk.db.models import User
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Role, decode_roles


class Clinicians:
    """The clinic's active clinicians by practitioner key: read once per import, on first
    use, and shared by the files' writers (one query, not one per file)."""

    def __init__(self) -> None:
        self._by_key: dict[str, int] | None = None

    def find(self, session: Session, practitioner: str | None) -> int | None:
        """The clinician user a visit's practitioner names, matched on the folded name
        without a "Dr" title or Synthea's numeric suffixes; None when nobody matches."""
        if not practitioner:
            return None
        if self._by_key is None:
            rows = session.execute(
                select(User.id, User.display_name, User.roles).where(User.active.is_(True))
            )
            self._by_key = {
                practitioner_key(display): user_id
                for user_id, display, roles in rows
                if Role.CLINICIAN in decode_roles(roles)
            }
        if not self._by_key:  # a clinic without clinicians (yet): nobody to match
            return None
        return self._by_key.get(practitioner_key(practitioner))


# A source names the same few practitioners on all its visits: each name folded once.
@lru_cache(maxsize=4096)
def practitioner_key(name: str) -> str:
    """ "Dr. Trinidad33 Shanahan87" and "Dr Trinidad Shanahan" give the same key."""
    words = fold("".join(ch for ch in name if not ch.isdigit())).replace(".", " ").split()
    if words and words[0] in ("dr", "doctor"):
        words = words[1:]
    return " ".join(words)
