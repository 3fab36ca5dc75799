"""What each ClinicDesk role may do to each table on a shared PostgreSQL server.

The matrix follows the permission map in `clinicdesk.domain.roles` and what the services
guarded by those permissions read and write (DESIGN §10). Every table of the clinic
schema is named here, so a new table is a decision, not an accident: a test fails until
it is added. Privileges are SQL, as an auditor reads them.

- Everyone reads the clinic, its settings, the user list (names and roles, for panels and
  attributions), the standards and courses, and takes their own training.
- Rows that belong to a clinician's panel (patients and what hangs off them) are filtered
  by row-level security in `policies.py`; the grants here say what a role may do to the
  rows it can see.
- Nobody but the database owner may UPDATE, DELETE or TRUNCATE the audit trail; appends
  go through `clinicdesk_audit_append` (functions.py). Administrators read it.
- TRUNCATE, REFERENCES and TRIGGER are granted to no one.
"""

from __future__ import annotations

from clinicdesk.domain.roles import Role

FD, CL, MG, AD = Role.FRONT_DESK, Role.CLINICIAN, Role.MANAGER, Role.ADMIN

S = "SELECT"
SI = "SELECT, INSERT"
SIU = "SELECT, INSERT, UPDATE"
SIUD = "SELECT, INSERT, UPDATE, DELETE"

# Columns a user may change on their own app_user row (row-level security keeps it to
# their own): sign-in bookkeeping, their own password and language. Never roles, active or
# name.
OWN_ACCOUNT_COLUMNS = (
    "failed_attempts",
    "locked_until",
    "last_sign_in_at",
    "password_hash",
    "must_change_password",
    "language",
    "version",
)
_OWN_ACCOUNT = f"SELECT, UPDATE ({', '.join(OWN_ACCOUNT_COLUMNS)})"

# A care-gap run for one panel rewrites the cached panel columns of its patients.
_PANEL_CACHE = "SELECT, UPDATE (open_gaps, next_due_on)"

_CERTIFIED = "SELECT, INSERT, UPDATE (certificate_code)"

