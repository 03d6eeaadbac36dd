"""The product's one store: every piece of state that must outlive a process or be shared by
processes (runtime claims and ledgers, the outbox, workspaces, keys, connections, agents).

SQLite by default at ``$SKILLC_HOME/skillc.db``; PostgreSQL by URL (``SKILLC_DATABASE_URL`` or
``--database-url``). Alembic owns every schema change; :func:`open_store` applies pending
migrations on first use under a lock, so many processes starting on an empty store do not race.
"""

from __future__ import annotations

from compiler.store.config import database_url, skillc_home
from compiler.store.engine import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "database_url", "open_store", "skillc_home"]
