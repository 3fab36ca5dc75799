"""The same request from several threads at once, against two hub worker processes on
one PostgreSQL database, and against one worker (its thread pool) on a SQLite file: the
unique constraints, not a read-then-write check, decide."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from clinicdesk.hub import service
from clinicdesk.hub.db import open_hub_database
from tests.helpers.databases import database_url
from tests.helpers.hub import HubProcess, admin_json, run_admin, start_hub
from tests.helpers.hub_fixtures import MEMBER_SINCE
from tests.integration.hub.bodies import contribution, new_key

THREADS = 8


@pytest.fixture(params=[("postgresql", 2), ("sqlite", 1)], ids=["postgresql-2-workers", "sqlite"])
def busy_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HubProcess]:
    backend, workers = request.param
    with database_url(backend, tmp_path) as url:
        assert run_admin(url, "seed")[0] == 0  # the rate contributions are checked against
        server = start_hub(url, tmp_path, workers=workers)
        try:
            yield server
        finally:
            server.stop()
        assert server.log().count("Started server process") == workers, server.log()
        assert server.log_problems() == [], server.log()


def _at_once(base_url: str, api_key: str, requests_to_send: list[tuple[str, dict]]) -> list:
    """POST each (key, body) from its own thread, all released together."""
    barrier = threading.Barrier(len(requests_to_send))
    results: list[requests.Response | BaseException | None] = [None] * len(requests_to_send)

    def send(index: int, key: str, body: dict) -> None:
        with requests.Session() as session:
            session.trust_env = False
            headers = {"Authorization": f"Bearer {api_key}", "Idempotency-Key": key}
            try:
                barrier.wait(timeout=10)
                results[index] = session.post(
                    f"{base_url}/v1/contributions", json=body, headers=headers, timeout=30
                )
            except BaseException as error:  # reported by the test, not lost in a thread
                results[index] = error

    threads = [
        threading.Thread(target=send, args=(i, key, body))
        for i, (key, body) in enumerate(requests_to_send)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        assert isinstance(result, requests.Response), result
    return results


def test_the_same_post_at_once_is_stored_once(busy_hub: HubProcess) -> None:
    created = admin_json(
        busy_hub.db_url, "add-clinic", "--name", "Busy Clinic", "--joined", MEMBER_SINCE
    )
    body = contribution("2026-07")
    key = new_key()
    responses = _at_once(busy_hub.base_url, created["api_key"], [(key, body)] * THREADS)
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.content for r in responses}) == 1  # one receipt, byte for byte
    assert sum(1 for r in responses if "Idempotent-Replayed" not in r.headers) == 1

    originals = [(new_key(), contribution("2026-08", f"{1000 + i}.00")) for i in range(THREADS)]
    responses = _at_once(busy_hub.base_url, created["api_key"], originals)
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (THREADS - 1), [r.text for r in responses]
    assert all(
        r.json()["type"] == "urn:clinicdesk:problem:period-already-submitted"
        for r in responses
        if r.status_code == 409
    )

    db = open_hub_database(busy_hub.db_url, upgrade_schema=False)
    try:
        stored = service.list_contributions(db, created["clinic_id"])
    finally:
        db.dispose()
    assert [(r.period, r.sequence) for r in stored] == [("2026-07", 0), ("2026-08", 0)]
    winner = next(r for r in responses if r.status_code == 201).json()
    assert stored[1].receipt_id == winner["receipt_id"]
