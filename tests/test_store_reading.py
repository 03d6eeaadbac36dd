"""``Store.reading()``: reads on a request's hot path neither wait for a writer nor see what it
has not committed, on both engines."""

from __future__ import annotations

import threading

from sqlalchemy import select
from store_fixtures import databases, store_url

from compiler.store import open_store
from compiler.store.meta import StoreValue

__all__ = ["databases", "store_url"]


def test_a_read_does_not_wait_for_a_writer_and_sees_only_committed_rows(store_url: str) -> None:
    store = open_store(store_url)
    store.value("committed", lambda: "yes")
    seen: list[list[str]] = []

    def read() -> None:
        with store.reading() as connection:
            seen.append(list(connection.scalars(select(StoreValue.name).order_by("name"))))

    with store.transaction() as writer:
        # The writer holds SQLite's write lock (BEGIN IMMEDIATE) until it commits; a read that
        # also began IMMEDIATE would wait here for the busy timeout (30 s).
        writer.add(StoreValue(name="uncommitted", value="not yet"))
        writer.flush()
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(10)
        assert not reader.is_alive(), "the read waited for the writer"
    assert "committed" in seen[0] and "uncommitted" not in seen[0]
    read()
    assert "uncommitted" in seen[1]
