"""Name folding for search (domain/names)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from clinicdesk.domain.names import fold, name_key


def test_fold_removes_case_accents_and_extra_spaces() -> None:
    assert fold("  JOSÉ  María ") == "jose maria"
    assert fold("Müller-Lüdenscheidt") == "muller-ludenscheidt"
    assert fold("O'Keefe") == "o'keefe"


def test_name_key_puts_the_family_name_first() -> None:
    assert name_key("Casares", "José María") == "casares jose maria"
    assert name_key("Casares", "José María").startswith(fold("CASA"))


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_folds_as_the_unicode_path_does(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == " ".join(stripped.split())
