"""HubSpot's request budgets per account, shared by every process through the store.

The same rule as ``compiler.hubspot.ratelimit`` (a sliding log: at most N sends in any window),
but the log is the ``rate_events`` table, so N processes together stay under the account's limit.
Taking a slot is one short transaction (SQLite: ``BEGIN IMMEDIATE`` serialises it; PostgreSQL:
one call of ``skillc_take_rate_slot``, which takes a transaction-scoped advisory lock per bucket);
the wait for a slot happens outside it.

A slot is stamped when it is taken and stamped again when the answer arrives: HubSpot saw the
request somewhere in between, and under load (a busy machine, a slow network) that can be seconds
after the slot was taken. Counting the window from the answer keeps every process's requests
inside HubSpot's window whatever the delay (a slot taken late was taken after the answer of
every request it displaced). An answer within half the slack of the take needs no restamp: the
slack already covers that flight, and the statement is saved.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import time
import zlib
from collections.abc import Awaitable, Callable
from typing import cast

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update

from compiler.store.engine import Store
from compiler.store.runtime_state import RateEvent

_EVENTS = cast(Table, RateEvent.__table__)

# Widen our windows a little for HubSpot's own bookkeeping. Small, because a slot is restamped
# when its answer arrives, which is already after HubSpot counted the request: the time a request
# spends in flight is covered by that, not by the slack (5% here cost a tenth of the budget).
_SLACK = 0.01


class SharedWindow:
    """At most ``limit`` requests in any ``window`` seconds (already widened by the slack), for
    every process sharing the store. ``covered``: a request answered within this many seconds
    of taking its slot needs no restamp (the slack already covers its flight)."""

    def __init__(
        self,
        store: Store,
        bucket: str,
        limit: int,
        window: float,
        *,
        covered: float = 0.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate window needs limit >= 1 and window > 0")
        self.store = store
        self.bucket = bucket
        self.limit = limit
        self.window = window
        self.covered = covered
        self._clock = clock
        self._sleep = sleep
        self._takes = 0
        self.waited = 0.0
        events = _EVENTS
        lock_id = zlib.crc32(bucket.encode("utf-8")) & 0x7FFFFFFF
        # Built once: these run on every HubSpot request.
        self._take = select(
            func.skillc_take_rate_slot(
                bucket, lock_id, limit, bindparam("since"), bindparam("now"), bindparam("forget")
            ).table_valued("slot", "oldest")
        )
        self._count = select(func.count(), func.min(events.c.at)).where(
            events.c.bucket == bucket, events.c.at >= bindparam("since")
        )
        self._insert = (
            insert(events).values(bucket=bucket, at=bindparam("now")).returning(events.c.id)
        )
        self._forget = delete(events).where(
            events.c.bucket == bucket, events.c.at < bindparam("since")
        )
        self._restamp = (
            update(events).where(events.c.id == bindparam("slot")).values(at=bindparam("now"))
        )

    def try_take(self, now: float) -> tuple[float, int | None]:
        """Take a slot stamped ``now`` (0.0 and its id) or say how long to wait before the next
        try."""
        since = now - self.window
        self._takes += 1
        forget = self._takes % 64 == 1  # forget old slots now and then, not on every request
        with self.store.statements(durable=False) as connection:
            if self.store.is_postgresql:
                values = {"since": since, "now": now, "forget": forget}
                taken, oldest = connection.execute(self._take, values).one()
            else:
                taken, oldest = self._take_in(connection, since, now, forget)
        if taken is not None:
            return 0.0, int(taken)
        return max(float(oldest) + self.window - now, 0.001), None

    def _take_in(
        self, connection: Connection, since: float, now: float, forget: bool
    ) -> tuple[int | None, float | None]:
        """SQLite: the same steps as ``skillc_take_rate_slot`` (migration 0005), inside the
        ``BEGIN IMMEDIATE`` transaction that serialises them."""
        if forget:
            connection.execute(self._forget, {"since": since})
        count, oldest = connection.execute(self._count, {"since": since}).one()
        if count >= self.limit:
            return None, oldest
        return int(connection.execute(self._insert, {"now": now}).scalar_one()), oldest

    async def acquire(self) -> tuple[int, float]:
        """Wait for a slot; returns its id and when it was taken (for ``answered``)."""
        while True:
            now = self._clock()
            pause, taken = self.try_take(now)
            if taken is not None:
                return taken, now
            self.waited += pause
            await self._sleep(pause)

    def answered(self, slot: int, taken_at: float) -> None:
        """Count the slot from now: HubSpot saw its request somewhere before this moment."""
        now = self._clock()
        if now - taken_at <= self.covered:
            return
        with self.store.statements(durable=False) as connection:
            connection.execute(self._restamp, {"slot": slot, "now": now})


# The slot the current task's request holds (each asyncio task has its own).
_HELD: contextvars.ContextVar[tuple[SharedWindow, int, float] | None] = contextvars.ContextVar(
    "skillc_rate_slot", default=None
)


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
        self.burst, self.search = (
            SharedWindow(
                store, f"{account}|{name}", limit, seconds * (1 + _SLACK),
                # Half the slack may go to a request's flight; a slower answer is restamped.
                covered=seconds * _SLACK / 2, clock=clock, sleep=sleep,
            )
            for name, limit, seconds in (
                ("10s", requests_per_10s, 10.0), ("search", searches_per_second, 1.0)
            )
        )  # fmt: skip

    async def acquire(self, *, search: bool = False) -> None:
        # Search is exempt from the 10-second budget (the spec's ``x-hubspot-rate-limit-
        # exemptions: ["ten-secondly"]``); it has its own per-second one.
        window = self.search if search else self.burst
        _HELD.set((window, *await window.acquire()))

    def answered(self) -> None:
        held = _HELD.get()
        if held is not None:
            _HELD.set(None)
            window, slot, taken_at = held
            window.answered(slot, taken_at)

    @property
    def waited(self) -> float:
        return self.burst.waited + self.search.waited


DEFAULT_REQUESTS_PER_10S = 100
DEFAULT_SEARCHES_PER_SECOND = 5


def budget_for(store: Store, account: str) -> SharedRateBudget:
    """The budget every process uses for HubSpot account ``account`` (``configured_limits``)."""
    requests_per_10s, searches_per_second = configured_limits()
    return SharedRateBudget(
        store,
        account,
        requests_per_10s=requests_per_10s,
        searches_per_second=searches_per_second,
    )


REQUESTS_PER_10S_ENV = "SKILLC_HUBSPOT_REQUESTS_PER_10S"
SEARCHES_PER_SECOND_ENV = "SKILLC_HUBSPOT_SEARCHES_PER_SECOND"


def configured_limits() -> tuple[int, int]:
    """Requests per 10 s and searches per second allowed to each HubSpot account.

    HubSpot's limits depend on the account's tier (100 requests per 10 s on Free and Starter,
    190 on Professional and Enterprise, more with the capacity add-on): an installation sets
    ``SKILLC_HUBSPOT_REQUESTS_PER_10S`` and ``SKILLC_HUBSPOT_SEARCHES_PER_SECOND`` once for all
    of its processes. Raises ``ValueError`` naming the variable when one is not a positive integer.
    """
    return (
        _limit(REQUESTS_PER_10S_ENV, DEFAULT_REQUESTS_PER_10S),
        _limit(SEARCHES_PER_SECOND_ENV, DEFAULT_SEARCHES_PER_SECOND),
    )


def parse_limit(raw: str) -> int:
    """A request limit as written (an option, a variable): a positive whole number."""
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"expected a positive whole number, got {raw!r}")
    return value


def _limit(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse_limit(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected a positive whole number of requests") from None
