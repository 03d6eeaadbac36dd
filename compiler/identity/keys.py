"""Per-key locks and a short memory of just-created records, behind one small interface.

Find-or-create keys are ``(account, object, normalised match key)``. HubSpot's search index lags
behind writes, so a record created a moment ago may not be found by search; the memory covers that
window. In-process now (one event loop); a shared store (Redis, SQL) can implement the same
protocol later.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol


def make_key(account: str, object_type: str, match: str) -> str:
    return f"{account}|{object_type}|{match}"


def identity_key(
    account: str, object_type: str, *, phone_e164: str | None = None, email: str | None = None
) -> str:
    """The key of a record identified by one phone number (E.164) or one email.

    The runtime's find-or-create and interaction logging both create contacts this way; using the
    same key makes them wait for each other instead of racing to create the same caller twice.
    """
    if phone_e164:
        return make_key(account, object_type, f"phone:{phone_e164}")
    if email:
        return make_key(account, object_type, f"email:{email.strip().lower()}")
    raise ValueError("an identity key needs a phone number or an email")


class KeyRegistry(Protocol):
    def lock(self, key: str) -> Any:
        """An async context manager holding the key exclusively."""
        ...

    async def recall(self, key: str) -> dict[str, Any] | None:
        """The record created under ``key`` within the memory window, if any."""
        ...

    async def remember(self, key: str, record: dict[str, Any]) -> None: ...


class InProcessKeyRegistry:
    """asyncio locks per key (dropped when nobody holds or waits) and a TTL memory."""

    def __init__(
        self, *, memory_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = memory_seconds
        self._clock = clock
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self._memory: dict[str, tuple[float, dict[str, Any]]] = {}

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def recall(self, key: str) -> dict[str, Any] | None:
        entry = self._memory.get(key)
        if entry is None:
            return None
        if entry[0] < self._clock():
            del self._memory[key]
            return None
        return entry[1]

    async def remember(self, key: str, record: dict[str, Any]) -> None:
        now = self._clock()
        if len(self._memory) > 10_000:
            self._memory = {k: v for k, v in self._memory.items() if v[0] >= now}
        self._memory[key] = (now + self._ttl, record)

    @property
    def held_keys(self) -> int:
        return len(self._locks)
