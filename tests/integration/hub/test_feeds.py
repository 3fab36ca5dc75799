"""The pulled resources: standards and course versions as cursor-paged change feeds (the
last page says has_more false; asking again with its cursor is one empty round trip), and
course packages with ETag = sha256 and If-None-Match -> 304."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from clinicdesk.federation import packages
from clinicdesk.federation.schemas import CoursesPage, ProblemType, StandardsPage
from clinicdesk.hub import resources_dir, service
from tests.helpers.hub import HubProcess, assert_problem, run_admin
from tests.integration.hub.conftest import ClinicClient

RESOURCES = resources_dir()


def _pages(clinic: ClinicClient, path: str, cursor: str | None, limit: int) -> list[Any]:
    """Every page from `cursor` on, as parsed JSON."""
    pages = []
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = clinic.http.get(path, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return pages


def _latest_cursor(clinic: ClinicClient, path: str) -> str:
    return str(_pages(clinic, path, None, 500)[-1]["next_cursor"])


def _policy(folder: Path, standard_id: str, version: int = 1) -> Path:
    path = folder / f"{standard_id}-v{version}.json"
    document = {
        "id": standard_id,
        "version": version,
        "kind": "policy",
        "title": f"Test policy {standard_id}",
        "body": "# A policy for a test\n\nNothing to compute.",
        "effective_from": "2026-01-01",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_first_sync_pages_through_every_default_standard(clinic: ClinicClient) -> None:
    pages = _pages(clinic, "/v1/standards", None, 5)
    assert all(len(p["upserts"]) + len(p["retirements"]) <= 5 for p in pages)
    assert [p["has_more"] for p in pages] == [True] * (len(pages) - 1) + [False]
    for page in pages:
        StandardsPage.model_validate(page)  # the contract parses every page
    seen = {(u["id"], u["version"]) for p in pages for u in p["upserts"]}
    defaults = packages.load_standards(RESOURCES / "standards")
    assert {(d.id, d.version) for d in defaults} <= seen
    cursors = [int(p["next_cursor"]) for p in pages]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)

    again = clinic.http.get("/v1/standards", params={"cursor": pages[-1]["next_cursor"]})
    assert again.json() == {
        "upserts": [],
        "retirements": [],
        "next_cursor": pages[-1]["next_cursor"],
        "has_more": False,
    }


def test_new_standards_and_retirements_arrive_after_the_cursor(
    hub: HubProcess, clinic: ClinicClient, tmp_path: Path
) -> None:
    cursor = _latest_cursor(clinic, "/v1/standards")
    tag = uuid.uuid4().hex[:8]
    ids = [f"policy.test-{tag}-{n}" for n in range(5)]
    for standard_id in ids:
        code, out, err = run_admin(
            hub.db_url, "publish-standard", str(_policy(tmp_path, standard_id))
        )
        assert code == 0 and "Published version 1" in out, err
    code, out, _ = run_admin(hub.db_url, "publish-standard", str(_policy(tmp_path, ids[0])))
    assert code == 0 and "already published" in out  # the same document twice: no change

    pages = _pages(clinic, "/v1/standards", cursor, 2)
    assert [len(p["upserts"]) for p in pages] == [2, 2, 1]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert [u["id"] for p in pages for u in p["upserts"]] == ids
    cursor = pages[-1]["next_cursor"]

    code, out, err = run_admin(
        hub.db_url, "retire-standard", ids[1], "--version", "1", "--on", "2026-06-01"
    )
    assert code == 0 and "Retired version 1" in out, err
    page = StandardsPage.model_validate_json(
        clinic.http.get("/v1/standards", params={"cursor": cursor}).content
    )
    assert page.upserts == ()
    assert [(r.id, r.version, r.retired_on) for r in page.retirements] == [
        (ids[1], 1, date(2026, 6, 1))
    ]
    assert not page.has_more
    empty = clinic.http.get("/v1/standards", params={"cursor": page.next_cursor}).json()
    assert (empty["upserts"], empty["retirements"], empty["next_cursor"]) == (
        [],
        [],
        page.next_cursor,
    )


def test_cursors_the_hub_never_issued_are_refused(clinic: ClinicClient) -> None:
    for cursor in ("abc", "-1", "99999999999"):
        response = clinic.http.get("/v1/standards", params={"cursor": cursor})
        problem = assert_problem(response, 422, ProblemType.VALIDATION)
        assert "sync from the start" in problem["detail"]
    too_big = clinic.http.get("/v1/courses", params={"limit": 501})
    assert assert_problem(too_big, 422)["errors"][0]["field"] == "query.limit"


def test_course_packages_carry_their_sha256_as_etag(clinic: ClinicClient) -> None:
    pages = _pages(clinic, "/v1/courses", None, 100)
    listed = {v["course_id"]: v for p in pages for v in p["versions"]}
    CoursesPage.model_validate(pages[0])
    for folder in sorted((RESOURCES / "courses").glob("*/course.json")):
        course_id = folder.parent.name
        built = packages.build_package(folder.parent)
        info = listed[course_id]
        assert info["sha256"] == hashlib.sha256(built).hexdigest()
        assert info["size_bytes"] == len(built)
        version = json.loads(folder.read_text(encoding="utf-8"))["version"]
        assert info["version"] == version
        assert info["package_url"] == f"/v1/courses/{course_id}/versions/{version}/package"

        response = clinic.http.get(info["package_url"])
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert response.headers["ETag"] == f'"{info["sha256"]}"'
        assert response.content == built
        assert hashlib.sha256(response.content).hexdigest() == info["sha256"]
        packages.open_package(response.content, expected_sha256=info["sha256"])

        for tag in (response.headers["ETag"], f"W/{response.headers['ETag']}", "*"):
            cached = clinic.http.get(info["package_url"], headers={"If-None-Match": tag})
            assert cached.status_code == 304
            assert cached.content == b""
            assert cached.headers["ETag"] == response.headers["ETag"]
        stale = clinic.http.get(
            info["package_url"], headers={"If-None-Match": '"' + "0" * 64 + '"'}
        )
        assert stale.status_code == 200 and stale.content == built

    missing = clinic.http.get("/v1/courses/no-such-course/versions/1/package")
    assert_problem(missing, 404, ProblemType.NOT_FOUND)


def test_a_new_course_version_is_one_change_after_the_cursor(
    hub: HubProcess, clinic: ClinicClient, tmp_path: Path
) -> None:
    cursor = _latest_cursor(clinic, "/v1/courses")
    source = tmp_path / "course"
    shutil.copytree(RESOURCES / "courses" / "hand-hygiene", source)
    manifest = json.loads((source / "course.json").read_text(encoding="utf-8"))
    course_id = f"test-course-{uuid.uuid4().hex[:8]}"
    manifest.update(id=course_id, version=2, title="Hand hygiene, revised")
    (source / "course.json").write_text(json.dumps(manifest), encoding="utf-8")
    # An image larger than the slices the hub streams a package in.
    (source / "images" / "poster.png").write_bytes(
        os.urandom(2 * service.PACKAGE_SLICE_BYTES + 1234)
    )
    zip_path = tmp_path / "course.zip"
    sha256 = packages.write_package(source, zip_path)

    code, out, err = run_admin(hub.db_url, "publish-course", str(zip_path))
    assert code == 0 and sha256 in out, err
    code, out, _ = run_admin(hub.db_url, "publish-course", str(zip_path))
    assert code == 0 and "Already published" in out

    page = CoursesPage.model_validate_json(
        clinic.http.get("/v1/courses", params={"cursor": cursor}).content
    )
    assert [(v.course_id, v.version, v.sha256) for v in page.versions] == [(course_id, 2, sha256)]
    assert not page.has_more
    assert page.versions[0].published_at.tzinfo is not None
    with clinic.http.session.get(
        clinic.http.base_url + page.versions[0].package_url, stream=True, timeout=30
    ) as download:
        assert download.headers["Content-Length"] == str(zip_path.stat().st_size)
        received = b"".join(download.iter_content(chunk_size=65536))
    assert received == zip_path.read_bytes()
    assert page.versions[0].size_bytes > 2 * service.PACKAGE_SLICE_BYTES
    empty = clinic.http.get("/v1/courses", params={"cursor": page.next_cursor}).json()
    assert empty == {"versions": [], "next_cursor": page.next_cursor, "has_more": False}
