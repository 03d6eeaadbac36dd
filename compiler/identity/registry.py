"""The find-or-create key registry on the store: every process creating in an account shares it.

``lock`` is a claim row (``compiler.store.claims``); ``recall`` / ``remember`` keep records created
a moment ago in ``recent_records``, so a record HubSpot's search does not show yet is still found
by the next caller, whichever process it runs in, and after a restart.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

from sqlalchemy import Table, delete, select

from compiler.identity.find_or_create import UNCONFIRMED
from compiler.store.claims import Claims, key_hash
from compiler.store.engine import Store
from compiler.store.runtime_state import RecentRecord

_RECENT = cast(Table, RecentRecord.__table__)

DEFAULT_MEMORY_SECONDS = 300.0
# A create whose outcome is unknown blocks creating again under its key only this long: long
# enough for HubSpot's search to show the record if it landed (seconds), short enough that a
# create that did not land is tried again by a later attempt.
UNCONFIRMED_SECONDS = 30.0


class StoreKeyRegistry:
    def __init__(
        self,
        store: Store,
        *,
        memory_seconds: float = DEFAULT_MEMORY_SECONDS,
        claims: Claims | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.claims = claims or Claims(store)
        self._ttl = memory_seconds
        self._clock = clock

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        async with self.claims.hold("key:" + key):
            yield

    async def recall(self, key: str) -> dict[str, Any] | None:
        with self.store.reading() as connection:
            row = connection.execute(
                select(_RECENT.c.record).where(
                    _RECENT.c.key_hash == key_hash(key), _RECENT.c.expires_at >= self._clock()
                )
            ).scalar()
        if row is None:
            return None
        record: dict[str, Any] = json.loads(row)
        return record

    async def remember(self, key: str, record: dict[str, Any]) -> None:
        now = self._clock()
        unconfirmed = bool(record.get(UNCONFIRMED))
        values = {
            "key_hash": key_hash(key),
            "record": json.dumps(record, sort_keys=True),
            "unconfirmed": unconfirmed,
            "expires_at": now + (min(self._ttl, UNCONFIRMED_SECONDS) if unconfirmed else self._ttl),
        }
        statement = self.store.insert(_RECENT).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["key_hash"],
            set_={k: v for k, v in values.items() if k != "key_hash"},
        )
        # Durable: losing this row to a database crash could let the next caller miss a
        # contact HubSpot's search does not show yet, and create a second one.
        with self.store.statements() as connection:
            connection.execute(statement)
            # Forgetting what expired long ago keeps the table small; cheap on the index.
            connection.execute(delete(_RECENT).where(_RECENT.c.expires_at < now - 3600))
