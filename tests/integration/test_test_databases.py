"""The suite's own databases: each test's `db` is a copy of a template made once per
session by `open_database`; the copy is exactly what the program makes for a new clinic,
and each test's copy is its own."""

from __future__ import annotations

from sqlalchemy import func, select

from clinicdesk.db import migrate
from clinicdesk.db.models import AuditHead, User
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.audit import GENESIS_HASH
from clinicdesk.domain.roles import Principal


def test_a_test_database_is_a_new_clinic_database(db: Database) -> None:
    assert migrate.status(db).state is migrate.SchemaState.CURRENT
    assert migrate.check(db) == []
    with db.uow(read_only=True) as uow:
        head = uow.session.execute(select(AuditHead)).scalar_one()
        assert (head.id, head.last_seq, head.last_hash) == (1, 0, GENESIS_HASH)
        assert uow.session.scalar(select(func.count(User.id))) == 0


def test_what_one_test_writes_the_next_does_not_see(db: Database, admin: Principal) -> None:
    with db.uow(read_only=True) as uow:
        assert uow.session.scalar(select(func.count(User.id))) == 1
    assert admin.user_id == 1  # identities start afresh in every copy