TABLE_GRANTS: dict[str, dict[Role, str]] = {
    # --- the clinic, its settings and its users ------------------------------------------
    "alembic_version": {FD: S, CL: S, MG: S, AD: S},  # the start-up schema check
    "clinic": {FD: S, CL: S, MG: "SELECT, UPDATE", AD: "SELECT, UPDATE"},
    # Front desk and managers write a few settings in their own work: an import marks the
    # care gaps stale and a care-gap run clears it (caregaps/freshness.py); a manager sets
    # the month the clinic joined the federation. Row-level security does not yet narrow
    # this to those keys (README, Known limits).
    "setting": {FD: SIUD, CL: S, MG: SIUD, AD: SIUD},
    "app_user": {FD: _OWN_ACCOUNT, CL: _OWN_ACCOUNT, MG: _OWN_ACCOUNT, AD: SIU},
    "audit_event": {AD: S},
    # The head (event number, hash, where the key starts) says nothing about anyone; the
    # sync reads it to send it to the hub.
    "audit_head": {FD: S, CL: S, MG: S, AD: S},
    # Command-line tokens: anyone makes, lists and revokes their own (services/tokens.py
    # checks whose; only SHA-256 hashes of 32 random bytes are stored, so reading them
    # gives nothing to sign in with). Revoking is an UPDATE: no one deletes a token.
    "user_token": {FD: SIU, CL: SIU, MG: SIU, AD: SIU},
    # --- federation: pulled standards and courses, the outbox ----------------------------
    "standard": {FD: S, CL: S, MG: SIU, AD: SIU},
    "course_version": {FD: S, CL: S, MG: SIU, AD: SIU},
    "sync_cursor": {FD: S, CL: S, MG: SIU, AD: SIU},
    # everyone queues their own training completions (row-level security: only that kind)
    "outbox_message": {FD: SI, CL: SI, MG: SIU, AD: SIU},
    # --- patients and panels (row-level security for clinicians) -------------------------
    "patient": {FD: SIU, CL: _PANEL_CACHE, MG: SIU, AD: SIU},
    "patient_identifier": {FD: SI, CL: S, MG: SIUD, AD: SIUD},
    "attribution": {FD: SIUD, CL: S, MG: SIUD, AD: SIUD},
    "panel_capacity": {FD: SIUD, CL: S, MG: SIUD, AD: SIUD},
    "encounter": {FD: "SELECT, UPDATE (clinician_id)", CL: S, MG: SIU, AD: SIU},
    "clinical_event": {FD: S, CL: S, MG: SIU, AD: SIU},
    "care_gap_result": {FD: SIUD, CL: SIUD, MG: SIUD, AD: SIUD},
    # the day each scope's results describe: written by whoever may run that scope
    "care_gap_run": {FD: SIU, CL: SIU, MG: SIU, AD: SIU},
    # --- training: everyone their own; managers everyone's; administrators configure -----
    "staff": {FD: S, CL: S, MG: SIU, AD: SIU},
    "training_local_requirement": {FD: S, CL: S, MG: S, AD: SIUD},
    "training_evidence": {FD: S, CL: S, MG: SI, AD: SI},
    # a completion's certificate code is written just after the row (it holds the id)
    "training_completion": {FD: _CERTIFIED, CL: _CERTIFIED, MG: SIU, AD: SIU},
    "training_course_progress": {FD: SIU, CL: SIU, MG: SIU, AD: SIU},
    # --- policy acknowledgements: a ledger, appended (each their own; row policies) -----
    "policy_acknowledgement": {FD: SI, CL: SI, MG: SI, AD: SI},
    # --- the member register: front desk enrol, managers run it; clinicians none ---------
    "member_class": {FD: S, MG: SIUD, AD: SIUD},
    "share_class": {FD: S, MG: SIUD, AD: SIUD},
    "member_register_counter": {FD: SIU, MG: SIUD, AD: SIUD},  # enrolment numbers
    "member": {FD: SI, MG: SIU, AD: SIU},
    "share_event": {FD: S, MG: SI, AD: SI},  # a ledger: appended, never changed
    "dividend_allocation": {FD: S, MG: SIU, AD: SIU},
    "dividend_share": {FD: S, MG: SIU, AD: SIU},
    # --- revenue and the contribution: managers (and administrators) only ----------------
    "revenue_period": {MG: SIU, AD: SIU},
    "revenue_line": {MG: SIUD, AD: SIUD},
    "revenue_submission": {MG: SIU, AD: SIU},
    # --- anchor contracts: managers run them, front desk read; clinicians none -----------
    # A roster import registers people as patients and attributes them (patient grants
    # above); a payment fills its month's draft revenue line (revenue grants above).
    "anchor_organisation": {FD: S, MG: SIU, AD: SIU},
    "anchor_contract": {FD: S, MG: SIU, AD: SIU},
    "anchor_enrolment": {FD: S, MG: SIU, AD: SIU},
    "anchor_roster_review": {FD: S, MG: SIU, AD: SIU},
    "anchor_invoice_counter": {MG: SIU, AD: SIU},  # invoice numbers
    "anchor_invoice": {FD: S, MG: SIU, AD: SIU},  # voided, never deleted
    "anchor_invoice_line": {FD: S, MG: SIUD, AD: SIUD},  # a draft's lines are replaced
    "anchor_payment": {FD: S, MG: SI, AD: SI},  # never changed
}

# The gate: the login a workstation uses before anyone signs in. It may read the clinic's
# name and the schema version, count the users (is the clinic set up?), and turn a user
# name into that user's login name. No names, no password hashes, no patient.
GATE_GRANTS = {"alembic_version": "SELECT", "clinic": "SELECT", "app_user": "SELECT (id)"}
