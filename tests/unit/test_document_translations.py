"""A document's translations (clinicdesk.domain.translations): optional, left out of the
JSON when there are none (so a document is what it was before the field existed), checked
like the rest of a document, and read with English as the fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pydantic
import pytest

from clinicdesk import i18n
from clinicdesk.domain.translations import in_language
from clinicdesk.federation.schemas import CourseManifest, parse_standard_json, standard_adapter

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "id": "policy.example",
    "version": 1,
    "kind": "policy",
    "title": "Answering the phone",
    "body": "Say the clinic's name first.",
    "effective_from": "2025-01-01",
}


def test_a_document_without_translations_is_written_as_before() -> None:
    document = parse_standard_json(json.dumps(POLICY))
    assert document.translations == {}
    assert "translations" not in json.loads(standard_adapter.dump_json(document))


def test_translations_round_trip_and_fall_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {**POLICY, "translations": {"es": {"title": "Cómo contestar el teléfono"}}}
    document = parse_standard_json(json.dumps(data, ensure_ascii=False))
    assert json.loads(standard_adapter.dump_json(document))["translations"] == {
        "es": {"title": "Cómo contestar el teléfono"}  # no body: none written
    }
    assert in_language(document, "title", "es") == "Cómo contestar el teléfono"
    assert in_language(document, "body", "es") == "Say the clinic's name first."  # English
    assert in_language(document, "title", "en") == "Answering the phone"
    monkeypatch.setattr(i18n, "_language", "es")  # the language ClinicDesk speaks now
    assert in_language(document, "title") == "Cómo contestar el teléfono"


@pytest.mark.parametrize(
    "translations",
    [
        {"es": {"body": "sin título"}},  # a translation has a title
        {"es": {"title": ""}},
        {"ES": {"title": "Mayúsculas"}},  # language codes are lower case
        {"es": {"title": "x", "rule": {}}},  # only words are translated
    ],
)
def test_a_bad_translation_is_refused(translations: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        parse_standard_json(json.dumps({**POLICY, "translations": translations}))


def test_every_shipped_standard_has_its_spanish_title_and_body() -> None:
    for path in sorted((ROOT / "resources" / "standards").glob("*.json")):
        document = parse_standard_json(path.read_bytes())
        title = in_language(document, "title", "es")
        assert title != document.title, path.name
        body = in_language(document, "body", "es")
        assert body != document.body and body.startswith(f"# {title}\n"), path.name


def test_a_course_manifest_may_carry_translations() -> None:
    manifest = CourseManifest.model_validate(
        {
            "id": "hand-hygiene",
            "version": 1,
            "title": "Hand hygiene",
            "summary": "Clean hands.",
            "minutes": 10,
            "roles": ["clinician"],
            "sections": ["01-intro.md"],
            "translations": {"es": {"title": "Higiene de manos", "summary": "Manos limpias."}},
        }
    )
    assert in_language(manifest, "summary", "es") == "Manos limpias."
    assert in_language(manifest, "title", "fr") == "Hand hygiene"


def test_a_stored_row_reads_the_same_way() -> None:
    class Row:  # a database row: `translations` is the JSON as it arrived
        title = "Answering the phone"
        translations = {"es": {"title": "Cómo contestar el teléfono"}}

    assert in_language(Row(), "title", "es") == "Cómo contestar el teléfono"
    assert in_language(Row(), "title", "en") == "Answering the phone"
    Row.translations = None  # type: ignore[assignment]  # stored before translations
    assert in_language(Row(), "title", "es") == "Answering the phone"
