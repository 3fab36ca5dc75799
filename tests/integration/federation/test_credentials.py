"""The federation API key lives only in the OS keyring (here the in-memory fake from
tests/conftest.py); the environment variable wins for scheduled runs; without a usable
keyring the person is told what to do and nothing is written to a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

from clinicdesk.errors import ConfigurationError
from clinicdesk.federation.credentials import (
    ENV_API_KEY,
    KEYRING_SERVICE,
    KeyringUnavailable,
    MissingApiKey,
    delete_api_key,
    keyring_username,
    load_api_key,
    store_api_key,
)
from tests.helpers.keyring_backend import MemoryKeyring

HUB = "https://hub.example.org/"
CLINIC = "c-4f1e"
KEY = "cdk_live_3f9a8b7c6d5e4f30"


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_API_KEY, raising=False)


def files_under(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file()) if home.exists() else []


def test_store_load_delete(memory_keyring: MemoryKeyring) -> None:
    store_api_key(HUB, CLINIC, KEY)
    assert memory_keyring.store == {
        (KEYRING_SERVICE, "c-4f1e@https://hub.example.org"): KEY,
    }
    assert keyring_username(HUB, CLINIC) == "c-4f1e@https://hub.example.org"
    assert load_api_key("https://hub.example.org", CLINIC) == KEY

    store_api_key(HUB, CLINIC, "cdk_live_replacement")
    assert load_api_key(HUB, CLINIC) == "cdk_live_replacement"
    assert len(memory_keyring.store) == 1

    assert delete_api_key(HUB, CLINIC) is True
    assert memory_keyring.store == {}
    assert delete_api_key(HUB, CLINIC) is False


def test_keys_are_kept_per_clinic_and_hub() -> None:
    store_api_key(HUB, CLINIC, KEY)
    store_api_key("https://other-hub.example.org", CLINIC, "cdk_other_hub")
    store_api_key(HUB, "c-9999", "cdk_other_clinic")
    assert load_api_key(HUB, CLINIC) == KEY
    assert load_api_key("https://other-hub.example.org", CLINIC) == "cdk_other_hub"
    assert load_api_key(HUB, "c-9999") == "cdk_other_clinic"


def test_a_missing_key_says_to_connect() -> None:
    with pytest.raises(MissingApiKey) as caught:
        load_api_key(HUB, CLINIC)
    assert isinstance(caught.value, ConfigurationError)
    assert "clinicdesk federation connect" in str(caught.value)
    assert CLINIC in str(caught.value)


def test_the_environment_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    store_api_key(HUB, CLINIC, KEY)
    monkeypatch.setenv(ENV_API_KEY, " cdk_from_scheduler \n")
    assert load_api_key(HUB, CLINIC) == "cdk_from_scheduler"
    monkeypatch.setenv(ENV_API_KEY, "")
    assert load_api_key(HUB, CLINIC) == KEY


def test_an_empty_key_is_not_stored(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(ConfigurationError):
        store_api_key(HUB, CLINIC, "  ")
    assert memory_keyring.store == {}


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_storing_fails_clearly_and_writes_no_file(
    no_keyring: None, isolated_home: Path
) -> None:
    home = Path(os.environ["CLINICDESK_HOME"])
    before = files_under(isolated_home)
    with pytest.raises(KeyringUnavailable) as caught:
        store_api_key(HUB, CLINIC, KEY)
    message = str(caught.value)
    assert isinstance(caught.value, ConfigurationError)
    assert "keyring" in message.lower()
    assert ENV_API_KEY in message
    assert "not store the key in a file" in message
    assert files_under(isolated_home) == before
    assert files_under(home) == []
    assert not any(KEY in p.read_text(errors="replace") for p in files_under(isolated_home))

    with pytest.raises(KeyringUnavailable):
        load_api_key(HUB, CLINIC)
    with pytest.raises(KeyringUnavailable):
        delete_api_key(HUB, CLINIC)


def test_without_a_keyring_the_environment_variable_still_works(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_API_KEY, KEY)
    assert load_api_key(HUB, CLINIC) == KEY


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the keyring is locked")


def test_a_locked_keyring_is_reported_as_unusable() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        for attempt in (
            lambda: store_api_key(HUB, CLINIC, KEY),
            lambda: load_api_key(HUB, CLINIC),
            lambda: delete_api_key(HUB, CLINIC),
        ):
            with pytest.raises(KeyringUnavailable, match="locked") as caught:
                attempt()
            assert "unlock" in str(caught.value)
    finally:
        keyring.set_keyring(previous)
