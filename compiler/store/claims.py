"""Claims: one holder at a time per key, across processes, without a lock held over a request.

A claim is a row (key hash, holder, expiry) inserted and committed before the work it guards; the
work (HTTP requests to HubSpot) runs with no transaction open. A live holder renews its claim in
the background, so a long request does not lose it; a holder that died stops renewing and its
claim expires, after which the next caller takes it over (and looks again before acting).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import cast

from sqlalchemy import Table, bindparam, delete, update

from compiler.store.engine import Store
from compiler.store.rows import affected
from compiler.store.runtime_state import Claim

_CLAIMS = cast(Table, Claim.__table__)

log = logging.getLogger("compiler.store")

DEFAULT_TTL_SECONDS = 15.0


def key_hash(key: str) -> str:
    """What the store keeps of a key (a key may hold a caller's phone number or email)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ClaimTimeout(Exception):
    """The key stayed held by others for longer than the caller was willing to wait."""


class Claims:
    def __init__(
        self,
        store: Store,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.ttl = ttl_seconds
        self.clock = clock
        # Waiters in this process queue here first, so one of them (not fifty) polls the store.
        # Only an economy: the promise is the claim row, which holds across processes.
        self._local: dict[str, tuple[asyncio.Lock, int]] = {}
        # An upsert that replaces only an expired claim: of two racing callers exactly one gets
        # a row back. Built once (statements are run on every call).
        table = _CLAIMS
        take = store.insert(table).values(
            key_hash=bindparam("hashed"), holder=bindparam("holder"), expires_at=bindparam("until")
        )
        self._take = take.on_conflict_do_update(
            index_elements=["key_hash"],
            set_={"holder": take.excluded.holder, "expires_at": take.excluded.expires_at},
            where=table.c.expires_at < bindparam("now"),
        ).returning(table.c.holder)
        self._release = delete(table).where(
            table.c.key_hash == bindparam("hashed"), table.c.holder == bindparam("holder")
        )

    def try_take(self, hashed: str, holder: str) -> bool:
        """Take the claim if it is free or expired (one statement)."""
        now = self.clock()
        values = {"hashed": hashed, "holder": holder, "until": now + self.ttl, "now": now}
        with self.store.statements(durable=False) as connection:
            taken = connection.execute(self._take, values).scalar()
        return taken == holder

    def renew(self, hashed: str, holder: str) -> bool:
        table = _CLAIMS
        with self.store.statements(durable=False) as connection:
            renewed = connection.execute(
                update(table)
                .where(table.c.key_hash == hashed, table.c.holder == holder)
                .values(expires_at=self.clock() + self.ttl)
            )
            return affected(renewed) == 1

    def release(self, hashed: str, holder: str) -> None:
        with self.store.statements(durable=False) as connection:
            connection.execute(self._release, {"hashed": hashed, "holder": holder})

    @contextlib.asynccontextmanager
    async def hold(self, key: str, *, wait_seconds: float | None = None) -> AsyncIterator[None]:
        """Hold ``key`` for the body: wait (polling) while someone else holds it."""
        hashed = key_hash(key)
        async with self._queue(hashed):
            holder = uuid.uuid4().hex
            pause = 0.005
            deadline = None if wait_seconds is None else time.monotonic() + wait_seconds
            while not self.try_take(hashed, holder):
                if deadline is not None and time.monotonic() > deadline:
                    raise ClaimTimeout("another process holds this key")
                await asyncio.sleep(pause)
                pause = min(pause * 1.5, 0.1)
            keeper = asyncio.create_task(self._keep(hashed, holder))
            try:
                yield
            finally:
                keeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keeper
                self.release(hashed, holder)

    @contextlib.asynccontextmanager
    async def _queue(self, hashed: str) -> AsyncIterator[None]:
        lock, users = self._local.get(hashed, (asyncio.Lock(), 0))
        self._local[hashed] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._local[hashed]
            if users <= 1:
                del self._local[hashed]
            else:
                self._local[hashed] = (lock, users - 1)

    async def _keep(self, hashed: str, holder: str) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            if not self.renew(hashed, holder):
                log.warning("a claim expired while its holder was still working")
                return
