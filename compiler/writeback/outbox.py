"""The outbox and the logging settings on the product's one store (SQLite or PostgreSQL).

Each ``Outbox`` is one worker's view (``owner``): ``claim_due`` leases due items to it in one
short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so workers never wait on each other;
SQLite's ``BEGIN IMMEDIATE`` serialises the claim), ``renew`` extends the leases while the work
runs, ``release`` hands them back. No transaction is held across a HubSpot request. A worker
killed mid-round stops renewing; its items are claimed again once the lease expires, and their
``maybe_sent`` mark sends them through marker recovery first (the exactly-once rule).

Before the store, the outbox was a SQLite file in a state directory (``writeback.sqlite3``):
:func:`import_legacy_outbox` moves its items and settings in, once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select, update

from compiler.store.engine import Store
from compiler.store.meta import StoreValue
from compiler.store.outbox import OutboxRow, WritebackSettingsRow
from compiler.store.rows import affected
from compiler.writeback.settings import Counters, Mode, OnNoMatch, WritebackSettings
from compiler.writeback.store import OutboxItem, Status

DEFAULT_LEASE_SECONDS = 15.0
MARKER_KEY_NAME = "conversation-marker-key"
# Set when an imported item may have been sent under an unkeyed (pre-store) marker.
LEGACY_MARKERS_NAME = "writeback-legacy-markers"


def _to_item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        conversation_id=row.conversation_id,
        channel=row.channel,
        payload=json.loads(row.payload),
        mode=Mode(row.mode),
        on_no_match=OnNoMatch(row.on_no_match),
        status=Status(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        maybe_sent=bool(row.maybe_sent),
        contact_id=row.contact_id,
        contact_created=bool(row.contact_created),
        contact_attempted_at=row.contact_attempted_at,
        engagement_id=row.engagement_id,
        last_error=row.last_error,
        enqueued_at=row.enqueued_at,
        updated_at=row.updated_at,
    )


def _row_values(connection: str, item: OutboxItem) -> dict[str, Any]:
    return {
        "connection": connection,
        "conversation_id": item.conversation_id,
        "status": item.status.value,
        "channel": item.channel,
        "payload": json.dumps(item.payload, ensure_ascii=False, sort_keys=True),
        "mode": item.mode.value,
        "on_no_match": item.on_no_match.value,
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at,
        "maybe_sent": item.maybe_sent,
        "contact_id": item.contact_id,
        "contact_created": item.contact_created,
        "contact_attempted_at": item.contact_attempted_at,
        "engagement_id": item.engagement_id,
        "last_error": item.last_error,
        "enqueued_at": item.enqueued_at,
        "updated_at": item.updated_at,
        "lease_owner": None,
        "lease_expires_at": None,
    }


class Outbox:
    """``WritebackStore`` on the store; ``connection`` keys one HubSpot link's rows."""

    def __init__(
        self,
        store: Store,
        *,
        connection: str = "default",
        owner: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
    ) -> None:
        self.store = store
        self.connection = connection
        self.owner = owner or uuid.uuid4().hex
        self.lease_seconds = lease_seconds

    def view(self, *, owner: str | None = None, lease_seconds: float | None = None) -> Outbox:
        """Another worker's view of the same outbox (its own leases)."""
        return Outbox(
            self.store,
            connection=self.connection,
            owner=owner,
            lease_seconds=self.lease_seconds if lease_seconds is None else lease_seconds,
        )

    def close(self) -> None:
        """Nothing to close: the store's engine is shared by the process."""

    def marker_key(self) -> bytes:
        """The key of the conversations' markers in HubSpot (created once, kept in the store, so
        a retry by any process after any restart finds the marker an earlier attempt wrote)."""
        return bytes.fromhex(self.store.value(MARKER_KEY_NAME))

    def legacy_markers(self) -> bool:
        """Whether recovery must also look for pre-store (unkeyed) markers."""
        with self.store.transaction() as session:
            found = session.scalar(
                select(StoreValue.value).where(StoreValue.name == LEGACY_MARKERS_NAME)
            )
        return found is not None

    # -- settings ------------------------------------------------------------------------------

    def get_settings(self) -> WritebackSettings:
        with self.store.transaction() as session:
            body = session.scalar(
                select(WritebackSettingsRow.body).where(
                    WritebackSettingsRow.connection == self.connection
                )
            )
        if body is None:
            return WritebackSettings()
        return WritebackSettings.model_validate_json(body)

    def has_settings(self) -> bool:
        with self.store.transaction() as session:
            found = session.scalar(
                select(WritebackSettingsRow.connection).where(
                    WritebackSettingsRow.connection == self.connection
                )
            )
        return found is not None

    def put_settings(self, settings: WritebackSettings) -> None:
        values = {
            "connection": self.connection,
            "body": settings.model_dump_json(by_alias=True),
            "updated_at": time.time(),
        }
        statement = self.store.insert(WritebackSettingsRow.__table__).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["connection"],
            set_={"body": values["body"], "updated_at": values["updated_at"]},
        )
        with self.store.transaction() as session:
            session.execute(statement)

    # -- outbox --------------------------------------------------------------------------------

    def _mine(self) -> Any:
        return OutboxRow.connection == self.connection

    def enqueue(self, item: OutboxItem) -> tuple[bool, OutboxItem]:
        with self.store.transaction() as session:
            inserted = session.execute(
                self.store.insert(OutboxRow.__table__)
                .values(**_row_values(self.connection, item))
                .on_conflict_do_nothing(index_elements=["connection", "conversation_id"])
                .returning(OutboxRow.conversation_id)
            ).first()
            row = session.get(OutboxRow, (self.connection, item.conversation_id))
            assert row is not None
            return inserted is not None, _to_item(row)

    def enqueue_many(self, items: list[OutboxItem]) -> int:
        """Insert many items in one transaction (bulk import); returns how many were new."""
        if not items:
            return 0
        new = 0
        with self.store.transaction() as session:
            for start in range(0, len(items), 500):
                rows = [_row_values(self.connection, i) for i in items[start : start + 500]]
                inserted = session.execute(
                    self.store.insert(OutboxRow.__table__)
                    .values(rows)
                    .on_conflict_do_nothing(index_elements=["connection", "conversation_id"])
                    .returning(OutboxRow.conversation_id)
                ).all()
                new += len(inserted)
        return new

    def get(self, conversation_id: str) -> OutboxItem | None:
        with self.store.transaction() as session:
            row = session.get(OutboxRow, (self.connection, conversation_id))
            return None if row is None else _to_item(row)

    def _free(self, now: float) -> Any:
        return or_(OutboxRow.lease_owner.is_(None), OutboxRow.lease_expires_at < now)

    def claim_due(self, now: float, limit: int) -> list[OutboxItem]:
        """Lease up to ``limit`` due pending items nobody holds, oldest first."""
        query: Select[Any] = (
            select(OutboxRow.conversation_id)
            .where(
                self._mine(),
                OutboxRow.status == Status.PENDING.value,
                OutboxRow.next_attempt_at <= now,
                self._free(now),
            )
            .order_by(OutboxRow.next_attempt_at, OutboxRow.enqueued_at, OutboxRow.conversation_id)
            .limit(limit)
        )
        if self.store.is_postgresql:
            query = query.with_for_update(skip_locked=True)
        with self.store.transaction() as session:
            ids = list(session.scalars(query))
            if not ids:
                return []
            session.execute(
                update(OutboxRow)
                .where(self._mine(), OutboxRow.conversation_id.in_(ids))
                .values(lease_owner=self.owner, lease_expires_at=now + self.lease_seconds)
            )
            rows = session.scalars(
                select(OutboxRow)
                .where(self._mine(), OutboxRow.conversation_id.in_(ids))
                .order_by(
                    OutboxRow.next_attempt_at, OutboxRow.enqueued_at, OutboxRow.conversation_id
                )
            ).all()
            return [_to_item(r) for r in rows]

    def renew(self, conversation_ids: Iterable[str]) -> int:
        """Extend this owner's leases on these items; returns how many it still holds."""
        ids = list(conversation_ids)
        if not ids:
            return 0
        with self.store.transaction() as session:
            return affected(
                session.execute(
                    update(OutboxRow)
                    .where(
                        self._mine(),
                        OutboxRow.conversation_id.in_(ids),
                        OutboxRow.lease_owner == self.owner,
                    )
                    .values(lease_expires_at=time.time() + self.lease_seconds)
                )
            )

    def release(self, conversation_ids: Iterable[str]) -> None:
        ids = list(conversation_ids)
        if not ids:
            return
        with self.store.transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(
                    self._mine(),
                    OutboxRow.conversation_id.in_(ids),
                    OutboxRow.lease_owner == self.owner,
                )
                .values(lease_owner=None, lease_expires_at=None)
            )

    def next_due_at(self) -> float | None:
        """When an item may next be claimable: its due time, or when another's lease ends."""
        now = time.time()
        with self.store.transaction() as session:
            free, held = session.execute(
                select(
                    func.min(OutboxRow.next_attempt_at).filter(self._free(now)),
                    func.min(func.coalesce(OutboxRow.lease_expires_at, 0.0)).filter(
                        ~self._free(now)
                    ),
                ).where(self._mine(), OutboxRow.status == Status.PENDING.value)
            ).one()
        candidates = [float(v) for v in (free, held) if v is not None]
        return min(candidates) if candidates else None

    def save(self, items: list[OutboxItem]) -> None:
        """Write back changed items in one transaction (only items this owner may write: free
        ones, or ones it holds; an item whose lease was lost is left to its new holder)."""
        if not items:
            return
        now = time.time()
        with self.store.transaction() as session:
            for i in items:
                session.execute(
                    update(OutboxRow)
                    .where(
                        self._mine(),
                        OutboxRow.conversation_id == i.conversation_id,
                        or_(OutboxRow.lease_owner.is_(None), OutboxRow.lease_owner == self.owner),
                    )
                    .values(
                        status=i.status.value,
                        attempts=i.attempts,
                        next_attempt_at=i.next_attempt_at,
                        maybe_sent=i.maybe_sent,
                        contact_id=i.contact_id,
                        contact_created=i.contact_created,
                        contact_attempted_at=i.contact_attempted_at,
                        engagement_id=i.engagement_id,
                        last_error=i.last_error,
                        updated_at=now,
                    )
                )

    def cancel_pending(self, reason: str, now: float) -> int:
        """Cancel every pending item no other worker is holding now."""
        with self.store.transaction() as session:
            return affected(
                session.execute(
                    update(OutboxRow)
                    .where(
                        self._mine(),
                        OutboxRow.status == Status.PENDING.value,
                        or_(self._free(now), OutboxRow.lease_owner == self.owner),
                    )
                    .values(
                        status=Status.CANCELLED.value,
                        last_error=reason,
                        updated_at=now,
                        lease_owner=None,
                        lease_expires_at=None,
                    )
                )
            )

    def counters(self) -> Counters:
        figures: dict[str, Any] = {"logged": 0, "skipped_no_match": 0, "failed": 0, "pending": 0}
        with self.store.transaction() as session:
            for status, count in session.execute(
                select(OutboxRow.status, func.count())
                .where(self._mine())
                .group_by(OutboxRow.status)
            ):
                if status in figures:
                    figures[status] = count
            created = session.scalar(
                # Distinct: after a crash two conversations of one new caller may both claim it.
                select(func.count(func.distinct(OutboxRow.contact_id))).where(
                    self._mine(), OutboxRow.contact_created.is_(True)
                )
            )
        return Counters(contacts_created=created or 0, **figures)

    def items(self) -> list[OutboxItem]:
        """Every item (for tests and inspection)."""
        with self.store.transaction() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(self._mine())
                .order_by(OutboxRow.enqueued_at, OutboxRow.conversation_id)
            ).all()
            return [_to_item(r) for r in rows]


