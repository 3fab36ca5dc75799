"""Read-only queries the Federation area needs and `services.federation_store` does not
offer yet (the rules of a standard's versions, the course catalogue). They run on the
runner's worker, check the same permission the store's readers do and return plain
dataclasses; they belong in the store once its owner takes them over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models import CourseVersion, Standard
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import ensure_permission


@dataclass(frozen=True)
class CourseEntry:
    course_id: str
    version: int
    title: str
    minutes: int | None
    downloaded: bool


def standard_rules(uow: UnitOfWork, actor: Principal, standard_id: str) -> dict[int, Any]:
    """The rule (as stored JSON, None for a policy) of every version of one standard."""
    ensure_permission(actor, Permission.VIEW_FEDERATION)
    rows = uow.session.execute(
        select(Standard.version, Standard.rule).where(Standard.standard_id == standard_id)
    ).all()
    return {int(version): rule for version, rule in rows}


def list_course_versions(uow: UnitOfWork, actor: Principal) -> list[CourseEntry]:
    """Every course version known here, by course and version, without the packages."""
    ensure_permission(actor, Permission.VIEW_FEDERATION)
    rows = uow.session.execute(
        select(
            CourseVersion.course_id,
            CourseVersion.version,
            CourseVersion.title,
            CourseVersion.minutes,
            CourseVersion.downloaded_at,
        ).order_by(CourseVersion.course_id, CourseVersion.version)
    ).all()
    return [
        CourseEntry(course_id, int(version), title, minutes, downloaded_at is not None)
        for course_id, version, title, minutes, downloaded_at in rows
    ]
