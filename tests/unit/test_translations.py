"""The translation check CI relies on: every string of the code is translated into
Spanish (and every count has its English forms), translations keep their placeholders and
mnemonics, and the check does fail when a string is added without a translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.translations import REPO, tool

translations = tool()


def test_every_string_is_translated_into_spanish() -> None:
    problems = translations.check_english_plurals() + translations.check("es")
    assert not problems, "\n".join(problems)


@pytest.fixture
def copy_of_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package and the translation sources copied aside, the tool pointed at them."""
    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "clinicdesk", root / "clinicdesk", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO / "resources" / "translations", root / "resources" / "translations")
    monkeypatch.setattr(translations, "ROOT", root)
    monkeypatch.setattr(translations, "PACKAGE", root / "clinicdesk")
    monkeypatch.setattr(translations, "SOURCES", root / "resources" / "translations")
    monkeypatch.setattr(
        translations,
        "ENGLISH_PLURALS",
        root / "resources" / "translations" / "ui" / "plurals.en.ts",
    )
    return root


def test_a_new_window_string_without_translation_fails_the_check(copy_of_the_code: Path) -> None:
    view = copy_of_the_code / "clinicdesk" / "ui" / "today" / "view.py"
    view.write_text(
        view.read_text(encoding="utf-8")
        + "\n\nclass _Added(QWidget):\n    def label(self) -> str:\n"
        + '        return self.tr("A sentence nobody has translated yet")\n',
        encoding="utf-8",
    )
    problems = translations.check("es")
    assert any("A sentence nobody has translated yet" in p for p in problems)


def test_a_new_service_message_without_translation_fails_the_check(copy_of_the_code: Path) -> None:
    module = copy_of_the_code / "clinicdesk" / "services" / "users.py"
    module.write_text(
        module.read_text(encoding="utf-8") + '\n\nADDED = _("A refusal nobody has translated")\n',
        encoding="utf-8",
    )
    problems = translations.check("es")
    assert any("A refusal nobody has translated" in p for p in problems)


def test_a_lost_placeholder_or_mnemonic_is_reported() -> None:
    problems: list[str] = []
    translations._compare("here", "Open {name}", "Abrir", problems)
    translations._compare("here", "&Open", "Abrir", problems)
    translations._compare("here", "{n:>5} rows", "{n:>5} filas", problems)
    assert len(problems) == 2
    assert "placeholders differ" in problems[0] and "mnemonic" in problems[1]


def test_compiling_again_leaves_a_catalogue_in_use_whole(tmp_path: Path) -> None:
    """A program with a catalogue mapped into memory (Qt maps a .qm) keeps reading it
    while the catalogues are compiled again in the same folder (as the frozen build
    does in the checkout a test's window is translating from): the new one is put in
    its place, the old one is never cut short under it."""
    import mmap

    from tests.helpers.translations import compile_now

    compile_now(tmp_path)
    catalogue = tmp_path / "clinicdesk_es.qm"
    before = catalogue.read_bytes()
    with (
        catalogue.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
    ):
        inode = catalogue.stat().st_ino
        compile_now(tmp_path)
        assert mapped[:] == before  # rewriting in place would end this process (SIGBUS)
    assert catalogue.stat().st_ino != inode
    assert catalogue.read_bytes() == before  # the same sources, the same catalogue
    assert not list(tmp_path.rglob(".*.new"))  # nothing half-written left behind
