"""For the federation client's tests (the hub, one per module, and a new member clinic per
test come from tests/helpers/hub_fixtures.py): `make_client`, which builds a `HubClient`
whose HTTP requests are counted and whose back-off sleeps are recorded instead of slept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from clinicdesk.federation.client import HubClient


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
