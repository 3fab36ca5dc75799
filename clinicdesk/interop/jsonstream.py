"""Reading FHIR JSON files without holding them in memory.

A Bundle is one JSON document, so `json.load` would hold the whole file (and a Python
object tree several times its size). `stream_document` walks the top-level object
itself and decodes the `entry` array one element at a time with `raw_decode` over a
sliding buffer: memory is one read chunk plus the largest single entry, whatever the
file's size. NDJSON (Bulk Data) is read line by line. Numbers are decoded as Decimal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

CHUNK = 64 * 1024
_WS = re.compile(r"[ \t\n\r]*")
DECODER = json.JSONDecoder(parse_float=Decimal)


class FormatError(ValueError):
    """The file is not the JSON it should be; the message says where and what."""


class _Buffer:
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.text = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the front, for positions in messages

    def fill(self, at_least: int = CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self._handle.read(max(at_least, CHUNK))
        if not chunk:
            self.eof = True
            return False
        self.consumed += self.pos
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_ws(self) -> None:
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.fill():
                return

    def peek(self) -> str:
        self.skip_ws()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise FormatError(
                f"malformed JSON at character {self.consumed + self.pos}: expected "
                f"{char!r}, found {found or 'the end of the file'!r}"
            )
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading more of the file until it is complete.
        A value that ends exactly at the end of the buffer may be a cut number, so it
        is only trusted at the end of the file."""
        self.skip_ws()
        while True:
            try:
                obj, end = DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.fill(len(self.text)):  # double the window: linear overall
                    continue
                raise FormatError(
                    f"malformed JSON at character {self.consumed + error.pos}: {error.msg}"
                ) from None
            if end == len(self.text) and self.fill(len(self.text)):
                continue
            self.pos = end
            return obj


def stream_document(handle: IO[str], *, allow_more: bool = False) -> Iterator[tuple[str, Any]]:
    """Yield ("field", (key, value)) for each top-level key of a JSON object, except
    that an `entry` array yields ("entry", element) once per element as it is read.
    With `allow_more`, text after the object is not an error: ("more", text already
    read past it) comes last and the rest is still in `handle` (NDJSON)."""
    buf = _Buffer(handle)
    buf.expect("{")
    if buf.peek() == "}":
        buf.pos += 1
    else:
        while True:
            key = buf.value()
            if not isinstance(key, str):
                raise FormatError("malformed JSON: an object key is not a string")
            buf.expect(":")
            if key == "entry" and buf.peek() == "[":
                buf.pos += 1
                if buf.peek() == "]":
                    buf.pos += 1
                else:
                    while True:
                        yield "entry", buf.value()
                        if buf.peek() == ",":
                            buf.pos += 1
                            continue
                        buf.expect("]")
                        break
            else:
                yield "field", (key, buf.value())
            if buf.peek() == ",":
                buf.pos += 1
                continue
            buf.expect("}")
            break
    if buf.peek():
        if not allow_more:
            raise FormatError(
                f"malformed JSON: more data after the end of the document at character "
                f"{buf.consumed + buf.pos}"
            )
        yield "more", buf.text[buf.pos :]


def stream_lines(handle: IO[str], head: str = "", first: int = 1) -> Iterator[tuple[int, Any]]:
    """NDJSON: (line number, decoded value) for each non-blank line; `head` is text
    already read from the handle, starting on line `first`."""
    lines = head.split("\n")
    pending = lines.pop()  # may continue in the handle
    number = first - 1
    for number, line in enumerate(lines, start=first):
        yield from _line(number, line)
    pending += handle.readline()
    number += 1
    if pending:
        yield from _line(number, pending)
    for later, line in enumerate(handle, start=number + 1):
        yield from _line(later, line)


def _line(number: int, line: str) -> Iterator[tuple[int, Any]]:
    if not line.strip():
        return
    try:
        yield number, DECODER.decode(line)
    except json.JSONDecodeError as error:
        raise FormatError(f"malformed JSON on line {number}: {error.msg}") from None
