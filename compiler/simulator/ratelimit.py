"""HubSpot's rate limits: a rolling 10-second bucket, a per-second search bucket, a daily one.

Search requests are exempt from the 10-second bucket (the spec's ``x-hubspot-rate-limit-
exemptions: ["ten-secondly"]``) and limited to ``search_per_second`` instead; every API request
counts against the daily bucket. Refused requests do not consume capacity. Rate-limit headers are
set on non-search responses only (FACTS.md §6).
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from compiler.simulator.errors import ApiError

TEN_SECONDS_MS = 10_000
DAY_MS = 86_400_000


@dataclass
class RateLimits:
    """Limits per account; ``enabled=False`` turns every check off (unit tests)."""

    enabled: bool = True
    ten_secondly: int = 100
    search_per_second: int = 5
    daily: int = 250_000


def rate_limit_error(policy: str, search: bool = False) -> ApiError:
    """The 429 HubSpot sends for ``policy`` (TEN_SECONDLY_ROLLING, SECONDLY or DAILY)."""
    messages = {
        "TEN_SECONDLY_ROLLING": "You have reached your ten_secondly_rolling limit.",
        "SECONDLY": "You have reached your secondly limit.",
        "DAILY": "You have reached your daily limit.",
    }
    return ApiError(
        429,
        "RATE_LIMITS",
        messages[policy],
        extra={"errorType": "RATE_LIMIT", "policyName": policy, "requestId": str(uuid.uuid4())},
    )


class RateLimiter:
    def __init__(self, limits: RateLimits, clock_ms: Callable[[], int]) -> None:
        self.limits = limits
        self._clock_ms = clock_ms
        self._lock = threading.Lock()
        self._burst: deque[int] = deque()
        self._search: deque[int] = deque()
        self._day = -1
        self._daily_used = 0

    def admit(self, *, search: bool) -> dict[str, str]:
        """Count one request or raise the 429; returns the headers for the response."""
        limits = self.limits
        if not limits.enabled:
            return {}
        with self._lock:
            now = self._clock_ms()
            day = now // DAY_MS
            if day != self._day:
                self._day, self._daily_used = day, 0
            while self._burst and self._burst[0] <= now - TEN_SECONDS_MS:
                self._burst.popleft()
            while self._search and self._search[0] <= now - 1000:
                self._search.popleft()
            if self._daily_used >= limits.daily:
                raise rate_limit_error("DAILY")
            if search:
                if len(self._search) >= limits.search_per_second:
                    raise rate_limit_error("SECONDLY", search=True)
                self._search.append(now)
                self._daily_used += 1
                return {}
            if len(self._burst) >= limits.ten_secondly:
                raise rate_limit_error("TEN_SECONDLY_ROLLING")
            self._burst.append(now)
            self._daily_used += 1
            return self._headers()

    def _headers(self) -> dict[str, str]:
        limits = self.limits
        return {
            "X-HubSpot-RateLimit-Max": str(limits.ten_secondly),
            "X-HubSpot-RateLimit-Remaining": str(max(0, limits.ten_secondly - len(self._burst))),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(TEN_SECONDS_MS),
            "X-HubSpot-RateLimit-Daily": str(limits.daily),
            "X-HubSpot-RateLimit-Daily-Remaining": str(max(0, limits.daily - self._daily_used)),
        }
