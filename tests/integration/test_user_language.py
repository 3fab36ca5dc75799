"""Each person's language is kept with their account, on both back-ends, and follows
them to the window they sign in to."""

from __future__ import annotations

import json

import pytest

from clinicdesk.errors import ValidationError
from clinicdesk.services import audit, auth, users
from clinicdesk.services.audit import AuditFilter
from clinicdesk.ui.signin import describe_session
from tests.conftest import ADMIN_PASSWORD


def test_a_person_chooses_their_language_and_it_is_kept(db, admin) -> None:
    with db.uow() as uow:
        assert users.own_account(uow, admin).language is None  # as the computer says
    with db.uow() as uow:
        info = users.set_own_language(uow, admin, "es")
    assert info.language == "es"
    with db.uow() as uow:
        principal = auth.sign_in(uow, admin.username, ADMIN_PASSWORD)
        uow.commit()
    assert describe_session(db, principal).language == "es"
    with db.uow() as uow:
        users.set_own_language(uow, admin, None)
        assert users.own_account(uow, admin).language is None
        events = audit.list_events(uow, admin, AuditFilter(action="user.language"))
    assert sorted(json.loads(e.details)["to"] for e in events) == ["es", "system"]


def test_a_language_clinicdesk_does_not_speak_is_refused(db, admin) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="does not speak fr"):
        users.set_own_language(uow, admin, "fr")
    with db.uow() as uow:
        assert users.own_account(uow, admin).language is None
