"""ClinicDesk roles enforced by a shared PostgreSQL server (DESIGN §10).

The database owner runs `provision` (`clinicdesk db provision-roles`): it creates one
NOLOGIN group role per ClinicDesk role (`<prefix>_front_desk`, `_clinician`, `_manager`,
`_admin`), grants each exactly the table privileges of `grants.py`, turns on the
row-level security of `policies.py`, installs the functions of `functions.py` and a gate
login (`<prefix>_gate`) for the sign-in screen. Each ClinicDesk user then gets a LOGIN
role `<prefix>_u_<username>` that is a member of their roles' groups and nothing else
(`sync_login`, `clinicdesk db grant-login`), so a workstation signed in as a clinician
holds a clinician's rights on the server, whatever program it runs.

Roles are cluster-wide; the prefix keeps two clinics (or two tests) on one server apart.
Everything here is idempotent and runs in the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from clinicdesk.db.roles.functions import (
    ADMIN_FUNCTIONS,
    GATE_FUNCTIONS,
    GROUP_FUNCTIONS,
    PLAIN_ATTRIBUTES,
    function_sql,
)
from clinicdesk.db.roles.grants import GATE_GRANTS, TABLE_GRANTS
from clinicdesk.db.roles.policies import POLICIES, RLS_TABLES
from clinicdesk.domain.roles import Role
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _

DEFAULT_PREFIX = "clinicdesk"
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
_MAX_ROLE_NAME = 63  # PostgreSQL's NAMEDATALEN - 1


def check_prefix(prefix: str) -> str:
    if not _PREFIX.match(prefix):
        raise ValidationError(
            _("“{prefix}” cannot start database role names.").format(prefix=prefix),
            hint=_(
                "Use 1 to 20 lower-case letters, digits or underscores, "
                "starting with a letter (for example clinicdesk)."
            ),
        )
    return prefix


def group_name(prefix: str, role: Role) -> str:
    return f"{check_prefix(prefix)}_{role.value}"


def gate_name(prefix: str) -> str:
    return f"{check_prefix(prefix)}_gate"


def login_name(prefix: str, username: str) -> str:
    name = f"{check_prefix(prefix)}_u_{username}"
    if len(name.encode()) > _MAX_ROLE_NAME:
        limit = _MAX_ROLE_NAME - len(prefix) - 3
        raise ValidationError(
            _("The user name “{username}” is too long for a database login.").format(
                username=username
            ),
            hint=_(
                "With the role prefix {prefix}, user names for database "
                "logins may have at most {limit} characters: give this "
                "person a shorter user name."
            ).format(prefix=prefix, limit=limit),
        )
    return name


def login_url(url: URL, prefix: str, username: str, password: str | None) -> URL:
    """The database address a user signs in to: the same server, database and options
    (search_path), as their own login with their password."""
    return url.set(username=login_name(prefix, username), password=password)


def _ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _ensure_role(conn: Connection, name: str, attributes: str) -> None:
    verb = "ALTER" if _role_exists(conn, name) else "CREATE"
    conn.execute(text(f"{verb} ROLE {_ident(conn, name)} {attributes}"))


# Whatever else a role may hold, these attributes are set explicitly on every role made
# here, so a role altered by hand is put back.
_PLAIN = PLAIN_ATTRIBUTES


@dataclass(frozen=True)
class ProvisionResult:
    schema: str
    groups: tuple[str, ...]
    gate: str
    tables: int
    policies: int
    logins_synced: int


def _require_postgresql(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise ValidationError(
            _("Database roles exist only on a PostgreSQL server."),
            hint=_(
                "On one PC (SQLite) the operating-system account is the "
                "boundary: keep the database file in a folder only the "
                "clinic's account can open."
            ),
        )


def provision(
    conn: Connection, prefix: str = DEFAULT_PREFIX, *, gate_password: str | None = None
) -> ProvisionResult:
    """Create or bring up to date the group roles, grants, policies and functions for
    the clinic schema `conn` works in, and (when given) the gate login's password. Run as
    the database owner, after every upgrade."""
    _require_postgresql(conn)
    check_prefix(prefix)
    schema_name = str(conn.execute(text("SELECT current_schema()")).scalar_one())
    schema = _ident(conn, schema_name)
    existing = set(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema_name}
        ).scalars()
    )
    missing = sorted(set(TABLE_GRANTS) - existing)
    if missing:
        raise ValidationError(
            _("The clinic schema {schema_name} lacks tables: {value}.").format(
                schema_name=schema_name, value=", ".join(missing)
            ),
            hint=_("Run `clinicdesk db upgrade` first, then provision the roles again."),
        )
    unknown = sorted(existing - set(TABLE_GRANTS))
    if unknown:
        raise ValidationError(
            _(
                "The schema {schema_name} holds tables ClinicDesk has no grants for: {value}."
            ).format(schema_name=schema_name, value=", ".join(unknown)),
            hint=_(
                "Use a ClinicDesk version that knows this schema, or move "
                "those tables to another schema."
            ),
        )
    groups = {role: group_name(prefix, role) for role in Role}
    for name in groups.values():
        _ensure_role(conn, name, f"NOLOGIN {_PLAIN}")
    gate = gate_name(prefix)
    _ensure_role(conn, gate, f"LOGIN {_PLAIN}")
    if gate_password is not None:
        _set_password(conn, gate, gate_password)
    everyone = [*groups.values(), gate]
    quoted = ", ".join(_ident(conn, name) for name in everyone)

    # Start from nothing, in this transaction, so a privilege dropped from the matrix
    # is taken away and nobody sees a half-granted schema.
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {quoted}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}"))
    conn.execute(text(f"REVOKE ALL ON SCHEMA {schema} FROM {quoted}"))
    for sql in function_sql(schema, _literal(prefix)):
        conn.execute(text(sql))
    conn.execute(text(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {schema} FROM PUBLIC, {quoted}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}"))

    for table, by_role in TABLE_GRANTS.items():
        for role, privileges in by_role.items():
            grantee = _ident(conn, groups[role])
            conn.execute(text(f"GRANT {privileges} ON {schema}.{table} TO {grantee}"))
            if "INSERT" in privileges:
                _grant_sequence(conn, schema_name, table, grantee)
    for table, privileges in GATE_GRANTS.items():
        conn.execute(text(f"GRANT {privileges} ON {schema}.{table} TO {_ident(conn, gate)}"))
    for function in GROUP_FUNCTIONS:
        grantees = ", ".join(_ident(conn, name) for name in groups.values())
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {schema}.{function} TO {grantees}"))
    for function in ADMIN_FUNCTIONS:
        grantee = _ident(conn, groups[Role.ADMIN])
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {schema}.{function} TO {grantee}"))
    for function in GATE_FUNCTIONS:
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {schema}.{function} TO {_ident(conn, gate)}"))

    for table in RLS_TABLES:
        conn.execute(text(f"ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY"))
        for name in conn.execute(
            text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t"),
            {"s": schema_name, "t": table},
        ).scalars():
            conn.execute(text(f"DROP POLICY {_ident(conn, name)} ON {schema}.{table}"))
    for policy in POLICIES:
        to = ", ".join(_ident(conn, groups[role]) for role in policy.roles)
        using = f" USING ({policy.using})" if policy.using is not None else ""
        check = f" WITH CHECK ({policy.check})" if policy.check is not None else ""
        conn.execute(
            text(
                f"CREATE POLICY {policy.name} ON {schema}.{policy.table} "
                f"FOR {policy.command} TO {to}{using}{check}"
            )
        )
    # the gate counts the users (is the clinic set up?) through app_user's row security
    gate_policy = f"FOR SELECT TO {_ident(conn, gate)} USING (true)"
    conn.execute(text(f"CREATE POLICY cd_gate ON {schema}.app_user {gate_policy}"))
    synced = sync_existing_logins(conn, prefix)
    return ProvisionResult(
        schema=schema_name,
        groups=tuple(groups.values()),
        gate=gate,
        tables=len(TABLE_GRANTS),
        policies=len(POLICIES),
        logins_synced=synced,
    )


def _grant_sequence(conn: Connection, schema_name: str, table: str, grantee: str) -> None:
    """USAGE on the sequences that number `table`'s rows (serial or identity)."""
    sequences = conn.execute(
        text(
            "SELECT s.oid::regclass::text FROM pg_class s JOIN pg_depend d "
            "ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
            "AND d.refclassid = 'pg_class'::regclass "
            "WHERE s.relkind = 'S' AND d.refobjid = CAST(:t AS regclass)"
        ),
        {"t": f"{_ident(conn, schema_name)}.{table}"},
    ).scalars()
    for sequence in sequences:
        conn.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} TO {grantee}"))


