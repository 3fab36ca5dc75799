"""The change feeds clinics pull (standards and courses, paged by cursor) and the
course packages they download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import LargeBinary, func, select
from sqlalchemy.orm import Session

from clinicdesk.federation.schemas import (
    CoursesPage,
    CourseVersionInfo,
    StandardDocument,
    StandardRetirement,
    StandardsPage,
    standard_adapter,
)
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import (
    HubChange,
    HubCourseVersion,
    HubStandard,
)
from clinicdesk.hub.service.common import COURSES, PUBLISH, STANDARDS, aware, invalid, not_found

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
PACKAGE_SLICE_BYTES = 256 * 1024
_CURSOR_TEXT = re.compile(r"\d{1,18}")


# --- change feeds -------------------------------------------------------------------------------


def _parse_cursor(session: Session, cursor: str | None) -> int:
    if not cursor:
        return 0
    if not _CURSOR_TEXT.fullmatch(cursor) or int(cursor) > (
        session.scalar(select(func.max(HubChange.seq))) or 0
    ):
        raise invalid(
            f"The cursor {cursor[:40]!r} was not issued by this hub. Forget the stored cursor "
            "and sync from the start.",
            "cursor",
        )
    return int(cursor)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise invalid(f"limit must be from 1 to {MAX_PAGE_SIZE}.", "limit")


def standards_page(
    db: HubDatabase, cursor: str | None, limit: int, *, translations: bool = True
) -> StandardsPage:
    """The standards changes after `cursor`, oldest first; without `translations` (a
    program that does not read them: FEATURES_HEADER), the documents without theirs."""
    _check_limit(limit)
    with db.read() as session:
        after = _parse_cursor(session, cursor)
        rows = session.execute(
            select(HubChange, HubStandard.document)
            .outerjoin(
                HubStandard,
                (HubStandard.standard_id == HubChange.item_id)
                & (HubStandard.version == HubChange.version)
                & (HubChange.action == PUBLISH),
            )
            .where(HubChange.resource == STANDARDS, HubChange.seq > after)
            .order_by(HubChange.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    upserts: list[StandardDocument] = []
    retirements: list[StandardRetirement] = []
    for change, document in rows:
        if change.action == PUBLISH:
            standard = standard_adapter.validate_json(document)
            if not translations and standard.translations:
                standard = standard.model_copy(update={"translations": {}})
            upserts.append(standard)
        else:
            assert change.retired_on is not None
            retirements.append(
                StandardRetirement(
                    id=change.item_id, version=change.version, retired_on=change.retired_on
                )
            )
    return StandardsPage(
        upserts=tuple(upserts),
        retirements=tuple(retirements),
        next_cursor=str(rows[-1][0].seq if rows else after),
        has_more=has_more,
    )


def package_path(course_id: str, version: int) -> str:
    return f"/v1/courses/{course_id}/versions/{version}/package"


def courses_page(db: HubDatabase, cursor: str | None, limit: int) -> CoursesPage:
    """The course versions published after `cursor`, oldest first."""
    _check_limit(limit)
    with db.read() as session:
        after = _parse_cursor(session, cursor)
        rows = session.execute(
            select(HubChange, HubCourseVersion)
            .join(
                HubCourseVersion,
                (HubCourseVersion.course_id == HubChange.item_id)
                & (HubCourseVersion.version == HubChange.version),
            )
            .where(HubChange.resource == COURSES, HubChange.seq > after)
            .order_by(HubChange.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return CoursesPage(
        versions=tuple(
            CourseVersionInfo(
                course_id=course.course_id,
                version=course.version,
                title=course.title,
                package_url=package_path(course.course_id, course.version),
                sha256=course.sha256,
                size_bytes=course.size_bytes,
                published_at=aware(course.published_at),
            )
            for _change, course in rows
        ),
        next_cursor=str(rows[-1][0].seq if rows else after),
        has_more=has_more,
    )


@dataclass(frozen=True)
class PackageInfo:
    pk: int
    sha256: str
    size_bytes: int


def course_package(db: HubDatabase, course_id: str, version: int) -> PackageInfo:
    with db.read() as session:
        row = session.scalar(
            select(HubCourseVersion).where(
                HubCourseVersion.course_id == course_id, HubCourseVersion.version == version
            )
        )
    if row is None:
        raise not_found(f"The hub has no version {version} of the course {course_id}.")
    return PackageInfo(row.id, row.sha256, row.size_bytes)


def package_slices(db: HubDatabase, package: PackageInfo) -> Iterator[bytes]:
    """The zip in slices read straight from the database, so a download holds one slice
    in memory, not the package. Versions never change once published."""
    offset = 0
    while offset < package.size_bytes:
        with db.read() as session:
            piece = session.scalar(
                select(
                    func.substr(
                        HubCourseVersion.package,
                        offset + 1,
                        PACKAGE_SLICE_BYTES,
                        type_=LargeBinary,
                    )
                ).where(HubCourseVersion.id == package.pk)
            )
        if not piece:
            raise RuntimeError(f"course package {package.pk} ended at byte {offset}")
        yield bytes(piece)
        offset += len(piece)
