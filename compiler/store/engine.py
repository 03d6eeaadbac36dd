"""Opening the store: one engine per URL and process, migrations applied on first use."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from compiler.store.config import database_url, redact_url
from compiler.store.meta import StoreValue

SQLITE_BUSY_TIMEOUT_S = 30.0
READ_ONLY_OPTION = "skillc_read_only"  # an execution option: see Store.reading()


class StoreError(Exception):
    """The store cannot be opened or used; the message names the (redacted) URL and why."""


class Store:
    """One database shared by every process of an installation.

    Each ``transaction()`` is short and never held across a HubSpot request: a promise that spans
    one (a claim, a lease) is a row with an expiry, committed before the request is sent.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._relaxed: Engine | None = None

    def __repr__(self) -> str:
        return f"Store({redact_url(self.url)!r})"

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    def session(self) -> Session:
        return self._sessions()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads that change nothing (a request's hot path).

        SQLite: a deferred ``BEGIN`` (a read snapshot that waits for no writer, where
        ``transaction()`` takes the write lock up front); PostgreSQL: autocommit, each statement
        one round trip with its own snapshot, so a read that must be consistent is one statement.
        """
        with self._read_engine.connect() as connection:
            yield connection  # closing it ends the transaction (a rollback: nothing to keep)

    @functools.cached_property
    def _read_engine(self) -> Engine:
        if self.is_postgresql:
            return self._autocommit
        return self.engine.execution_options(**{READ_ONLY_OPTION: True})

    @functools.cached_property
    def _autocommit(self) -> Engine:
        """PostgreSQL: the same pool, each statement committing on its own."""
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def statements(self, *, durable: bool = True) -> Iterator[Connection]:
        """A connection for statements that each stand alone (no promise spans two of them).

        PostgreSQL: each statement commits on its own, one round trip instead of begin, statement
        and commit; ``durable=False`` also skips the wait for the WAL flush, for state a database
        crash may lose at no cost (claims with an expiry, rate slots, recent creates: after a
        crash the next caller looks again). SQLite: one ``BEGIN IMMEDIATE`` transaction around
        them (its statements are calls inside this process, not round trips).
        """
        if not self.is_postgresql:
            with self.engine.begin() as connection:
                yield connection
            return
        engine = self._autocommit if durable else self._relaxed_engine()
        with engine.connect() as connection:
            yield connection

    def _relaxed_engine(self) -> Engine:
        if self._relaxed is None:
            self._relaxed = _postgresql_engine(self.url, synchronous_commit=False)
        return self._relaxed

    def insert(self, table: Any) -> Any:
        """An INSERT of this dialect (both support ``on_conflict_do_nothing``)."""
        return pg_insert(table) if self.is_postgresql else sqlite_insert(table)

    def value(self, name: str, factory: Callable[[], str] = lambda: secrets.token_hex(32)) -> str:
        """The installation's value ``name``, created once by whichever process asks first."""
        with self.transaction() as session:
            found = session.scalar(select(StoreValue.value).where(StoreValue.name == name))
            if found is not None:
                return found
            session.execute(
                self.insert(StoreValue.__table__)
                .values(name=name, value=factory())
                .on_conflict_do_nothing(index_elements=["name"])
            )
        with self.transaction() as session:
            stored = session.scalar(select(StoreValue.value).where(StoreValue.name == name))
        assert stored is not None
        return stored

    def close(self) -> None:
        self.engine.dispose()
        if self._relaxed is not None:
            self._relaxed.dispose()


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    memory = database in ("", ":memory:")
    if not memory:
        path = Path(database).expanduser()
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Owner-only from the first byte: the store holds tokens and transcripts.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling begins late and cannot be trusted with
        # concurrency; take control and begin every transaction IMMEDIATE (write lock up
        # front), so two processes never deadlock upgrading a read lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Store.reading(): a deferred BEGIN, which a read-only transaction cannot deadlock with.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


# A pooled connection idle longer than this is pinged before use (the server may have restarted
# or closed it). Pinging every checkout would add a round trip to every statement; a connection
# used a moment ago is alive, and if the server went away in between, the failed statement
# invalidates the pool so the next one reconnects.
PING_AFTER_IDLE_S = 10.0


def _postgresql_engine(url: str, *, synchronous_commit: bool = True) -> Engine:
    """``synchronous_commit=False``: the pool for standalone statements that need not wait for
    the WAL flush (autocommit, ``Store.statements(durable=False)``)."""
    if synchronous_commit:
        return _pinged(create_engine(url, pool_size=5, max_overflow=10))
    # Added to any server options the URL already sets (``?options=-c search_path=...``).
    given = make_url(url).query.get("options", "")
    given = given if isinstance(given, str) else " ".join(given)
    relaxed = {"options": f"{given} -c synchronous_commit=off".strip()}
    return _pinged(
        create_engine(
            url, pool_size=5, max_overflow=10, connect_args=relaxed, isolation_level="AUTOCOMMIT"
        )
    )


def _pinged(engine: Engine) -> Engine:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception:
            raise DisconnectionError("the pooled connection is gone") from None

    return engine


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"{redact_url(url)}: not a database URL") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername != "postgresql+psycopg":
            raise StoreError(
                f"{redact_url(url)}: use a postgresql:// or postgresql+psycopg:// URL (psycopg 3)"
            )
        return _postgresql_engine(url)
    raise StoreError(f"{redact_url(url)}: unsupported database (use sqlite or postgresql)")


_OPEN: dict[tuple[int, str], Store] = {}
_OPEN_LOCK = threading.Lock()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """The store at ``url`` (see :func:`compiler.store.config.database_url`), migrated.

    Engines are cached per process (and re-made after a fork); the cache holds connections
    only, never state a promise depends on.
    """
    resolved = database_url(url)
    key = (os.getpid(), resolved)
    with _OPEN_LOCK:
        store = _OPEN.get(key)
        if store is None:
            store = Store(resolved, _make_engine(resolved))
            if migrate:
                from compiler.store.migrate import upgrade

                try:
                    upgrade(store)
                except OperationalError as exc:
                    store.close()
                    raise StoreError(
                        f"{redact_url(resolved)}: cannot open the store ({_reason(exc)})"
                    ) from None
                except SQLAlchemyError as exc:
                    store.close()
                    raise StoreError(
                        f"{redact_url(resolved)}: cannot migrate the store ({_reason(exc)})"
                    ) from None
            _OPEN[key] = store
    return store


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def forget_open_stores() -> None:
    """Dispose of this process's cached engines (tests, and after a database is dropped)."""
    with _OPEN_LOCK:
        for store in _OPEN.values():
            store.close()
        _OPEN.clear()
