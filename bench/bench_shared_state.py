"""What sharing the runtime's state through the store costs, SQLite and PostgreSQL side by side.

1. Added median per call (the runtime with its state in the store, minus the same runtime with
   in-process state; a client that answers instantly, so only the state is measured):
   - a read call (``find_contact``): the shared rate budget (a slot taken and restamped);
   - a confirmed find-or-create (``create_contact`` of a known caller): the conversation's turn,
     the key's claim, recent creates, the token ledger and the budget.
   Targets: <= 2 ms and <= 5 ms.
2. Confirmed find-or-create calls per second with 1, 2 and 4 processes on one store.
3. Outbox: 3 worker processes sharing one portal budget (30 requests / 10 s, the simulator's limit
   set alike), started together, over a fixed wall-clock horizon: useful (2xx) requests / budget
   (target >= 0.8), both over the whole run (the most a sender could get in the span, a full
   window at its start included) and in steady state (see ``_steady_ratio``); and engagements
   logged per 10 s.

PostgreSQL figures need a server (``SKILLC_BENCH_POSTGRES_URL``, default the test server); without
one they are reported as skipped.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "runtime"
PHONE = "+16175550123"
ROUNDS = 100
PG_ADMIN = "postgresql://skillc:skillc@127.0.0.1:5432/postgres"

_ANSWER = {
    "results": [
        {"id": "101", "properties": {"firstname": "Maria", "phone": PHONE},
         "updatedAt": "2026-10-01T09:00:00Z"}
    ]
}  # fmt: skip


class Instant:
    """A CRM client that answers every request at once (a found contact)."""

    rate_limiter: Any = None

    async def request(self, method: str, path: str, **kw: Any) -> Any:
        if self.rate_limiter is not None:
            await self.rate_limiter.acquire(search=path.endswith("/search"))
            self.rate_limiter.answered()
        return _ANSWER


def _artifacts() -> list[Any]:
    return [
        json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("find_contact", "create_contact")
    ]


def _runtime(url: str | None) -> Any:
    from compiler.runtime import Runtime

    client = Instant()
    if url is None:
        return Runtime(_artifacts(), client)
    from compiler.identity.registry import StoreKeyRegistry
    from compiler.runtime.agent_state import runtime_secret
    from compiler.runtime.ledger import StoreTokenLedger
    from compiler.store import open_store
    from compiler.store.claims import Claims
    from compiler.store.rate_budget import SharedRateBudget

    store = open_store(url)
    claims = Claims(store)
    client.rate_limiter = SharedRateBudget(
        store, f"bench-{uuid.uuid4().hex[:6]}", requests_per_10s=10**9, searches_per_second=10**9
    )
    return Runtime(
        _artifacts(),
        client,
        secret=runtime_secret(store),
        used_tokens=StoreTokenLedger(store),
        registry=StoreKeyRegistry(store, claims=claims),
        conversation_turns=lambda cid: claims.hold("conversation:" + cid),
    )


async def _timed_calls(runtime: Any, rounds: int, kind: str) -> list[float]:
    from compiler.runtime import Caller, Conversation

    times: list[float] = []
    for i in range(rounds):
        conv = Conversation(id=f"bench-{uuid.uuid4().hex[:8]}-{i}", caller=Caller(phone=PHONE))
        if kind == "read":
            started = time.perf_counter()
            result = await runtime.call("find_contact", {}, conv)
        else:
            args = {"first_name": "Maria"}
            ask = await runtime.call("create_contact", args, conv)
            started = time.perf_counter()
            result = await runtime.call("create_contact", args, conv, confirmation=ask.token)
        times.append(time.perf_counter() - started)
        if result.status != "ok":
            raise RuntimeError(f"{kind}: {result.to_json()}")
    return times


def _median_ms(url: str | None, kind: str) -> float:
    runtime = _runtime(url)
    asyncio.run(_timed_calls(runtime, 20, kind))  # warm up
    return statistics.median(asyncio.run(_timed_calls(runtime, ROUNDS, kind))) * 1000


_PROCESS = """
import asyncio, sys, time
sys.path.insert(0, sys.argv[3])
from bench.bench_shared_state import _runtime, _timed_calls
runtime = _runtime(sys.argv[1])
asyncio.run(_timed_calls(runtime, 5, "foc"))
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.01)
times = asyncio.run(_timed_calls(runtime, 50, "foc"))
print(len(times), sum(times))
"""


def _calls_per_second(url: str, processes: int) -> float:
    start = time.time() + 4.0  # every process imported and warm before the clock starts
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROCESS, url, str(start), str(ROOT)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    calls, finished = 0, start
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(err[-500:])
        calls += int(out.split()[0])
        finished = max(finished, time.time())
    return calls / (finished - start)


def _postgres_url() -> str | None:
    from compiler.store.config import database_url

    admin = database_url(os.environ.get("SKILLC_BENCH_POSTGRES_URL") or PG_ADMIN)
    name = f"skillc_bench_{uuid.uuid4().hex[:8]}"
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception:
        return None
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    from compiler.store.config import database_url
    from compiler.store.engine import forget_open_stores

    forget_open_stores()
    admin = database_url(os.environ.get("SKILLC_BENCH_POSTGRES_URL") or PG_ADMIN)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _engine_figures(url: str) -> dict[str, Any]:
    base_read = _median_ms(None, "read")
    base_foc = _median_ms(None, "foc")
    read = _median_ms(url, "read")
    foc = _median_ms(url, "foc")
    return {
        "read_call_added_median_ms": round(read - base_read, 3),
        "find_or_create_added_median_ms": round(foc - base_foc, 3),
        "read_call_median_ms": round(read, 3),
        "find_or_create_median_ms": round(foc, 3),
        "in_process_read_median_ms": round(base_read, 3),
        "in_process_find_or_create_median_ms": round(base_foc, 3),
        "find_or_create_calls_per_s": {
            str(n): round(_calls_per_second(url, n), 1) for n in (1, 2, 4)
        },
    }


_WORKER = """
import asyncio, sys, time
from compiler.hubspot import HubSpotClient
from compiler.store import open_store
from compiler.store.rate_budget import SharedRateBudget
from compiler.writeback import Drainer, Outbox

