"""Panel queries for a big, lazily filled table (the Anki browser's shape): how many
patients match, and any page of them in a stable order. The table model asks for the
count and the first page when the query changes, and for further pages as rows scroll
into view; it never asks per cell.

Everything the panel shows, sorts and prefix-filters on is a column of `patient` (see
db/models_clinical.py), so a first page is one indexed statement at 100,000 patients.
Filters by gap, due status and condition are EXISTS sub-queries on indexed tables.

Reading a panel page is not audited: a list row is not a patient's record. Opening a
record is (services/patients.get_patient_detail).

The package's modules: `types` (queries, rows, conditions), `statements` (building,
compiling and running the statements) and `queries` (the services).
"""

from clinicdesk.services.panel.queries import (
    condition_choices,
    count,
    first_screen,
    gap_choices,
    met_by_month,
    open_gaps_by_standard,
    page,
)
from clinicdesk.services.panel.types import (
    CONDITIONS,
    Choice,
    Condition,
    DueStatus,
    Match,
    PanelPage,
    PanelQuery,
    PanelRow,
    SortKey,
)

__all__ = [
    "CONDITIONS",
    "Choice",
    "Condition",
    "DueStatus",
    "Match",
    "PanelPage",
    "PanelQuery",
    "PanelRow",
    "SortKey",
    "condition_choices",
    "count",
    "first_screen",
    "gap_choices",
    "met_by_month",
    "open_gaps_by_standard",
    "page",
]
