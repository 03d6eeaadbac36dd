"""The SQLite store: WAL journal, ``synchronous=FULL``.

Why FULL and not NORMAL: in WAL mode NORMAL already survives a killed process (the WAL is in the
OS's page cache), but a power cut can lose the last commits. Here a lost commit is either an
enqueue the caller was told succeeded (a conversation lost for good) or a recorded engagement id
(harmless, the marker look-up finds it). The first is not acceptable, and FULL costs one fsync per
transaction, which the batched delivery (one transaction per batch) pays easily.

Only one drain runs per outbox at a time: ``drain_lock`` takes an exclusive ``flock`` on a file
next to the database, which the kernel releases when the holder dies, so a fresh drain after a
``kill -9`` starts at once (no lease to wait out).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from compiler.writeback.settings import Counters, Mode, OnNoMatch, WritebackSettings
from compiler.writeback.store import DrainBusy, OutboxItem, Status

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (
    connection TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    connection TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    mode TEXT NOT NULL,
    on_no_match TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    maybe_sent INTEGER NOT NULL DEFAULT 0,
    contact_id TEXT,
    contact_created INTEGER NOT NULL DEFAULT 0,
    contact_attempted_at REAL,
    engagement_id TEXT,
    last_error TEXT,
    enqueued_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (connection, conversation_id)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (connection, status, next_attempt_at);
"""

_COLUMNS = (
    "conversation_id, channel, payload, mode, on_no_match, status, attempts, next_attempt_at, "
    "maybe_sent, contact_id, contact_created, contact_attempted_at, engagement_id, last_error, "
    "enqueued_at, updated_at"
)


def _row_to_item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        conversation_id=row["conversation_id"],
        channel=row["channel"],
        payload=json.loads(row["payload"]),
        mode=Mode(row["mode"]),
        on_no_match=OnNoMatch(row["on_no_match"]),
        status=Status(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        maybe_sent=bool(row["maybe_sent"]),
        contact_id=row["contact_id"],
        contact_created=bool(row["contact_created"]),
        contact_attempted_at=row["contact_attempted_at"],
        engagement_id=row["engagement_id"],
        last_error=row["last_error"],
        enqueued_at=row["enqueued_at"],
        updated_at=row["updated_at"],
    )


