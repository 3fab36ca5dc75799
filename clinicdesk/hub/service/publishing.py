"""The operator publishes and retires standards and courses; each publication is a
change in the feeds the clinics pull."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.federation import packages
from clinicdesk.federation.schemas import (
    StandardDocument,
    standard_adapter,
)
from clinicdesk.hub.db import HubDatabase, lock_change_feed
from clinicdesk.hub.models import (
    HubChange,
    HubCourseVersion,
    HubStandard,
)
from clinicdesk.hub.service.common import COURSES, PUBLISH, RETIRE, STANDARDS

# --- publishing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    item_id: str
    version: int
    new: bool  # False: the very same content was already published
    sha256: str | None = None


def _untranslated(document: StandardDocument) -> StandardDocument:
    return document.model_copy(update={"translations": {}})


def publish_standard(db: HubDatabase, document: StandardDocument) -> Published:
    """Publish a standard version. Publishing the same document again changes nothing;
    other content under a published id and version is refused (a change is a new
    version) — except its translations: the same version with new or corrected
    translations replaces the stored document and is announced again, so clinics pull
    the words without a new version of the rule (results name versions; words do not
    change them)."""
    canonical = standard_adapter.dump_json(document).decode("utf-8")

    def work(session: Session) -> Published:
        lock_change_feed(session)
        existing = session.scalar(
            select(HubStandard).where(
                HubStandard.standard_id == document.id, HubStandard.version == document.version
            )
        )
        if existing is not None:
            if existing.document != canonical and _untranslated(
                standard_adapter.validate_json(existing.document)
            ) == _untranslated(document):
                existing.document = canonical
                session.add(
                    HubChange(
                        resource=STANDARDS,
                        action=PUBLISH,
                        item_id=document.id,
                        version=document.version,
                    )
                )
                return Published(document.id, document.version, new=True)
            if existing.document != canonical:
                raise ConflictError(
                    f"Version {document.version} of {document.id} is already published with "
                    "other content.",
                    hint=f"A change is a new version: publish it as version "
                    f"{document.version + 1} or later.",
                )
            return Published(document.id, document.version, new=False)
        session.add(
            HubStandard(
                standard_id=document.id,
                version=document.version,
                kind=document.kind.value,
                effective_from=document.effective_from,
                effective_to=document.effective_to,
                document=canonical,
            )
        )
        session.add(
            HubChange(
                resource=STANDARDS, action=PUBLISH, item_id=document.id, version=document.version
            )
        )
        return Published(document.id, document.version, new=True)

    return db.write(work)


def retire_standard(
    db: HubDatabase, standard_id: str, version: int | None, retired_on: date
) -> Published:
    """Retire one version of a standard, or all of them (`version` None), from a day on."""

    def work(session: Session) -> Published:
        lock_change_feed(session)
        query = select(HubStandard).where(HubStandard.standard_id == standard_id)
        if version is not None:
            query = query.where(HubStandard.version == version)
        rows = session.scalars(query).all()
        if not rows:
            which = standard_id if version is None else f"version {version} of {standard_id}"
            raise NotFoundError(f"There is no published {which} to retire.")
        if all(row.retired_on == retired_on for row in rows):
            return Published(standard_id, version or 0, new=False)
        for row in rows:
            row.retired_on = retired_on
        session.add(
            HubChange(
                resource=STANDARDS,
                action=RETIRE,
                item_id=standard_id,
                version=version,
                retired_on=retired_on,
            )
        )
        return Published(standard_id, version or 0, new=True)

    return db.write(work)


def publish_course(db: HubDatabase, data: bytes) -> Published:
    """Publish a course package (checked exactly as a clinic will check it)."""
    package = packages.open_package(data)
    manifest = package.manifest

    def work(session: Session) -> Published:
        lock_change_feed(session)
        existing = session.scalar(
            select(HubCourseVersion).where(
                HubCourseVersion.course_id == manifest.id,
                HubCourseVersion.version == manifest.version,
            )
        )
        if existing is not None:
            if existing.sha256 != package.sha256:
                raise ConflictError(
                    f"Version {manifest.version} of the course {manifest.id} is already "
                    "published with other content.",
                    hint=f'A changed course is a new version: set "version": '
                    f"{manifest.version + 1} in course.json and build it again.",
                )
            return Published(manifest.id, manifest.version, new=False, sha256=package.sha256)
        session.add(
            HubCourseVersion(
                course_id=manifest.id,
                version=manifest.version,
                title=manifest.title,
                sha256=package.sha256,
                size_bytes=len(data),
                package=data,
            )
        )
        session.add(
            HubChange(
                resource=COURSES, action=PUBLISH, item_id=manifest.id, version=manifest.version
            )
        )
        return Published(manifest.id, manifest.version, new=True, sha256=package.sha256)

    return db.write(work)


@dataclass(frozen=True)
class SeedSummary:
    standards: list[Published] = field(default_factory=list)
    courses: list[Published] = field(default_factory=list)


def seed(db: HubDatabase, resources: Path) -> SeedSummary:
    """Publish the default standards and build and publish every course folder."""
    summary = SeedSummary()
    for document in packages.load_standards(resources / "standards"):
        summary.standards.append(publish_standard(db, document))
    for manifest in sorted((resources / "courses").glob("*/course.json")):
        summary.courses.append(publish_course(db, packages.build_package(manifest.parent)))
    if not summary.courses:
        raise ValidationError(f"No course folders found in {resources / 'courses'}.")
    return summary
