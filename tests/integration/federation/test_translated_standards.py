"""A standard's translations (issue 17) travel the whole way: published on the hub, served
by `GET /v1/standards`, pulled by the sync engine into the clinic's database, and read back
as the typed document, whose title then reads in Spanish while ClinicDesk speaks Spanish.
A program from before translations (it names no features) is served the documents
without them, which it can read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models import Standard
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.domain.translations import in_language
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.schemas import FEATURES_HEADER, TRANSLATIONS_FEATURE
from clinicdesk.services import federation_link
from clinicdesk.services import federation_store as store
from clinicdesk.services.sync import SyncEngine
from tests.helpers.hub import HubProcess, run_admin
from tests.helpers.hub_fixtures import Member

POLICY = {
    "id": "policy.translated-example",
    "version": 1,
    "kind": "policy",
    "title": "Answering the phone",
    "body": "# Answering the phone\n\nSay the clinic's name first.",
    "effective_from": "2025-01-01",
    "rule": {"acknowledged_by": "everyone", "within_days": 30},
    "translations": {
        "es": {
            "title": "Cómo contestar el teléfono",
            "body": "# Cómo contestar el teléfono\n\nDiga primero el nombre de la clínica.",
        }
    },
}
READS_TRANSLATIONS = {FEATURES_HEADER: f"some-later-feature, {TRANSLATIONS_FEATURE}"}


def test_a_translated_title_goes_from_the_hub_to_the_local_store(
    db: Database,
    admin: Principal,
    hub: HubProcess,
    member: Member,
    make_client: Callable[..., tuple[HubClient, Any]],
    tmp_path: Path,
) -> None:
    source = tmp_path / "policy.json"
    source.write_text(json.dumps(POLICY, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_admin(hub.db_url, "publish-standard", str(source))
    assert code == 0, out + err
    # served as published
    served = (
        hub.client(member.api_key)
        .get("/v1/standards", params={"limit": 500}, headers=READS_TRANSLATIONS)
        .json()
    )
    [upsert] = [u for u in served["upserts"] if u["id"] == POLICY["id"]]
    assert upsert["translations"] == POLICY["translations"]
    # the shipped standards the hub was seeded with carry their Spanish titles too
    [lipids] = [u for u in served["upserts"] if u["id"] == "care-gap.lipid-panel"]
    assert lipids["translations"]["es"]["title"].startswith("Prueba de colesterol")

    with db.uow() as uow:
        federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)

    def client(hub_url: str, clinic_id: str, api_key: str) -> HubClient:
        return make_client(hub_url, api_key)[0]

    report = SyncEngine(db, client).run_once()
    assert report.errors == []

    with db.uow(read_only=True) as uow:
        row = uow.session.execute(
            select(Standard).where(Standard.standard_id == POLICY["id"])
        ).scalar_one()
        assert row.translations == POLICY["translations"]
        document = store.document_of(row)
    assert document.title == "Answering the phone"
    assert in_language(document, "title", "es") == "Cómo contestar el teléfono"
    assert in_language(document, "body", "es").startswith("# Cómo contestar")
    assert in_language(document, "title", "en") == "Answering the phone"
    assert in_language(document, "title", "fr") == "Answering the phone"  # no French: English


def test_translations_added_to_a_published_version_are_announced_again(
    hub: HubProcess, member: Member, tmp_path: Path
) -> None:
    """Words are not rules: the same version with translations added replaces the hub's
    copy and is served again after the clinic's cursor; any other change is still refused."""
    english = {key: value for key, value in POLICY.items() if key != "translations"}
    english["id"] = "policy.translated-later"
    source = tmp_path / "policy.json"
    source.write_text(json.dumps(english), encoding="utf-8")
    assert run_admin(hub.db_url, "publish-standard", str(source))[0] == 0
    client = hub.client(member.api_key)
    first = client.get("/v1/standards", params={"limit": 500}, headers=READS_TRANSLATIONS).json()
    assert not first["has_more"]
    [served] = [u for u in first["upserts"] if u["id"] == english["id"]]
    assert "translations" not in served  # none: written as before the field existed

    translated = {**english, "translations": POLICY["translations"]}
    source.write_text(json.dumps(translated, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_admin(hub.db_url, "publish-standard", str(source))
    assert code == 0 and "Published version 1" in out, out + err
    after = client.get(
        "/v1/standards",
        params={"cursor": first["next_cursor"], "limit": 500},
        headers=READS_TRANSLATIONS,
    ).json()
    [again] = [u for u in after["upserts"] if u["id"] == english["id"]]
    assert again["translations"]["es"]["title"] == "Cómo contestar el teléfono"

    changed = {**translated, "body": "Say your own name first."}
    source.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_admin(hub.db_url, "publish-standard", str(source))
    assert code != 0 and "already published with other content" in out + err


def test_a_program_from_before_translations_is_served_standards_it_can_read(
    hub: HubProcess, member: Member, tmp_path: Path
) -> None:
    """Such a program refuses a standard with a field it does not know, and with it the
    whole page: it names no features, so the hub leaves the translations out."""
    source = tmp_path / "policy.json"
    source.write_text(json.dumps(POLICY, ensure_ascii=False), encoding="utf-8")
    assert run_admin(hub.db_url, "publish-standard", str(source))[0] == 0
    client = hub.client(member.api_key)
    old = client.get("/v1/standards", params={"limit": 500})
    new = client.get("/v1/standards", params={"limit": 500}, headers=READS_TRANSLATIONS)
    assert old.status_code == new.status_code == 200
    old_page, new_page = old.json(), new.json()
    assert old_page["next_cursor"] == new_page["next_cursor"]
    assert [u["id"] for u in old_page["upserts"]] == [u["id"] for u in new_page["upserts"]]
    assert sum("translations" in u for u in new_page["upserts"]) > 20  # the shipped ones too
    assert not any("translations" in u for u in old_page["upserts"])
    for before, now in zip(old_page["upserts"], new_page["upserts"], strict=True):
        assert before == {key: value for key, value in now.items() if key != "translations"}
    # an unknown feature is no feature
    other = client.get("/v1/standards", params={"limit": 500}, headers={FEATURES_HEADER: "x"})
    assert other.json() == old_page
