"""Alembic environment, driven from clinicdesk.db.migrate with a live connection."""

from __future__ import annotations

from alembic import context

from clinicdesk.db.models import Base
from clinicdesk.i18n import _

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(_("ClinicDesk runs migrations through clinicdesk.db.migrate"))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError(_("ClinicDesk does not generate offline SQL scripts"))
run_migrations_online()
