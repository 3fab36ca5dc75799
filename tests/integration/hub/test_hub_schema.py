"""The hub's own migrations, on both back-ends: from empty to head, nothing to do when
current, exactly what the models describe, and a refusal for a newer hub's schema; and
what a hub with no standards published says."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from clinicdesk.errors import StorageError
from clinicdesk.hub import db as hub_db
from clinicdesk.hub import service
from clinicdesk.hub.models import VERSION_TABLE, HubBase


def test_upgrade_from_empty_gives_exactly_the_models(db_url: str) -> None:
    database = hub_db.open_hub_database(db_url, upgrade_schema=False)
    try:
        assert hub_db.schema_status(database).current is None
        before = hub_db.upgrade(database)
        assert before.current is None
        status = hub_db.schema_status(database)
        assert status.is_current and status.current == hub_db.head_revision()
        assert hub_db.table_names(database) == {*HubBase.metadata.tables, VERSION_TABLE}
        assert all(name.startswith("hub_") for name in hub_db.table_names(database))
        assert hub_db.schema_differences(database) == []
        assert hub_db.upgrade(database).is_current  # a second upgrade has nothing to do
    finally:
        database.dispose()


def test_a_newer_hubs_schema_is_refused(db_url: str) -> None:
    database = hub_db.open_hub_database(db_url)
    try:
        with database.engine.begin() as conn:
            conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
        with pytest.raises(StorageError, match="newer ClinicDesk hub"):
            hub_db.upgrade(database)
    finally:
        database.dispose()


def test_a_hub_without_standards_says_what_is_missing(db_url: str) -> None:
    database = hub_db.open_hub_database(db_url)
    try:
        clinic, _key = service.add_clinic(database, "Early Clinic")
        with pytest.raises(service.Refusal, match="no contribution rate") as refused:
            service.clinic_info(database, clinic)
        assert refused.value.status == 503
        with pytest.raises(service.Refusal, match="no fund allocation") as refused:
            service.fund_statement(database, clinic, "2026-01", "2026-02")
        assert refused.value.status == 404
        empty = service.standards_page(database, None, 10)
        assert (empty.upserts, empty.next_cursor, empty.has_more) == ((), "0", False)
    finally:
        database.dispose()
