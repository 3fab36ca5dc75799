"""TLS to a hub whose certificate a federation's own authority signed: verification is
always on; the CA bundle (argument, local setting or environment) is what makes such a
hub trusted, and a missing or wrong bundle is a clear error, never a silent fallback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConfigurationError, PermissionDenied
from clinicdesk.federation import credentials
from clinicdesk.federation.address import CA_BUNDLE_ENV, check_ca_bundle, configured_ca_bundle
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.errors import HubUnreachable
from clinicdesk.local_settings import load_local_settings, save_local_settings
from clinicdesk.services import federation_link
from clinicdesk.services.sync import SyncEngine, default_client
from tests.helpers.databases import database_url
from tests.helpers.hub import HubProcess, admin_json, run_admin, start_hub
from tests.helpers.keyring_backend import MemoryKeyring

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    from tests.helpers.hub import make_test_ca

    return make_test_ca(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_hub(
    tmp_path_factory: pytest.TempPathFactory, tls_files: tuple[Path, Path, Path]
) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("hub-tls")
    with database_url("sqlite", folder) as url:
        code, out, err = run_admin(url, "seed")
        assert code == 0, f"{out}\n{err}"
        server = start_hub(url, folder, tls=tls_files)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(autouse=True)
def no_bundle_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CA_BUNDLE_ENV, raising=False)


def test_the_hubs_private_authority_is_refused_without_its_bundle(
    tls_hub: HubProcess, tls_files: tuple[Path, Path, Path]
) -> None:
    member = admin_json(tls_hub.db_url, "add-clinic", "--name", "Harbour Co-op")
    with (
        HubClient(tls_hub.base_url, member["api_key"], max_attempts=1) as client,
        pytest.raises(HubUnreachable, match="secure connection") as info,
    ):
        client.clinic()
    assert "--ca-bundle" in (info.value.hint or "")
    with HubClient(tls_hub.base_url, member["api_key"], ca_bundle=tls_files[2]) as client:
        assert client.clinic().clinic_id == member["clinic_id"]


def test_connect_with_the_bundle_keeps_it_for_this_computer_and_sync_uses_it(
    tls_hub: HubProcess,
    tls_files: tuple[Path, Path, Path],
    db: Database,
    admin: Principal,
    memory_keyring: MemoryKeyring,
) -> None:
    member = admin_json(tls_hub.db_url, "add-clinic", "--name", "Quay Street Co-op")
    bundle = str(tls_files[2])
    with pytest.raises(HubUnreachable):  # the system's authorities do not know this hub
        federation_link.connect_with_key(
            db, admin, tls_hub.base_url, member["clinic_id"], member["api_key"]
        )
    # no federation API key is kept (the clinic's audit key from set-up is another entry)
    assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []
    done = federation_link.connect_with_key(
        db,
        admin,
        tls_hub.base_url,
        member["clinic_id"],
        member["api_key"],
        ca_bundle=bundle,
    )
    assert done.link.hub_url == tls_hub.base_url and done.clinic_name == "Quay Street Co-op"
    assert credentials.load_api_key(tls_hub.base_url, member["clinic_id"]) == member["api_key"]

    # What the window and `federation connect --ca-bundle` do next: keep it locally.
    save_local_settings(replace(load_local_settings(), federation_ca_bundle=bundle))
    assert configured_ca_bundle() == str(Path(bundle).resolve())
    report = SyncEngine(db, default_client).run_once()
    assert report.hub_usable and not report.errors, report
    assert report.pulled["standards"] > 0


def test_a_bundle_that_is_missing_or_not_pem_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        check_ca_bundle(tmp_path / "nowhere.pem")
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("just some text", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not a PEM file"):
        check_ca_bundle(not_pem)
    # configured but gone: an error, not a quiet fall back to the usual authorities
    monkeypatch.setenv(CA_BUNDLE_ENV, str(tmp_path / "gone.pem"))
    with pytest.raises(ConfigurationError, match="does not exist"):
        configured_ca_bundle()


def test_the_environment_wins_over_the_local_setting(
    tmp_path: Path, tls_files: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert configured_ca_bundle() is None
    copy = tmp_path / "federation-ca.pem"
    shutil.copyfile(tls_files[2], copy)
    save_local_settings(replace(load_local_settings(), federation_ca_bundle=str(tls_files[2])))
    assert configured_ca_bundle() == str(tls_files[2].resolve())
    monkeypatch.setenv(CA_BUNDLE_ENV, str(copy))
    assert configured_ca_bundle() == str(copy.resolve())


def test_connecting_needs_the_manage_federation_permission(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    clinician = Principal(5, "dr.ng", "Dr Ng", frozenset({Role.CLINICIAN}))
    with pytest.raises(PermissionDenied):
        federation_link.connect_with_key(
            db, clinician, "https://hub.example.org", "c-1", "cdk_live_x"
        )
    # no federation API key is kept (the clinic's audit key from set-up is another entry)
    assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []
