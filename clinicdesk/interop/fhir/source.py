"""Reading FHIR files: which files a set of paths names, and one file's resources one at a
time. A file up to WHOLE_FILE_LIMIT bytes (a Synthea bundle: one patient, under a few MB)
is decoded at once, which is the fastest way CPython has; a larger one is streamed (a
Bundle's `entry` array one entry at a time, NDJSON one line at a time), so memory is
bounded by the limit, not by the file.

A resource of a type the mapper reads only by its type and id (not in
`mapper.READS_WHOLE`: a claim, an explanation of benefit) may be handed over as
{"resourceType": ..., "id": ...} alone: a Bundle decoded whole leaves such resources
undecoded (`_bundle_entries`)."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from clinicdesk.interop.fhir.mapper import READS_WHOLE, Item, Mapper
from clinicdesk.interop.jsonstream import DECODER, FormatError, stream_document, stream_lines

_FILE_ORDER = {"Patient": 0, "Bundle": 1, "Encounter": 2}
# Files up to this size are decoded whole (their object tree is held while they are
# read); larger ones are streamed.
WHOLE_FILE_LIMIT = 4 * 1024 * 1024


class SourceError(Exception):
    """A file that cannot be imported at all; the message says why and what to do."""


# --- files ------------------------------------------------------------------------------


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(files to read, files ignored). Folders are walked; inside a folder, files that are
    not JSON (a README, CSV) are ignored rather than errors. Patient files come first,
    then bundles and encounters, then the rest, so that cross-file references resolve."""
    files: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    child = Path(root) / name
                    (files if _looks_like_json(child) else ignored).append(child)
        else:
            files.append(path)
    files.sort(key=lambda p: (_FILE_ORDER.get(_first_resource_type(p) or "", 3), str(p)))
    return files, ignored


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def _looks_like_json(path: Path) -> bool:
    return _head(path, 64).lstrip().startswith("{")


_RESOURCE_TYPE = re.compile(r'"resourceType"\s*:\s*"([A-Za-z]+)"')


def _first_resource_type(path: Path) -> str | None:
    match = _RESOURCE_TYPE.search(_head(path))
    return match[1] if match else None