LEGACY_FILE = "writeback.sqlite3"


def import_legacy_outbox(outbox: Outbox, state_dir: str | Path) -> int | None:
    """Move a pre-store outbox (``STATE_DIR/writeback.sqlite3``) into ``outbox``, once.

    Items keep their status and delivery marks (an item whose create may have been sent still
    goes through marker recovery); settings are taken only when the store has none yet. The file
    is then renamed ``*.imported``. Returns how many items were new, None when there was nothing.
    """
    path = Path(state_dir) / LEGACY_FILE
    if not path.is_file():
        return None
    with closing(sqlite3.connect(path, timeout=30.0)) as db:
        db.row_factory = sqlite3.Row
        # Fold the WAL into the file, so nothing is left behind in a -wal beside it.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        settings = (
            db.execute(
                "SELECT body FROM settings WHERE connection = ?", (outbox.connection,)
            ).fetchone()
            if "settings" in tables
            else None
        )
        rows = (
            db.execute("SELECT * FROM outbox WHERE connection = ?", (outbox.connection,)).fetchall()
            if "outbox" in tables
            else []
        )
    items = [
        OutboxItem(
            conversation_id=r["conversation_id"],
            channel=r["channel"],
            payload=json.loads(r["payload"]),
            mode=Mode(r["mode"]),
            on_no_match=OnNoMatch(r["on_no_match"]),
            status=Status(r["status"]),
            attempts=r["attempts"],
            next_attempt_at=r["next_attempt_at"],
            maybe_sent=bool(r["maybe_sent"]),
            contact_id=r["contact_id"],
            contact_created=bool(r["contact_created"]),
            contact_attempted_at=r["contact_attempted_at"],
            engagement_id=r["engagement_id"],
            last_error=r["last_error"],
            enqueued_at=r["enqueued_at"],
            updated_at=r["updated_at"],
        )
        for r in rows
    ]
    if settings is not None and not outbox.has_settings():
        outbox.put_settings(WritebackSettings.model_validate_json(settings["body"]))
    if any(i.maybe_sent and i.status is Status.PENDING for i in items):
        outbox.store.value(LEGACY_MARKERS_NAME, lambda: "1")
    new = outbox.enqueue_many(items)
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, source.with_name(path.name + ".imported" + suffix))
    return new
