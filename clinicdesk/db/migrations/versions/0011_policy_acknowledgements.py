"""policy acknowledgements: who acknowledged which version of which policy

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:40:00

An append-only ledger (issue #18): one row per person, policy and version, never changed.
A new version of a policy needs a new row; the older ones stay on record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=80), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_policy_acknowledgement_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_acknowledgement")),
        sa.UniqueConstraint(
            "staff_id",
            "policy_id",
            "policy_version",
            name=op.f("uq_policy_acknowledgement_staff_id_policy_id_policy_version"),
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_policy_acknowledgement_uuid")),
    )


def downgrade() -> None:
    op.drop_table("policy_acknowledgement")
