"""The pytest plugin for tests that talk to a real hub process (tests/helpers/hub.py),
registered in tests/conftest.py:

- `hub_server`: `clinicdesk hub serve` on a seeded SQLite file, one per test module (a
  directory may override it, as tests/integration/hub does with one per back-end);
- `hub`: the same server for one test, which fails if the hub logged a WARNING, an ERROR
  or a traceback while it ran;
- `member`: a new member clinic with its own API key, added the way an operator does, so
  tests never see each other's contributions or completions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers.databases import database_url

if TYPE_CHECKING:
    from tests.helpers.hub import HubProcess

# The hub's modules (FastAPI, pydantic) are imported when a hub is first wanted, not when
# the plugin loads: pydantic's lazily loaded parts must not load for the first time while
# PySide6's import hook (pytest-qt loads Qt at start-up) inspects every import.


@contextmanager
def running_hub(backend: str, folder: Path) -> Iterator[HubProcess]:
    """A hub on a new database of `backend`, seeded with the default standards and
    courses; stopped (and its database dropped) afterwards, failing if it logged a
    problem while stopping."""
    from tests.helpers.hub import run_admin, start_hub

    with database_url(backend, folder) as url:
        code, out, err = run_admin(url, "seed")
        assert code == 0, f"{out}\n{err}"
        server = start_hub(url, folder)
        try:
            yield server
        finally:
            server.mark_log()
            server.stop()
        problems = server.log_problems()
        assert not problems, "The hub logged while stopping:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    with running_hub("sqlite", tmp_path_factory.mktemp("hub-sqlite")) as server:
        yield server


@pytest.fixture
def hub(hub_server: HubProcess) -> Iterator[HubProcess]:
    """The module's hub; the test fails if the hub logged a problem while it ran."""
    hub_server.mark_log()
    yield hub_server
    problems = hub_server.log_problems()
    if problems:
        pytest.fail("The hub logged:\n" + "\n".join(problems), pytrace=False)


MEMBER_SINCE = "2020-01-01"
"""The day test clinics joined the federation (`hub add-clinic --joined`): before every
month a test submits, since the hub refuses months before a clinic joined."""


@dataclass(frozen=True)
class Member:
    clinic_id: str
    api_key: str
    name: str


def add_member(hub: HubProcess, name: str = "Riverside Health Co-op") -> Member:
    """A new clinic, added the way an operator does (`hub add-clinic`), a member since
    MEMBER_SINCE."""
    from tests.helpers.hub import admin_json

    full_name = f"{name} {uuid.uuid4().hex[:6]}"
    created = admin_json(hub.db_url, "add-clinic", "--name", full_name, "--joined", MEMBER_SINCE)
    return Member(created["clinic_id"], created["api_key"], full_name)


@pytest.fixture
def member(hub: HubProcess) -> Member:
    return add_member(hub)
