"""Stores to test on: SQLite in a temporary directory, and PostgreSQL (a fresh database per test).

PostgreSQL is reached through ``SKILLC_TEST_POSTGRES_URL`` (an account that may create
databases; ``.ci/run`` sets it up), defaulting to the local server ``.ci/run`` configures. On CI a
missing server is a failure, elsewhere a visible skip.

Use the ``store_url`` fixture (parametrized over both engines) for anything that must hold on
both; ``new_store_url(engine, tmp_path)`` to make more than one database in a test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from compiler.store.config import database_url
from compiler.store.engine import forget_open_stores

DEFAULT_ADMIN_URL = "postgresql://skillc:skillc@127.0.0.1:5432/postgres"
ENGINES = ("sqlite", "postgresql")


def postgres_admin_url() -> str:
    return database_url(os.environ.get("SKILLC_TEST_POSTGRES_URL") or DEFAULT_ADMIN_URL)


def _postgres_or_skip() -> str:
    admin = postgres_admin_url()
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        message = f"PostgreSQL unreachable at {make_url(admin).render_as_string()}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return admin


class Databases:
    """Creates databases for one test and drops them afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self._tmp = tmp_path
        self._created: list[str] = []

    def new(self, engine: str) -> str:
        if engine == "sqlite":
            folder = self._tmp / f"home-{uuid.uuid4().hex[:8]}"
            folder.mkdir()
            return f"sqlite:///{folder / 'skillc.db'}"
        admin = _postgres_or_skip()
        name = f"skillc_t_{uuid.uuid4().hex[:12]}"
        admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin_engine.dispose()
        self._created.append(name)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        forget_open_stores()
        if not self._created:
            return
        admin_engine = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as connection:
            for name in self._created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    made = Databases(tmp_path)
    try:
        yield made
    finally:
        made.drop_all()


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest, databases: Databases) -> str:
    """A fresh, empty store URL on each engine (not yet migrated)."""
    return databases.new(request.param)
