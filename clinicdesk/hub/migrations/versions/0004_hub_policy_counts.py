"""hub policy counts: each clinic's acknowledged / due / late counts per policy version
and day (no one named)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_policy_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_pk", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=80), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("acknowledged", sa.Integer(), nullable=False),
        sa.Column("due", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_pk"],
            ["hub_clinic.id"],
            name=op.f("fk_hub_policy_counts_clinic_pk_hub_clinic"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_policy_counts")),
        sa.UniqueConstraint(
            "clinic_pk",
            "policy_id",
            "policy_version",
            "as_of",
            name=op.f("uq_hub_policy_counts_clinic_pk_policy_id_policy_version_as_of"),
        ),
    )


def downgrade() -> None:
    op.drop_table("hub_policy_counts")
