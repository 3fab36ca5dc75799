"""Data written the way an earlier release wrote it, for the upgrade tests.

Today's services write today's schema (a new account also gets its staff row, which a
database older than 0007 has no table for), so a database held at an older revision is
filled here with the rows that release's program made: the clinic, its accounts and their
audit events. The clinic and users tables have kept their shape since 0001; the audit head
gained `keyed_from` in 0008, so events are appended here as a release before it did
(SHA-256 links, the head's two old columns only)."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from clinicdesk.db.models import AuditEvent, AuditHead, Clinic, User, new_uuid, utcnow
from clinicdesk.db.unit_of_work import Database, UnitOfWork
from clinicdesk.domain import passwords
from clinicdesk.domain.audit import AuditRecord, canonical_details, event_hash
from clinicdesk.domain.roles import Principal, Role, encode_roles

# Fast hashing: these accounts exist to be signed in to by a test, not to be attacked.
_COST = passwords.ScryptCost(n=2, r=1, p=1)


def record(
    uow: UnitOfWork,
    actor: Principal,
    action: str,
    entity_type: str,
    entity_id: str,
    details: dict[str, object],
) -> None:
    """An audit event as a release before 0008 appended it."""
    head = AuditHead.__table__
    uow.session.execute(update(head).where(head.c.id == 1).values(last_seq=head.c.last_seq + 1))
    seq, prev_hash = uow.session.execute(
        select(head.c.last_seq, head.c.last_hash).where(head.c.id == 1)
    ).one()
    rec = AuditRecord(
        seq=seq,
        occurred_at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.username,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details=canonical_details(details),
        prev_hash=prev_hash,
    )
    digest = event_hash(rec)
    uow.session.execute(insert(AuditEvent.__table__).values(**rec.__dict__, hash=digest))
    uow.session.execute(update(head).where(head.c.id == 1).values(last_hash=digest))


def add_account(
    db: Database, actor: Principal | None, username: str, display: str, role: Role, password: str
) -> Principal:
    """An account as a release before 0007 made it: the user row and its audit event."""
    with db.uow() as uow:
        user_id = uow.session.execute(
            insert(User.__table__)
            .values(
                username=username,
                display_name=display,
                roles=encode_roles([role]),
                password_hash=passwords.hash_password(password, _COST),
                active=True,
                must_change_password=False,
                failed_attempts=0,
            )
            .returning(User.__table__.c.id)
        ).scalar_one()
        principal = Principal(user_id, username, display, frozenset({role}))
        record(uow, actor or principal, "user.add", "user", username, {"roles": role.value})
        uow.commit()
    return principal


def initialise(
    db: Database, clinic_name: str, username: str, display: str, password: str
) -> Principal:
    """The clinic and its first administrator as a release before 0007 set them up."""
    ref = new_uuid()
    with db.uow() as uow:
        uow.session.execute(insert(Clinic.__table__).values(name=clinic_name, uuid=ref))
        uow.commit()
    admin = add_account(db, None, username, display, Role.ADMIN, password)
    with db.uow() as uow:
        record(uow, admin, "clinic.create", "clinic", ref, {"name": clinic_name})
        uow.commit()
    return admin
