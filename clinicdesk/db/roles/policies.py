"""Row-level security: which rows each role's grants apply to.

Only rows that belong to someone are filtered; everything else a role may read, it reads
whole (the grants in `grants.py` decide that).

- A clinician sees the patients attributed to them today (`patient.clinician_id`, the
  column the Panel, the patient record and the care-gap run already scope by) and, through
  them, those patients' identifiers, attributions, visits, coded events and care-gap
  results. That is exactly what a clinician's services read: `ensure_may_see_patient` and
  `panel_scope` refuse any other patient unless the caller may view all panels. Front
  desk, managers and administrators (VIEW_ALL_PANELS) see every row.
- Everyone may change only their own user row (sign-in bookkeeping, own password);
  administrators any.
- Front desk and clinicians add training completions (in-app ones, each given its
  certificate code once) and course progress only for their own staff row, and put only
  training completions in the outbox (not a contribution).
- Everyone adds policy acknowledgements only for their own staff row.

`(SELECT clinicdesk_app_user_id())` is written as a sub-select so the planner evaluates
it once per statement, not once per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinicdesk.domain.roles import Role

FD, CL, MG, AD = Role.FRONT_DESK, Role.CLINICIAN, Role.MANAGER, Role.ADMIN
ALL_ROLES = (FD, CL, MG, AD)
ALL_PANELS = (FD, MG, AD)

ME = "(SELECT clinicdesk_app_user_id())"
MY_STAFF = f"(SELECT id FROM staff WHERE user_id = {ME})"
# Patient rows pass through the patient table's own policy: a clinician's sub-select sees
# only their panel.
OWN_PATIENT = "patient_id IN (SELECT id FROM patient)"


@dataclass(frozen=True)
class Policy:
    table: str
    name: str
    command: str  # ALL, SELECT, INSERT, UPDATE, DELETE
    roles: tuple[Role, ...]
    using: str | None
    check: str | None = None


def _panel_policies(table: str, own: str) -> list[Policy]:
    return [
        Policy(table, "cd_all_panels", "ALL", ALL_PANELS, "true", "true"),
        Policy(table, "cd_own_panel", "ALL", (CL,), own, own),
    ]


POLICIES: list[Policy] = [
    *_panel_policies("patient", f"clinician_id = {ME}"),
    *_panel_policies("patient_identifier", OWN_PATIENT),
    *_panel_policies("attribution", OWN_PATIENT),
    *_panel_policies("encounter", OWN_PATIENT),
    *_panel_policies("clinical_event", OWN_PATIENT),
    *_panel_policies("care_gap_result", OWN_PATIENT),
    Policy("app_user", "cd_read_users", "SELECT", ALL_ROLES, "true"),
    Policy("app_user", "cd_own_account", "UPDATE", (FD, CL, MG), f"id = {ME}", f"id = {ME}"),
    Policy("app_user", "cd_administer", "ALL", (AD,), "true", "true"),
    Policy("training_completion", "cd_read", "SELECT", ALL_ROLES, "true"),
    Policy("training_completion", "cd_record", "ALL", (MG, AD), "true", "true"),
    Policy(
        "training_completion",
        "cd_own_in_app",
        "INSERT",
        (FD, CL),
        None,
        f"staff_id IN {MY_STAFF} AND kind = 'in_app'",
    ),
    Policy(
        "training_completion",
        "cd_own_certificate",
        "UPDATE",
        (FD, CL),
        f"staff_id IN {MY_STAFF} AND certificate_code IS NULL",
        f"staff_id IN {MY_STAFF}",
    ),
    Policy("training_course_progress", "cd_everyone", "ALL", (MG, AD), "true", "true"),
    Policy(
        "training_course_progress",
        "cd_own",
        "ALL",
        (FD, CL),
        f"staff_id IN {MY_STAFF}",
        f"staff_id IN {MY_STAFF}",
    ),
    Policy("outbox_message", "cd_federation", "ALL", (MG, AD), "true", "true"),
    Policy(
        "outbox_message",
        "cd_read_training",
        "SELECT",
        (FD, CL),
        "kind = 'training_completions'",
    ),
    Policy(
        "outbox_message",
        "cd_queue_training",
        "INSERT",
        (FD, CL),
        None,
        "kind = 'training_completions'",
    ),
    # Acknowledgements: everyone reads them (the counts and the manager's view), and each
    # person adds only their own.
    Policy("policy_acknowledgement", "cd_read", "SELECT", ALL_ROLES, "true"),
    Policy(
        "policy_acknowledgement",
        "cd_own",
        "INSERT",
        ALL_ROLES,
        None,
        f"staff_id IN {MY_STAFF}",
    ),
]

RLS_TABLES = tuple(dict.fromkeys(policy.table for policy in POLICIES))
