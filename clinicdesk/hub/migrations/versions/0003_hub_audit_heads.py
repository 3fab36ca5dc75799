"""hub audit heads: every head of each clinic's audit trail sent at a sync, conflicts
flagged

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_pk", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("conflict", sa.String(length=500), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_pk"],
            ["hub_clinic.id"],
            name=op.f("fk_hub_audit_head_clinic_pk_hub_clinic"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_audit_head")),
    )
    op.create_index(
        "ix_hub_audit_head_clinic_pk_seq", "hub_audit_head", ["clinic_pk", "seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_hub_audit_head_clinic_pk_seq", table_name="hub_audit_head")
    op.drop_table("hub_audit_head")
