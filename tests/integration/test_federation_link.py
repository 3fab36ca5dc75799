"""Disconnecting the clinic from its hub (services/federation_link) on SQLite and
PostgreSQL: the link goes, the key leaves the keyring, the change is audited; without a
keyring the person is told why no key was removed."""

from __future__ import annotations

import keyring
import keyring.backends.fail
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.federation import credentials
from clinicdesk.services import federation_link
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
    assert memory_keyring.store == {}
    with db.uow(read_only=True) as uow:
        assert federation_link.current_link(uow) is None
        actions = uow.session.execute(select(AuditEvent.action)).scalars().all()
    assert actions[-1] == "federation.disconnect"

    with db.uow() as uow:  # nothing left to disconnect
        again = federation_link.disconnect_and_forget(uow, admin)
    assert again.previous is None and not again.key_removed


def test_without_a_keyring_the_link_goes_and_the_reason_is_given(
    db: Database, admin: Principal
) -> None:
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