class SQLiteStore:
    """``WritebackStore`` on one SQLite file; ``connection`` keys the rows of one HubSpot link."""

    def __init__(self, path: str | Path, *, connection: str = "default") -> None:
        self.path = Path(path)
        self.connection = connection
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists():
            # Callers' phones, emails and (scrubbed) transcripts: readable by the owner only.
            # SQLite gives its -wal and -shm files the database file's permissions.
            with suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=30000")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path}: written by a newer skillc (schema {version} > {SCHEMA_VERSION})"
            )
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._lock_path = self.path.with_name(self.path.name + ".drain-lock")

    @classmethod
    def in_directory(cls, state_dir: str | Path, *, connection: str = "default") -> SQLiteStore:
        return cls(Path(state_dir) / "writeback.sqlite3", connection=connection)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- settings ------------------------------------------------------------------------------

    def get_settings(self) -> WritebackSettings:
        row = self._db.execute(
            "SELECT body FROM settings WHERE connection = ?", (self.connection,)
        ).fetchone()
        if row is None:
            return WritebackSettings()
        return WritebackSettings.model_validate_json(row["body"])

    def put_settings(self, settings: WritebackSettings) -> None:
        body = settings.model_dump_json(by_alias=True)
        with self._tx() as db:
            db.execute(
                "INSERT INTO settings (connection, body, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (connection) DO UPDATE SET body = excluded.body, "
                "updated_at = excluded.updated_at",
                (self.connection, body, time.time()),
            )

    # -- outbox --------------------------------------------------------------------------------

    _INSERT = (
        f"INSERT INTO outbox (connection, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (connection, conversation_id) DO NOTHING"
    )

    def enqueue(self, item: OutboxItem) -> tuple[bool, OutboxItem]:
        with self._tx() as db:
            cursor = db.execute(self._INSERT, self._row(item))
            inserted = cursor.rowcount == 1
            row = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE connection = ? AND conversation_id = ?",
                (self.connection, item.conversation_id),
            ).fetchone()
        return inserted, _row_to_item(row)

    def enqueue_many(self, items: list[OutboxItem]) -> int:
        """Insert many items in one transaction (bulk import); returns how many were new."""
        with self._tx() as db:
            before = db.total_changes
            db.executemany(self._INSERT, [self._row(i) for i in items])
            return db.total_changes - before

    def _row(self, item: OutboxItem) -> tuple[Any, ...]:
        return (
            self.connection,
            item.conversation_id,
            item.channel,
            json.dumps(item.payload, ensure_ascii=False, sort_keys=True),
            item.mode.value,
            item.on_no_match.value,
            item.status.value,
            item.attempts,
            item.next_attempt_at,
            int(item.maybe_sent),
            item.contact_id,
            int(item.contact_created),
            item.contact_attempted_at,
            item.engagement_id,
            item.last_error,
            item.enqueued_at,
            item.updated_at,
        )

    def get(self, conversation_id: str) -> OutboxItem | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE connection = ? AND conversation_id = ?",
            (self.connection, conversation_id),
        ).fetchone()
        return None if row is None else _row_to_item(row)

    def due(self, now: float, limit: int) -> list[OutboxItem]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE connection = ? AND status = 'pending' "
            "AND next_attempt_at <= ? ORDER BY next_attempt_at, enqueued_at, conversation_id "
            "LIMIT ?",
            (self.connection, now, limit),
        ).fetchall()
        return [_row_to_item(r) for r in rows]

    def next_due_at(self) -> float | None:
        row = self._db.execute(
            "SELECT MIN(next_attempt_at) FROM outbox WHERE connection = ? AND status = 'pending'",
            (self.connection,),
        ).fetchone()
        return None if row[0] is None else float(row[0])

    def save(self, items: list[OutboxItem]) -> None:
        if not items:
            return
        now = time.time()
        with self._tx() as db:
            db.executemany(
                "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, maybe_sent = ?, "
                "contact_id = ?, contact_created = ?, contact_attempted_at = ?, engagement_id = ?, "
                "last_error = ?, "
                "updated_at = ? WHERE connection = ? AND conversation_id = ?",
                [
                    (
                        i.status.value,
                        i.attempts,
                        i.next_attempt_at,
                        int(i.maybe_sent),
                        i.contact_id,
                        int(i.contact_created),
                        i.contact_attempted_at,
                        i.engagement_id,
                        i.last_error,
                        now,
                        self.connection,
                        i.conversation_id,
                    )
                    for i in items
                ],
            )

    def cancel_pending(self, reason: str, now: float) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = 'cancelled', last_error = ?, updated_at = ? "
                "WHERE connection = ? AND status = 'pending'",
                (reason, now, self.connection),
            )
        return cursor.rowcount

    def counters(self) -> Counters:
        figures: dict[str, Any] = {
            "logged": 0,
            "skipped_no_match": 0,
            "failed": 0,
            "pending": 0,
        }
        for row in self._db.execute(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE connection = ? GROUP BY status",
            (self.connection,),
        ):
            if row["status"] in figures:
                figures[row["status"]] = row["n"]
        created = self._db.execute(
            # Distinct: after a crash two conversations of one new caller may both claim it.
            "SELECT COUNT(DISTINCT contact_id) FROM outbox "
            "WHERE connection = ? AND contact_created = 1",
            (self.connection,),
        ).fetchone()[0]
        return Counters(contacts_created=created, **figures)

    def items(self) -> list[OutboxItem]:
        """Every item (for tests and inspection)."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE connection = ? ORDER BY enqueued_at",
            (self.connection,),
        ).fetchall()
        return [_row_to_item(r) for r in rows]

    @contextmanager
    def drain_lock(self) -> Iterator[None]:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DrainBusy(f"another drain is running on {self.path}") from None
            yield
        finally:
            os.close(fd)  # closing releases the lock


def with_changes(item: OutboxItem, **changes: Any) -> OutboxItem:
    return replace(item, **changes)
