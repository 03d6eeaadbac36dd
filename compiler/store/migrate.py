"""Alembic, driven from code: migrations apply on first use under a lock shared by processes.

PostgreSQL takes a session advisory lock; SQLite an exclusive ``flock`` on a file beside the
database. The fast path (already at every head) takes no lock at all.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from compiler.store.engine import Store

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# An arbitrary constant naming skillc's migration lock among a database's advisory locks.
PG_MIGRATION_LOCK = 0x736B696C6C63


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def is_current(store: Store) -> bool:
    """Whether the database is at every migration head (``/healthz`` reports this)."""
    with store.engine.connect() as connection:
        return current(connection) == heads()


@contextlib.contextmanager
def _sqlite_lock(store: Store) -> Iterator[None]:
    database = make_url(store.url).database or ""
    if database in ("", ":memory:"):
        yield
        return
    lock_path = Path(database + ".migrate-lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def upgrade(store: Store) -> None:
    """Bring the store to every head; a no-op (and lock-free) when it is already there."""
    if is_current(store):
        return
    if store.is_postgresql:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            connection.commit()
            try:
                if current(connection) != heads():
                    command.upgrade(alembic_config(connection), "heads")
                    connection.commit()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_MIGRATION_LOCK})
                connection.commit()
        return
    with _sqlite_lock(store), store.engine.connect() as connection:
        if current(connection) != heads():
            command.upgrade(alembic_config(connection), "heads")
            connection.commit()
