"""Course packages (federation/packages): the shipped courses build and open, builds are
byte-for-byte reproducible, and unsafe or incomplete zips are refused."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from clinicdesk.domain.roles import Role
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.federation import packages
from clinicdesk.federation.packages import (
    MANIFEST_NAME,
    build_package,
    open_package,
    read_package,
    sha256_hex,
    write_package,
)

COURSES = Path(__file__).resolve().parents[2] / "resources" / "courses"
SHIPPED = sorted(path.parent for path in COURSES.glob("*/course.json"))

MANIFEST: dict[str, Any] = {
    "id": "test-course",
    "version": 3,
    "title": "Test course",
    "summary": "A course for tests.",
    "minutes": 5,
    "roles": ["clinician"],
    "sections": ["01-first.md", "02-second.md"],
}


def make_zip(members: dict[str, bytes], *, mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            if mode is not None:
                info.external_attr = mode << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def good_members(**extra: bytes) -> dict[str, bytes]:
    members = {
        MANIFEST_NAME: json.dumps(MANIFEST).encode(),
        "01-first.md": b"# First\n\n![diagram](images/d.svg)\n",
        "02-second.md": "# Second — with UTF-8 text\n".encode(),
        "images/d.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    }
    members.update(extra)
    return members


def write_folder(root: Path, members: dict[str, bytes]) -> Path:
    for name, content in members.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


# --------------------------------------------------------------------------------------
# The shipped courses
# --------------------------------------------------------------------------------------


def test_two_courses_are_shipped() -> None:
    assert {folder.name for folder in SHIPPED} >= {"patient-privacy-basics", "hand-hygiene"}


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda folder: folder.name)
def test_shipped_course_builds_opens_and_is_complete(folder: Path) -> None:
    package = open_package(build_package(folder))
    manifest = package.manifest
    assert manifest.id == folder.name
    assert manifest.quiz is not None
    assert len(manifest.quiz.questions) >= 5
    assert len(manifest.sections) >= 4
    for name, text in package.sections():
        assert text.startswith("# "), name
        assert 250 <= len(text.split()) <= 1500, name  # real content, a few hundred words
        for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert image in package.files, f"{name} shows {image}, which is not in the package"
    images = [name for name in package.files if name.startswith("images/")]
    assert images
    assert all(
        package.files[name].lstrip().startswith(b"<svg") for name in images if name.endswith(".svg")
    )


def test_privacy_is_for_everyone_and_hand_hygiene_for_patient_facing_staff() -> None:
    privacy = open_package(build_package(COURSES / "patient-privacy-basics")).manifest
    hands = open_package(build_package(COURSES / "hand-hygiene")).manifest
    assert set(privacy.roles) == set(Role)
    assert set(hands.roles) == {Role.CLINICIAN, Role.FRONT_DESK}


# --------------------------------------------------------------------------------------
# Deterministic builds
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda folder: folder.name)
def test_building_twice_gives_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    first = build_package(folder)
    copy = shutil.copytree(folder, tmp_path / folder.name)
    for index, path in enumerate(sorted(copy.rglob("*"))):
        os.utime(path, (1_000_000_000 + index * 3600, 1_700_000_000 + index * 7))
        if path.is_file():
            path.chmod(0o600)
    (copy / ".DS_Store").write_bytes(b"\x00junk")
    (copy / "images" / ".swap.svg").write_bytes(b"junk")
    second = build_package(copy)
    assert second == first
    assert sha256_hex(second) == sha256_hex(first)


def test_the_build_is_sorted_stored_and_timeless(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "course", good_members())
    data = build_package(folder)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(good_members())
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}
    assert {stat.S_IMODE(info.external_attr >> 16) for info in infos} == {0o644}


def test_write_package_returns_the_sha256_of_what_it_wrote(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "course", good_members())
    destination = tmp_path / "out" / "test-course-3.zip"
    destination.parent.mkdir()
    digest = write_package(folder, destination)
    assert digest == sha256_hex(destination.read_bytes())
    assert not list(destination.parent.glob("*.part"))
    package = read_package(
        destination, expected_sha256=digest, expected_course_id="test-course", expected_version=3
    )
    assert package.sha256 == digest
    assert package.section_text("02-second.md") == "# Second — with UTF-8 text\n"


def test_a_stray_file_in_the_folder_stops_the_build(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "course", good_members(**{"notes.txt": b"todo"}))
    with pytest.raises(ValidationError, match=re.escape("notes.txt is not a kind of file")) as info:
        build_package(folder)
    assert info.value.field == "notes.txt"


def test_a_folder_missing_a_section_cannot_be_built(tmp_path: Path) -> None:
    members = good_members()
    del members["02-second.md"]
    with pytest.raises(ValidationError, match=re.escape("lacks the section 02-second.md")):
        build_package(write_folder(tmp_path / "course", members))


def test_a_link_in_the_folder_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "course", good_members())
    (folder / "images" / "link.svg").symlink_to(folder / "images" / "d.svg")
    with pytest.raises(ValidationError, match="is a link"):
        build_package(folder)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        build_package(tmp_path / "nowhere")


# --------------------------------------------------------------------------------------
# Opening: everything is checked
# --------------------------------------------------------------------------------------


def test_a_good_package_opens_with_its_files() -> None:
    package = open_package(make_zip(good_members()))
    assert package.manifest.id == "test-course"
    assert [name for name, _ in package.sections()] == ["01-first.md", "02-second.md"]
    assert package.files["images/d.svg"].startswith(b"<svg")


@pytest.mark.parametrize(
    "name",
    [
        "../evil.md",
        "images/../../evil.md",
        "/etc/passwd.md",
        "images\\evil.md",
        "C:/evil.md",
        "./01-first.md",
        "a/b/c/d.md",
        "images/.hidden.svg",
        "sp ace.md",
    ],
)
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="unsafe") as info:
        open_package(make_zip(good_members(**{name: b"x"})))
    assert info.value.field == name


@pytest.mark.parametrize("name", ["run.exe", "script.js", "data.json", "page.php"])
def test_unexpected_kinds_of_file_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="not a kind of file"):
        open_package(make_zip(good_members(**{name: b"x"})))


def test_a_symlink_member_is_refused() -> None:
    data = make_zip({"01-first.md": b"/etc/passwd"}, mode=stat.S_IFLNK | 0o777)
    with pytest.raises(ValidationError, match="is a link"):
        open_package(data)


def test_a_missing_section_is_refused() -> None:
    members = good_members()
    del members["01-first.md"]
    with pytest.raises(ValidationError, match=re.escape("lacks the section 01-first.md")) as info:
        open_package(make_zip(members))
    assert info.value.field == "01-first.md"
    assert info.value.hint is not None


def test_a_package_without_a_manifest_is_refused() -> None:
    members = good_members()
    del members[MANIFEST_NAME]
    with pytest.raises(ValidationError, match=re.escape("has no course.json")):
        open_package(make_zip(members))


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (b"{not json", "not valid"),
        (json.dumps(MANIFEST | {"sections": ["../x.md"]}).encode(), "not a safe file name"),
        (json.dumps(MANIFEST | {"minutes": "a while"}).encode(), "minutes"),
        (json.dumps(MANIFEST | {"scripts": ["x.js"]}).encode(), "Extra inputs"),
    ],
)
def test_an_invalid_manifest_is_refused_with_the_reason(manifest: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        open_package(make_zip(good_members(**{MANIFEST_NAME: manifest})))


def test_a_section_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(ValidationError, match="not UTF-8"):
        open_package(make_zip(good_members(**{"01-first.md": "caf\u00e9".encode("latin-1")})))


def test_duplicate_members_are_refused() -> None:
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(buffer, "w") as archive:
        for name, content in good_members().items():
            archive.writestr(name, content)
        archive.writestr("01-first.md", b"# Replaced")
    with pytest.raises(ValidationError, match="twice"):
        open_package(buffer.getvalue())


def test_something_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(ValidationError, match="damaged"):
        open_package(b"<html>502 Bad Gateway</html>")


def test_a_truncated_zip_is_refused() -> None:
    data = make_zip(good_members())
    with pytest.raises(ValidationError, match="damaged"):
        open_package(data[: len(data) // 2])


def test_a_corrupted_member_is_refused() -> None:
    data = bytearray(make_zip(good_members()))
    start = data.index(b"# Second")
    data[start : start + 8] = b"# Sxcond"  # content no longer matches its CRC
    with pytest.raises(ValidationError, match="damaged"):
        open_package(bytes(data))


def test_the_published_checksum_is_verified() -> None:
    data = make_zip(good_members())
    assert open_package(data, expected_sha256=sha256_hex(data).upper()).sha256 == sha256_hex(data)
    with pytest.raises(ValidationError, match="checksum does not match"):
        open_package(data, expected_sha256="0" * 64)


def test_the_announced_course_and_version_are_verified() -> None:
    data = make_zip(good_members())
    with pytest.raises(ValidationError, match="holds course test-course, not hand-hygiene"):
        open_package(data, expected_course_id="hand-hygiene")
    with pytest.raises(ValidationError, match="version 3 of test-course, not version 4"):
        open_package(data, expected_version=4)


def test_size_limits_apply_to_the_package_and_to_each_file(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_zip(good_members(**{"images/big.png": b"\x89PNG" + b"\x00" * 5000}))
    monkeypatch.setattr(packages, "MAX_MEMBER_BYTES", 4096)
    with pytest.raises(ValidationError, match="too large once unpacked"):
        open_package(data)
    monkeypatch.setattr(packages, "MAX_PACKAGE_BYTES", 1024)
    with pytest.raises(ValidationError, match="larger than 1024 bytes"):
        open_package(data)


def test_the_number_of_files_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packages, "MAX_MEMBERS", 3)
    with pytest.raises(ValidationError, match="more than 3 files"):
        open_package(make_zip(good_members()))


def test_reading_a_missing_file_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Could not read"):
        read_package(tmp_path / "missing.zip")
