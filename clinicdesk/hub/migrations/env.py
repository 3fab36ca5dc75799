"""Alembic environment of the hub, driven from clinicdesk.hub.db with a live connection.

The hub keeps its history in its own version table, apart from a clinic database's."""

from __future__ import annotations

from alembic import context

from clinicdesk.hub.models import VERSION_TABLE, HubBase

config = context.config
target_metadata = HubBase.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("The hub runs migrations through clinicdesk.hub.db")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("The hub does not generate offline SQL scripts")
run_migrations_online()
