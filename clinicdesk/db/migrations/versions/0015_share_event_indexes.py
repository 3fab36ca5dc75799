"""share event indexes: reversals and transfer legs found by id, not by date (issue #14)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 19:10:00

The ledger's one register-wide date index (`effective_on` alone) served only the status
filter's "was this suspension reversed by then?", which it answered by scanning every
entry up to that day. Partial indexes on `reverses_id` and `linked_id` answer it, and
"the second leg of this transfer", directly; they hold only the few rows that have one,
so an import of tens of thousands of entries no longer maintains a date index it never
needed. A member's own history keeps its (member_id, effective_on) index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _partial(name: str, column: str) -> None:
    where = sa.text(f"{column} IS NOT NULL")
    op.create_index(
        name, "share_event", [column], sqlite_where=where, postgresql_where=where
    )


def upgrade() -> None:
    op.drop_index("ix_share_event_effective_on", table_name="share_event")
    _partial("ix_share_event_reverses_id", "reverses_id")
    _partial("ix_share_event_linked_id", "linked_id")


def downgrade() -> None:
    op.drop_index("ix_share_event_linked_id", table_name="share_event")
    op.drop_index("ix_share_event_reverses_id", table_name="share_event")
    op.create_index("ix_share_event_effective_on", "share_event", ["effective_on"])
