"""Reading the next files while PostgreSQL writes the ones before them.

On PostgreSQL most of a transaction's database time is the server inserting its events
(heap, four indexes, two foreign-key checks per row), during which the importer used to
wait idle. The writer now sends that insert from a helper thread and, while it waits,
calls `ReadAhead.fill`, which reads and maps the files that come next and holds their
records until the import asks for them. Nothing else changes: the insert is waited for
before the writer returns, so every statement, savepoint and commit happens in the same
order as before, and a file read ahead that fails raises its error when the import comes
to it, after the records read before the failure, as reading it then would have.

Memory stays flat: only files small enough to be decoded whole (fhir.WHOLE_FILE_LIMIT)
are read ahead, at most MAX_FILES of them or MAX_RESOURCES resources at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from clinicdesk.interop.records import Mapped

Reader = Callable[[], Iterator[Mapped]]

# At most one transaction's worth of files (run.FILES_PER_TRANSACTION) held at once.
MAX_FILES = 10
MAX_RESOURCES = 5_000


@dataclass
class _Held:
    """A file read ahead: its records, and the error that ended the reading, if any."""

    records: list[Mapped] = field(default_factory=list)
    error: BaseException | None = None

    def replay(self) -> Iterator[Mapped]:
        yield from self.records
        if self.error is not None:
            raise self.error


class ReadAhead:
    """The readers of `sources` ((reader, may be read ahead) in import order), wrapped:
    `readers[i]()` gives file i's records, from memory if `fill` read it ahead."""

    def __init__(self, sources: Sequence[tuple[Reader, bool]]) -> None:
        self._sources = list(sources)
        self._held: dict[int, _Held] = {}
        self._next = 0  # the first file neither asked for nor read ahead
        self.readers: list[Reader] = [self._reader(i) for i in range(len(self._sources))]

    def _reader(self, index: int) -> Reader:
        def read() -> Iterator[Mapped]:
            held = self._held.pop(index, None)
            self._next = max(self._next, index + 1)
            if held is None:  # not read ahead, or read a second time: from the file
                return self._sources[index][0]()
            return held.replay()

        return read

    def fill(self) -> None:
        """Read and map the next files (never touching the database) until MAX_FILES
        files or MAX_RESOURCES resources are held, or a file too big to hold is next."""
        held_resources = sum(len(h.records) for h in self._held.values())
        while (
            self._next < len(self._sources)
            and len(self._held) < MAX_FILES
            and held_resources < MAX_RESOURCES
        ):
            read, small = self._sources[self._next]
            if not small:
                return
            held = _Held()
            try:
                for mapped in read():
                    held.records.append(mapped)
            except Exception as error:  # raised again when the import reads the file
                held.error = error
            self._held[self._next] = held
            self._next += 1
            held_resources += len(held.records)