def provisioned_prefix(conn: Connection) -> str | None:
    """The prefix this clinic schema was provisioned with, or None if it never was."""
    if conn.dialect.name != "postgresql":
        return None
    found = conn.execute(text("SELECT to_regprocedure('clinicdesk_role_prefix()')")).scalar()
    if found is None:
        return None
    return str(conn.execute(text("SELECT clinicdesk_role_prefix()")).scalar_one())


def sync_login(
    conn: Connection,
    prefix: str,
    username: str,
    roles: Iterable[Role],
    *,
    active: bool = True,
    password: str | None = None,
) -> str:
    """Make `username`'s login exist, able to log in only while the account is active,
    a member of exactly the groups of `roles`, and (when given) with `password`, sent as a
    SCRAM verifier so the password itself never reaches the server's logs."""
    _require_postgresql(conn)
    name = login_name(prefix, username)
    _ensure_role(conn, name, f"{'LOGIN' if active else 'NOLOGIN'} {_PLAIN}")
    wanted = {group_name(prefix, role) for role in roles}
    held = set(
        conn.execute(
            text(
                "SELECT g.rolname FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                "WHERE u.rolname = :n"
            ),
            {"n": name},
        ).scalars()
    )
    for group in sorted(held - wanted):
        conn.execute(text(f"REVOKE {_ident(conn, group)} FROM {_ident(conn, name)}"))
    for group in sorted(wanted - held):
        conn.execute(text(f"GRANT {_ident(conn, group)} TO {_ident(conn, name)}"))
    if password is not None:
        _set_password(conn, name, password)
    return name


