"""A real hub process per database back-end, shared by the tests of a run, and a fresh
member clinic (with its own API key) for every test, so tests never see each other's
contributions or completions.

- `hub_server`: `clinicdesk hub serve` on 127.0.0.1 and a free port, against a new SQLite
  file or a new PostgreSQL schema, seeded with the default standards and courses; stopped
  (and its database dropped) at the end of the run.
- `hub` (tests/helpers/hub_fixtures.py): the same server for one test; the test fails if
  the hub logged a WARNING, an ERROR or a traceback while it ran.
- `clinic`, `other_clinic`: an HTTP client authenticated as a new clinic.
- `hub_db`: the hub's database, opened in the test process, to check what was stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from clinicdesk.hub import service
from clinicdesk.hub.db import HubDatabase, open_hub_database
from tests.helpers.databases import BACKENDS
from tests.helpers.hub import HubClient, HubProcess
from tests.helpers.hub_fixtures import MEMBER_SINCE, running_hub


@pytest.fixture(scope="session", params=BACKENDS)
def hub_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HubProcess]:
    backend = str(request.param)
    with running_hub(backend, tmp_path_factory.mktemp(f"hub-{backend}")) as server:
        yield server


@pytest.fixture(scope="session")
def _hub_db_session(hub_server: HubProcess) -> Iterator[HubDatabase]:
    db = open_hub_database(hub_server.db_url, upgrade_schema=False)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def hub_db(hub: HubProcess, _hub_db_session: HubDatabase) -> HubDatabase:
    return _hub_db_session


@dataclass
class ClinicClient:
    clinic_id: str
    api_key: str
    http: HubClient


def _new_clinic(hub: HubProcess, db: HubDatabase, name: str) -> ClinicClient:
    ref, api_key = service.add_clinic(
        db, f"{name} {uuid.uuid4().hex[:6]}", date.fromisoformat(MEMBER_SINCE)
    )
    return ClinicClient(ref.clinic_id, api_key, hub.client(api_key))


@pytest.fixture
def clinic(hub: HubProcess, hub_db: HubDatabase) -> Iterator[ClinicClient]:
    member = _new_clinic(hub, hub_db, "Riverside Health Co-op")
    yield member
    member.http.close()


@pytest.fixture
def other_clinic(hub: HubProcess, hub_db: HubDatabase) -> Iterator[ClinicClient]:
    member = _new_clinic(hub, hub_db, "Hillview Community Clinic")
    yield member
    member.http.close()


@pytest.fixture
def anonymous(hub: HubProcess) -> Iterator[HubClient]:
    client = hub.client()
    yield client
    client.close()
