"""hub training: the requirement a completion was issued under, revocations, and each
clinic's census of its staff per requirement (counts only)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 03:23:08.074059
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_training_census",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_pk", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.String(length=80), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("applicable", sa.Integer(), nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_pk"],
            ["hub_clinic.id"],
            name=op.f("fk_hub_training_census_clinic_pk_hub_clinic"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_training_census")),
        sa.UniqueConstraint(
            "clinic_pk",
            "requirement_id",
            name=op.f("uq_hub_training_census_clinic_pk_requirement_id"),
        ),
    )
    with op.batch_alter_table("hub_training_completion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requirement_id", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("requirement_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_training_completion", schema=None) as batch_op:
        batch_op.drop_column("revoked_on")
        batch_op.drop_column("requirement_version")
        batch_op.drop_column("requirement_id")

    op.drop_table("hub_training_census")
