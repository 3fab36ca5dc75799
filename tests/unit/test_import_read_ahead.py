"""The import's read-ahead (services/patient_import/read_ahead): files not yet started are
read while the server writes, and each file's reading then gives exactly what reading it
in its own turn would have given, errors included, each resource read once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinicdesk.interop.fhir import SourceError
from clinicdesk.interop.records import Mapped
from clinicdesk.services.patient_import import read_ahead, run


class _File:
    """A file of `size` resources that fails after `fails_after` of them (if given),
    counting how often each resource was read."""

    def __init__(self, path: Path, name: str, size: int, fails_after: int | None = None) -> None:
        self.path = path / name
        self.path.write_text("{}", encoding="utf-8")
        self.name = name
        self.size = size
        self.fails_after = fails_after
        self.reads = 0  # resources read, over every reading

    def read(self) -> Iterator[Mapped]:
        for number in range(self.size):
            if number == self.fails_after:
                raise SourceError(f"{self.name}: entry {number} is broken")
            self.reads += 1
            yield Mapped(skipped=f"{self.name}/{number}")

    def unit(self) -> run._Unit:
        return run._Unit(str(self.path), self.read, self.path)


def _names(items: Iterator[Mapped]) -> list[str | None]:
    return [item.skipped for item in items]


def test_files_read_ahead_give_what_they_would_have_given_each_resource_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_ahead, "READ_AHEAD_RESOURCES", 5)
    files = [_File(tmp_path, name, size) for name, size in (("a", 2), ("b", 3), ("c", 4))]
    units = [f.unit() for f in files]
    ahead = read_ahead.ReadAhead(units)
    first = ahead.read(units[0])
    assert next(first).skipped == "a/0"
    ahead.fill()  # while the server writes: b whole and two of c, not the rest of a
    assert [f.reads for f in files] == [1, 3, 2]
    assert _names(first) == ["a/1"]
    assert _names(ahead.read(units[1])) == ["b/0", "b/1", "b/2"]
    ahead.fill()  # c goes on where it stopped
    assert files[2].reads == 4
    assert _names(ahead.read(units[2])) == ["c/0", "c/1", "c/2", "c/3"]
    assert [f.reads for f in files] == [2, 3, 4]
    # a file read again (written one by one after its group failed) is read afresh
    assert _names(ahead.read(units[1])) == ["b/0", "b/1", "b/2"]


def test_an_error_met_reading_ahead_is_raised_in_that_files_own_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_ahead, "READ_AHEAD_RESOURCES", 10)
    good, broken, after = (
        _File(tmp_path, "good", 1),
        _File(tmp_path, "broken", 5, fails_after=2),
        _File(tmp_path, "after", 2),
    )
    units = [good.unit(), broken.unit(), after.unit()]
    ahead = read_ahead.ReadAhead(units)
    assert _names(ahead.read(units[0])) == ["good/0"]
    ahead.fill()  # no error here: the broken file is still to be written
    assert (broken.reads, after.reads) == (2, 2)
    reading = ahead.read(units[1])
    assert _names([next(reading), next(reading)]) == ["broken/0", "broken/1"]
    with pytest.raises(SourceError, match="entry 2 is broken"):
        next(reading)
    assert _names(ahead.read(units[2])) == ["after/0", "after/1"]


def test_only_small_files_are_read_ahead_and_no_more_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_ahead, "READ_AHEAD_RESOURCES", 3)
    files = [_File(tmp_path, name, 2) for name in ("a", "b", "c", "d")]
    files[2].path.write_bytes(b" " * (read_ahead.READ_AHEAD_BYTES + 1))  # c is big
    units = [f.unit() for f in files]
    ahead = read_ahead.ReadAhead(units)
    assert _names(ahead.read(units[0])) == ["a/0", "a/1"]
    ahead.fill()
    assert [f.reads for f in files] == [2, 2, 0, 0]  # stops before the big file
    assert _names(ahead.read(units[1])) == ["b/0", "b/1"]
    assert _names(ahead.read(units[2])) == ["c/0", "c/1"]  # read in its own turn
    ahead.fill()
    ahead.fill()
    assert files[3].reads == 2
    # a CSV table (no path) is never read ahead
    table = run._Unit("patients.csv", files[0].read)
    ahead = read_ahead.ReadAhead([files[1].unit(), table])
    ahead.read(ahead._units[0])
    ahead.fill()
    assert files[0].reads == 2
