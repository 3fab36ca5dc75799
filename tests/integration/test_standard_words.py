"""A standard only the hub sent reads in the person's language in the window, from the
translations stored with it (not only the standards shipped with the program)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from clinicdesk import i18n
from clinicdesk.federation.schemas import StandardDocument, standard_adapter
from clinicdesk.services import federation_store
from clinicdesk.ui import standard_text
from clinicdesk.ui.signin import describe_session


def _hub_only_standard() -> StandardDocument:
    return standard_adapter.validate_python(
        {
            "id": "policy.hub-only-example",
            "version": 3,
            "kind": "policy",
            "title": "Masks in the waiting room",
            "body": "Offer a mask to anyone coughing.",
            "effective_from": date(2026, 1, 1).isoformat(),
            "translations": {
                "es": {
                    "title": "Mascarillas en la sala de espera",
                    "body": "Ofrezca una mascarilla a quien tosa.",
                }
            },
            "rule": {"acknowledged_by": "everyone", "within_days": 30},
        }
    )


@pytest.fixture
def forget_words() -> Iterator[None]:
    yield
    standard_text.remember({})


def test_a_hub_only_standard_reads_in_spanish(db, admin, fresh_catalogues, forget_words) -> None:
    document = _hub_only_standard()
    with db.uow() as uow:
        federation_store._upsert_standards(uow, [document])
        uow.commit()
    # Read with the rest of the session at sign-in, on the worker (describe_session).
    words = describe_session(db, admin).standard_words
    assert set(words) == {(document.id, 3)}  # shipped-only standards are not stored here
    standard_text.remember(words)
    i18n.set_language("es")
    assert standard_text.standard_title(document.id, 3, document.title) == (
        "Mascarillas en la sala de espera"
    )
    assert standard_text.standard_text(document.id, None, "body", document.body) == (
        "Ofrezca una mascarilla a quien tosa."
    )
    # another English text under the same id is another document: left as written
    assert standard_text.standard_title(document.id, 3, "Something else") == "Something else"
    i18n.set_language("en")
    assert standard_text.standard_title(document.id, 3, document.title) == document.title
