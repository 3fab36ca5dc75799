"""Monthly revenue close and the contribution to the federation fund (issue 5).

The month's life: lines are entered by hand (`set_lines`) or imported from an accounting
CSV export (`preview_csv`, then `import_csv`) while it is a draft; `lock` freezes them and
computes the contribution under the `contribution_rate` standard in force for the month
(its id and version recorded) and the fund allocation under the `fund_allocation`
standard; `submit` writes the submission and its outbox message in one transaction; the
sync engine sends it with its idempotency key and, in the transaction that marks the
message sent, `record_receipt` copies the hub's receipt onto the submission. Corrections
after submitting are amendments (`amend`): a new revision of the lines and a new
submission with the next sequence and its delta; the original is never edited.

Until the clinic has pulled standards from its hub, the standards shipped in
`resources/standards` apply (they are stored when a month is locked, so the version a
month was computed with is always in the `standard` table).

One module per part (results, common, entry, submission, reading); this package is the
area's API, so callers write `revenue.lock(...)` whichever module does the work.
"""

from __future__ import annotations

from clinicdesk.services.revenue.common import (
    parse_lines,
    parse_period,
    parse_reason,
    rate_in_force,
    table_lines,
)
from clinicdesk.services.revenue.entry import csv_columns, import_csv, preview_csv, set_lines
from clinicdesk.services.revenue.reading import (
    export_statement,
    export_year_summary,
    month_figures,
    month_statuses,
    show,
)
from clinicdesk.services.revenue.results import (
    CONTRIBUTION_KIND,
    ENTITY,
    ColumnMapping,
    ImportPreview,
    LineInfo,
    MonthStatus,
    PeriodAction,
    PeriodInfo,
    PeriodStatus,
    RateInfo,
    SubmissionInfo,
    actions_in,
    allowed_actions,
)
from clinicdesk.services.revenue.submission import (
    amend,
    close_quietly,
    lock,
    record_receipt,
    submit,
    unlock,
)

__all__ = [
    "CONTRIBUTION_KIND",
    "ENTITY",
    "ColumnMapping",
    "ImportPreview",
    "LineInfo",
    "MonthStatus",
    "PeriodAction",
    "PeriodInfo",
    "PeriodStatus",
    "RateInfo",
    "SubmissionInfo",
    "actions_in",
    "allowed_actions",
    "amend",
    "close_quietly",
    "csv_columns",
    "export_statement",
    "export_year_summary",
    "import_csv",
    "lock",
    "month_figures",
    "month_statuses",
    "parse_lines",
    "parse_period",
    "parse_reason",
    "preview_csv",
    "rate_in_force",
    "record_receipt",
    "set_lines",
    "show",
    "submit",
    "table_lines",
    "unlock",
]
