"""Reading FHIR files as streams: NDJSON detected by content, a big Bundle read entry by
entry with a bounded buffer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinicdesk.interop import jsonstream
from clinicdesk.interop.fhir import FhirSource, SourceError, source
from clinicdesk.interop.fhir.mapper import READS_WHOLE
from clinicdesk.interop.records import Mapped
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


def _items(path: Path) -> tuple[list[tuple[Any, str | None]], list[Mapped], tuple[Any, ...]]:
    """A file's items (a resource the mapper reads only by type and id as those two, as
    the whole document's reading hands it over), what the mapper makes of each, and the
    mapper's index after them."""
    reader = FhirSource(path)
    items: list[tuple[Any, str | None]] = []
    mapped: list[Mapped] = []
    for item in reader.resources():
        resource = item.resource
        if resource["resourceType"] not in READS_WHOLE:
            resource = {"resourceType": resource["resourceType"], "id": resource.get("id")}
        items.append((resource, item.full_url))
        mapped.append(reader.mapper.map(item))
    mapper = reader.mapper
    return items, mapped, (mapper.full_urls, mapper.practitioners, mapper.medications)


def test_a_small_file_decoded_whole_gives_what_the_stream_gives() -> None:
    """Files under the limit are decoded at once, larger ones streamed: every fixture
    (bundles, NDJSON, single resources) gives the same items, in the same order, the
    same records and skips and the same reference index, both ways. (Decoded whole, a
    Bundle's claims come as their type and id alone: the mapper reads no more of them.)"""
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


_ODD_BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:pr1",
            "resource": {
                "resourceType": "Practitioner",
                "id": "pr1",
                "name": [{"family": "Ng", "given": ["Ann"]}],
            },
        },
        {
            "fullUrl": "urn:uuid:p1",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "name": [{"family": "Okafor", "given": ["Ada"]}],
                "gender": "female",
                "birthDate": "1970-02-03",
            },
        },
        {
            "fullUrl": "urn:uuid:c1",
            "resource": {
                "resourceType": "Claim",
                "id": " c1 ",
                "total": {"value": 12.50},
                "note": "Zoë",
            },
        },
        {"resource": {"resourceType": "Claim", "total": {"value": 1}}},  # no id, no fullUrl
        {"fullUrl": "urn:uuid:c3", "resource": {"resourceType": "Claim", "id": "  "}},
        {"fullUrl": "urn:uuid:c4", "resource": {"resourceType": "Claim", "id": 7}},
        {"request": {"method": "DELETE", "url": "Patient/p9"}},
        {"fullUrl": "urn:uuid:x", "resource": None},
        {
            "resource": {
                "resourceType": "Bundle",
                "entry": [{"resource": {"resourceType": "Organization", "id": "o1"}}],
            }
        },
        {
            "fullUrl": "urn:uuid:e1",
            "resource": {
                "resourceType": "Encounter",
                "id": "e1",
                "subject": {"reference": "urn:uuid:p1"},
                "period": {"start": "2020-01-02T10:00:00Z"},
                "participant": [{"individual": {"reference": "urn:uuid:pr1"}}],
            },
        },
    ],
}


def test_a_bundle_decoded_whole_reads_odd_entries_as_the_stream_does(tmp_path: Path) -> None:
    """Decoded whole, a Bundle's resources of types the mapper reads only by type and id
    stay undecoded (the claim comes as its type and id); any other entry (no id, a blank
    or numeric id, no resource, null, a nested Bundle) is decoded and read as the stream
    reads it: the same items, records, skips and index."""
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(_ODD_BUNDLE, ensure_ascii=False), encoding="utf-8")
    whole = _items(path)
    raw = [item.resource for item in FhirSource(path).resources()]
    assert {"resourceType": "Claim", "id": " c1 "} in raw  # the claim was left undecoded
    assert {"resourceType": "Claim", "total": {"value": 1}} in raw  # read whole: no id
    assert {"resourceType": "Organization", "id": "o1"} in raw  # the nested Bundle's
    assert len(raw) == 8
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "WHOLE_FILE_LIMIT", -1)
        assert _items(path) == whole
    encounter = whole[1][-1].records[0]
    assert encounter.practitioner == "Ann Ng"  # the practitioner was read whole


