"""Client-side pacing so that bulk work (discovery, draining) stays under HubSpot's limits.

HubSpot's burst limit is a *rolling* window (``TEN_SECONDLY_ROLLING``: at most N requests in any
10 s) and search has its own 5-per-second limit. A classic token bucket of capacity N refilling
N/10 per second lets through up to 2N requests in some 10-s windows (a full bucket, then the
refill), so it would still meet 429s; a sliding log of the last N send times matches the server's
rule exactly. A small ``slack`` widens our window to absorb the delay between our clock and the
server's arrival time. Searches also count against the burst window (conservative: HubSpot's spec
marks them exempt, but a count that is too high only slows us down, one too low costs 429s).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

_EPSILON = 1e-6


class SlidingWindow:
    """At most ``limit`` acquisitions in any ``window`` seconds; waiters are served in order."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate window needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()
        self._lock = asyncio.Lock()
        self.waited = 0.0

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                # The tolerance keeps float rounding from leaving a wait too small to move a clock.
                while self._stamps and now - self._stamps[0] >= self.window - _EPSILON:
                    self._stamps.popleft()
                if len(self._stamps) < self.limit:
                    self._stamps.append(now)
                    return
                pause = self.window - (now - self._stamps[0])
                self.waited += pause
                await self._sleep(pause)


class Pacer(Protocol):
    """What the client asks before each request: this process's ``RateLimiter``, or a budget
    shared by every process (``compiler.store.rate_budget.SharedRateBudget``)."""

    async def acquire(self, *, search: bool = False) -> None: ...

    def answered(self) -> None:
        """The request ``acquire`` allowed has its answer (or failed)."""
        ...


class RateLimiter:
    """HubSpot's two request limits: ``requests_per_10s`` overall and ``searches_per_second``."""

    def __init__(
        self,
        requests_per_10s: int = 100,
        searches_per_second: int = 5,
        *,
        slack: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.burst = SlidingWindow(requests_per_10s, 10.0 * (1 + slack), clock=clock, sleep=sleep)
        self.search = SlidingWindow(
            searches_per_second, 1.0 * (1 + slack), clock=clock, sleep=sleep
        )

    async def acquire(self, *, search: bool = False) -> None:
        # Search is exempt from the 10-second budget (the spec's ``x-hubspot-rate-limit-
        # exemptions: ["ten-secondly"]``); it has its own per-second one.
        await (self.search if search else self.burst).acquire()

    def answered(self) -> None:
        """Nothing to do: in one process the send time is close enough to the arrival time."""

    @property
    def waited(self) -> float:
        """Seconds spent waiting for a slot so far."""
        return self.burst.waited + self.search.waited
