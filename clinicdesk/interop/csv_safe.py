"""CSV files a spreadsheet can open safely, and CSV files read strictly.

Writing (OWASP "CSV injection"): a spreadsheet runs a cell that starts with `=`, `+`,
`-` or `@` as a formula (and a leading tab or carriage return can hide one), so a patient
named `=HYPERLINK("http://…", "Click")` would become a live link, or worse, in the
manager's spreadsheet. Every CSV file ClinicDesk writes goes through `writer()`, which
prefixes such a cell with a single quote: the spreadsheet shows the text as typed.

The one exception is a number the program itself produced: an `int`, `float` or
`Decimal` value is written as it is, so a negative amount stays a number the spreadsheet
can add up. Anything that arrives as text is treated as text a person may have typed,
even when it looks like a number (`"-5"` in a name field is written `'-5`). Callers keep
money and counts as `Decimal`/`int` up to the writer for exactly this reason.

Reading: `check_header` refuses a header that names a column twice (which column would
win is a guess), and `check_row` refuses a row with fewer fields than the header (a file
cut short, or an unterminated quote that swallowed the rest of the file).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import IO, Any

# What a spreadsheet may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value as it may go into a CSV cell: numbers the program made as they are,
    None as an empty cell, any text starting like a formula with a leading quote."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: IO[str], **options: Any) -> SafeWriter:
    """The only way ClinicDesk writes CSV."""
    return SafeWriter(handle, **options)


class CsvShapeError(ValueError):
    """A CSV file whose shape is wrong (its message says where and how to fix it)."""


def check_header(names: Sequence[str]) -> None:
    """Refuse a header that names a column twice (compared as the importers compare
    them: trimmed, ignoring case)."""
    seen: dict[str, str] = {}
    twice: list[str] = []
    for name in names:
        key = name.strip().casefold()
        if key in seen and name.strip() not in twice:
            twice.append(name.strip())
        seen.setdefault(key, name.strip())
    if twice:
        raise CsvShapeError(
            f"has the column {', '.join(repr(n) for n in twice)} more than once in its "
            "header line; rename or remove the duplicate column and import again."
        )


def check_row(fields: Sequence[object], header: Sequence[str], line: int) -> None:
    """Refuse a row with fewer fields than the header: the file was cut short, or a
    quote was never closed. `line` is the line the row ends on."""
    if len(fields) < len(header):
        raise CsvShapeError(
            f"line {line} has {len(fields)} field{'s' if len(fields) != 1 else ''} but "
            f"the header has {len(header)}: the file looks cut short or a quoted field is "
            "not closed. Export the file again (or close the quote) and import again."
        )


def strict_rows(handle: Iterable[str], dialect: Any = "excel") -> Iterator[tuple[int, list[str]]]:
    """(line, fields) for the header and every row, each with the line it starts on.
    Blank lines are skipped; the header is checked for duplicates and every row for its
    length; a quote that is never closed is an error naming the line it opened on.
    Raises CsvShapeError."""
    reader = csv.reader(handle, dialect, strict=True)
    start = 1
    header: list[str] | None = None
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise CsvShapeError(
                    f"ends inside a quoted field that opens on line {start}: the file looks "
                    "cut short or a quote is not closed. Export the file again (or close the "
                    "quote) and import again."
                ) from None
            raise CsvShapeError(f"line {reader.line_num} is not valid CSV ({error}).") from None
        line, start = start, reader.line_num + 1
        if not "".join(fields).strip():  # a blank line, or only separators
            continue
        if header is None:
            check_header(fields)
            header = fields
        else:
            check_row(fields, header, line)
        yield line, fields


class StrictDictReader:
    """Like `csv.DictReader` over `strict_rows`: `fieldnames` (trimmed) from the header,
    then (line, {column: field}) per row. Fields past the header's are ignored."""

    def __init__(self, handle: Iterable[str], dialect: Any = "excel") -> None:
        self._rows = strict_rows(handle, dialect)
        first = next(self._rows, None)
        self.fieldnames: list[str] = [n.strip() for n in first[1]] if first else []

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, fields in self._rows:
            yield line, dict(zip(self.fieldnames, fields, strict=False))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) per row, in the header's order, without building a dict."""
        return self._rows


def strict_table(
    source: str | IO[str], dialect: Any = "excel"
) -> tuple[list[str], list[list[str]], list[int]]:
    """`strict_rows` over a whole file at once: the header (trimmed), the rows and the
    line each row starts on, with the same checks and errors. `source` is the file's
    text, or the file itself opened with newline="" (read from where it is, and once
    more from the start if it has to go row by row): read through the file object, a
    file of tens of thousands of rows is never held twice, once as one string and once
    as rows. A file whose every record is one full line (no blank line, no quoted line
    break, no short row) is read by csv.reader in one call and checked by column; any
    other file goes row by row through `strict_rows`, which names the line at fault."""
    start = source.tell() if not isinstance(source, str) else 0

    def opened() -> IO[str]:
        if isinstance(source, str):
            return io.StringIO(source, newline="")
        source.seek(start)
        return source

    try:
        reader = csv.reader(opened(), dialect, strict=True)
        records = list(reader)
        regular = bool(records) and reader.line_num == len(records)
    except csv.Error:
        regular = False
    if regular:
        width = len(records[0])
        # a record shorter than the header, or whose first field is blank, may be a blank
        # line or a row cut short: those go the slow way, which knows what to do.
        # (checked by C loops: a Python test per record costs as much as reading it)
        regular = (
            bool("".join(records[0]).strip())
            and min(map(len, records)) >= width
            and all(map(str.strip, map(itemgetter(0), records)))
        )
    if regular:
        check_header(records[0])
        rows, lines = records[1:], list(range(2, len(records) + 1))
    else:
        records = []  # not held while the file is read again
        read = list(strict_rows(opened(), dialect))
        if not read:
            return [], [], []
        records = [read[0][1]]
        rows, lines = [fields for _, fields in read[1:]], [line for line, _ in read[1:]]
    return [name.strip() for name in records[0]], rows, lines
