"""Files read ahead (while PostgreSQL writes the ones before them) come out as reading
them then would have: the same records, the same error after them, and a second reading
goes to the file again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinicdesk.interop.records import Mapped
from clinicdesk.services.patient_import import readahead


class _Source:
    """A file of `count` resources (optionally failing after them); counts its reads."""

    def __init__(self, name: str, count: int, fail: bool = False) -> None:
        self.name = name
        self.count = count
        self.fail = fail
        self.reads = 0

    def read(self) -> Iterator[Mapped]:
        self.reads += 1
        return self._records()

    def _records(self) -> Iterator[Mapped]:
        for n in range(self.count):
            yield Mapped(skipped=f"{self.name}-{n}")
        if self.fail:
            raise OSError(f"{self.name} broke")


def _names(records: Iterator[Mapped]) -> list[str | None]:
    return [m.skipped for m in records]


def test_files_read_ahead_replay_their_records_and_then_their_error() -> None:
    sources = [_Source("a", 2), _Source("b", 1, fail=True), _Source("c", 3)]
    ahead = readahead.ReadAhead([(s.read, True) for s in sources])
    first = ahead.readers[0]()  # the import asks for a: b and c may be read ahead
    ahead.fill()
    assert [s.reads for s in sources] == [1, 1, 1]
    assert _names(first) == ["a-0", "a-1"]
    second = ahead.readers[1]()
    assert next(second).skipped == "b-0"
    with pytest.raises(OSError, match="b broke"):
        next(second)
    assert _names(ahead.readers[2]()) == ["c-0", "c-1", "c-2"]
    assert [s.reads for s in sources] == [1, 1, 1]  # b and c came from memory
    # written again one by one (files written together and rolled back): from the file
    assert _names(ahead.readers[2]()) == ["c-0", "c-1", "c-2"]
    assert sources[2].reads == 2


def test_read_ahead_stops_at_a_big_file_and_at_its_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(readahead, "MAX_RESOURCES", 5)
    sources = [_Source(str(n), 3) for n in range(6)]
    small = [True, True, True, True, False, True]
    ahead = readahead.ReadAhead([(s.read, ok) for s, ok in zip(sources, small, strict=True)])
    ahead.fill()  # two files hold 6 resources: past the limit
    assert [s.reads for s in sources] == [1, 1, 0, 0, 0, 0]
    for n in range(2):
        assert len(_names(ahead.readers[n]())) == 3
    ahead.fill()  # the next two; then a file too big to hold stops it
    ahead.fill()
    assert [s.reads for s in sources] == [1, 1, 1, 1, 0, 0]
    for n in range(2, 6):
        assert len(_names(ahead.readers[n]())) == 3
    assert [s.reads for s in sources] == [1, 1, 1, 1, 1, 1]
