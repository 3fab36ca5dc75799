"""Reading FHIR files as streams: NDJSON detected by content, a big Bundle read entry by
entry with a bounded buffer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinicdesk.interop import jsonstream
from clinicdesk.interop.fhir import FhirSource, SourceError
from tests.helpers.fhir_fixtures import SMART_2019


def test_ndjson_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "export.000"  # any name
    lines = [
        {"resourceType": "Patient", "id": f"p{i}", "name": [{"family": "F"}]} for i in range(3)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert [i.resource["id"] for i in FhirSource(path).resources()] == ["p0", "p1", "p2"]
    path.write_text(json.dumps(lines[0]) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2"):
        list(FhirSource(path).resources())


def test_a_big_bundle_is_read_entry_by_entry(tmp_path: Path) -> None:
    """The reader never holds the whole document: its buffer stays near one chunk plus
    one entry while the file is far larger."""
    source = next(SMART_2019.glob("Garrett_*"))
    bundle = json.loads(source.read_text(encoding="utf-8"))
    big = tmp_path / "big.json"
    bundle["entry"] = bundle["entry"] * 50
    big.write_text(json.dumps(bundle), encoding="utf-8")
    largest_entry = max(len(json.dumps(e)) for e in bundle["entry"])
    buffers: list[int] = []
    original = jsonstream._Buffer.value

    def spy(self: jsonstream._Buffer) -> Any:
        value = original(self)
        buffers.append(len(self.text))
        return value

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream._Buffer, "value", spy)
        count = sum(1 for _ in FhirSource(big).resources())
    assert count == len(bundle["entry"])
    assert big.stat().st_size > 7_000_000
    # the window grows by doubling while an entry is incomplete: at most ~4x one
    # chunk plus the largest entry, whatever the file's size
    assert max(buffers) <= 4 * (jsonstream.CHUNK + largest_entry)
    assert max(buffers) < big.stat().st_size / 10
