"""Disconnecting the clinic from its hub (services/federation_link) on SQLite and
PostgreSQL: the link goes, the key leaves the keyring, the change is audited; without a
keyring the person is told why no key was removed."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent, Clinic
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.federation import credentials
from clinicdesk.services import audit_key, federation_link
from tests.helpers.keyring_backend import MemoryKeyring

HUB = "https://hub.example.org"


def test_disconnect_and_forget_removes_link_and_key(
    db: Database, admin: Principal, memory_keyring: MemoryKeyring
) -> None:
    with db.uow() as uow:
        federation_link.connect(uow, admin, HUB, "c-7")
    credentials.store_api_key(HUB, "c-7", "cdk_live_abc123")

    with db.uow() as uow:
        done = federation_link.disconnect_and_forget(uow, admin)
    assert done.previous == federation_link.FederationLink(HUB, "c-7")
    assert done.key_removed and done.keyring_note is None
    # no federation API key is kept (the clinic's audit key from set-up is another entry)
    assert [k for k in memory_keyring.store if k[0] == credentials.KEYRING_SERVICE] == []
    with db.uow(read_only=True) as uow:
        assert federation_link.current_link(uow) is None
        actions = uow.session.execute(select(AuditEvent.action)).scalars().all()
    assert actions[-1] == "federation.disconnect"

    with db.uow() as uow:  # nothing left to disconnect
        again = federation_link.disconnect_and_forget(uow, admin)
    assert again.previous is None and not again.key_removed


def test_without_a_keyring_the_link_goes_and_the_reason_is_given(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clinic's audit key comes from a key file here, as on a computer without a keyring.
    with db.uow(read_only=True) as uow:
        clinic_uuid = uow.session.execute(select(Clinic.uuid)).scalar_one()
    key = audit_key.load_key(clinic_uuid)
    assert key is not None
    key_file = tmp_path / "audit.key"
    key_file.write_text(audit_key.export_text(key), encoding="utf-8")
    key_file.chmod(0o600)
    monkeypatch.setenv(audit_key.ENV_KEY_FILE, str(key_file))
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with db.uow() as uow:
            federation_link.connect(uow, admin, HUB, "c-8")
        with db.uow() as uow:
            done = federation_link.disconnect_and_forget(uow, admin)
    finally:
        keyring.set_keyring(previous)
    assert done.previous is not None and not done.key_removed
    assert done.keyring_note and "keyring" in done.keyring_note.lower()
