"""The hub publishes the current ClinicDesk release (`hub serve --client-version …`) on
every answer; a sync keeps it, and a manager sees on Today, in `federation status` and in
the link's status that an update exists — only when the release is newer than this
program's. A release number or address the hub cannot stand behind is refused at start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinicdesk import __version__
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.domain.versions import is_newer, parse_release
from clinicdesk.services import federation_link, today
from clinicdesk.services.sync import SyncEngine
from tests.helpers.databases import database_url
from tests.helpers.hub import HubProcess, run_admin, start_hub
from tests.helpers.hub_fixtures import add_member
from tests.integration.federation.test_sync import Factory, MakeClient, link

DOWNLOAD = "https://downloads.example.org/clinicdesk/99.0.0/"


@pytest.fixture(scope="module")
def publishing_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("hub-release")
    with database_url("sqlite", folder) as url:
        code, out, err = run_admin(url, "seed")
        assert code == 0, out + err
        server = start_hub(
            url,
            folder,
            extra_args=["--client-version", "99.0.0", "--client-download-url", DOWNLOAD],
        )
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def factory(make_client: MakeClient) -> Factory:
    return Factory(make_client)


def test_release_numbers_compare_as_numbers() -> None:
    assert parse_release("1.2.0") == parse_release("1.2") == (1, 2)
    assert is_newer("0.10.0", "0.9.3") and not is_newer("0.9.3", "0.10.0")
    assert not is_newer("1.2", "1.2.0")
    for bad in ("", "1.x", "v1.2", "1..2", "1.2.3.4.5", "١.٢"):
        assert parse_release(bad) is None
        assert not is_newer(bad, "0.1.0")


def test_a_sync_keeps_the_release_and_a_manager_is_told(
    db: Database, admin: Principal, publishing_hub: HubProcess, factory: Factory
) -> None:
    member = add_member(publishing_hub)
    link(db, admin, publishing_hub.base_url, member)
    with db.uow(read_only=True) as uow:
        assert federation_link.link_status(uow).update_available is None  # not heard yet

    report = SyncEngine(db, factory).run_once()
    assert report.client_release == "99.0.0"
    assert report.as_json()["client_release"] == "99.0.0"
    # Every answer carried it; the engine's requests were the usual ones (no extra call).
    assert all(r.headers["ClinicDesk-Client-Version"] == "99.0.0" for r in factory.last.responses)
    with db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
        summary = today.summary(uow, admin)
    assert status.update_available == "99.0.0"
    assert status.client_download == DOWNLOAD
    assert status.as_json()["update_available"] == "99.0.0"
    assert summary.federation is not None
    assert (summary.federation.update, summary.federation.update_download) == ("99.0.0", DOWNLOAD)


def test_the_hub_publishing_this_release_announces_nothing(
    db: Database, admin: Principal, hub: HubProcess, tmp_path: Path, factory: Factory
) -> None:
    folder = tmp_path / "hub-same"
    folder.mkdir()
    with database_url("sqlite", folder) as url:
        assert run_admin(url, "seed")[0] == 0
        server = start_hub(url, folder, extra_args=["--client-version", __version__])
        try:
            member = add_member(server)
            link(db, admin, server.base_url, member)
            report = SyncEngine(db, factory).run_once()
        finally:
            server.stop()
    assert report.client_release == __version__
    with db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
        summary = today.summary(uow, admin)
    assert status.client_release == __version__ and status.update_available is None
    assert summary.federation is not None and summary.federation.update is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--client-version", "latest"], "not a ClinicDesk release number"),
        (["--client-version", "1.0", "--client-download-url", "http://x.example/"], "https://"),
        (["--client-download-url", "https://x.example/"], "goes with --client-version"),
    ],
)
def test_the_hub_refuses_a_release_it_cannot_stand_behind(
    tmp_path: Path, args: list[str], says: str
) -> None:
    code, out, err = run_admin(f"sqlite:///{tmp_path / 'hub.sqlite3'}", "serve", *args)
    assert code != 0
    assert says in out + err
