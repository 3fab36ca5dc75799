"""The audit trail's hash chain rules (domain/audit)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clinicdesk.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    canonical_details,
    canonical_timestamp,
    event_hash,
)

BASE = AuditRecord(
    seq=7,
    occurred_at=datetime(2026, 5, 1, 12, 30, 45, 123456),
    actor_id=3,
    actor_name="mlindqvist",
    action="user.add",
    entity_type="user",
    entity_id="okafor",
    details=canonical_details({"roles": "clinician"}),
    prev_hash="ab" * 32,
)

# One changed value per field; the test below checks that the list covers every field.
CHANGES: dict[str, Any] = {
    "seq": 8,
    "occurred_at": BASE.occurred_at + timedelta(microseconds=1),
    "actor_id": None,
    "actor_name": "mlindqvisT",
    "action": "user.disable",
    "entity_type": "users",
    "entity_id": "okafor2",
    "details": canonical_details({"roles": "admin"}),
    "prev_hash": "ac" + "ab" * 31,
}


def test_hash_is_a_stable_sha256_hex() -> None:
    digest = event_hash(BASE)
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert digest == event_hash(dataclasses.replace(BASE))


def test_every_field_is_covered_by_the_changes_below() -> None:
    assert set(CHANGES) == {f.name for f in dataclasses.fields(AuditRecord)}


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_hash_changes_when_any_field_changes(field: str) -> None:
    changed = dataclasses.replace(BASE, **{field: CHANGES[field]})
    assert event_hash(changed) != event_hash(BASE)


def test_actor_id_zero_and_none_differ() -> None:
    assert event_hash(dataclasses.replace(BASE, actor_id=0)) != event_hash(
        dataclasses.replace(BASE, actor_id=None)
    )


def test_fields_cannot_be_shifted_into_each_other() -> None:
    # "ab" + "c" and "a" + "bc" must not hash alike: the payload keeps field boundaries.
    one = dataclasses.replace(BASE, entity_type="ab", entity_id="c")
    two = dataclasses.replace(BASE, entity_type="a", entity_id="bc")
    assert event_hash(one) != event_hash(two)


def test_timestamp_ignores_the_zone_label_of_a_utc_time() -> None:
    naive = BASE.occurred_at
    aware = naive.replace(tzinfo=UTC)
    assert canonical_timestamp(naive) == canonical_timestamp(aware) == "2026-05-01T12:30:45.123456"
    assert event_hash(dataclasses.replace(BASE, occurred_at=aware)) == event_hash(BASE)


def test_timestamp_keeps_microseconds_even_when_zero() -> None:
    assert canonical_timestamp(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000000"


def test_canonical_details_is_order_independent() -> None:
    one = canonical_details({"b": 1, "a": {"y": [1, 2], "x": "é"}, "c": None})
    two = canonical_details({"c": None, "a": {"x": "é", "y": [1, 2]}, "b": 1})
    assert one == two
    assert one == '{"a":{"x":"é","y":[1,2]},"b":1,"c":null}'


def test_canonical_details_of_nothing_is_an_empty_object() -> None:
    assert canonical_details(None) == "{}"
    assert canonical_details({}) == "{}"


def test_canonical_details_distinguishes_values() -> None:
    assert canonical_details({"a": 1}) != canonical_details({"a": "1"})
    assert canonical_details({"a": [1, 2]}) != canonical_details({"a": [2, 1]})


def test_canonical_details_writes_other_values_as_text() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5)
    assert canonical_details({"when": moment}) == '{"when":"2026-01-02 03:04:05"}'


def test_genesis_hash() -> None:
    assert GENESIS_HASH == "0" * 64
