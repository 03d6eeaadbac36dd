"""When a failed HubSpot request may be repeated, and how long to wait first.

The one home of retry decisions: the client's immediate retries, the runtime's ``retryable``
flag and the writeback drain's "retry the item later / fail it / stop the drain" all read
``classify`` (what trying again can do, by the error) and ``proves_not_processed``.

Three questions, kept apart:

* **What can trying again do?** ``classify``: ``TRANSIENT`` (429 other than the daily limit,
  423, 477, the retryable 5xx, a transport error: the same request may succeed later),
  ``AMBIGUOUS`` (a create that may have landed: look before sending again), ``NOT_FOUND`` (404:
  may be lag or a record being replaced; a queue may try later, a caller should not),
  ``REFUSED`` (HubSpot refused this input: 400, 405, 409, 413, 414, 415, 422), ``CONNECTION``
  (the credentials or the account refuse every request: 401, 403, the daily limit) and
  ``UNKNOWN`` (no rule: not repeated at once).

* **May it be repeated at all?** Reads (GET, ``.../search`` and ``.../batch/read`` POSTs),
  PUT/PATCH/DELETE and the batch update/upsert/archive POSTs give the same result when repeated.
  A create (any other POST) may be repeated only when HubSpot *proved* it did nothing: a 429
  (rate limits are checked before the request is processed), a 423 (record locked, the write was
  refused), a 477 (account migrating), a 521/523 (Cloudflare could not reach HubSpot's origin,
  so the request never arrived), or a connection that was never opened. A 500/502/503/504/524,
  a timeout or a dropped connection after the request was sent prove nothing: the create may
  have landed, so the client raises ``AmbiguousWriteError`` and leaves the look-up to the
  caller, which knows the record's unique keys.
* **How long to wait?** ``Retry-After`` when present; else by ``policyName`` for 429s
  (TEN_SECONDLY_ROLLING: exponential from 1 s toward the 10-s window; SECONDLY: about 1 s; DAILY:
  never, the budget is gone until midnight), at least 2 s for 423, exponential from
  ``base_delay`` for 5xx and transport errors. Jitter only ever lengthens a wait, so floors hold.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from compiler.hubspot.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    HubSpotError,
    LockedError,
    MissingScopesError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)

RETRYABLE_5XX = frozenset({500, 502, 503, 504, 521, 523, 524})
# Cloudflare: 521 web server down, 523 origin unreachable: the request never reached HubSpot.
NOT_PROCESSED_5XX = frozenset({521, 523})
ACCOUNT_MIGRATING = 477

# HubSpot refused the request's input itself: the same request gets the same answer.
REFUSED_STATUSES = frozenset({400, 405, 409, 413, 414, 415, 422})


class Outcome(StrEnum):
    """What sending the same request again can do, judged by the error it got."""

    TRANSIENT = "transient"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    REFUSED = "refused"
    CONNECTION = "connection"
    UNKNOWN = "unknown"


def is_daily_limit(error: HubSpotError) -> bool:
    """The account's daily request budget is spent: nothing succeeds before midnight."""
    return isinstance(error, RateLimitError) and (error.policy_name or "").upper() == "DAILY"


def classify(error: HubSpotError) -> Outcome:
    """The one answer to "may trying again help?" (see the module docstring)."""
    if isinstance(error, AmbiguousWriteError):
        return Outcome.AMBIGUOUS
    if isinstance(error, TransportError):
        return Outcome.TRANSIENT
    if isinstance(error, AuthenticationError | MissingScopesError) or is_daily_limit(error):
        return Outcome.CONNECTION
    if isinstance(error, RateLimitError | LockedError):
        return Outcome.TRANSIENT
    if error.status == ACCOUNT_MIGRATING:
        return Outcome.TRANSIENT
    if isinstance(error, ServerError):
        return Outcome.TRANSIENT if error.status in RETRYABLE_5XX else Outcome.UNKNOWN
    if isinstance(error, NotFoundError):
        return Outcome.NOT_FOUND
    if error.status in REFUSED_STATUSES:
        return Outcome.REFUSED
    return Outcome.UNKNOWN


_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
# POSTs that read, or that write by id/unique key, so that a repeat lands on the same records:
# updating, upserting or archiving twice gives what doing it once gives. Creates are not here.
_REPEATABLE_POST_SUFFIXES = (
    "/search",
    "/batch/read",
    "/batch/update",
    "/batch/upsert",
    "/batch/archive",
)


def _strip_query(path: str) -> str:
    return path.split("?", 1)[0].rstrip("/")


def is_idempotent(method: str, path: str) -> bool:
    """Whether repeating ``method path`` cannot duplicate a write."""
    method = method.upper()
    if method in _IDEMPOTENT_METHODS:
        return True
    return method == "POST" and _strip_query(path).endswith(_REPEATABLE_POST_SUFFIXES)


def is_search(path: str) -> bool:
    """Search requests have their own per-second rate limit."""
    return _strip_query(path).endswith("/search")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait (seconds or an HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds < 0:  # NaN or in the past
        return 0.0 if seconds == seconds else None
    return seconds


def proves_not_processed(error: HubSpotError) -> bool:
    """An error response that shows the request was refused before anything was written."""
    if isinstance(error, RateLimitError | LockedError):
        return True
    return error.status == ACCOUNT_MIGRATING or error.status in NOT_PROCESSED_5XX


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded, jittered exponential backoff. ``sleep`` and ``rand`` are injectable for tests."""

    max_attempts: int = 5
    max_total_sleep: float = 60.0
    base_delay: float = 0.25
    max_delay: float = 10.0
    jitter: float = 0.2
    locked_delay: float = 2.0
    secondly_delay: float = 1.0
    ten_secondly_delay: float = 1.0
    ten_secondly_window: float = 10.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    rand: Callable[[], float] = field(default=random.random, repr=False)

    def _jittered(self, delay: float) -> float:
        return delay * (1.0 + self.jitter * self.rand())

    def _exponential(self, first: float, attempt: int, cap: float) -> float:
        return min(cap, first * (2 ** max(0, attempt - 1)))

    def delay_for(self, error: HubSpotError, attempt: int) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None when ``error`` is final.

        ``attempt`` counts the attempts made so far (1 after the first failure). Whether the
        request may be repeated at all (idempotency) is the caller's question, not this one's.
        """
        if classify(error) is not Outcome.TRANSIENT:
            return None
        retry_after = error.retry_after
        if isinstance(error, RateLimitError):
            policy = (error.policy_name or "").upper()
            if retry_after is not None:
                return retry_after
            if policy == "SECONDLY" or "secondly limit" in error.message.lower():
                return self._jittered(self.secondly_delay)
            # TEN_SECONDLY_ROLLING (and unnamed policies): the window rolls, so slots free up
            # gradually; double toward the full window rather than always waiting all of it.
            return self._jittered(
                self._exponential(self.ten_secondly_delay, attempt, self.ten_secondly_window)
            )
        if isinstance(error, LockedError):
            return max(self.locked_delay, retry_after or 0.0, self._jittered(self.locked_delay))
        if retry_after is not None and not isinstance(error, TransportError):
            return retry_after  # 477 and the retryable 5xx
        return self._jittered(self._exponential(self.base_delay, attempt, self.max_delay))

    def allows(self, attempt: int, slept: float, delay: float) -> bool:
        """Whether the budget allows another attempt after waiting ``delay``."""
        return attempt < self.max_attempts and slept + delay <= self.max_total_sleep
