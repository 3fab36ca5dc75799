"""audit key: the seq from which the audit chain is linked by HMAC under the clinic's key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 06:45:00

Existing trails stay as they are (keyed_from NULL: SHA-256 links, verified as before)
until an administrator makes the clinic's audit key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keyed_from', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('keyed_from')
