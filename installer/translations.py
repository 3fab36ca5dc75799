"""ClinicDesk's translations: extract, compile, check.

    python installer/translations.py update    # new strings from the code into the sources
    python installer/translations.py compile   # .ts -> .qm and .po -> .mo (build and install)
    python installer/translations.py check     # every string translated, placeholders kept

Two kinds of source, one per layer (resources/translations/README.md says more):
- the window's strings (`self.tr`, `QCoreApplication.translate`) in Qt Linguist files,
  `resources/translations/ui/<area>.<lang>.ts`, made by pyside6-lupdate and compiled by
  pyside6-lrelease into `clinicdesk_<lang>.qm`;
- the other layers' strings (`_()`, `N_()`, `ngettext()` from clinicdesk.i18n) in gettext
  files, `resources/translations/messages/<layer>.<lang>.po`, extracted and compiled by
  Babel into `<lang>/LC_MESSAGES/clinicdesk.mo`.
One source file per area or layer so that several people can translate at once.
Compiled files are built, never committed (setup.py and installer/build.py call
`compile_all`)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "clinicdesk"
SOURCES = ROOT / "resources" / "translations"
LANGUAGES = ("es",)
DOMAIN = "clinicdesk"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

# The gettext layers: everything outside the window that people read. The hub is the
# federation's server, not a clinic's program: its messages stay in English.
MESSAGE_LAYERS: dict[str, tuple[str, ...]] = {
    "services": ("services",),
    "domain": ("domain",),
    "cli": ("cli",),
    "reports": ("reports",),
    "interop": ("interop",),
    "federation": ("federation",),
    "core": ("db", "i18n", "errors.py", "app.py", "paths.py", "local_settings.py", "frozen.py"),
}


def ui_areas() -> dict[str, list[Path]]:
    """The window's sources by area: each sub-package of clinicdesk/ui, and `shell` for the
    modules at its top (main window, sign-in, shared widgets)."""
    ui = PACKAGE / "ui"
    areas = {"shell": sorted(ui.glob("*.py"))}
    for folder in sorted(p for p in ui.iterdir() if p.is_dir() and p.name != "__pycache__"):
        areas[folder.name] = sorted(folder.rglob("*.py"))
    return areas


def _tool(name: str) -> str:
    """A Qt tool that comes with PySide6 (pyside6-lupdate, pyside6-lrelease)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")


# --- the window's strings (Qt Linguist) --------------------------------------------------


def ts_path(area: str, lang: str) -> Path:
    return SOURCES / "ui" / f"{area}.{lang}.ts"


# English needs a catalogue of its own only for counts: the code says "%n member(s)", and
# the English forms ("1 member", "5 members") come from here, as Qt's manual advises.
ENGLISH_PLURALS = SOURCES / "ui" / "plurals.en.ts"


def lupdate(files: list[Path], ts: Path, *, plural_only: bool = False) -> None:
    """New and changed strings of `files` into `ts`, keeping its translations."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    _run(
        _tool("pyside6-lupdate"),
        "-locations",
        "none",
        "-no-obsolete",
        "-silent",
        *(["-pluralonly"] if plural_only else []),
        *map(str, files),
        "-ts",
        str(ts),
    )


def all_ui_files() -> list[Path]:
    return [file for files in ui_areas().values() for file in files]


@dataclass(frozen=True)
class TsMessage:
    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]  # one, or one per plural form
    finished: bool


def read_ts(path: Path) -> Iterator[TsMessage]:
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                texts: tuple[str, ...] = ()
                finished = False
            else:
                forms = translation.findall("numerusform")
                texts = tuple(f.text or "" for f in forms) if forms else (translation.text or "",)
                finished = translation.get("type") not in ("unfinished", "vanished", "obsolete")
            yield TsMessage(
                context=name,
                source=message.findtext("source") or "",
                comment=message.findtext("comment") or "",
                numerus=message.get("numerus") == "yes",
                translations=texts,
                finished=finished and all(texts),
            )


def extract_ui(files: list[Path]) -> list[TsMessage]:
    """The strings the code has now (a fresh lupdate into a scratch file)."""
    with tempfile.TemporaryDirectory() as scratch:
        ts = Path(scratch) / "fresh.ts"
        lupdate(files, ts)
        return list(read_ts(ts)) if ts.exists() else []


# --- the other layers' strings (gettext, through Babel) ----------------------------------


def po_path(layer: str, lang: str) -> Path:
    return SOURCES / "messages" / f"{layer}.{lang}.po"


def extract_messages(layer: str):  # -> babel.messages.Catalog
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="ClinicDesk", domain=DOMAIN)
    for part in MESSAGE_LAYERS[layer]:
        path = PACKAGE / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            for lineno, message, comments, context in extract_from_file(
                "python", str(file), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
            ):
                catalog.add(
                    message,
                    locations=[(str(file.relative_to(ROOT)), lineno)],
                    auto_comments=comments,
                    context=context,
                )
    return catalog


def read_po(path: Path):  # -> babel.messages.Catalog
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as handle:
        return babel_read_po(handle)


def _write_po(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=88, omit_header=False, no_location=True, sort_output=True)
    path.write_bytes(buffer.getvalue())


def update_messages(layer: str, lang: str) -> None:
    from babel.messages.catalog import Catalog

    template = extract_messages(layer)
    path = po_path(layer, lang)
    catalog = read_po(path) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
    created = catalog.creation_date  # kept: a header that changes on every run only conflicts
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created
    catalog.obsolete.clear()
    _write_po(catalog, path)


# --- the three commands ------------------------------------------------------------------


def update_all() -> None:
    lupdate(all_ui_files(), ENGLISH_PLURALS, plural_only=True)
    for lang in LANGUAGES:
        for area, files in ui_areas().items():
            lupdate(files, ts_path(area, lang))
        for layer in MESSAGE_LAYERS:
            update_messages(layer, lang)


def _replace(path: Path, write) -> Path:  # write: Callable[[Path], None]
    """`write` the file at a new path beside `path`, then put it in `path`'s place: a
    program that has the old catalogue mapped into memory (Qt maps a .qm) keeps reading
    the old file, where rewriting it in place would pull the pages from under it (a bus
    error: a test's frozen build compiling while another test's window translated)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.new")
    try:
        write(fresh)
        fresh.replace(path)
    finally:
        fresh.unlink(missing_ok=True)
    return path


