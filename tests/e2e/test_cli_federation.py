"""`clinicdesk sync` and `clinicdesk federation …` in a child process against a real hub,
as a scheduler would run them: the API key from CLINICDESK_FEDERATION_API_KEY, since a
headless computer has no keyring. The clinic's database is a SQLite file and a
PostgreSQL schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.federation.credentials import ENV_API_KEY
from clinicdesk.federation.schemas import ContributionSubmission
from clinicdesk.services import federation_link
from clinicdesk.services import federation_store as store
from tests.helpers.cli import ROOT, CliResult, run_cli_as
from tests.helpers.hub import HubProcess, free_port
from tests.helpers.hub_fixtures import Member
from tests.integration.hub.bodies import contribution

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _connect(db: Database, admin: Principal, hub_url: str, clinic_id: str) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, hub_url, clinic_id)


def _connect_cli(
    home: Path, db_url: str, hub: HubProcess, member: Member, *extra: str
) -> CliResult:
    """`federation connect` with the key on standard input, on a computer without a
    keyring."""
    return run_cli_as(
        ROOT,
        home,
        "federation",
        "connect",
        "--db",
        db_url,
        "--hub",
        hub.base_url,
        "--clinic-id",
        member.clinic_id,
        *extra,
        "--api-key-stdin",
        stdin=member.api_key + "\n",
        env=NO_KEYRING,
    )


def _sync(home: Path, db_url: str, key: str) -> CliResult:
    return run_cli_as(
        ROOT, home, "sync", "--json", "--db", db_url, env={ENV_API_KEY: key, **NO_KEYRING}
    )


def test_sync_with_the_key_from_the_environment(
    home: Path, db: Database, db_url: str, admin: Principal, hub: HubProcess, member: Member
) -> None:
    _connect(db, admin, hub.base_url, member.clinic_id)

    first = _sync(home, db_url, member.api_key)
    assert first.returncode == 0, first
    report = first.json()
    assert report["hub_reachable"] is True
    assert report["errors"] == []
    assert report["pulled"]["standards"] > 0
    assert report["pulled"]["courses"] > 0
    assert report["pulled"]["packages"] == report["pulled"]["courses"]
    assert (report["pending"], report["dead"]) == (0, 0)

    second = _sync(home, db_url, member.api_key)
    assert second.returncode == 0, second
    assert second.json()["pulled"] == {"standards": 0, "courses": 0, "packages": 0}

    status = run_cli_as(ROOT, home, "federation", "status", "--json", "--db", db_url)
    assert status.returncode == 0, status
    shown = status.json()
    assert shown["connected"] is True
    assert (shown["hub_url"], shown["clinic_id"]) == (hub.base_url, member.clinic_id)
    assert shown["last_sync_at"]
    assert shown["outbox"]["pending"] == 0
    assert member.api_key not in status.stdout + first.stdout + first.stderr


def test_sync_with_the_hub_down_exits_1_and_keeps_the_message(
    home: Path, db: Database, db_url: str, admin: Principal, member: Member
) -> None:
    _connect(db, admin, f"http://127.0.0.1:{free_port()}", member.clinic_id)
    with db.uow() as uow:
        payload = ContributionSubmission.model_validate(contribution("2026-04"))
        store.enqueue(uow, "contribution", "contribution:2026-04", payload)
        uow.commit()

    result = _sync(home, db_url, member.api_key)
    assert result.returncode == 1, result
    report = result.json()
    assert report["hub_reachable"] is False
    # the contribution, and the day's counts of the two shipped policies queued by the run
    assert report["pending"] == 3
    assert "Traceback" not in result.stderr

    status = run_cli_as(ROOT, home, "federation", "status", "--json", "--db", db_url)
    assert status.json()["outbox"]["pending"] == 3


def test_sync_when_not_connected_says_how_to_connect(
    home: Path, db_url: str, admin: Principal
) -> None:
    result = _sync(home, db_url, "some-key")
    assert result.returncode == 6, result
    assert "not connected to a federation hub" in result.stderr
    assert "federation connect" in result.stderr


def test_connect_without_a_keyring_refuses_to_keep_the_key(
    home: Path, db_url: str, admin: Principal, hub: HubProcess, member: Member
) -> None:
    result = _connect_cli(home, db_url, hub, member)
    assert result.returncode == 6, result
    assert "no keyring" in result.stderr
    assert ENV_API_KEY in result.stderr
    assert "Traceback" not in result.stderr
    assert member.api_key not in result.stdout + result.stderr

    status = run_cli_as(ROOT, home, "federation", "status", "--json", "--db", db_url)
    assert status.json()["connected"] is False


def test_connect_with_a_missing_certificate_file_says_so_and_stores_nothing(
    home: Path, db_url: str, admin: Principal, hub: HubProcess, member: Member
) -> None:
    result = _connect_cli(home, db_url, hub, member, "--ca-bundle", str(home / "federation-ca.pem"))
    assert result.returncode != 0, result
    assert "certificate file" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    status = run_cli_as(ROOT, home, "federation", "status", "--json", "--db", db_url)
    assert status.json()["connected"] is False