class FhirSource:
    """One file: a Bundle (any type), a single resource, or NDJSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mapper = Mapper()

    def resources(self) -> Iterator[Item]:
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise SourceError(f"cannot be read: {error.strerror or error}") from None
        try:
            with handle:
                yield from self._read(handle)
        except UnicodeDecodeError:
            raise SourceError("is not UTF-8 text; FHIR JSON must be UTF-8.") from None
        except FormatError as error:
            raise SourceError(f"is not valid JSON ({error}).") from None

    def _read(self, handle: Any) -> Iterator[Item]:
        start = handle.read(1)
        while start and start in " \t\r\n":
            start = handle.read(1)
        if start != "{":
            raise SourceError(
                "is not FHIR JSON: it does not start with a JSON object. Export the data "
                "as FHIR R4 JSON (a Bundle, a resource, or Bulk Data NDJSON)."
            )
        handle.seek(0)
        whole = self._whole_document(handle)
        if whole is not None:
            yield from whole
            return
        handle.seek(0)
        # One JSON document (a Bundle streamed entry by entry, or one resource), or
        # NDJSON: a first object with more objects on the following lines.
        fields: dict[str, Any] = {}
        saw_entry = False
        for kind, value in stream_document(handle, allow_more=True):
            if kind == "field":
                key, field_value = value
                fields[key] = field_value
            elif kind == "entry":
                if not saw_entry and fields.get("resourceType", "Bundle") != "Bundle":
                    raise SourceError(_not_fhir("has an `entry` list but is not a Bundle"))
                saw_entry = True
                yield from self._entry(value)
            else:  # "more": NDJSON
                if saw_entry:
                    _check_bundle(fields)
                else:
                    yield from self._items(fields, None, where="line 1")
                for number, line_value in stream_lines(handle, value.lstrip("\r\n"), 2):
                    yield from self._items(line_value, None, where=f"line {number}")
                return
        if saw_entry:
            _check_bundle(fields)
            return
        yield from self._items(fields, None, where="the file")

    def _whole_document(self, handle: Any) -> Iterator[Item] | None:
        """A small file holding one JSON document, decoded at once: its items, checked as
        the stream would check them. None (read it as a stream) for a large file, NDJSON
        or malformed JSON, whose error the stream reports with its position."""
        try:
            if os.fstat(handle.fileno()).st_size > WHOLE_FILE_LIMIT:
                return None
        except (OSError, ValueError):
            return None
        data = handle.buffer.read()
        entries = _bundle_entries(data)
        if entries is not None:
            return self._bundle_items(entries)
        document = _fast_decode(data)
        if document is None:  # the standard library's reading decides, as it always did
            handle.seek(0)
            text = handle.read()
            try:
                document, end = DECODER.raw_decode(text, len(text) - len(text.lstrip()))
            except ValueError:
                return None
            if text[end:].strip():
                return None
        if not isinstance(document, dict):
            return None
        entries = document.get("entry")
        if isinstance(entries, list) and entries and document.get("resourceType") != "Bundle":
            raise SourceError(_not_fhir("has an `entry` list but is not a Bundle"))
        return self._items(document, None, where="the file")

    def _items(self, value: Any, full_url: str | None, *, where: str) -> Iterator[Item]:
        if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
            raise SourceError(_not_fhir(f"{where} has no resourceType"))
        if value["resourceType"] == "Bundle":
            index = self.mapper.index
            for entry in value.get("entry") or []:
                # An entry's resource inline (one generator for the whole Bundle, not
                # three nested per resource); anything unusual goes the long way.
                resource = entry.get("resource") if isinstance(entry, dict) else None
                if isinstance(resource, dict):
                    rtype = resource.get("resourceType")
                    if rtype.__class__ is str and rtype != "Bundle":
                        url = entry.get("fullUrl")
                        url = url if url.__class__ is str else None
                        index(resource, url)
                        yield Item(resource, url)
                        continue
                yield from self._entry(entry)
            return
        self.mapper.index(value, full_url)
        yield Item(value, full_url)

    def _bundle_items(self, entries: list[_Entry]) -> Iterator[Item]:
        """`_items` of a Bundle from `_bundle_entries`: each resource is decoded only when
        the mapper reads more of it than its type and id (READS_WHOLE), or when it is
        anything but a plain resource of another type with an id (then it goes the way
        `_items` takes it). The others, most of a Synthea bundle's bytes, are never made
        into objects: their decoding and freeing was a fifth of an import."""
        index = self.mapper.index
        for entry in entries:
            raw = entry.resource
            url = entry.fullUrl
            url = url if url.__class__ is str else None
            resource: Any = None
            if raw:  # empty: the entry has no resource
                # A resource that opens with a type the mapper reads whole is decoded
                # at once: reading its head first only to decode it all after was a
                # second pass over most of the bytes kept
                opening = _OPENING.match(raw)
                if opening is not None and opening[1] in _WHOLE_TYPES:
                    head = None
                else:
                    try:
                        head = _HEAD.decode(raw)
                    except msgspec.ValidationError:  # not an object: decoded, refused below
                        head = None
                if head is not None:
                    rtype, rid = head.resourceType, head.id
                    if (
                        rtype.__class__ is str
                        and rtype not in READS_WHOLE
                        and rtype != "Bundle"
                        and rid.__class__ is str
                        and rid.strip()
                    ):
                        resource = {"resourceType": rtype, "id": rid}
                        index(resource, url)
                        yield Item(resource, url)
                        continue
                resource = _FAST.decode(raw)
            if isinstance(resource, dict):
                rtype = resource.get("resourceType")
                if rtype.__class__ is str and rtype != "Bundle":
                    index(resource, url)
                    yield Item(resource, url)
                    continue
            yield from self._entry({"fullUrl": entry.fullUrl, "resource": resource})

    def _entry(self, entry: Any) -> Iterator[Item]:
        if not isinstance(entry, dict):
            raise SourceError(_not_fhir("a Bundle entry is not a JSON object"))
        resource = entry.get("resource")
        if resource is None:  # a DELETE/GET request or a bare response: nothing to import
            return
        full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        yield from self._items(resource, full_url, where="a Bundle entry")


# msgspec's decoder: about twice as fast as the standard library's on a Bundle (decoding
# was a third of an import's reading), numbers as Decimal from their own digits.
_FAST = msgspec.json.Decoder(float_hook=Decimal)
_BOM = codecs.BOM_UTF8


class _Entry(msgspec.Struct, gc=False):
    """A Bundle entry with its resource undecoded (empty: the entry has none)."""

    fullUrl: Any = None
    resource: msgspec.Raw = msgspec.Raw()


class _Bundle(msgspec.Struct, gc=False):
    resourceType: Any = None
    entry: list[_Entry] | None = None


class _Head(msgspec.Struct, gc=False):
    """What the mapper reads of a resource of a type not in READS_WHOLE."""

    resourceType: Any = None
    id: Any = None


_BUNDLE = msgspec.json.Decoder(_Bundle, float_hook=Decimal)
_HEAD = msgspec.json.Decoder(_Head, float_hook=Decimal)
# A resource whose first key is its type (as every exporter writes it), and that type, as
# bytes. Whatever else the resource holds (the type named again further on, say), one
# of these types is decoded whole, which is what becomes of it when its head is read
# first: only a resource whose head names another type is handed over as its head.
_OPENING = re.compile(rb'[ \t\r\n]*\{[ \t\r\n]*"resourceType"[ \t\r\n]*:[ \t\r\n]*"([A-Za-z]+)"')
_WHOLE_TYPES = frozenset(name.encode() for name in READS_WHOLE)


def _bundle_entries(data: bytes) -> list[_Entry] | None:
    """The entries of a document that is a Bundle whose entries are JSON objects, their
    resources undecoded; None for anything else (another document, malformed JSON, an
    entry that is not an object), which `_fast_decode` and the standard library read as
    before. msgspec checks the syntax of what it skips but not its UTF-8, so text that
    is not plain ASCII is checked first: a file msgspec would refuse whole is refused."""
    data = data[3:] if data.startswith(_BOM) else data
    if not _is_utf8(data):
        return None
    try:
        bundle = _BUNDLE.decode(data)  # a ValidationError is a DecodeError
    except (msgspec.DecodeError, RecursionError):
        return None
    if bundle.resourceType != "Bundle":
        return None
    return bundle.entry or []


_UTF8_CHUNK = 64 * 1024


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8 text, checked a chunk at a time (no copy of the file as a
    str: memory stays bounded by the file, not by its text)."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _UTF8_CHUNK):
            decoder.decode(view[start : start + _UTF8_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _fast_decode(data: bytes) -> Any:
    """A whole document decoded by msgspec, or None where it refuses the bytes (it is
    stricter: NaN, a lone surrogate, bytes after the document, malformed JSON or UTF-8),
    so that the standard library reads them as before: what it accepts is imported,
    what it refuses is streamed to an error that says where."""
    try:
        return _FAST.decode(data[3:] if data.startswith(_BOM) else data)
    except msgspec.DecodeError:
        return None


def _check_bundle(fields: dict[str, Any]) -> None:
    if fields.get("resourceType") != "Bundle":
        raise SourceError(_not_fhir("has an `entry` list but is not a Bundle"))


def _not_fhir(what: str) -> str:
    return (
        f"is not FHIR: {what}. Export the data as FHIR R4 JSON (a Bundle, a resource, "
        "or Bulk Data NDJSON)."
    )
