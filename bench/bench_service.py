"""The service's call endpoint against the library runtime, on SQLite and on PostgreSQL.

``POST /api/v1/agents/{id}/skills/find_contact/call`` through ``skillc serve`` (one worker)
versus ``Runtime.call`` of the same published artifact in this process, both against one
simulator process (``skillc simulate --no-rate-limits``): medians, their ratio (target <= 1.3),
p99; then requests/s on the endpoint with 50 concurrent clients.

Between the two, in the same rounds: the service's own library path without HTTP
(``calls.call_context`` then ``calls.call_skill`` in this process, on the same store): what the key
check, the context read, the store's shared rate slot and the connection's client add to the
library's call. ``service_median_ms`` minus ``product_median_ms`` is what the HTTP endpoint adds.

The simulator enforces no rate limits and the library runtime here has no limiter, so the service
is given HubSpot budgets no call reaches (``--hubspot-requests-per-10s`` and
``--hubspot-searches-per-second``): the service still takes and returns a slot in the store's
shared budget on every request, but never waits for one.

The floor: the same client posting the same body to an empty FastAPI endpoint on uvicorn (its
own process, one worker, same socket options) in the same rounds. ``floor_ratio_median`` is the
ratio a service that only passed the call through one HTTP endpoint would score, before any key
check, store read or rate slot. ``library_ms_for_target``: how long HubSpot's answer would have to
take for the measured overhead to be 1.3x; a last run (SQLite) puts 50 ms of latency on every
simulator request to show the ratio when the CRM is across a network.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx

from compiler.hubspot import HubSpotClient
from compiler.product import calls
from compiler.product.accounts import add_user, create_key
from compiler.product.connections import forget_clients
from compiler.product.hubspot_app import HubSpotApp
from compiler.runtime import Caller, Conversation, Runtime
from compiler.store import open_store
from compiler.store.rate_budget import REQUESTS_PER_10S_ENV, SEARCHES_PER_SECOND_ENV

ROUNDS = 200
CONCURRENT = 50
CALLS_EACH = 4
PHONE = "+1 (617) 555-0123"
PASSWORD = "bench-password-1"
PG_ADMIN = "postgresql://skillc:skillc@127.0.0.1:5432/postgres"
# Budgets no run reaches (the simulator runs with --no-rate-limits).
UNREACHED_BUDGET = 1_000_000
BUDGET_OPTIONS = [
    "--hubspot-requests-per-10s",
    str(UNREACHED_BUDGET),
    "--hubspot-searches-per-second",
    str(UNREACHED_BUDGET),
]


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


@contextlib.contextmanager
def _process(
    argv: list[str], env: dict[str, str], module: str = "compiler"
) -> Iterator[dict[str, Any]]:
    child = subprocess.Popen(
        [sys.executable, "-m", module, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"{module} {argv[0]} did not start")
        yield json.loads(line)
    finally:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _prepare(base: str, key: str) -> str:
    """Sign in, connect, install, publish: the agent's id."""
    with httpx.Client(base_url=base, timeout=120) as browser:
        page = browser.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        browser.post(
            "/login", data={"email": "bench@example.com", "password": PASSWORD, "csrf": csrf[1]}
        )
        api = {"Authorization": f"Bearer {key}"}
        agent = browser.post("/api/v1/agents", json={"name": "bench"}, headers=api).json()
        agent_id = agent["data"]["id"]
        start = browser.post(
            "/api/v1/integrations/hubspot/connect", json={"agentId": agent_id}, headers=api
        ).json()
        consent = httpx.get(start["data"]["oauthUrl"], timeout=120)
        browser.get(consent.headers["location"])
        browser.post(f"/api/v1/agents/{agent_id}/publish", headers=api).raise_for_status()
    return str(agent_id)


