"""The in-app course: content, progress per person, the quiz.

The course player shows the newest stored version of a course (pulled from the hub, or
shipped with the program for a clinic not connected yet). Progress is kept per person and
course version; passing the quiz records an in-app completion, with its certificate code,
for every requirement in force that uses the course and applies to the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select

from clinicdesk import resources_root
from clinicdesk.db.models import CourseVersion, utcnow
from clinicdesk.db.models_training import CourseProgress as ProgressRow
from clinicdesk.db.models_training import Staff
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.training import CompletionKind, applies
from clinicdesk.domain.translations import in_language
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.federation.packages import (
    CoursePackage,
    build_package,
    open_package,
    section_title,
)
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.federation_store import manifest_translations
from clinicdesk.services.training.completions import add_completion, completion_infos
from clinicdesk.services.training.requirements import requirements_on
from clinicdesk.services.training.staff import actor_staff
from clinicdesk.services.training.types import (
    CourseContent,
    CourseProgress,
    CourseSection,
    QuizQuestionView,
    QuizResult,
)


def _newest(uow: UnitOfWork, course_id: str) -> CoursePackage:
    row = uow.session.execute(
        select(CourseVersion)
        .where(CourseVersion.course_id == course_id, CourseVersion.package.is_not(None))
        .order_by(CourseVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None or row.package is None:
        raise NotFoundError(
            _("The course “{course_id}” is not available in this clinic.").format(
                course_id=course_id
            ),
            hint=_("Sync with the federation to download it, or record an outside certificate."),
        )
    return open_package(row.package, expected_sha256=row.sha256)


def stored_course_title(uow: UnitOfWork, course_id: str) -> str | None:
    """Engine-internal: the title of the newest version of a course known here, in the
    language spoken when its stored package carries it (`CourseVersion.translations`);
    None when the clinic has no such course."""
    row = uow.session.execute(
        select(CourseVersion.title, CourseVersion.translations)
        .where(CourseVersion.course_id == course_id)
        .order_by(CourseVersion.version.desc())
        .limit(1)
    ).first()
    return None if row is None else in_language(row, "title")


@requires(Permission.VIEW_OWN_TRAINING)
def course_content(uow: UnitOfWork, actor: Principal, course_id: str) -> CourseContent:
    """The newest stored version of a course, for the player (questions without answers).
    NotFoundError when no package of it is stored."""
    package = _newest(uow, course_id)
    manifest = package.manifest
    quiz = manifest.quiz
    return CourseContent(
        course_id=manifest.id,
        version=manifest.version,
        title=in_language(manifest, "title"),
        summary=in_language(manifest, "summary"),
        minutes=manifest.minutes,
        sections=tuple(
            CourseSection(name, section_title(name, text), text)
            for name, text in package.sections()
        ),
        questions=tuple(QuizQuestionView(q.id, q.text, q.options) for q in quiz.questions)
        if quiz
        else (),
        pass_mark_percent=quiz.pass_mark_percent if quiz else None,
        files=dict(package.files),
    )


def progress_info(uow: UnitOfWork, row: ProgressRow) -> CourseProgress | None:
    """Engine-internal."""
    version = uow.session.execute(
        select(CourseVersion.roles, CourseVersion.package).where(
            CourseVersion.course_id == row.course_id, CourseVersion.version == row.course_version
        )
    ).first()
    if version is None or version.package is None:
        return None
    sections = open_package(version.package).manifest.sections
    read = row.sections_read if isinstance(row.sections_read, list) else []
    return CourseProgress(
        course_id=row.course_id,
        course_version=row.course_version,
        sections=tuple(sections),
        sections_read=tuple(s for s in sections if s in read),
        current_section=min(max(row.current_section, 0), len(sections) - 1),
        quiz_passed=row.quiz_passed,
        last_score_percent=row.last_score_percent,
        updated_at=row.updated_at,
    )


def _progress_row(
    uow: UnitOfWork, staff_id: int, package: CoursePackage, *, create: bool
) -> ProgressRow | None:
    manifest = package.manifest
    row = uow.session.execute(
        select(ProgressRow).where(
            ProgressRow.staff_id == staff_id,
            ProgressRow.course_id == manifest.id,
            ProgressRow.course_version == manifest.version,
        )
    ).scalar_one_or_none()
    if row is None and create:
        row = ProgressRow(
            staff_id=staff_id,
            course_id=manifest.id,
            course_version=manifest.version,
            sections_read=[],
            current_section=0,
            quiz_passed=False,
        )
        uow.session.add(row)
        uow.session.flush()
    return row


def _fresh(package: CoursePackage) -> CourseProgress:
    manifest = package.manifest
    return CourseProgress(
        course_id=manifest.id,
        course_version=manifest.version,
        sections=tuple(manifest.sections),
        sections_read=(),
        current_section=0,
        quiz_passed=False,
        last_score_percent=None,
        updated_at=None,
    )


@requires(Permission.VIEW_OWN_TRAINING)
def get_progress(uow: UnitOfWork, actor: Principal, course_id: str) -> CourseProgress:
    """The signed-in person's progress in the newest version of the course (nothing read
    yet when never started)."""
    me = actor_staff(uow, actor)
    package = _newest(uow, course_id)
    row = _progress_row(uow, me.id, package, create=False)
    progress = progress_info(uow, row) if row is not None else None
    uow.commit()
    return progress or _fresh(package)


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
    me = actor_staff(uow, actor)
    package = _newest(uow, course_id)
    sections = package.manifest.sections
    if not 0 <= current_section < len(sections):
        raise ValidationError(
            _("The course has sections 0 to {last}.").format(last=len(sections) - 1),
            field="current_section",
        )
    unknown = [s for s in sections_read if s not in sections]
    if unknown:
        raise ValidationError(
            _("The course has no section {section}.").format(section=unknown[0]),
            field="sections_read",
        )
    row = _progress_row(uow, me.id, package, create=True)
    assert row is not None
    before = row.sections_read if isinstance(row.sections_read, list) else []
    row.sections_read = [s for s in sections if s in before or s in sections_read]
    row.current_section = current_section
    row.updated_at = utcnow()
    uow.session.flush()
    progress = progress_info(uow, row)
    assert progress is not None
    uow.commit()
    return progress


@requires(Permission.VIEW_OWN_TRAINING)
def submit_quiz(
    uow: UnitOfWork, actor: Principal, course_id: str, answers: Mapping[str, str]
) -> QuizResult:
    """Mark the answers (question id -> chosen option). On a pass, one in-app completion
    per requirement in force that uses this course and applies to the person, each with a
    certificate code, queued for the hub. Audited and committed."""
    me = actor_staff(uow, actor)
    package = _newest(uow, course_id)
    manifest = package.manifest
    quiz = manifest.quiz
    if quiz is None:
        raise ValidationError(
            _("The course “{title}” has no quiz.").format(title=in_language(manifest, "title"))
        )
    wrong = tuple(q.id for q in quiz.questions if answers.get(q.id) != q.answer)
    total = len(quiz.questions)
    correct = total - len(wrong)
    passed = quiz.passed(dict(answers))
    score = correct * 100 // total
    row = _progress_row(uow, me.id, package, create=True)
    assert row is not None
    row.last_score_percent = score
    row.quiz_passed = row.quiz_passed or passed
    row.updated_at = utcnow()
    today = date.today()
    added = []
    if passed:
        staff = uow.session.get(Staff, me.id)
        assert staff is not None
        for requirement in requirements_on(uow, today):
            if requirement.course_id == manifest.id and applies(
                me.job_roles, requirement.roles, me.start_on, me.end_on, today
            ):
                added.append(
                    add_completion(
                        uow,
                        actor,
                        staff,
                        requirement,
                        today,
                        CompletionKind.IN_APP,
                        course_version=manifest.version,
                        score_percent=score,
                    ).id
                )
    audit.record(
        uow,
        actor,
        "training.quiz",
        "staff",
        me.id,
        {
            "course": manifest.id,
            "version": manifest.version,
            "score_percent": score,
            "passed": passed,
            "completions": added,
        },
    )
    completions = tuple(
        sorted(completion_infos(uow, ids=added), key=lambda c: c.requirement_id) if added else ()
    )
    uow.commit()
    return QuizResult(
        passed=passed,
        score_percent=score,
        correct=correct,
        total=total,
        pass_mark_percent=quiz.pass_mark_percent,
        wrong=wrong,
        completions=completions,
    )


def shipped_courses_dir() -> Path:
    return resources_root() / "courses"


def install_shipped_courses(uow: UnitOfWork, directory: Path | None = None) -> int:
    """Engine-internal (demo, tests, a clinic not connected yet): store the course packages
    shipped in resources/courses that are not stored; the caller commits. Returns how many
    were stored."""
    folder = directory or shipped_courses_dir()
    stored = 0
    for manifest_path in sorted(folder.glob("*/course.json")):
        data = build_package(manifest_path.parent)
        package = open_package(data)
        manifest = package.manifest
        row = uow.session.execute(
            select(CourseVersion).where(
                CourseVersion.course_id == manifest.id, CourseVersion.version == manifest.version
            )
        ).scalar_one_or_none()
        if row is not None and row.package is not None:
            continue
        if row is None:
            row = CourseVersion(
                course_id=manifest.id, version=manifest.version, title=manifest.title
            )
            uow.session.add(row)
        elif row.sha256 != package.sha256:
            continue  # the hub announced other bytes for this version: wait for those
        row.sha256 = package.sha256
        row.size_bytes = len(data)
        row.package = data
        row.summary = manifest.summary
        row.minutes = manifest.minutes
        row.roles = [role.value for role in manifest.roles]
        row.translations = manifest_translations(manifest)
        row.downloaded_at = utcnow()
        stored += 1
    uow.session.flush()
    return stored
