"""A small clinic on a PostgreSQL schema with ClinicDesk's roles provisioned: two
clinicians with panels, a manager, a front desk and the administrator, each with a
database login, and a way to open the database as any of them.

The test server uses trust authentication, so connecting as a login checks no password:
what the tests show is what each login may do once connected. Roles are made under a
prefix unique to the test (roles are shared by the whole server) and dropped afterwards
with `drop_roles`.
"""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest
from sqlalchemy import exc, text
from sqlalchemy.engine import make_url

from clinicdesk.app import open_database
from clinicdesk.db import roles as server_roles
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import attribution, auth, caregaps, db_roles, users
from clinicdesk.services.patients import PatientInput, register_patient
from tests.conftest import ADMIN_PASSWORD
from tests.helpers.databases import pg_base_url

PASSWORD = "a-long-test-password-1"
ROLE_USERS = {
    "dr.ada": Role.CLINICIAN,
    "dr.bo": Role.CLINICIAN,
    "mona": Role.MANAGER,
    "fred": Role.FRONT_DESK,
}
PANELS = {"dr.ada": ["A-1", "A-2", "A-3"], "dr.bo": ["B-1", "B-2"]}


def new_prefix() -> str:
    return f"cdt{uuid.uuid4().hex[:12]}"


def drop_roles(prefix: str) -> None:
    """Every role under `prefix`, with the privileges and policies that name them."""
    with psycopg.connect(pg_base_url().replace("+psycopg", ""), autocommit=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{prefix}\\_%",)
            )
        ]
        if names:
            quoted = ", ".join(f'"{name}"' for name in names)
            conn.execute(f"DROP OWNED BY {quoted}")
            conn.execute(f"DROP ROLE {quoted}")


class Clinic:
    def __init__(
        self, db: Database, url: str, prefix: str, admin: Principal, cost: ScryptCost
    ) -> None:
        self.owner = db
        self.url = url
        self.prefix = prefix
        self.admin = admin
        self.cost = cost
        self.ids: dict[str, int] = {}
        self.patients: dict[str, int] = {}  # MRN -> id
        self._opened: list[Database] = []

    @classmethod
    def build(
        cls, db: Database, url: str, prefix: str, admin: Principal, cost: ScryptCost
    ) -> Clinic:
        """Users and panels made by the administrator as the owner, gaps worked out, then
        the roles provisioned and every user given a login."""
        made = cls(db, url, prefix, admin, cost)
        for username, role in ROLE_USERS.items():
            with db.uow() as uow:
                info = users.add_user(
                    uow,
                    admin,
                    username,
                    username.title(),
                    [role],
                    PASSWORD,
                    must_change_password=False,
                )
            made.ids[username] = info.id
        for clinician, mrns in PANELS.items():
            for n, mrn in enumerate(mrns):
                data = PatientInput(mrn, f"Family{mrn}", "Given", date(1960 + n, 3, 1), "female")
                with db.uow() as uow:
                    patient = register_patient(uow, admin, data)
                made.patients[mrn] = patient.id
                with db.uow() as uow:
                    attribution.reassign(uow, admin, patient.id, made.ids[clinician], "new")
        with db.uow() as uow:
            caregaps.evaluate_clinic(uow, admin)
        with db.uow() as uow:
            db_roles.provision_roles(uow, admin, prefix)
        for username in [*ROLE_USERS, admin.username]:
            with db.uow() as uow:
                db_roles.grant_login(uow, admin, username)
        return made

    def as_login(self, username: str) -> Database:
        url = server_roles.login_url(make_url(self.url), self.prefix, username, None)
        database = open_database(url.render_as_string(hide_password=False), password_cost=self.cost)
        self._opened.append(database)
        return database

    def sign_in(self, username: str) -> tuple[Database, Principal]:
        """What a workstation does: connect as the user's login, sign in as the user."""
        database = self.as_login(username)
        password = ADMIN_PASSWORD if username == self.admin.username else PASSWORD
        with database.uow() as uow:
            return database, auth.sign_in(uow, username, password)

    def close(self) -> None:
        for database in self._opened:
            database.dispose()


def refused(database: Database, sql: str, **params: object) -> str:
    """Run `sql` on a connection of its own and return the server's refusal."""
    with database.engine.connect() as conn, pytest.raises(exc.DBAPIError) as raised:
        conn.execute(text(sql), params)
    return str(raised.value.orig)


def count(database: Database, sql: str) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())
