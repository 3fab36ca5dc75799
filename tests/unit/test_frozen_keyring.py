"""The frozen build's keyring: keyring loads the backend PYTHON_KEYRING_BACKEND names the
way it does in a frozen program (no entry points needed) and gets a real backend — here,
with no Secret Service or KWallet on the bus, keyring's "fail" backend, which ClinicDesk
reports as "no keyring"."""

from __future__ import annotations

import keyring.core
from keyring.backend import KeyringBackend
from keyring.backends import fail

from clinicdesk import frozen


def test_keyring_builds_the_platform_backend_from_the_name() -> None:
    backend = keyring.core.load_keyring(frozen.ENV_VALUE)
    assert isinstance(backend, KeyringBackend)
    assert type(backend) is type(frozen.platform_keyring())


def test_without_a_secret_service_the_fail_backend_is_chosen(monkeypatch) -> None:
    # No session bus: neither Secret Service nor KWallet can work.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert isinstance(frozen.platform_keyring(), fail.Keyring)


def test_every_named_backend_exists_in_keyring() -> None:
    import importlib

    for names in frozen.BACKENDS.values():
        for name in names:
            module, _, attribute = name.rpartition(".")
            assert hasattr(importlib.import_module(module), attribute), name