# Entries whose first key names a type the mapper reads whole (decoded at once, without
# reading their head first) but that name their type again further on, or have no id:
# JSON keeps the last of a key named twice, so the first is a claim and the second an
# observation, which only the last key says; the third is a claim that opens as one.
_TWICE_NAMED = (
    '{"resourceType": "Bundle", "entry": ['
    '{"fullUrl": "urn:uuid:o1", "resource": {"resourceType": "Observation", "id": "o1", '
    '"resourceType": "Claim", "id": "c9"}}, '
    '{"fullUrl": "urn:uuid:o2", "resource": {"resourceType": "Claim", "id": "c2", '
    '"status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "1-8"}]}, '
    '"subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-01-02", '
    '"valueString": "x", "resourceType": "Observation", "id": "o2"}}, '
    '{"resource": {"resourceType": "Observation", "status": "final", '
    '"code": {"coding": [{"system": "http://loinc.org", "code": "2-6"}]}, '
    '"subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-01-03", '
    '"valueString": "y"}}, '
    '{"fullUrl": "urn:uuid:c3", "resource": {"resourceType": "Claim", "id": "c3"}}'
    "]}"
)


def test_a_resource_named_twice_reads_as_the_stream_reads_it(tmp_path: Path) -> None:
    """Decoded whole, a resource that opens with a type the mapper reads whole is decoded
    at once: one that names its type or id again further on, or has no id, gives the
    same items, records, skips and index as the stream, which keeps the last of each."""
    path = tmp_path / "twice.json"
    path.write_text(_TWICE_NAMED, encoding="utf-8")
    whole = _items(path)
    raw = [item.resource for item in FhirSource(path).resources()]
    assert [r["resourceType"] for r in raw] == ["Claim", "Observation", "Observation", "Claim"]
    assert raw[0]["id"] == "c9" and raw[1]["id"] == "o2"
    assert raw[3] == {"resourceType": "Claim", "id": "c3"}  # the claim left undecoded
    mapped = whole[1]
    assert mapped[0].skipped is not None and "Claim" in mapped[0].skipped
    assert mapped[1].records[0].external_id == "fhir:Observation/o2"
    # no id and no fullUrl: named by a digest of the whole resource, so it was whole
    assert mapped[2].records[0].external_id.startswith("fhir:Observation/sha1-")
    assert whole[2][0]["urn:uuid:o1"] == ("Claim", "c9")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "WHOLE_FILE_LIMIT", -1)
        assert _items(path) == whole


_LONG_CLAIM = '[{"resource": {"resourceType": "Claim", "id": "c", "x": "' + "a" * 20_000


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("[1]", "a Bundle entry is not a JSON object"),
        ('[{"resource": 5}]', "a Bundle entry has no resourceType"),
        ('[{"resource": {"id": "x"}}]', "a Bundle entry has no resourceType"),
        # past the first chunk the text reader decodes to find the first character
        (_LONG_CLAIM + '\xff"}}]', "not UTF-8"),
    ],
)
@pytest.mark.parametrize("limit", [source.WHOLE_FILE_LIMIT, -1], ids=["whole", "streamed"])
def test_a_bad_entry_is_refused_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, entry: str, message: str
) -> None:
    """Even where the whole document's reading leaves a resource undecoded (a claim's
    bytes that are not UTF-8), a file is refused as before."""
    monkeypatch.setattr(source, "WHOLE_FILE_LIMIT", limit)
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"resourceType": "Bundle", "entry": ' + entry.encode("latin-1") + b"}")
    with pytest.raises(SourceError, match=message):
        list(FhirSource(path).resources())


def test_utf8_is_checked_chunk_by_chunk_across_boundaries() -> None:
    """Text that is not ASCII is checked as UTF-8 before a Bundle's resources are left
    undecoded: a character cut by a chunk's end is still whole, bytes that are not UTF-8
    anywhere (even at the very end) send the file the long way, which refuses it."""
    chunk = source._UTF8_CHUNK
    head = b'{"resourceType": "Bundle", "entry": [], "note": "'
    padded = head + b"a" * (chunk - len(head) - 1) + "é".encode() + b'"}'
    assert padded[chunk - 1 : chunk + 1] == "é".encode()  # the character spans the cut
    assert source._bundle_entries(padded) == []
    assert source._bundle_entries(padded[:-2] + b'\xff"}') is None
    assert source._bundle_entries(head + "中".encode()[:2] + b'"}') is None