async def _measure(
    base: str,
    key: str,
    agent: str,
    sim: dict[str, Any],
    store_url: str,
    artifact: Any,
    empty: str,
    rounds: int,
) -> Any:
    body = {"args": {}, "conversationId": "bench", "caller": {"phone": PHONE, "verified": None}}
    path = f"/api/v1/agents/{agent}/skills/find_contact/call"
    conversation = Conversation(id="bench", caller=Caller(phone=PHONE))
    store = open_store(store_url)
    app = HubSpotApp(
        base_url=sim["base_url"],
        client_id=sim["client_id"],
        client_secret=sim["client_secret"],
        public_url=base,
    )
    async with (
        httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120
        ) as api,
        HubSpotClient(sim["base_url"], sim["access_token"]) as client,
        httpx.AsyncClient(base_url=empty, timeout=120) as floor,
    ):
        runtime = Runtime([artifact], client)

        async def service_call() -> None:
            answer = await api.post(path, json=body)
            if answer.status_code != 200 or answer.json()["data"]["status"] != "ok":
                raise RuntimeError(f"service call: {answer.status_code} {answer.text[:200]}")

        async def library_call() -> None:
            result = await runtime.call("find_contact", {}, conversation)
            if result.status != "ok":
                raise RuntimeError(f"library call: {result.to_json()}")

        async def product_call() -> None:
            context = calls.call_context(store, key, agent, "skills:execute")
            result = await calls.call_skill(
                store, app, context, "find_contact", args={}, conversation_id="bench",
                caller_phone=PHONE, verified=None, confirmation=None,
            )  # fmt: skip
            if result["status"] != "ok":
                raise RuntimeError(f"product call: {result}")

        async def floor_call() -> None:
            (await floor.post(EMPTY_PATH, json=body)).raise_for_status()

        for _ in range(20):
            await service_call()
            await library_call()
            await product_call()
            await floor_call()
        service_times: list[float] = []
        library_times: list[float] = []
        product_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(rounds):
            for call, times in (
                (library_call, library_times),
                (product_call, product_times),
                (service_call, service_times),
                (floor_call, floor_times),
            ):
                started = time.perf_counter()
                await call()
                times.append(time.perf_counter() - started)

        async def client_loop() -> None:
            for _ in range(CALLS_EACH):
                await service_call()

        started = time.perf_counter()
        await asyncio.gather(*(client_loop() for _ in range(CONCURRENT)))
        elapsed = time.perf_counter() - started
    library = statistics.median(library_times)
    product = statistics.median(product_times)
    service = statistics.median(service_times)
    floor_median = statistics.median(floor_times)
    return {
        "library_median_ms": round(library * 1000, 3),
        "product_median_ms": round(product * 1000, 3),
        "service_median_ms": round(service * 1000, 3),
        "overhead_ratio_median": round(service / library, 3),
        # The ratio moves with the library's own time (the simulator, the machine's load); the
        # difference is what the service adds per call.
        "overhead_ms_median": round((service - library) * 1000, 3),
        # Of that: the product's own work (key, context, shared rate slot), then the HTTP hop.
        "product_overhead_ms_median": round((product - library) * 1000, 3),
        "http_overhead_ms_median": round((service - product) * 1000, 3),
        "overhead_ratio_target": 1.3,
        # How long HubSpot's answer would have to take for the same overhead to be 1.3x.
        "library_ms_for_target": round((service - library) / 0.3 * 1000, 3),
        "service_p99_ms": round(_pct(service_times, 99) * 1000, 3),
        "library_p99_ms": round(_pct(library_times, 99) * 1000, 3),
        "requests_per_s_one_worker": round(CONCURRENT * CALLS_EACH / elapsed, 1),
        "empty_endpoint_median_ms": round(floor_median * 1000, 3),
        "floor_ratio_median": round((library + floor_median) / library, 3),
    }