def compile_all(target: Path = SOURCES) -> list[Path]:
    """Compile every language into `target`: `clinicdesk_<lang>.qm` and
    `<lang>/LC_MESSAGES/clinicdesk.mo`, each put in place whole (`_replace`). Returns the
    files written."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    def lrelease(*sources: Path):
        return lambda out: _run(
            _tool("pyside6-lrelease"), "-silent", *map(str, sources), "-qm", str(out)
        )

    written = [_replace(target / "clinicdesk_en.qm", lrelease(ENGLISH_PLURALS))]
    for lang in LANGUAGES:
        sources = sorted((SOURCES / "ui").glob(f"*.{lang}.ts"))
        written.append(_replace(target / f"clinicdesk_{lang}.qm", lrelease(*sources)))
        merged = Catalog(locale=lang, domain=DOMAIN)
        for po in sorted((SOURCES / "messages").glob(f"*.{lang}.po")):
            for message in read_po(po):
                if message.id and message.string and not message.fuzzy:
                    merged[message.id] = message

        def mo_file(out: Path, merged=merged) -> None:
            with out.open("wb") as handle:
                write_mo(handle, merged)

        written.append(_replace(target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", mo_file))
    return written


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%L?n|%[0-9]")
_MNEMONIC = re.compile(r"&(?!&)\S")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _compare(where: str, source: str, translation: str, problems: list[str]) -> None:
    if _placeholders(source) != _placeholders(translation):
        problems.append(f"{where}: placeholders differ: {source!r} -> {translation!r}")
    if bool(_MNEMONIC.search(source.replace("&&", ""))) != bool(
        _MNEMONIC.search(translation.replace("&&", ""))
    ):
        problems.append(f"{where}: keyboard mnemonic (&) kept in one only: {translation!r}")


def check_english_plurals() -> list[str]:
    """Every count in the window has its English singular and plural."""
    known = {(m.context, m.source, m.comment): m for m in read_ts(ENGLISH_PLURALS)}
    problems = []
    for fresh in extract_ui(all_ui_files()):
        if not fresh.numerus:
            continue
        done = known.get((fresh.context, fresh.source, fresh.comment))
        if done is None or not done.finished or len(done.translations) != 2:
            where = f"{ENGLISH_PLURALS.relative_to(ROOT)} [{fresh.context}]"
            problems.append(f"{where}: no English forms for {fresh.source!r}")
    return problems


def check(lang: str) -> list[str]:
    """What is wrong with `lang`: strings in the code with no finished translation, and
    translations that lost a placeholder or a mnemonic. Empty when all is well."""
    problems: list[str] = []
    for area, files in ui_areas().items():
        path = ts_path(area, lang)
        known = (
            {(m.context, m.source, m.comment): m for m in read_ts(path)} if path.exists() else {}
        )
        for fresh in extract_ui(files):
            where = f"{path.relative_to(ROOT)} [{fresh.context}]"
            done = known.get((fresh.context, fresh.source, fresh.comment))
            if done is None or not done.finished:
                problems.append(f"{where}: not translated: {fresh.source!r}")
                continue
            for text in done.translations:
                _compare(where, fresh.source, text, problems)
    for layer in MESSAGE_LAYERS:
        path = po_path(layer, lang)
        catalog = read_po(path) if path.exists() else None
        for fresh in extract_messages(layer):
            if not fresh.id:
                continue
            where = str(path.relative_to(ROOT))
            done = catalog.get(fresh.id, context=fresh.context) if catalog else None
            strings = done.string if done is not None else ""
            texts = list(strings) if isinstance(strings, tuple) else [strings]
            if done is None or done.fuzzy or not all(texts):
                shown = fresh.id[0] if isinstance(fresh.id, tuple) else fresh.id
                problems.append(f"{where}: not translated: {shown!r}")
                continue
            ids = list(fresh.id) if isinstance(fresh.id, tuple) else [fresh.id]
            for text in texts:
                _compare(where, ids[-1] if len(texts) > 1 else ids[0], text, problems)
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update_all()
    elif command == "compile":
        for path in compile_all(Path(argv[1]) if len(argv) > 1 else SOURCES):
            print(path)
    elif command == "check":
        problems = check_english_plurals() + [p for lang in LANGUAGES for p in check(lang)]
        print("\n".join(problems) or "every string is translated")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
