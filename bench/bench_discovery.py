"""Discovery of the harbor_vet sample from the simulator served on real loopback HTTP.

Figures:
- ``clean``: one discovery with the default settings (concurrency 4, client-side pacing at
  HubSpot's lowest tier, 100 requests / 10 s): wall time, HTTP requests, 429s (must be 0).
- ``latency_sequential`` / ``latency_concurrent``: with 50 ms injected per request (a loopback
  simulator answers in about a millisecond, HubSpot does not), concurrency 1 is the baseline for
  ``speedup_under_latency``.
- ``sustained_paced`` / ``sustained_unpaced``: three discoveries back to back (more requests than
  one 10-s window allows), with and without the client's rate limiter: the paced run must meet no
  429, the unpaced one shows what the limiter saves.
Between scenarios the simulator's clock moves past the rate window, so each starts fresh.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from compiler.hubspot import HubSpotClient, RateLimiter
from compiler.hubspot.discovery import discover
from compiler.simulator import Simulator, serve


async def _discover(
    base_url: str, token: str, *, concurrency: int, paced: bool, runs: int = 1
) -> dict[str, Any]:
    limiter = RateLimiter(requests_per_10s=100) if paced else None
    started = time.perf_counter()
    async with HubSpotClient(base_url, token, rate_limiter=limiter) as client:
        objects = 0
        for _ in range(runs):
            schema = await discover(client, concurrency=concurrency)
            objects = len(schema["objects"])
        wall = time.perf_counter() - started
        return {
            "wall_s": round(wall, 3),
            "requests": client.request_count,
            "http_429": client.status_counts.get(429, 0),
            "retries": client.retry_count,
            "objects": objects,
            "paced_wait_s": round(limiter.waited, 2) if limiter else 0.0,
        }


def run() -> dict[str, Any]:
    sim = Simulator.from_sample("harbor_vet")
    with serve(sim) as server:
        token = sim.access_token

        def scenario(**kwargs: Any) -> dict[str, Any]:
            sim.advance(11)  # a fresh 10-s window on the simulator's side
            before = sim.request_log.throttled
            figures = asyncio.run(_discover(server.base_url, token, **kwargs))
            figures["server_429"] = sim.request_log.throttled - before
            return figures

        scenario(concurrency=4, paced=True)  # warm-up: connections, first-use costs
        clean = scenario(concurrency=4, paced=True)
        paced = scenario(concurrency=4, paced=True, runs=3)
        unpaced = scenario(concurrency=4, paced=False, runs=3)
        sim.faults.latency = 0.05
        sequential = scenario(concurrency=1, paced=True)
        concurrent = scenario(concurrency=4, paced=True)
        sim.faults.latency = 0.0
    return {
        "clean": clean,
        "latency_sequential": sequential,
        "latency_concurrent": concurrent,
        "speedup_under_latency": round(sequential["wall_s"] / max(concurrent["wall_s"], 1e-9), 2),
        "sustained_paced": paced,
        "sustained_unpaced": unpaced,
        "clean_has_no_429": clean["http_429"] == 0 and clean["server_429"] == 0,
        "paced_has_no_429": paced["http_429"] == 0,
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