def _set_password(conn: Connection, role: str, password: str) -> None:
    """Sent as a SCRAM verifier: the password itself never reaches the server's logs."""
    driver = conn.connection.driver_connection
    verifier = driver.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), role.encode(), b"scram-sha-256"
    ).decode()
    # the driver's own call: a verifier holds ':' that text() would take for binds
    conn.exec_driver_sql(f"ALTER ROLE {_ident(conn, role)} PASSWORD {_literal(verifier)}")


def sync_existing_logins(conn: Connection, prefix: str) -> int:
    """Bring every user's existing login in line with their roles and active flag (after
    roles were changed in ClinicDesk). Users without a login are left without one."""
    from clinicdesk.domain.roles import decode_roles

    users = conn.execute(text("SELECT username, roles, active FROM app_user")).all()
    synced = 0
    for username, roles, active in users:
        try:
            name = login_name(prefix, username)
        except ValidationError:
            continue  # too long for a login: it never got one
        if _role_exists(conn, name):
            sync_login(conn, prefix, username, decode_roles(roles), active=bool(active))
            synced += 1
    return synced


__all__ = [
    "DEFAULT_PREFIX",
    "ProvisionResult",
    "check_prefix",
    "gate_name",
    "group_name",
    "login_name",
    "login_url",
    "provision",
    "provisioned_prefix",
    "sync_existing_logins",
    "sync_login",
]
