"""today indexes and care-gap runs: Today's counts from indexes alone; the day each
care-gap scope was last evaluated

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:55:00

At 100,000 patients the Today screen's two panel counts read every active patient's row
for its open gaps (~300 ms on SQLite) and joined every overdue result to its patient's
row (~1.4 s). With the open-gap count beside the status, and the state before the
patient in the results' index, both read an index only (~20 ms and ~70 ms).

A care-gap run writes only the results that changed; `care_gap_run` keeps the as-of day
of each scope's latest run (the clinic, or one clinician's panel) instead of setting it
again on every unchanged result each night.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index("ix_patient_status_open_gaps", ["status", "open_gaps"], unique=False)
    with op.batch_alter_table("care_gap_result", schema=None) as batch_op:
        batch_op.create_index(
            "ix_care_gap_result_state_patient_id", ["state", "patient_id"], unique=False
        )
    op.create_table(
        "care_gap_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_gap_run")),
        sa.UniqueConstraint("scope", name=op.f("uq_care_gap_run_scope")),
    )


def downgrade() -> None:
    op.drop_table("care_gap_run")
    with op.batch_alter_table("care_gap_result", schema=None) as batch_op:
        batch_op.drop_index("ix_care_gap_result_state_patient_id")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index("ix_patient_status_open_gaps")