def _published_artifact(url: str, agent: str) -> dict[str, Any]:
    from compiler.agents.database import StoreAgent

    agent_store = StoreAgent(open_store(url), agent)
    versions = agent_store.versions()
    return agent_store.version_skills(versions[-1].version)["find_contact"]


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """``values`` in this process's environment (the product calls read the secret key's home
    and the budgets from it), restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        forget_clients()
        calls.forget_runtimes()


def _one(url: str, home: str, faults: str | None = None, rounds: int = ROUNDS) -> dict[str, Any]:
    with _environ({
        "SKILLC_HOME": home,
        REQUESTS_PER_10S_ENV: str(UNREACHED_BUDGET),
        SEARCHES_PER_SECOND_ENV: str(UNREACHED_BUDGET),
    }):  # fmt: skip
        return _run_one(url, home, faults, rounds)


def _run_one(url: str, home: str, faults: str | None, rounds: int) -> dict[str, Any]:
    env = {**os.environ, "SKILLC_HOME": home}
    env.pop("SKILLC_DATABASE_URL", None)
    store = open_store(url)
    add_user(store, "bench@example.com", PASSWORD, "bench")
    key = create_key(store, "bench@example.com", ["agents:write", "integrations:connect",
                                                    "skills:execute"]).key  # fmt: skip
    simulate = ["simulate", "--port", "0", "--no-rate-limits"]
    with _process([*simulate, *(["--faults", faults] if faults else [])], env) as sim:
        env["SKILLC_HUBSPOT_CLIENT_ID"] = sim["client_id"]
        env["SKILLC_HUBSPOT_CLIENT_SECRET"] = sim["client_secret"]
        argv = ["serve", "--port", "0", "--database-url", url, *BUDGET_OPTIONS]
        with (
            _process([*argv, "--hubspot-base-url", sim["base_url"]], env) as served,
            _process(["--empty-endpoint"], env, module="bench.bench_service") as empty,
        ):
            agent = _prepare(served["base_url"], key)
            artifact = _published_artifact(url, agent)
            return asyncio.run(
                _measure(
                    served["base_url"], key, agent, sim, url, artifact, empty["base_url"], rounds
                )
            )


@contextlib.contextmanager
def _postgres() -> Iterator[str | None]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from compiler.store.config import database_url

    admin = database_url(os.environ.get("SKILLC_TEST_POSTGRES_URL") or PG_ADMIN)
    name = f"skillc_bench_{uuid.uuid4().hex[:8]}"
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        yield None
        return
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        from compiler.store.engine import forget_open_stores

        forget_open_stores()
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def run() -> dict[str, Any]:
    out: dict[str, Any] = {
        "hubspot_rate_limits": "none: simulator --no-rate-limits, library runtime without a "
        f"limiter, service with {' '.join(BUDGET_OPTIONS)} (slots taken, never waited for)"
    }
    with tempfile.TemporaryDirectory(prefix="skillc-bench-") as home:
        out["sqlite"] = _one(f"sqlite:///{home}/skillc.db", home)
    with tempfile.TemporaryDirectory(prefix="skillc-bench-") as home, _postgres() as url:
        out["postgresql"] = _one(url, home) if url else {"skipped": "PostgreSQL unreachable"}
    # The same overhead with a simulator that answers like a network service (50 ms per request;
    # HubSpot documents no figure): what the ratio is when the CRM is not on this machine.
    with tempfile.TemporaryDirectory(prefix="skillc-bench-") as home:
        out["sqlite_simulator_latency_50ms"] = _one(
            f"sqlite:///{home}/skillc.db", home, faults="latency=50ms", rounds=40
        )
    return out


EMPTY_PATH = "/call"


def _serve_empty_endpoint() -> None:
    """The floor's server: one FastAPI endpoint that reads the body and answers at once."""
    import socket

    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.post(EMPTY_PATH)
    async def call(body: dict[str, Any]) -> dict[str, Any]:
        return {"data": {"status": "ok"}}

    # As `skillc serve` binds: IPPROTO_TCP, so asyncio turns Nagle off on each connection.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sys.stdout.write(json.dumps({"base_url": f"http://127.0.0.1:{sock.getsockname()[1]}"}))
    sys.stdout.write("\n")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    if sys.argv[1:] == ["--empty-endpoint"]:
        _serve_empty_endpoint()
    else:
        json.dump(run(), sys.stdout, indent=2)
        sys.stdout.write("\n")
