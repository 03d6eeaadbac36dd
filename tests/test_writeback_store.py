"""The outbox on the store (SQLite and PostgreSQL): idempotent enqueue, due order, counters,
leases shared by workers, and the import of an outbox from before the store."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from compiler.store import open_store
from compiler.writeback import (
    Mode,
    OnNoMatch,
    Outbox,
    OutboxItem,
    Status,
    import_legacy_outbox,
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


def test_enqueue_is_idempotent_by_conversation_id(store_url: str) -> None:
    store = Outbox(open_store(store_url))
    assert store.enqueue(_item("a"))[0] is True
    inserted, kept = store.enqueue(replace(_item("a"), payload={"id": "other"}))
    assert inserted is False and kept.payload == {"id": "a"}
    assert store.enqueue_many([_item("a"), _item("b")]) == 1
    assert store.counters().pending == 2


def test_due_order_and_counters(store_url: str) -> None:
    store = Outbox(open_store(store_url))
    for cid, at in (("late", 300.0), ("early", 100.0), ("mid", 200.0)):
        store.enqueue(_item(cid, at))
    assert store.next_due_at() == 100.0
    early, mid = store.claim_due(250.0, 10)
    assert [early.conversation_id, mid.conversation_id] == ["early", "mid"]
    logged = replace(
        early, status=Status.LOGGED, contact_created=True, contact_id="7", engagement_id="9"
    )
    store.save([logged, replace(mid, status=Status.FAILED, attempts=8)])
    store.release(["early", "mid"])
    c = store.counters()
    assert (c.logged, c.failed, c.pending, c.contacts_created) == (1, 1, 1, 1)
    assert store.cancel_pending("off", 400.0) == 1
    assert store.counters().pending == 0 and store.next_due_at() is None


def test_connections_are_kept_apart(store_url: str) -> None:
    a = Outbox(open_store(store_url), connection="a")
    b = Outbox(open_store(store_url), connection="b")
    a.enqueue(_item("x"))
    assert b.get("x") is None and a.get("x") is not None


def test_a_leased_item_is_not_given_to_another_worker_until_its_lease_ends(
    store_url: str,
) -> None:
    one = Outbox(open_store(store_url), lease_seconds=0.5)
    two = one.view()
    for cid in ("a", "b", "c"):
        one.enqueue(_item(cid))
    first = one.claim_due(time.time(), 2)
    assert [i.conversation_id for i in first] == ["a", "b"]
    assert [i.conversation_id for i in two.claim_due(time.time(), 10)] == ["c"]
    assert two.claim_due(time.time(), 10) == []
    # A worker that lost its lease cannot overwrite the new holder's item.
    time.sleep(0.6)
    taken = two.claim_due(time.time(), 10)
    assert sorted(i.conversation_id for i in taken) == ["a", "b", "c"]  # every lease ended
    one.save([replace(first[0], status=Status.FAILED)])
    assert two.get("a") is not None and two.get("a").status is Status.PENDING  # type: ignore[union-attr]
    assert one.renew(["a", "b"]) == 0 and two.renew(["a", "b"]) == 2
    two.release(["a", "b", "c"])
    assert len(one.claim_due(time.time(), 10)) == 3


def test_an_outbox_from_before_the_store_is_imported_once(tmp_path: Path, store_url: str) -> None:
    state = tmp_path / "state"
    state.mkdir()
    with closing(sqlite3.connect(state / "writeback.sqlite3")) as db, db:
        db.executescript(
            """
            CREATE TABLE settings (connection TEXT PRIMARY KEY, body TEXT, updated_at REAL);
            CREATE TABLE outbox (connection TEXT, conversation_id TEXT, status TEXT,
              channel TEXT, payload TEXT, mode TEXT, on_no_match TEXT, attempts INTEGER,
              next_attempt_at REAL, maybe_sent INTEGER, contact_id TEXT, contact_created INTEGER,
              contact_attempted_at REAL, engagement_id TEXT, last_error TEXT, enqueued_at REAL,
              updated_at REAL, PRIMARY KEY (connection, conversation_id));
            """
        )
        db.execute(
            "INSERT INTO settings VALUES ('default', ?, 1.0)",
            (json.dumps({"mode": "summary", "onNoMatch": "create", "enabledAt": None}),),
        )
        for cid, status, sent in (("p1", "pending", 1), ("l1", "logged", 0)):
            db.execute(
                "INSERT INTO outbox VALUES ('default', ?, ?, 'voice', ?, 'summary', 'create', "
                "1, 5.0, ?, NULL, 0, NULL, NULL, NULL, 1.0, 1.0)",
                (cid, status, json.dumps({"id": cid}), sent),
            )
    outbox = Outbox(open_store(store_url))
    assert import_legacy_outbox(outbox, state) == 2
    assert not (state / "writeback.sqlite3").exists()
    assert (state / "writeback.sqlite3.imported").exists()
    assert import_legacy_outbox(outbox, state) is None
    pending = outbox.get("p1")
    assert pending is not None and pending.maybe_sent and pending.status is Status.PENDING
    assert outbox.counters().logged == 1
    assert outbox.get_settings().on_no_match is OnNoMatch.CREATE
    assert outbox.legacy_markers()  # p1 may have been sent under the old marker
