"""user language: the language each person chose for ClinicDesk (issue #17)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:00:00

NULL means "as the computer's operating system says".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("language")
