"""The hub's admin commands, on both back-ends, each upgrading a new database first:
add-clinic, clinics, new-key, revoke-key, seed, publish-standard, retire-standard,
publish-course, contributions; and how they report mistakes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from clinicdesk.federation import packages
from clinicdesk.federation.schemas import ContributionSubmission
from clinicdesk.hub import cli as hub_cli
from clinicdesk.hub import resources_dir, service
from clinicdesk.hub.db import open_hub_database
from clinicdesk.hub.models import HubApiKey
from tests.helpers.hub import REPO_ROOT, admin_json, hub_env, run_admin
from tests.helpers.hub_fixtures import MEMBER_SINCE
from tests.integration.hub.bodies import contribution

RESOURCES = resources_dir()


def test_add_clinic_prints_id_and_key_once_and_stores_only_its_hash(db_url: str) -> None:
    created = admin_json(db_url, "add-clinic", "--name", "Riverside Health Co-op")
    assert set(created) == {"clinic_id", "key_id", "api_key"}
    assert created["api_key"].startswith("cdhub_") and len(created["api_key"]) > 40
    db = open_hub_database(db_url)
    try:
        with db.read() as session:
            stored = [key.key_sha256 for key in session.query(HubApiKey)]
        assert stored == [hashlib.sha256(created["api_key"].encode()).hexdigest()]
        assert service.authenticate(db, created["api_key"]).clinic_id == created["clinic_id"]
    finally:
        db.dispose()
    listed = admin_json(db_url, "clinics", "--json")
    assert [(c["clinic_id"], c["name"], c["active_keys"]) for c in listed] == [
        (created["clinic_id"], "Riverside Health Co-op", 1)
    ]


def test_keys_are_revoked_and_replaced(db_url: str) -> None:
    created = admin_json(db_url, "add-clinic", "--name", "Hillview")
    second = admin_json(db_url, "new-key", "--clinic", created["clinic_id"])
    assert second["api_key"] != created["api_key"]
    code, out, _ = run_admin(db_url, "revoke-key", "--clinic", created["clinic_id"])
    assert (code, out.strip()) == (0, f"Revoked 2 key(s) of clinic {created['clinic_id']}.")
    code, out, _ = run_admin(db_url, "revoke-key", "--clinic", created["clinic_id"])
    assert code == 0 and "no active key" in out
    assert admin_json(db_url, "clinics", "--json")[0]["active_keys"] == 0
    code, _out, err = run_admin(db_url, "revoke-key", "--clinic", "no-such-clinic")
    assert code == 2 and "no clinic no-such-clinic" in err


def test_seed_publishes_the_defaults_once(db_url: str) -> None:
    code, out, err = run_admin(db_url, "seed")
    standards = packages.load_standards(RESOURCES / "standards")
    assert code == 0, err
    assert f"Published {len(standards)} standard(s) and 2 course version(s)" in out
    code, out, _ = run_admin(db_url, "seed")
    assert code == 0 and "Published 0 standard(s) and 0 course version(s)" in out
    db = open_hub_database(db_url)
    try:
        page = service.standards_page(db, None, 500)
        assert {u.id for u in page.upserts} == {s.id for s in standards}
        courses = service.courses_page(db, None, 500)
        assert {v.course_id for v in courses.versions} == {"hand-hygiene", "patient-privacy-basics"}
    finally:
        db.dispose()


def test_publishing_refuses_changed_content_under_a_published_version(
    db_url: str, tmp_path: Path
) -> None:
    source = RESOURCES / "standards" / "policy.patient-data-stays-local.json"
    code, out, _ = run_admin(db_url, "publish-standard", str(source))
    assert code == 0 and "Published version 2 of policy.patient-data-stays-local" in out
    document = json.loads(source.read_text(encoding="utf-8"))
    document["title"] = "Changed without a new version"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run_admin(db_url, "publish-standard", str(changed))
    assert code == 3 and "already published with other content" in err and "version 3" in err

    document["version"] = 3
    changed.write_text(json.dumps(document), encoding="utf-8")
    assert run_admin(db_url, "publish-standard", str(changed))[0] == 0
    code, out, _ = run_admin(
        db_url, "retire-standard", "policy.patient-data-stays-local", "--on", "2027-01-01"
    )
    assert code == 0 and "every version" in out

    document["unexpected"] = True
    changed.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run_admin(db_url, "publish-standard", str(changed))
    assert code == 2 and "not a valid standard" in err


def test_publish_course_checks_the_package(db_url: str, tmp_path: Path) -> None:
    package = tmp_path / "hand-hygiene.zip"
    sha256 = packages.write_package(RESOURCES / "courses" / "hand-hygiene", package)
    code, out, err = run_admin(db_url, "publish-course", str(package))
    assert code == 0 and f"sha256 {sha256}" in out, err
    broken = tmp_path / "broken.zip"
    broken.write_bytes(package.read_bytes()[:-100])
    code, _, err = run_admin(db_url, "publish-course", str(broken))
    assert code == 2 and "damaged" in err


def test_contributions_lists_what_the_clinics_sent(db_url: str) -> None:
    assert run_admin(db_url, "seed")[0] == 0  # the rate the contributions are checked against
    first = admin_json(db_url, "add-clinic", "--name", "A Clinic", "--joined", MEMBER_SINCE)
    second = admin_json(db_url, "add-clinic", "--name", "B Clinic", "--joined", MEMBER_SINCE)
    db = open_hub_database(db_url)
    try:
        for created, member_fees in ((first, "100.00"), (second, "200.00")):
            clinic = service.authenticate(db, created["api_key"])
            submission = ContributionSubmission.model_validate(contribution("2026-02", member_fees))
            stored = service.submit_contribution(db, clinic, "key-1", submission)
            assert stored.status_code == 201
    finally:
        db.dispose()
    everything = admin_json(db_url, "contributions", "--json")
    assert [(r["clinic_name"], r["period"], r["sequence"], r["amount"]) for r in everything] == [
        ("A Clinic", "2026-02", 0, "198.01"),
        ("B Clinic", "2026-02", 0, "201.01"),
    ]
    only_b = admin_json(db_url, "contributions", "--clinic", second["clinic_id"], "--json")
    assert [r["clinic_id"] for r in only_b] == [second["clinic_id"]]
    code, out, _ = run_admin(db_url, "contributions")
    assert code == 0 and "A Clinic" in out and "201.01" in out


def test_the_database_comes_from_the_option_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLINICDESK_HUB_DB_URL", raising=False)
    code = hub_cli.main(["clinics"])
    assert code == 6  # ConfigurationError: say which database
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    completed = subprocess.run(
        [sys.executable, "-m", "clinicdesk.hub", "add-clinic", "--name", "Env Clinic"],
        capture_output=True,
        text=True,
        env=hub_env({"CLINICDESK_HUB_DB_URL": url}),
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["clinic_id"]
    assert [c["name"] for c in admin_json(url, "clinics", "--json")] == ["Env Clinic"]


def test_the_main_command_hands_hub_commands_over(tmp_path: Path) -> None:
    from clinicdesk import cli

    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert cli.main(["hub", "add-clinic", "--name", "Via Main", "--db", url]) == 0
    assert [c["name"] for c in admin_json(url, "clinics", "--json")] == ["Via Main"]
