"""Training in the demo clinic: start dates spread over the past years, two people without
a login (an agency nurse and a volunteer receptionist), and for every person and
requirement a realistic mix — mostly valid, some expiring within the reminder window, some
expired, some never done, a newcomer in grace — with in-app course completions (with
scores) for the two shipped courses, outside certificates for the rest, one revoked
certificate and a course half read. The history is not queued for the federation: a demo
clinic has no hub, and nothing it never sent needs revoking there."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from clinicdesk.db.models import CourseVersion
from clinicdesk.db.models_training import Staff
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.domain.training import CompletionKind, applies
from clinicdesk.i18n import N_, _
from clinicdesk.services import training
from clinicdesk.services.training.completions import add_completion
from clinicdesk.services.training.courses import install_shipped_courses
from clinicdesk.services.training.requirements import requirements_on
from clinicdesk.services.training.staff import all_staff

# The demo's own words, in the language the demo clinic is made in.
PROVIDERS = {
    "training.basic-life-support": N_("American Heart Association (BLS Provider)"),
    "training.bloodborne-pathogens": N_("Regional Health Training Centre"),
    "training.fire-safety-and-emergency": N_("City Fire Service, workplace safety session"),
}


def _provider(requirement_id: str) -> str | None:
    name = PROVIDERS.get(requirement_id)
    return _(name) if name else None


# Valid, expiring, expired, missing: the weights of each person x requirement.
_SCENARIOS = ("valid", "expiring", "expired", "missing")
_WEIGHTS = (55, 18, 14, 13)


def _completed_on(rng: random.Random, scenario: str, months: int | None, today: date) -> date:
    span = 365 * (months or 24) // 12
    if scenario == "valid":
        # Expires between 100 days and the whole span from now.
        return today - timedelta(days=rng.randint(1, max(2, span - 100)))
    if scenario == "expiring":
        return today - timedelta(days=span - rng.randint(5, 80))
    return today - timedelta(days=span + rng.randint(10, 200))  # expired


def create_training(uow: UnitOfWork, rng: random.Random, admin: Principal) -> None:
    """Fill the demo clinic's training (the caller's staff exist already). Commits."""
    today = date.today()
    install_shipped_courses(uow)
    versions = _course_versions(uow)
    uow.commit()
    training.add_staff(
        uow,
        admin,
        "Noor Haddad",
        [Role.CLINICIAN],
        today - timedelta(days=400),
        job_title="Agency practice nurse",
    )
    training.add_staff(
        uow,
        admin,
        "Tove Lindqvist",
        [Role.FRONT_DESK],
        today - timedelta(days=700),
        job_title="Volunteer receptionist",
    )
    people = all_staff(uow)
    newcomer = next(p for p in people if Role.CLINICIAN in p.job_roles and p.username)
    for person in people:
        if person.username is None:
            continue
        start = (
            today - timedelta(days=20)
            if person.id == newcomer.id
            else today - timedelta(days=rng.randint(800, 3000))
        )
        training.update_staff(uow, admin, person.id, start_on=start)
    people = all_staff(uow)
    requirements = requirements_on(uow, today)
    revoked_one = False
    revoke: list[int] = []
    for person in people:
        staff = uow.session.get(Staff, person.id)
        assert staff is not None
        for requirement in requirements:
            if not applies(person.job_roles, requirement.roles, person.start_on, None, today):
                continue
            if person.id == newcomer.id:
                continue  # in grace for everything
            scenario = rng.choices(_SCENARIOS, _WEIGHTS)[0]
            if scenario == "missing":
                continue
            done = max(
                _completed_on(rng, scenario, requirement.recurrence_months, today),
                requirement.effective_from,
            )
            in_app = requirement.has_course
            row = add_completion(
                uow,
                admin,
                staff,
                requirement,
                done,
                CompletionKind.IN_APP if in_app else CompletionKind.OUTSIDE_CERTIFICATE,
                course_version=versions.get(requirement.course_id) if in_app else None,
                score_percent=rng.choice((80, 100, 100)) if in_app else None,
                provider=None if in_app else _provider(requirement.requirement_id),
                external_code=None if in_app else f"EXT-{rng.randint(100000, 999999)}",
                announce=False,  # a demo clinic has no hub: its history was never sent
            )
            if not revoked_one and not in_app and scenario == "valid":
                revoked_one = True
                revoke.append(row.id)
    uow.commit()
    for completion_id in revoke:
        training.revoke_completion(
            uow,
            admin,
            completion_id,
            _("The provider withdrew this certificate (course not accredited)."),
        )
    _half_read_course(uow, newcomer.id, versions["hand-hygiene"])
    uow.commit()


def _course_versions(uow: UnitOfWork) -> dict[str, int]:
    """The newest installed version of each course: the one a person takes today."""
    rows = uow.session.execute(
        select(CourseVersion.course_id, func.max(CourseVersion.version)).group_by(
            CourseVersion.course_id
        )
    )
    return {course_id: version for course_id, version in rows}


def _half_read_course(uow: UnitOfWork, staff_id: int, version: int) -> None:
    from clinicdesk.db.models_training import CourseProgress

    uow.session.add(
        CourseProgress(
            staff_id=staff_id,
            course_id="hand-hygiene",
            course_version=version,
            sections_read=["01-why-hands-matter.md", "02-my-5-moments.md"],
            current_section=2,
            quiz_passed=False,
        )
    )
    uow.session.flush()
