"""today indexes: the Today screen's clinic-wide counts from indexes alone

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:55:00

At 100,000 patients the Today screen's two panel counts read every active patient's row
for its open gaps (~300 ms on SQLite) and joined every overdue result to its patient's
row (~1.4 s). With the open-gap count beside the status, and the state before the
patient in the results' index, both read an index only (~20 ms and ~70 ms).
"""

from __future__ import annotations

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


def downgrade() -> None:
    with op.batch_alter_table("care_gap_result", schema=None) as batch_op:
        batch_op.drop_index("ix_care_gap_result_state_patient_id")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index("ix_patient_status_open_gaps")
