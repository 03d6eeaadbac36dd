"""Helpers for the simulator tests: a small seeded account, a fake clock, a request helper."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from compiler.simulator import FaultSpec, RateLimits, Simulator

TINY = str(Path(__file__).resolve().parent / "fixtures" / "sim" / "tiny")
T = TypeVar("T")


class FakeClock:
    """A clock that only moves when told (seconds since the epoch)."""

    def __init__(self, start: float = 1_764_331_200.0) -> None:  # 2025-11-28T12:00:00Z
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def tiny_sim(
    *, rate_limits: RateLimits | None = None, faults: FaultSpec | None = None, **kw: Any
) -> Simulator:
    """The tiny account (tests/fixtures/sim/tiny.*.json); rate limits off unless given."""
    return Simulator.from_sample(
        TINY, faults=faults, rate_limits=rate_limits or RateLimits(enabled=False), **kw
    )


def run(fn: Callable[[httpx.AsyncClient], Awaitable[T]], sim: Simulator, **client_kw: Any) -> T:
    """Run ``fn(client)`` against the simulator in-process."""

    async def main() -> T:
        async with sim.client(**client_kw) as client:
            return await fn(client)

    return asyncio.run(main())


def call(
    sim: Simulator, method: str, path: str, *, token: str | None = None, **kw: Any
) -> httpx.Response:
    """One request against the simulator in-process."""

    async def main(client: httpx.AsyncClient) -> httpx.Response:
        return await client.request(method, path, **kw)

    return run(main, sim, token=token)


def search(sim: Simulator, obj: str, body: dict[str, Any]) -> httpx.Response:
    return call(sim, "POST", f"/crm/v3/objects/{obj}/search", json=body)


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["results"]]


def one_filter(prop: str, operator: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    flt: dict[str, Any] = {"propertyName": prop, "operator": operator}
    if value is not None:
        flt["value"] = value
    flt.update(extra)
    return {"filterGroups": [{"filters": [flt]}]}
