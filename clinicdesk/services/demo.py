"""A deterministic demo clinic: the same seed gives the same clinic.

Later areas add their own demo data here (patients, members, revenue) behind options of
`clinicdesk demo create`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from clinicdesk.db.models import Setting, User, utcnow
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import PermissionDenied
from clinicdesk.services import audit, demo_patients, setup
from clinicdesk.services.users import create_user_row, principal_of

# Marks a database made by `create`; only such a database allows `sign_in_demo_user`.
DEMO_MARKER = "demo_clinic"

DEMO_PASSWORD = "demo-clinic-2026"
# scrypt hash of DEMO_PASSWORD, made once: hashing costs ~70 ms, which `--demo` start-up
# should not pay. A demo clinic is throw-away and its password is in the README anyway.
DEMO_PASSWORD_HASH = (
    "scrypt$32768$8$1$FmjHQ4Zw2UU/37pVK/K3fg==$FbX43W2FRR3cvgYT6MLIYvBEB53cik4TmfLxo1Lffmk="
)
DEMO_MANAGER = "manager"
# Patients in the default demo: enough to fill a panel, cheap enough for `--demo` start-up.
DEMO_PATIENTS = 150
DEMO_ADMIN = "admin"

_CLINIC_NAMES = [
    "Riverbend Community Health Cooperative",
    "Maple Valley Family Care Co-op",
    "Harbourside Primary Care Cooperative",
    "Prairie Commons Health Co-op",
]
_FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dmitri",
    "Esi",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Kavya",
    "Luis",
    "Mei",
    "Noah",
    "Olu",
    "Priya",
    "Rosa",
    "Samir",
    "Tove",
    "Yusuf",
]
_LAST = [
    "Adeyemi",
    "Bergström",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fernández",
    "Gallagher",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Morales",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Singh",
    "Tanaka",
]


@dataclass(frozen=True)
class DemoSummary:
    clinic_name: str
    usernames: list[str]
    password: str
    patients: int = 0


def create(
    uow: UnitOfWork,
    *,
    seed: int = 1,
    patients: int = DEMO_PATIENTS,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo clinic, its staff (all with DEMO_PASSWORD) and
    `patients` patients with their clinical history, attributed to the clinicians."""
    rng = random.Random(seed)
    clinic_name = rng.choice(_CLINIC_NAMES)
    shared_hash = DEMO_PASSWORD_HASH
    admin = setup.initialise(
        uow,
        clinic_name,
        DEMO_ADMIN,
        "Demo Administrator",
        DEMO_PASSWORD,
        password_hash=shared_hash,
    )
    names = [DEMO_ADMIN]
    # Distinct surnames, so that no two staff share a user name or look alike in lists.
    people = [f"{rng.choice(_FIRST)} {last}" for last in rng.sample(_LAST, 7)]
    staff: list[tuple[str, str, list[Role]]] = [(DEMO_MANAGER, people[0], [Role.MANAGER])]
    for person in people[1:5]:
        staff.append((_username(person, "dr."), f"Dr {person}", [Role.CLINICIAN]))
    for person in people[5:]:
        staff.append((_username(person, ""), person, [Role.FRONT_DESK]))
    clinician_ids: list[int] = []
    for username, display, roles in staff:
        user = create_user_row(
            uow, username, display, roles, DEMO_PASSWORD, password_hash=shared_hash
        )
        audit.record(uow, admin, "user.add", "user", username, {"roles": [r.value for r in roles]})
        names.append(username)
        if Role.CLINICIAN in roles:
            clinician_ids.append(user.id)
    uow.session.add(Setting(key=DEMO_MARKER, value=True, updated_by="demo"))
    if patients > 0:
        made = demo_patients.generate(
            uow, patients, clinician_ids, seed=seed, actor_name="demo", progress=progress
        )
        audit.record(
            uow,
            admin,
            "demo.patients",
            "clinic",
            "",
            {"patients": made.patients, "encounters": made.encounters, "events": made.events},
        )
    uow.commit()
    return DemoSummary(clinic_name, names, DEMO_PASSWORD, max(patients, 0))


def is_demo(uow: UnitOfWork) -> bool:
    row = uow.session.get(Setting, DEMO_MARKER)
    return bool(row and row.value is True)


def sign_in_demo_user(uow: UnitOfWork, username: str) -> Principal:
    """Sign a demo account in without its password (which the demo just set, and whose
    check would cost a scrypt hash at every `--demo` start). Refused on any database that
    `create` did not make."""
    if not is_demo(uow):
        raise PermissionDenied(
            "Signing in without a password is only possible in a demo clinic.",
            hint="Sign in with your user name and password.",
        )
    user = uow.session.execute(select(User).where(User.username == username)).scalar_one()
    user.last_sign_in_at = utcnow()
    principal = principal_of(user)
    audit.record(uow, principal, "auth.sign_in", "user", user.username, {"demo": True})
    uow.commit()
    return principal


def _username(person: str, prefix: str) -> str:
    first, last = person.split(" ", 1)
    plain = "".join(ch for ch in last.lower() if ch.isascii() and ch.isalnum())
    return f"{prefix}{first[0].lower()}{plain}" if not prefix else f"{prefix}{plain}"
