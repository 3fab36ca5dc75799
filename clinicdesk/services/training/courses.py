"""The in-app course: content, progress per person, the quiz."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.services import requires
from clinicdesk.services.training.types import CourseContent, CourseProgress, QuizResult


@requires(Permission.VIEW_OWN_TRAINING)
def course_content(uow: UnitOfWork, actor: Principal, course_id: str) -> CourseContent:
    """The newest stored version of a course, for the player (questions without answers).
    NotFoundError when no package of it is stored."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def get_progress(uow: UnitOfWork, actor: Principal, course_id: str) -> CourseProgress:
    """The signed-in person's progress in the newest version of the course (nothing read
    yet when never started)."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def save_progress(
    uow: UnitOfWork,
    actor: Principal,
    course_id: str,
    *,
    current_section: int,
    sections_read: Sequence[str] = (),
) -> CourseProgress:
    """Remember where the person is; sections read accumulate. Committed."""
    raise NotImplementedError


@requires(Permission.VIEW_OWN_TRAINING)
def submit_quiz(
    uow: UnitOfWork, actor: Principal, course_id: str, answers: Mapping[str, str]
) -> QuizResult:
    """Mark the answers (question id -> chosen option). On a pass, one in-app completion
    per requirement in force that uses this course and applies to the person, each with a
    certificate code, queued for the hub. Audited and committed."""
    raise NotImplementedError


def install_shipped_courses(uow: UnitOfWork) -> int:
    """Engine-internal (demo, tests, a clinic not connected yet): store the course packages
    shipped in resources/courses that are not stored; the caller commits. Returns how many
    were stored."""
    raise NotImplementedError
