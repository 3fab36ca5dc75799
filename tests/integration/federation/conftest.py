"""A real hub for the federation client's tests: one `clinicdesk hub serve` per test module
on a seeded SQLite file (`hub`), a new member clinic for every test (`member`), and
`make_client`, which builds a `HubClient` whose HTTP requests are counted and whose
back-off sleeps are recorded instead of slept."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from clinicdesk.federation.client import HubClient
from tests.helpers.databases import database_url
from tests.helpers.hub import HubProcess, admin_json, run_admin, start_hub


@contextmanager
def running_hub(backend: str, folder: Path) -> Iterator[HubProcess]:
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


@dataclass(frozen=True)
class Member:
    clinic_id: str
    api_key: str
    name: str


def add_member(hub: HubProcess, name: str = "Riverside Health Co-op") -> Member:
    """A new clinic, added the way an operator does (`hub add-clinic`)."""
    full_name = f"{name} {uuid.uuid4().hex[:6]}"
    created = admin_json(hub.db_url, "add-clinic", "--name", full_name)
    return Member(created["clinic_id"], created["api_key"], full_name)


@pytest.fixture
def member(hub: HubProcess) -> Member:
    return add_member(hub)


@dataclass
class Recorder:
    """What a client did: every HTTP response it received, every back-off it slept."""

    responses: list[requests.Response] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    def on_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.responses.append(response)

    @property
    def requests(self) -> int:
        return len(self.responses)


@pytest.fixture
def make_client() -> Iterator[Callable[..., tuple[HubClient, Recorder]]]:
    """`make_client(base_url, api_key, **options)` -> (client, recorder). The session
    ignores proxy settings from the environment (the hub is on 127.0.0.1); sleeps are
    recorded, and the jitter draw is 0.5 unless the test passes `rng`."""
    made: list[tuple[HubClient, requests.Session]] = []

    def build(base_url: str, api_key: str, **options: Any) -> tuple[HubClient, Recorder]:
        recorder = Recorder()
        session = requests.Session()
        session.trust_env = False
        session.hooks["response"].append(recorder.on_response)
        options.setdefault("sleep", recorder.sleeps.append)
        options.setdefault("rng", lambda: 0.5)
        client = HubClient(base_url, api_key, session=session, **options)
        made.append((client, session))
        return client, recorder

    yield build
    for client, session in made:
        client.close()
        session.close()
