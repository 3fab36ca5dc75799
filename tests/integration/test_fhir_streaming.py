"""Reading FHIR files as streams: NDJSON detected by content, a big Bundle read entry by
entry with a bounded buffer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinicdesk.interop import jsonstream
from clinicdesk.interop.fhir import FhirSource, SourceError, source
from tests.helpers.fhir_fixtures import FHIR_FIXTURES, SMART_2019


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


def _items(path: Path) -> list[tuple[Any, str | None]]:
    return [(item.resource, item.full_url) for item in FhirSource(path).resources()]


def test_a_small_file_decoded_whole_gives_what_the_stream_gives() -> None:
    """Files under the limit are decoded at once, larger ones streamed: every fixture
    (bundles, NDJSON, single resources) gives the same items, in the same order, both
    ways."""
    files = sorted(p for p in FHIR_FIXTURES.rglob("*") if p.suffix in (".json", ".ndjson"))
    assert len(files) > 20
    decoded_whole: list[bool] = []
    original = FhirSource._whole_document

    def spy(self: FhirSource, handle: Any) -> Any:
        items = original(self, handle)
        decoded_whole.append(items is not None)
        return items

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FhirSource, "_whole_document", spy)
        whole = {path: _items(path) for path in files}
        # every JSON document was decoded whole (and NDJSON files of one line), the
        # other NDJSON files streamed
        assert decoded_whole.count(True) >= sum(p.suffix == ".json" for p in files)
        assert not all(decoded_whole)
        decoded_whole.clear()
        patch.setattr(source, "WHOLE_FILE_LIMIT", -1)  # now every file is streamed
        streamed = {path: _items(path) for path in files}
        assert not any(decoded_whole)
    assert streamed == whole


@pytest.mark.parametrize("limit", [source.WHOLE_FILE_LIMIT, -1], ids=["whole", "streamed"])
def test_a_resource_with_entries_is_refused_both_ways(
    tmp_path: Path, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "WHOLE_FILE_LIMIT", limit)
    path = tmp_path / "odd.json"
    entry = {"resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "F"}]}}
    path.write_text(json.dumps({"resourceType": "List", "entry": [entry]}), encoding="utf-8")
    with pytest.raises(SourceError, match="has an `entry` list but is not a Bundle"):
        list(FhirSource(path).resources())
    path.write_text('{"resourceType": "Bundle", "entry": [{"resource": ', encoding="utf-8")
    with pytest.raises(SourceError, match="is not valid JSON"):
        list(FhirSource(path).resources())
