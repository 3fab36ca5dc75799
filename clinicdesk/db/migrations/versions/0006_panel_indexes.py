"""panel indexes: count and filter a clinician's active patients from the index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 08:10:00

At 100,000 patients, counting one clinician's active patients through
ix_patient_clinician_id_name_key read every patient row for its status (~45-150 ms on
SQLite); with the status in the index the count and a "contains" name filter read the
index only (~2 ms).
"""

from __future__ import annotations

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index(
            'ix_patient_clinician_id_status_name_key',
            ['clinician_id', 'status', 'name_key'],
            unique=False,
        )
        batch_op.create_index('ix_patient_status_name_key', ['status', 'name_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_status_name_key')
        batch_op.drop_index('ix_patient_clinician_id_status_name_key')
