"""Injected faults: latency, 5xx errors, 429 storms, dropped connections, search lag.

Parsed from a compact spec for the CLI, e.g.
``latency=50ms,error_rate=0.1,status=503,storm429=0.3,drop=0.05,index_delay=2s,seed=7``.
Decisions come from one seeded generator that draws the same three numbers for every API request,
so a given sequence of requests meets the same faults on every run. OAuth endpoints are exempt, so
a client can always refresh its token. A dropped connection is decided after the request was
handled: the write has landed but the client gets no response (an ambiguous failure).
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")


class FaultSpecError(ValueError):
    """A fault spec that cannot be parsed; the message names the bad part."""


@dataclass
class FaultSpec:
    """What goes wrong, and how often; mutable at run time (``sim.faults.error_rate = 0.5``)."""

    latency: float = 0.0  # seconds added to every API request
    error_rate: float = 0.0  # probability of answering ``status`` instead of handling
    status: int = 503
    storm429: float = 0.0  # probability of a TEN_SECONDLY_ROLLING (search: SECONDLY) 429
    drop: float = 0.0  # probability of closing the connection after handling, without a response
    index_delay: float = 0.0  # seconds before a write is visible to search
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("error_rate", "storm429", "drop"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise FaultSpecError(f"{name}={value}: a probability must be between 0 and 1")
        if self.latency < 0 or self.index_delay < 0:
            raise FaultSpecError("latency and index_delay must not be negative")
        if not 500 <= self.status <= 599:
            raise FaultSpecError(f"status={self.status}: must be a 5xx status code")
        self._rng.seed(self.seed)

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        """Parse ``key=value,...``; durations take ``ms`` or ``s`` (default seconds)."""
        values: dict[str, float | int] = {}
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            key, sep, raw = part.partition("=")
            key, raw = key.strip(), raw.strip()
            if not sep or not raw:
                raise FaultSpecError(f"{part!r}: expected key=value")
            if key in ("latency", "index_delay"):
                match = _DURATION.match(raw)
                if match is None:
                    raise FaultSpecError(f"{key}={raw}: expected a duration such as 50ms or 2s")
                amount = float(match.group(1))
                values[key] = amount / 1000 if match.group(2) == "ms" else amount
            elif key in ("error_rate", "storm429", "drop"):
                try:
                    values[key] = float(raw)
                except ValueError:
                    raise FaultSpecError(f"{key}={raw}: expected a probability (0..1)") from None
            elif key in ("status", "seed"):
                try:
                    values[key] = int(raw)
                except ValueError:
                    raise FaultSpecError(f"{key}={raw}: expected an integer") from None
            else:
                known = "latency, error_rate, status, storm429, drop, index_delay, seed"
                raise FaultSpecError(f"unknown fault {key!r} (known: {known})")
        return cls(**values)  # type: ignore[arg-type]

    def reseed(self, seed: int | None = None) -> None:
        with self._lock:
            if seed is not None:
                self.seed = seed
            self._rng.seed(self.seed)

    def draw(self) -> FaultDecision:
        """The faults for the next request (always three draws, to keep sequences aligned)."""
        with self._lock:
            a, b, c = self._rng.random(), self._rng.random(), self._rng.random()
        return FaultDecision(
            error=a < self.error_rate,
            storm=b < self.storm429,
            drop=c < self.drop,
            latency=self.latency,
            status=self.status,
        )


@dataclass(frozen=True)
class FaultDecision:
    error: bool
    storm: bool
    drop: bool
    latency: float
    status: int
