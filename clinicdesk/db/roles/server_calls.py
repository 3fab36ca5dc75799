"""Calls into the functions provisioning installs (see functions.py), for the services.

Once roles are provisioned, application logins hold no privilege on the audit tables and
cannot ANALYZE tables they do not own:

- `services/audit.py` locks the head with `clinicdesk_audit_next()` and appends with
  `clinicdesk_audit_append(...)`;
- the care-gap run refreshes stale planner statistics with `clinicdesk_analyze_stale()`;
- the user services mirror an account onto its login (`mirror_user`, `set_own_password`)
  in the transaction that changes the account.

Whether the schema is provisioned is looked up once per server connection (a schema
provisioned later is seen by connections opened later; until then the owner's
connections do the work directly, which the owner may).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from clinicdesk.domain.audit import AuditRecord

_CACHE_KEY = "clinicdesk_audit_functions"


def provisioned(session: Session) -> bool:
    """Whether the session's PostgreSQL schema has the functions of provisioned roles."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return False
    info = connection.connection.info
    if _CACHE_KEY not in info:
        found = connection.execute(
            text("SELECT to_regprocedure('clinicdesk_audit_next()')")
        ).scalar()
        info[_CACHE_KEY] = found is not None
    return bool(info[_CACHE_KEY])


def lock_audit_head(session: Session) -> tuple[int, str, int | None] | None:
    """The next sequence number, the hash it links to and the event the audit key's
    links start at, with the head locked until the transaction ends; None if the head row
    is missing."""
    row = session.execute(
        text("SELECT seq, prev_hash, keyed_from FROM clinicdesk_audit_next()")
    ).one()
    if row.seq is None:
        return None
    keyed_from = None if row.keyed_from is None else int(row.keyed_from)
    return int(row.seq), str(row.prev_hash), keyed_from


def append_audit(session: Session, rec: AuditRecord, digest: str) -> None:
    session.execute(
        text(
            "SELECT clinicdesk_audit_append(:seq, :occurred_at, :actor_id, :actor_name, "
            ":action, :entity_type, :entity_id, :details, :prev_hash, :hash)"
        ),
        rec.row(digest),
    )


def analyze_stale(session: Session) -> int:
    """ANALYZE (as the owner) the tables the care-gap queries plan over, where their
    statistics are missing or stale; returns how many were analysed."""
    return int(session.execute(text("SELECT clinicdesk_analyze_stale()")).scalar_one())


def _verifier(session: Session, username: str, password: str) -> str:
    """The SCRAM verifier of `password` for `username`'s login, made here: the password
    itself never reaches the server (nor its statement log)."""
    connection = session.connection()
    login = str(
        connection.execute(text("SELECT clinicdesk_login_name(:u)"), {"u": username}).scalar_one()
    )
    driver = connection.connection.driver_connection
    encrypted = driver.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), login.encode(), b"scram-sha-256"
    )
    return bytes(encrypted).decode()


def mirror_user(session: Session, username: str, password: str | None = None) -> None:
    """After an administrator changed `username`'s account (and with its new password):
    their login as the account now says. Nothing on SQLite or without roles."""
    if not provisioned(session):
        return
    verifier = _verifier(session, username, password) if password is not None else None
    session.execute(text("SELECT clinicdesk_mirror_user(:u, :v)"), {"u": username, "v": verifier})


def set_own_password(session: Session, user_id: int, username: str, password: str) -> None:
    """A user changed their own password: so does their login. On a connection that is
    not their login (the owner's), through the administrators' mirror."""
    if not provisioned(session):
        return
    verifier = _verifier(session, username, password)
    me = session.execute(text("SELECT clinicdesk_app_user_id()")).scalar()
    if me == user_id:
        session.execute(text("SELECT clinicdesk_set_own_login_password(:v)"), {"v": verifier})
    else:
        session.execute(
            text("SELECT clinicdesk_mirror_user(:u, :v)"), {"u": username, "v": verifier}
        )
