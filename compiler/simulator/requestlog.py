"""A count of the requests the simulator answered, for assertions in tests."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    status: int  # 0 when the connection was dropped without a response


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[LoggedRequest] = []

    def add(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.entries.append(LoggedRequest(method.upper(), path, status))

    def count(
        self, method: str | None = None, path: str | None = None, status: int | None = None
    ) -> int:
        """Requests matching every given field (``path`` exact, or a prefix ending in ``*``)."""
        with self._lock:
            entries = list(self.entries)
        return sum(1 for e in entries if _matches(e, method, path, status))

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def throttled(self) -> int:
        """How many requests were answered 429."""
        return self.count(status=429)

    def by_path(self) -> Counter[tuple[str, str]]:
        with self._lock:
            return Counter((e.method, e.path) for e in self.entries)

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()


def _matches(e: LoggedRequest, method: str | None, path: str | None, status: int | None) -> bool:
    if method is not None and e.method != method.upper():
        return False
    if status is not None and e.status != status:
        return False
    if path is not None:
        if path.endswith("*"):
            return e.path.startswith(path[:-1])
        return e.path == path
    return True
