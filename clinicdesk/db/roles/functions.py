"""The SQL functions provisioning installs in the clinic schema.

They run as their owner (the database owner, SECURITY DEFINER) with a pinned
search_path, so a login cannot redirect them to objects of its own.

- `clinicdesk_role_prefix()` and `clinicdesk_login_name(username)`: how a ClinicDesk user
  name becomes a database login name (`<prefix>_u_<username>`).
- `clinicdesk_app_user_id()`: the app_user id of the login running the statement
  (`session_user`, which SET ROLE cannot change), or null for any other role. The
  row-level security policies use it.
- `clinicdesk_audit_next()` and `clinicdesk_audit_append(...)`: the only way an
  application login extends the audit trail. `next` locks the chain head and returns the
  next sequence number and the hash to link to; the caller computes the event's hash (the
  key stays outside the database) and `append` checks that the event extends the head it
  locked, inserts it and moves the head. A login that maps to a ClinicDesk user may record
  only events of its own user (or of nobody, for system events).
"""

from __future__ import annotations


def function_sql(schema: str, prefix: str) -> list[str]:
    """`schema` and `prefix` are quoted by the caller: schema as an identifier, prefix as a
    literal."""
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_role_prefix() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT {prefix}::text $$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_login_name(p_username text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT {prefix} || '_u_' || p_username $$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_app_user_id() RETURNS integer
LANGUAGE sql STABLE {definer} AS $$
    SELECT id FROM app_user
    WHERE {prefix} || '_u_' || username = session_user::text
$$
""",
        # Dropped first: an earlier provisioning made it without keyed_from, and a
        # function's result columns cannot be replaced in place.
        "DROP FUNCTION IF EXISTS clinicdesk_audit_next()",
        f"""
CREATE FUNCTION clinicdesk_audit_next(
    OUT seq integer, OUT prev_hash text, OUT keyed_from integer
)
LANGUAGE sql VOLATILE {definer} AS $$
    SELECT last_seq + 1, last_hash::text, keyed_from FROM audit_head WHERE id = 1 FOR UPDATE
$$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_audit_append(
    p_seq integer, p_occurred_at timestamp, p_actor_id integer, p_actor_name text,
    p_action text, p_entity_type text, p_entity_id text, p_details text,
    p_prev_hash text, p_hash text
) RETURNS void
LANGUAGE plpgsql VOLATILE {definer} AS $$
DECLARE
    head_seq integer;
    head_hash text;
    caller integer := clinicdesk_app_user_id();
BEGIN
    SELECT last_seq, last_hash INTO head_seq, head_hash
    FROM audit_head WHERE id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the audit trail''s head record is missing';
    END IF;
    IF p_seq IS DISTINCT FROM head_seq + 1 OR p_prev_hash IS DISTINCT FROM head_hash THEN
        RAISE EXCEPTION 'audit event % does not extend the chain, whose head is event %',
            p_seq, head_seq USING ERRCODE = '40001';
    END IF;
    IF caller IS NOT NULL AND p_actor_id IS NOT NULL AND p_actor_id <> caller THEN
        RAISE EXCEPTION 'a login may record audit events only as its own user'
            USING ERRCODE = '42501';
    END IF;
    INSERT INTO audit_event (seq, occurred_at, actor_id, actor_name, action, entity_type,
                             entity_id, details, prev_hash, hash)
    VALUES (p_seq, p_occurred_at, p_actor_id, p_actor_name, p_action, p_entity_type,
            p_entity_id, p_details, p_prev_hash, p_hash);
    UPDATE audit_head SET last_seq = p_seq, last_hash = p_hash WHERE id = 1;
END
$$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_analyze_stale() RETURNS integer
LANGUAGE plpgsql VOLATILE {definer} AS $$
DECLARE
    stale text;
    analysed integer := 0;
BEGIN
    FOR stale IN
        SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname IN ('patient', 'clinical_event')
          AND (COALESCE(last_analyze, last_autoanalyze) IS NULL
               OR n_mod_since_analyze > 0.1 * GREATEST(n_live_tup, 1000))
    LOOP
        EXECUTE format('ANALYZE %I', stale);
        analysed := analysed + 1;
    END LOOP;
    RETURN analysed;
END
$$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_mirror_user(p_username text, p_verifier text)
RETURNS text
LANGUAGE plpgsql VOLATILE {definer} AS $$
DECLARE
    account record;
    login text := {prefix} || '_u_' || p_username;
    role_name text;
    grp text;
    held boolean;
BEGIN
    SELECT roles, active INTO account FROM app_user WHERE username = p_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no ClinicDesk user %', p_username;
    END IF;
    IF octet_length(login) > 63 THEN
        RAISE EXCEPTION 'the user name % is too long for a database login', p_username;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN {PLAIN_ATTRIBUTES}', login);
    END IF;
    EXECUTE format('ALTER ROLE %I %s {PLAIN_ATTRIBUTES}', login,
                   CASE WHEN account.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    FOREACH role_name IN ARRAY ARRAY['admin', 'manager', 'clinician', 'front_desk'] LOOP
        grp := {prefix} || '_' || role_name;
        held := EXISTS (
            SELECT 1 FROM pg_auth_members m
            JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname = grp AND u.rolname = login);
        IF role_name = ANY (string_to_array(account.roles, ',')) THEN
            IF NOT held THEN
                EXECUTE format('GRANT %I TO %I', grp, login);
            END IF;
        ELSIF held THEN
            EXECUTE format('REVOKE %I FROM %I', grp, login);
        END IF;
    END LOOP;
    IF p_verifier IS NOT NULL THEN
        IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
            RAISE EXCEPTION 'a login password is set only as a SCRAM verifier';
        END IF;
        EXECUTE format('ALTER ROLE %I PASSWORD %L', login, p_verifier);
    END IF;
    RETURN login;
END
$$
""",
        f"""
CREATE OR REPLACE FUNCTION clinicdesk_set_own_login_password(p_verifier text)
RETURNS void
LANGUAGE plpgsql VOLATILE {definer} AS $$
BEGIN
    IF clinicdesk_app_user_id() IS NULL THEN
        RAISE EXCEPTION 'only a ClinicDesk user''s own login may change its password here'
            USING ERRCODE = '42501';
    END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'a login password is set only as a SCRAM verifier';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
END
$$
""",
    ]


# The attributes every role made here has, whatever was done to it by hand.
PLAIN_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"

# Who may call what: the group roles call everything below but the audit pair is the
# whole of their access to the trail; the gate only names logins.
GROUP_FUNCTIONS = (
    "clinicdesk_role_prefix()",
    "clinicdesk_login_name(text)",
    "clinicdesk_app_user_id()",
    "clinicdesk_audit_next()",
    "clinicdesk_audit_append(integer, timestamp, integer, text, text, text, text, text, "
    "text, text)",
    "clinicdesk_analyze_stale()",
    "clinicdesk_set_own_login_password(text)",
)
# Administrators mirror a user's account onto their login as they change it.
ADMIN_FUNCTIONS = ("clinicdesk_mirror_user(text, text)",)
GATE_FUNCTIONS = ("clinicdesk_role_prefix()", "clinicdesk_login_name(text)")
