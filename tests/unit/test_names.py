"""Name folding for search (domain/names)."""

from __future__ import annotations

from clinicdesk.domain.names import fold, name_key


def test_fold_removes_case_accents_and_extra_spaces() -> None:
    assert fold("  JOSÉ  María ") == "jose maria"
    assert fold("Müller-Lüdenscheidt") == "muller-ludenscheidt"
    assert fold("O'Keefe") == "o'keefe"


def test_name_key_puts_the_family_name_first() -> None:
    assert name_key("Casares", "José María") == "casares jose maria"
    assert name_key("Casares", "José María").startswith(fold("CASA"))
