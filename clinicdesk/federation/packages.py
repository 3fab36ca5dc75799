"""Course packages, and the default standards shipped with the program.

A course package is a zip holding `course.json` at its root (`schemas.CourseManifest`), the
sections it lists (Markdown or HTML) and the images they show.

Building is deterministic: names sorted, one fixed timestamp, fixed permissions, and entries
*stored* rather than deflated. Deflate output depends on the zlib build (zlib-ng gives other
bytes than zlib), while stored entries do not, so the same folder gives the same bytes and
the same sha256 on the hub, in CI and on a developer's machine. Course packages are text
and small images; compression would save little.

Opening checks everything before any byte is used, because a package comes over the network
and ends up on a person's screen: size limits (declared *and* actual), safe member names
(no absolute paths, no '..', no backslashes, no links), known file types, a valid manifest,
every listed section present and UTF-8.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pydantic

from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.federation.schemas import (
    CourseManifest,
    StandardDocument,
    member_name_problem,
    standard_adapter,
)
from clinicdesk.i18n import _

MANIFEST_NAME = "course.json"
CONTENT_SUFFIXES = (".md", ".html", ".png", ".jpg", ".jpeg", ".gif", ".svg")
MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 200

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
_FILE_MODE = stat.S_IFREG | 0o644
_IGNORED_NAMES = frozenset({"Thumbs.db", "desktop.ini"})
_DAMAGED_HINT = "Sync again to download the course afresh, or ask the federation for help."


@dataclass(frozen=True)
class CoursePackage:
    """A package that passed every check; `files` holds every member by name."""

    manifest: CourseManifest
    sha256: str
    files: Mapping[str, bytes]

    def section_text(self, name: str) -> str:
        return self.files[name].decode("utf-8")

    def sections(self) -> list[tuple[str, str]]:
        """(file name, text) in reading order."""
        return [(name, self.section_text(name)) for name in self.manifest.sections]


_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def section_title(name: str, text: str) -> str:
    """The section's first heading, or its file name without the number and suffix."""
    match = _HEADING.search(text)
    if match:
        return match.group(1)
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return re.sub(r"^\d+[-_ ]*", "", stem).replace("-", " ").capitalize() or name


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _describe(error: pydantic.ValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item["loc"])
        parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
    more = len(error.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _is_ignored(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or (
        relative.name in _IGNORED_NAMES or relative.name.endswith("~")
    )


def _collect(source: Path) -> dict[str, bytes]:
    if not source.is_dir():
        raise ValidationError(
            _("The course folder {source} does not exist.").format(source=source), field=str(source)
        )
    files: dict[str, bytes] = {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if _is_ignored(relative):
            continue
        name = relative.as_posix()
        if path.is_symlink():
            raise ValidationError(
                _("{name} in the course folder is a link; packages hold only files.").format(
                    name=name
                ),
                field=name,
            )
        if path.is_dir():
            continue
        problem = member_name_problem(name)
        if problem:
            raise ValidationError(
                _("The course folder cannot be packaged: {problem}.").format(problem=problem),
                field=name,
            )
        if name != MANIFEST_NAME and not name.lower().endswith(CONTENT_SUFFIXES):
            raise ValidationError(
                _("{name} is not a kind of file a course package may hold.").format(name=name),
                field=name,
                hint=_("Sections are .md or .html files; images are .png, .jpg, .gif or .svg."),
            )
        try:
            files[name] = path.read_bytes()
        except OSError as exc:
            raise StorageError(
                _("Could not read {path}: {value}.").format(path=path, value=exc.strerror or exc)
            ) from exc
    return files


def build_package(source: Path) -> bytes:
    """The zip for the course folder `source`, the same bytes every time."""
    files = _collect(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = (
                3  # Unix, on every platform, so the permissions below mean the same
            )
            info.external_attr = _FILE_MODE << 16
            archive.writestr(info, files[name])
    data = buffer.getvalue()
    open_package(data)  # never write what a clinic would refuse to open
    return data


def write_package(source: Path, destination: Path) -> str:
    """Build the package for `source` into `destination`; returns its sha256."""
    data = build_package(source)
    temporary = destination.with_name(destination.name + ".part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, destination)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(
            _("Could not write {destination}: {value}.").format(
                destination=destination, value=exc.strerror or exc
            )
        ) from exc
    return sha256_hex(data)


def _member_kind_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if info.flag_bits & 0x1:
        return f"{name} is encrypted"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{name} is a link"
    problem = member_name_problem(name)
    if problem:
        return problem
    if name != MANIFEST_NAME and not name.lower().endswith(CONTENT_SUFFIXES):
        return f"{name} is not a kind of file a course package may hold"
    return None


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ValidationError(
            _("The course package holds more than {MAX_MEMBERS} files.").format(
                MAX_MEMBERS=MAX_MEMBERS
            )
        )
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            if member_name_problem(info.filename.rstrip("/")):
                raise ValidationError(
                    _(
                        "The course package is unsafe: {filename!r} is not a safe folder name."
                    ).format(filename=info.filename),
                    field=info.filename,
                )
            continue
        problem = _member_kind_problem(info)
        if problem:
            raise ValidationError(
                _("The course package is unsafe: {problem}.").format(problem=problem),
                field=info.filename,
            )
        if info.filename in files:
            raise ValidationError(
                _("The course package holds {filename} twice.").format(filename=info.filename),
                field=info.filename,
            )
        if info.file_size > MAX_MEMBER_BYTES or total + info.file_size > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("The course package is too large once unpacked ({filename}).").format(
                    filename=info.filename
                ),
                field=info.filename,
            )
        with archive.open(info) as member:
            content = member.read(MAX_MEMBER_BYTES + 1)
        if len(content) != info.file_size:  # the directory lied about the size
            raise ValidationError(
                _("The course package is damaged: {filename} is not the size it claims.").format(
                    filename=info.filename
                ),
                field=info.filename,
                hint=_DAMAGED_HINT,
            )
        total += len(content)
        files[info.filename] = content
    return files


def _manifest(files: Mapping[str, bytes]) -> CourseManifest:
    if MANIFEST_NAME not in files:
        raise ValidationError(
            _("The course package has no {MANIFEST_NAME}.").format(MANIFEST_NAME=MANIFEST_NAME),
            field=MANIFEST_NAME,
            hint=_DAMAGED_HINT,
        )
    try:
        manifest = CourseManifest.model_validate_json(files[MANIFEST_NAME])
    except pydantic.ValidationError as exc:
        raise ValidationError(
            _("The course description ({MANIFEST_NAME}) is not valid: {exc}.").format(
                MANIFEST_NAME=MANIFEST_NAME, exc=_describe(exc)
            ),
            field=MANIFEST_NAME,
        ) from exc
    for name in manifest.sections:
        if name not in files:
            raise ValidationError(
                _("The course package lacks the section {name} that {MANIFEST_NAME} lists.").format(
                    name=name, MANIFEST_NAME=MANIFEST_NAME
                ),
                field=name,
                hint=_DAMAGED_HINT,
            )
        try:
            files[name].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("The section {name} is not UTF-8 text.").format(name=name), field=name
            ) from exc
    return manifest


def open_package(
    data: bytes,
    *,
    expected_sha256: str | None = None,
    expected_course_id: str | None = None,
    expected_version: int | None = None,
) -> CoursePackage:
    """Check a package and return its content; raises ValidationError saying what is wrong.
    Pass what the hub announced (sha256, course id, version) to have it checked too."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise ValidationError(
            _("The course package is larger than {MAX_PACKAGE_BYTES} bytes.").format(
                MAX_PACKAGE_BYTES=MAX_PACKAGE_BYTES
            )
        )
    digest = sha256_hex(data)
    if expected_sha256 is not None and digest != expected_sha256.lower():
        raise ValidationError(
            _(
                "The course package is damaged or not the one published: its "
                "checksum does not match."
            ),
            hint=_DAMAGED_HINT,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = _read_members(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ValidationError(
            _("The course package is damaged: {exc}.").format(exc=exc), hint=_DAMAGED_HINT
        ) from exc
    manifest = _manifest(files)
    if expected_course_id is not None and manifest.id != expected_course_id:
        raise ValidationError(
            _("The package holds course {id}, not {expected_course_id}.").format(
                id=manifest.id, expected_course_id=expected_course_id
            ),
            field="id",
        )
    if expected_version is not None and manifest.version != expected_version:
        raise ValidationError(
            _(
                "The package holds version {version} of {id}, not version {expected_version}."
            ).format(version=manifest.version, id=manifest.id, expected_version=expected_version),
            field="version",
        )
    return CoursePackage(manifest=manifest, sha256=digest, files=dict(files))


def read_package(
    path: Path,
    *,
    expected_sha256: str | None = None,
    expected_course_id: str | None = None,
    expected_version: int | None = None,
) -> CoursePackage:
    """`open_package` for a file."""
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise ValidationError(
                _("The course package {name} is too large.").format(name=path.name)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise StorageError(
            _("Could not read {path}: {value}.").format(path=path, value=exc.strerror or exc)
        ) from exc
    return open_package(
        data,
        expected_sha256=expected_sha256,
        expected_course_id=expected_course_id,
        expected_version=expected_version,
    )


def load_standards(directory: Path) -> list[StandardDocument]:
    """Every `<id>.json` in `directory` (the defaults in resources/standards), by id."""
    documents: list[StandardDocument] = []
    for path in sorted(directory.glob("*.json")):
        try:
            document = standard_adapter.validate_json(path.read_bytes())
        except OSError as exc:
            raise StorageError(
                _("Could not read {path}: {value}.").format(path=path, value=exc.strerror or exc)
            ) from exc
        except pydantic.ValidationError as exc:
            raise ValidationError(
                _("The standard in {name} is not valid: {exc}.").format(
                    name=path.name, exc=_describe(exc)
                ),
                field=path.name,
            ) from exc
        if path.stem != document.id:
            raise ValidationError(
                _("{name} holds the standard {id}; name the file {id}.json.").format(
                    name=path.name, id=document.id
                ),
                field=path.name,
            )
        documents.append(document)
    if not documents:
        raise ValidationError(_("No standards found in {directory}.").format(directory=directory))
    return documents
