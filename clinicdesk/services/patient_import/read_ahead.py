"""Reading the next files while the server writes: on PostgreSQL the client's reading and
mapping of the files after the ones being written overlaps the server's insert of their
events, instead of following it (writing.Writer.while_waiting)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from clinicdesk.interop.records import Mapped
from clinicdesk.services.patient_import.writing import BATCH


class Readable(Protocol):
    """A file (or a CSV table: no path, never read ahead) and how to read it."""

    @property
    def path(self) -> Path | None: ...

    @property
    def read(self) -> Callable[[], Iterator[Mapped]]: ...


# Resources read ahead at most (`ReadAhead`): about one transaction of one-patient files,
# more than the client reads while the server writes a batch's events.
READ_AHEAD_RESOURCES = BATCH
# Only a file this small is read ahead: a Bundle is read whole, and a big file read ahead
# while another is written would double the memory the import needs.
READ_AHEAD_BYTES = 4 * 1024 * 1024


class ReadAhead:
    """Files not yet started, read and mapped while the server runs a batch's insert of
    events (`writing.Writer.while_waiting`, PostgreSQL), so that the client's reading of
    the next files overlaps the server's writing instead of following it. A file's first
    reading takes what was read ahead of it, then goes on where that stopped; an error met
    reading ahead is raised at the same point of that reading, so the file is refused in
    its own turn as before. At most READ_AHEAD_RESOURCES resources are held."""

    def __init__(self, units: Sequence[Readable]) -> None:
        self._units = units
        self._index = {id(unit): index for index, unit in enumerate(units)}
        self._next = 0  # the first file not started
        self._held: dict[int, _Held] = {}  # files from `_next` on, in order
        self._count = 0

    def read(self, unit: Readable) -> Iterator[Mapped]:
        """The file's resources: those read ahead, then the rest."""
        index = self._index.get(id(unit), -1)
        if index < self._next:  # read before (now written again, one by one)
            return unit.read()
        for passed in [i for i in self._held if i < index]:
            self._count -= len(self._held.pop(passed).items)
        self._next = index + 1
        held = self._held.pop(index, None)
        if held is None:
            return unit.read()
        self._count -= len(held.items)
        return held.replay()

    def fill(self) -> None:
        """Read ahead until READ_AHEAD_RESOURCES are held or no file is left to read."""
        index = max(self._held, default=self._next - 1)
        held = self._held.get(index)
        while self._count < READ_AHEAD_RESOURCES:
            if held is None or held.done:
                index += 1
                if index >= len(self._units) or not _small(self._units[index]):
                    return
                held = self._held[index] = _Held(self._units[index])
            self._count += held.take(READ_AHEAD_RESOURCES - self._count)

    def close(self) -> None:
        """Let go of what was read ahead (an import that stopped)."""
        self._held.clear()
        self._count = 0


def _small(unit: Readable) -> bool:
    if unit.path is None:
        return False
    try:
        return unit.path.stat().st_size <= READ_AHEAD_BYTES
    except OSError:
        return False  # its own reading says what is wrong


class _Held:
    """What was read ahead of one file: its first resources, in order, then where the
    reading stopped (the rest still to read, an error, or the end)."""

    def __init__(self, unit: Readable) -> None:
        self._unit = unit
        self.items: deque[Mapped] = deque()
        self._reading: Iterator[Mapped] | None = None
        self._error: Exception | None = None
        self.done = False

    def take(self, count: int) -> int:
        """Read up to `count` more resources; how many were read."""
        before = len(self.items)
        try:
            if self._reading is None:
                self._reading = iter(self._unit.read())
            for _ in range(count):
                self.items.append(next(self._reading))
        except StopIteration:
            self.done = True
        except Exception as error:  # raised again in the file's own turn
            self._error = error
            self.done = True
        return len(self.items) - before

    def replay(self) -> Iterator[Mapped]:
        items = self.items
        while items:
            yield items.popleft()
        if self._error is not None:
            raise self._error
        if not self.done and self._reading is not None:
            yield from self._reading
