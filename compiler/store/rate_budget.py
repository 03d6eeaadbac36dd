"""HubSpot's request budgets per account, shared by every process through the store.

The same rule as ``compiler.hubspot.ratelimit`` (a sliding log: at most N sends in any window),
but the log is the ``rate_events`` table, so N processes together stay under the account's limit.
Taking a slot is one short transaction (SQLite: ``BEGIN IMMEDIATE`` serialises it; PostgreSQL: a
transaction-scoped advisory lock per bucket); the wait for a slot happens outside it.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, func, select, text

from compiler.store.engine import Store
from compiler.store.runtime_state import RateEvent

_SLACK = 0.05  # widen our windows a little: our clock and HubSpot's arrival time differ


class SharedWindow:
    def __init__(
        self,
        store: Store,
        bucket: str,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate window needs limit >= 1 and window > 0")
        self.store = store
        self.bucket = bucket
        self.limit = limit
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._lock_id = zlib.crc32(bucket.encode("utf-8")) & 0x7FFFFFFF
        self.waited = 0.0

    def try_take(self) -> float:
        """Take a slot now (returns 0.0) or say how long to wait before the next try."""
        with self.store.transaction() as session:
            if self.store.is_postgresql:
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._lock_id})
            now = self._clock()
            since = now - self.window
            session.execute(
                delete(RateEvent).where(RateEvent.bucket == self.bucket, RateEvent.at < since)
            )
            count, oldest = session.execute(
                select(func.count(), func.min(RateEvent.at)).where(RateEvent.bucket == self.bucket)
            ).one()
            if count < self.limit:
                session.add(RateEvent(bucket=self.bucket, at=now))
                return 0.0
            return max(float(oldest) + self.window - now, 0.001)

    async def acquire(self) -> None:
        while True:
            pause = self.try_take()
            if pause <= 0:
                return
            self.waited += pause
            await self._sleep(pause)


class SharedRateBudget:
    """One HubSpot account's budgets (``requests_per_10s``, ``searches_per_second``), shared.

    Same interface as ``compiler.hubspot.ratelimit.RateLimiter``: pass it as a client's
    ``rate_limiter``. ``account``: the HubSpot portal id.
    """

    def __init__(
        self,
        store: Store,
        account: str,
        *,
        requests_per_10s: int = 100,
        searches_per_second: int = 5,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.account = account
        self.burst = SharedWindow(
            store, f"{account}|10s", requests_per_10s, 10.0 * (1 + _SLACK), clock=clock,
            sleep=sleep,
        )  # fmt: skip
        self.search = SharedWindow(
            store, f"{account}|search", searches_per_second, 1.0 * (1 + _SLACK), clock=clock,
            sleep=sleep,
        )  # fmt: skip

    async def acquire(self, *, search: bool = False) -> None:
        if search:
            await self.search.acquire()
        await self.burst.acquire()

    @property
    def waited(self) -> float:
        return self.burst.waited + self.search.waited