url, base, token, limit, horizon, start = sys.argv[1:7]

async def main():
    while time.time() < float(start):  # every worker imported before the clock starts
        await asyncio.sleep(0.01)
    store = open_store(url)
    budget = SharedRateBudget(store, "4242", requests_per_10s=int(limit))
    async with HubSpotClient(base, token, rate_limiter=budget) as client:
        drainer = Drainer(Outbox(store), client, account="4242")
        await drainer.drain(max_seconds=float(horizon))

asyncio.run(main())
"""

LIMIT = 30
HORIZON = 60.0


class _Stamped:
    """The simulator's app, noting when each request arrived and the status it got."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.times: list[float] = []
        self.useful: list[float] = []  # arrival times of the requests answered 2xx

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        arrived = time.monotonic()
        self.times.append(arrived)

        async def noting(message: Any) -> None:
            if message.get("type") == "http.response.start" and 200 <= message["status"] < 300:
                self.useful.append(arrived)
            await send(message)

        await self.app(scope, receive, noting)


def _steady_ratio(arrivals: list[float], limit: int) -> float | None:
    """The share of the budget used once the first window's burst is spent: ``limit`` requests
    per 10 s over the median time the workers took for each ``limit`` consecutive requests
    (1.0: every window filled as soon as HubSpot allows). Unlike a count over the whole run, it
    does not depend on where the run's end falls between two windows."""
    ordered = sorted(arrivals)
    gaps = [ordered[i] - ordered[i - limit] for i in range(limit, len(ordered))]
    return round(10.0 / statistics.median(gaps), 3) if gaps else None


def _outbox_figures(url: str) -> dict[str, Any]:
    from compiler.simulator import RateLimits, Simulator
    from compiler.simulator.server import serve
    from compiler.store import open_store
    from compiler.writeback import Outbox, update_settings
    from compiler.writeback.service import log_conversations

    sim = Simulator.from_sample("harbor_vet", rate_limits=RateLimits(ten_secondly=LIMIT))
    contacts = [c["id"] for c in sim.store.list("contacts")]
    outbox = Outbox(open_store(url))
    enabled = "2026-01-01T00:00:00+00:00"
    update_settings(
        outbox, {"mode": "summary"}, now=__import__("datetime").datetime.fromisoformat(enabled)
    )
    backlog = int(LIMIT * HORIZON / 10 * 100 * 0.6)  # more than the horizon can deliver
    convs = [
        {
            "id": f"bench-{i}", "channel": "voice" if i % 2 else "chat",
            "startedAt": "2026-06-01T10:00:00+00:00", "endedAt": "2026-06-01T10:05:00+00:00",
            "caller": {}, "contactId": contacts[i % len(contacts)],
            "summary": "Booked a check-up.", "transcript": [],
        }
        for i in range(backlog)
    ]  # fmt: skip
    log_conversations(outbox, convs, now=time.time())
    stamps = _Stamped(sim.app)
    sim.app = stamps
    with serve(sim) as server:
        before = sim.request_log.total
        start = time.time() + 4.0
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _WORKER,
                    url,
                    server.base_url,
                    sim.private_app_token,
                    str(LIMIT),
                    str(HORIZON),
                    str(start),
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=HORIZON * 4 + 120)
            if proc.returncode != 0:
                raise RuntimeError(err[-500:])
        entries = sim.request_log.entries[before:]
    useful = sum(1 for e in entries if 200 <= e.status < 300)
    # What the portal allows over the span the workers actually sent in (they start at
    # different moments): a full window at the start, then the limit per 10 s.
    span = max(stamps.times) - min(stamps.times) if stamps.times else HORIZON
    budget = LIMIT * (span / 10 + 1)
    logged = outbox.counters().logged
    return {
        "workers": 3,
        "limit_per_10s": LIMIT,
        "horizon_s": HORIZON,
        "span_s": round(span, 1),
        "budget_in_span": round(budget, 1),
        "requests": len(entries),
        "useful_requests": useful,
        "throttled": sum(1 for e in entries if e.status == 429),
        "useful_budget_ratio": round(useful / budget, 3),
        "steady_useful_budget_ratio": _steady_ratio(stamps.useful, LIMIT),
        "engagements_logged": logged,
        "engagements_per_10s": round(logged / (span / 10), 1),
        "target_useful_budget_ratio": 0.8,
    }


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {"targets_ms": {"read_call": 2.0, "find_or_create": 5.0}}
    with tempfile.TemporaryDirectory() as home:
        sqlite_url = f"sqlite:///{Path(home) / 'skillc.db'}"
        figures["sqlite"] = _engine_figures(sqlite_url)
        pg = _postgres_url()
        if pg is None:
            figures["postgresql"] = "skipped: no PostgreSQL server"
        else:
            try:
                figures["postgresql"] = _engine_figures(pg)
            finally:
                _drop(pg)
        outbox_url = f"sqlite:///{Path(home) / 'outbox.db'}"
        figures["outbox_3_workers_sqlite"] = _outbox_figures(outbox_url)
    return figures


if __name__ == "__main__":  # pragma: no cover
    json.dump(run(), sys.stdout, indent=2)
    sys.stdout.write("\n")
