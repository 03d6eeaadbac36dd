"""Alembic environment: always run from code with a connection handed in (see migrate.py)."""

from __future__ import annotations

from alembic import context

from compiler.store.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - offline SQL generation is not offered
    raise RuntimeError("skillc migrations run through compiler.store.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
