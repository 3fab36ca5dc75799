"""Policy acknowledgements in the demo clinic: for every person on staff and policy in
force that applies to them, a realistic mix — most acknowledged within their days, some
late, some not yet. The newest person on staff has acknowledged nothing yet (still due),
nor has the longest-serving person without a login (late), so every demo shows both."""

from __future__ import annotations

import random
from datetime import date, timedelta

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.policies import late_from, version_on
from clinicdesk.domain.roles import Principal
from clinicdesk.services.policies.status import add_acknowledgement, policy_book
from clinicdesk.services.training.staff import all_staff


def create_acknowledgements(uow: UnitOfWork, rng: random.Random, admin: Principal) -> None:
    """Acknowledgements on past days, as their people made them (audited). Commits."""
    today = date.today()
    book = policy_book(uow)
    people = [p for p in all_staff(uow) if p.on_staff(today)]
    if not people:
        return
    newest = max(people, key=lambda p: (p.start_on, p.id))
    no_login = [p for p in people if p.username is None]
    oldest_no_login = min(no_login, key=lambda p: (p.start_on, p.id)) if no_login else None
    for person in people:
        if person in (newest, oldest_no_login):
            continue
        roles = {role.value for role in person.job_roles}
        for policy_id, versions in sorted(book.versions.items()):
            version = version_on(versions, today)
            if version is None or not version.for_roles(roles):
                continue
            begins = max(version.effective_from, person.start_on)
            scenario = rng.choices(("on_time", "late", "not_yet"), (70, 12, 18))[0]
            if scenario == "not_yet":
                continue
            if scenario == "on_time":
                day = begins + timedelta(days=rng.randint(0, version.within_days - 1))
            else:
                day = late_from(version, person.start_on) + timedelta(days=rng.randint(0, 40))
            if day > today:
                continue  # a newcomer: still within their days
            add_acknowledgement(uow, admin, person, policy_id, version.version, day)
    uow.commit()
