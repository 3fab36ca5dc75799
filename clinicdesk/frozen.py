"""What a frozen build (PyInstaller) needs that an installed package gets for free.

keyring finds its backends through package entry points, which a frozen build does not
carry: without help it falls back to the "fail" keyring and ClinicDesk would find no
place for the federation's API key. The frozen entry point names `PlatformKeyring` in
PYTHON_KEYRING_BACKEND (unless the person set one), and keyring builds it the first time a
secret is asked for, never at start-up."""

from __future__ import annotations

import importlib
import sys
from typing import Any

# The backends a frozen build bundles (installer/clinicdesk.spec), best first per platform.
BACKENDS = {
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "linux": ("keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring"),
}
ENV_VALUE = "clinicdesk.frozen.PlatformKeyring"


def platform_keyring() -> Any:
    """The first bundled backend that works on this computer (its `priority` raises when
    it cannot: no Secret Service running, no D-Bus), else keyring's "fail" backend, which
    ClinicDesk reports as "no keyring" with what to do instead."""
    from keyring.backends import fail

    for name in BACKENDS.get(sys.platform, BACKENDS["linux"]):
        module, _, attribute = name.rpartition(".")
        try:
            backend = getattr(importlib.import_module(module), attribute)
            backend.priority  # noqa: B018 - raises where the backend cannot work
        except Exception:  # any failure means: not this one
            continue
        return backend()
    return fail.Keyring()


class PlatformKeyring:
    """What PYTHON_KEYRING_BACKEND names in a frozen build: keyring instantiates it, and
    gets `platform_keyring()` instead (a real backend instance, so `isinstance` checks on
    the backend keep working)."""

    # keyring reads the class's priority before it builds it (a viability check): any
    # number will do, the choice is made in platform_keyring().
    priority = 1.0

    def __new__(cls) -> Any:
        return platform_keyring()
