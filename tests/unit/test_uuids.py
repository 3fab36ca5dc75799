"""conventions.new_uuids: many random UUIDs at once, each what new_uuid would write."""

from __future__ import annotations

import uuid

from clinicdesk.db.conventions import new_uuid, new_uuids


def test_bulk_uuids_are_distinct_version_4_uuids_written_like_new_uuid() -> None:
    made = new_uuids(2000)
    assert len(made) == len(set(made)) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text and len(text) == len(new_uuid())
    assert new_uuids(0) == []
