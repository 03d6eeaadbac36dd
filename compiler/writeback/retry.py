"""When an outbox item is tried again, and what a drain reports.

A failed item waits ``Backoff.delay`` (exponential, "equal jitter": half fixed, half random, so
it is never zero and retries of a batch spread out) and is dead (``failed``) after
``max_attempts``. HubSpot refusing the input itself (400, 409, ...) kills it at once; refusing
the connection (401, 403, the daily limit) stops the drain and touches no item. Errors are kept
as their class, status and category: HubSpot's messages can echo property values. Which error
is which is ``compiler.hubspot.retry.classify``'s to say, for the drain as for everyone.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Protocol

from compiler.hubspot.errors import HubSpotError
from compiler.hubspot.retry import Outcome, classify


class Clock(Protocol):
    def time(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Backoff:
    """Exponential delay with "equal jitter": half fixed, half random, so it is never zero."""

    base: float = 2.0
    cap: float = 900.0
    max_attempts: int = 8

    def delay(self, attempts: int, rand: float) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return ceiling / 2 + rand * ceiling / 2


@dataclass
class DrainReport:
    rounds: int = 0
    logged: int = 0
    skipped_no_match: int = 0
    contacts_created: int = 0
    recovered: int = 0  # engagements found by marker after an unknown outcome: not sent twice
    reassociated: int = 0
    retries: int = 0
    failed: int = 0
    cancelled: int = 0
    pending: int = 0  # still pending when the drain stopped
    requests: int = 0
    aborted: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def error_label(exc: HubSpotError) -> str:
    """What is kept of an error: its class, status and category (messages can echo content)."""
    parts = [type(exc).__name__]
    if exc.status is not None:
        parts.append(str(exc.status))
    if exc.category:
        parts.append(exc.category)
    return " ".join(parts)


def aborts(exc: HubSpotError) -> bool:
    """The credentials or the account refuse every request: stop the drain, touch no item."""
    return classify(exc) is Outcome.CONNECTION


def permanent(exc: HubSpotError) -> bool:
    """HubSpot refused this input; sending it again cannot help. (A 404 may be a record that
    is being replaced or a lagging read, so it is retried, within the attempt bound.)"""
    return classify(exc) is Outcome.REFUSED
