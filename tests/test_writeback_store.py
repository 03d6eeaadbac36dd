"""The SQLite outbox: idempotent enqueue, due order, counters, the drain lock, durability knobs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from compiler.writeback import (
    DrainBusy,
    Mode,
    OnNoMatch,
    OutboxItem,
    SQLiteStore,
    Status,
    update_settings,
)


def _item(cid: str, at: float = 100.0) -> OutboxItem:
    return OutboxItem(
        conversation_id=cid,
        channel="voice",
        payload={"id": cid},
        mode=Mode.SUMMARY,
        on_no_match=OnNoMatch.SKIP,
        next_attempt_at=at,
        enqueued_at=at,
        updated_at=at,
    )


def test_enqueue_is_idempotent_by_conversation_id(tmp_path: Path) -> None:
    store = SQLiteStore.in_directory(tmp_path)
    assert store.enqueue(_item("a"))[0] is True
    inserted, kept = store.enqueue(replace(_item("a"), payload={"id": "other"}))
    assert inserted is False and kept.payload == {"id": "a"}
    assert store.counters().pending == 1


def test_due_order_and_counters(tmp_path: Path) -> None:
    store = SQLiteStore.in_directory(tmp_path)
    for cid, at in (("late", 300.0), ("early", 100.0), ("mid", 200.0)):
        store.enqueue(_item(cid, at))
    assert [i.conversation_id for i in store.due(250.0, 10)] == ["early", "mid"]
    assert store.next_due_at() == 100.0
    early, mid = store.due(250.0, 10)
    logged = replace(
        early, status=Status.LOGGED, contact_created=True, contact_id="7", engagement_id="9"
    )
    store.save([logged, replace(mid, status=Status.FAILED, attempts=8)])
    c = store.counters()
    assert (c.logged, c.failed, c.pending, c.contacts_created) == (1, 1, 1, 1)
    assert store.cancel_pending("off", 400.0) == 1
    assert store.counters().pending == 0 and store.next_due_at() is None


def test_connections_are_kept_apart(tmp_path: Path) -> None:
    a = SQLiteStore(tmp_path / "wb.sqlite3", connection="a")
    b = SQLiteStore(tmp_path / "wb.sqlite3", connection="b")
    a.enqueue(_item("x"))
    assert b.get("x") is None and a.get("x") is not None


def test_only_one_drain_at_a_time(tmp_path: Path) -> None:
    one = SQLiteStore.in_directory(tmp_path)
    two = SQLiteStore.in_directory(tmp_path)
    with one.drain_lock(), pytest.raises(DrainBusy), two.drain_lock():
        pass
    with two.drain_lock():
        pass


def test_wal_and_full_sync(tmp_path: Path) -> None:
    store = SQLiteStore.in_directory(tmp_path)
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_the_state_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = SQLiteStore.in_directory(state)
    update_settings(store, {"mode": "summary"})
    assert state.stat().st_mode & 0o777 == 0o700
    for name in ("writeback.sqlite3", "writeback.sqlite3-wal"):
        assert (state / name).stat().st_mode & 0o777 == 0o600, name
    store.close()
