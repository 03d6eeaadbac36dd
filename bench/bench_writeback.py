"""Interaction-logging drain throughput against HubSpot's rate limit (the simulator's, 100 / 10 s).

A backlog of conversations (a third matched by contact id, a third by phone, a third by email;
half calls, half notes) is drained for a fixed horizon of simulated time. The simulator, the
client's pacing and the drain share one fake clock, so the horizon costs no real waiting.

Figures, over the horizon:
- ``requests``: HTTP requests sent; ``useful_requests``: those answered 2xx (429s and errors are
  budget spent for nothing);
- ``budget``: what the account allows in the horizon (100 per 10 s);
- ``useful_budget_ratio`` = useful_requests / budget (target >= 0.8);
- ``engagements_per_window``: engagements created within the horizon, per 10 s;
- the same for a baseline drain that sends one engagement per request (``batch_size=1``), and
  ``speedup`` = batched / baseline engagements per window;
- the batched figures again with ~12% injected failures (5xx, 429 storms, dropped connections).
"""

from __future__ import annotations

import asyncio
import math
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from compiler.hubspot import HubSpotClient, RateLimiter, RetryPolicy
from compiler.identity.phone import e164_or_none
from compiler.simulator import BASE_URL, FaultSpec, Simulator
from compiler.store import open_store
from compiler.writeback import Drainer, Outbox, update_settings
from compiler.writeback.service import log_conversations

HORIZON = 30.0  # simulated seconds measured: three 10-second windows
WINDOW = 10.0
LIMIT = 100  # requests per 10 s (HubSpot Free/Starter; the simulator's default)
BACKLOG = 4_600  # more than a batched drain can send in the horizon
ENABLED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class _Clock:
    def __init__(self) -> None:
        self.now = (ENABLED + timedelta(hours=3)).timestamp()

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


class _Recording(httpx.AsyncBaseTransport):
    """Notes (simulated time, status) of every request; 0 = no response."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: _Clock) -> None:
        self.inner = inner
        self.clock = clock
        self.log: list[tuple[float, int]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent = self.clock.time()
        try:
            response = await self.inner.handle_async_request(request)
        except Exception:
            self.log.append((sent, 0))
            raise
        self.log.append((sent, response.status_code))
        return response


def _workload(sim: Simulator, n: int) -> list[dict[str, Any]]:
    contacts = sim.store.list("contacts")
    end = ENABLED + timedelta(hours=1)
    out = []
    for i in range(n):
        props = contacts[i % len(contacts)]["properties"]
        phone = e164_or_none(props.get("phone"), "US") or e164_or_none(
            props.get("mobilephone"), "US"
        )
        caller: dict[str, str] = {}
        conv: dict[str, Any] = {
            "id": f"bench-{i:05d}",
            "channel": "voice" if i % 2 else "chat",
            "startedAt": (end - timedelta(minutes=4)).isoformat(),
            "endedAt": end.isoformat(),
            "summary": "Caller asked to move Rex's check-up; the agent rebooked it for Monday.",
            "caller": caller,
        }
        if i % 3 == 1 and phone:
            caller["phone"] = phone
        elif i % 3 == 2 and props.get("email"):
            caller["email"] = props["email"]
        else:
            conv["contactId"] = contacts[i % len(contacts)]["id"]
        out.append(conv)
    return out


async def _measure(
    batch_size: int, backlog: int, faults: FaultSpec | None = None
) -> dict[str, Any]:
    clock = _Clock()
    sim = Simulator.from_sample("harbor_vet", clock=clock.time, faults=faults)
    with tempfile.TemporaryDirectory() as state:
        store = Outbox(open_store(f"sqlite:///{Path(state) / 'skillc.db'}"))
        update_settings(store, {"mode": "summary"}, now=ENABLED)
        log_conversations(store, _workload(sim, backlog), now=clock.time())
        transport = _Recording(sim.transport(), clock)
        limiter = RateLimiter(LIMIT, 5, clock=clock.time, sleep=clock.sleep)
        start = clock.time()
        async with HubSpotClient(
            BASE_URL,
            sim.access_token,
            transport=transport,
            retry=RetryPolicy(sleep=clock.sleep),
            rate_limiter=limiter,
        ) as client:
            drainer = Drainer(store, client, account="harbor_vet", clock=clock,
                              batch_size=batch_size)  # fmt: skip
            report = await drainer.drain(max_seconds=HORIZON)
        store.close()
    logged = _created_before(sim, (start + HORIZON) * 1000)
    inside = [(t - start, s) for t, s in transport.log if t - start < HORIZON]
    useful = sum(1 for _, s in inside if 200 <= s < 300)
    budget = LIMIT * HORIZON / WINDOW
    windows = HORIZON / WINDOW
    return {
        "requests": len(inside),
        "useful_requests": useful,
        "throttled": sum(1 for _, s in inside if s == 429),
        "budget": int(budget),
        "useful_budget_ratio": round(useful / budget, 3),
        "engagements": logged,
        "engagements_per_window": round(logged / windows, 1),
        "rounds": report.rounds,
        "simulated_seconds": round(clock.time() - start, 1),
    }


def _created_before(sim: Simulator, limit_ms: float) -> int:
    count = 0
    for kind, body in (("calls", "hs_call_body"), ("notes", "hs_note_body")):
        for record in sim.store.list(kind):
            made = datetime.fromisoformat(record["createdAt"]).timestamp() * 1000
            if "[skillc:conv:" in (record["properties"].get(body) or "") and made < limit_ms:
                count += 1
    return count


def run() -> dict[str, Any]:
    batched = asyncio.run(_measure(100, BACKLOG))
    baseline = asyncio.run(_measure(1, 300))
    faults = FaultSpec(error_rate=0.05, status=503, storm429=0.05, drop=0.02, seed=3)
    faulty = asyncio.run(_measure(100, BACKLOG, faults))
    speedup = batched["engagements_per_window"] / max(baseline["engagements_per_window"], 0.1)
    return {
        "horizon_seconds": HORIZON,
        "limit_per_10s": LIMIT,
        **{f"batched_{k}": v for k, v in batched.items()},
        **{f"baseline_{k}": v for k, v in baseline.items()},
        "speedup": round(speedup, 1),
        "faults_12pct_useful_budget_ratio": faulty["useful_budget_ratio"],
        "faults_12pct_engagements_per_window": faulty["engagements_per_window"],
        "target_useful_budget_ratio": 0.8,
        "meets_target": batched["useful_budget_ratio"] >= 0.8 and not math.isnan(speedup),
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
