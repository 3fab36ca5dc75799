"""standard translations: a standard's title and body in other languages (issue #17)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 17:00:00

The document's `translations` as it arrived ({"es": {"title": …, "body": …}}); NULL for a
standard stored before, or published without any.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("standard") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("standard") as batch:
        batch.drop_column("translations")
