"""Care gaps over the clinic: every `care_gap` standard in force, for every active patient
(or one clinician's panel), as of a date.

The evaluation is the domain engine's (`clinicdesk.domain.caregaps`), split where it
splits: the first stage, reducing each patient's events to the few facts a rule looks at,
runs in SQL (`sql`) — one grouped query per standard, with the rule's codes as IN-lists,
returning for each eligible patient the latest date of each way, the latest date of each
exclusion in its window and whether an eligible condition is active. Ways whose facts need
a row at a time (a value threshold, a minimum age on the event's date) are read as rows and
reduced in Python. The second stage is the engine's own `decide`, so the clinic-wide
states, due dates and explanations are the engine's, word for word
(tests/integration/test_caregaps_service.py checks the two agree on random patients, on
SQLite and PostgreSQL).

Results are stored per patient and standard (`care_gap_result`; a patient the standard
does not apply to has no row), and only what changed is written (`store`): each new result
is compared with the stored one (standard version, state, due date, last-done date,
explanation) and only new, different and no longer applicable results are inserted,
updated or deleted; `evaluated_at` is when a result was last written. A result that stayed
the same gets only the run's as-of day (`as_of`: the day the last run confirmed it), one
UPDATE for all of them. So the nightly run of a clinic whose records did not change writes
nothing but, on a new day, that column. The panel's cached columns `open_gaps` and
`next_due_on` are likewise written only for the patients whose values changed. Those two
columns are a cache: they are written without bumping the patient's version, so a care-gap
run never turns a colleague's open edit of the patient into a conflict. The summary says
how many rows the run wrote, and so does its audit event.

The package's modules: `types` (what the services return), `scope` (whose patients, which
standards), `sql` (the first stage), `store` (writing results per back-end), `run` (the
clinic-wide run), `queries` (stored results, and one patient evaluated now) and
`freshness` (whether an import since the last clinic-wide run left the results stale).
"""

from clinicdesk.services.caregaps.freshness import (
    GapsFreshness,
    clear_import_mark,
    clear_stale,
    freshness,
    mark_stale,
)
from clinicdesk.services.caregaps.queries import (
    closures_by_month,
    evaluate_patient,
    stored_counts,
    stored_results,
)
from clinicdesk.services.caregaps.run import evaluate_clinic, evaluate_patients
from clinicdesk.services.caregaps.scope import (
    care_gap_standards,
    ensure_may_see_patient,
    panel_scope,
)
from clinicdesk.services.caregaps.types import (
    EvaluationSummary,
    MonthCount,
    PatientGap,
    StandardCounts,
    open_gap,
)

__all__ = [
    "EvaluationSummary",
    "GapsFreshness",
    "MonthCount",
    "PatientGap",
    "StandardCounts",
    "care_gap_standards",
    "clear_import_mark",
    "clear_stale",
    "closures_by_month",
    "ensure_may_see_patient",
    "evaluate_clinic",
    "evaluate_patient",
    "evaluate_patients",
    "freshness",
    "mark_stale",
    "open_gap",
    "panel_scope",
    "stored_counts",
    "stored_results",
]
