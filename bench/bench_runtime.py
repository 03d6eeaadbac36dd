"""Runtime overhead and throughput against the simulator served on loopback.

1. A read skill (find_contact, one search) through the runtime versus a raw httpx POST of the
   same search body to the same endpoint: medians and their ratio (target <= 1.15).
2. 100 concurrent conversations each recognising its caller several times: throughput and
   latency percentiles (simulator rate limits off).

The simulator runs in its own process (``skillc simulate``), as HubSpot would be: served from a
thread of this process it would share the GIL with the runtime under test, and under concurrent
load the thread switches (5 ms each) would dominate both figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from compiler.hubspot import HubSpotClient
from compiler.runtime import Caller, Conversation, Runtime
from compiler.runtime.operations import prepare

ROUNDS = 300
CONVERSATIONS = 100
CALLS_PER_CONVERSATION = 3
PHONE = "+1 (617) 555-0123"


def _artifacts() -> list[dict[str, Any]]:
    fixtures = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "runtime"
    return [json.loads((fixtures / "find_contact.json").read_text(encoding="utf-8"))]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


async def _overhead(base_url: str, token: str) -> dict[str, Any]:
    artifacts = _artifacts()
    conversation = Conversation(id="bench", caller=Caller(phone=PHONE))
    async with (
        HubSpotClient(base_url, token) as client,
        httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as raw,
    ):
        runtime = Runtime(artifacts, client)
        prepared = prepare(runtime.skills["find_contact"].artifact, {}, conversation.context())
        assert prepared.search is not None
        path, body = prepared.search.path, prepared.search.body

        async def raw_call() -> None:
            response = await raw.post(path, json=body)
            response.raise_for_status()
            response.json()

        async def runtime_call() -> None:
            result = await runtime.call("find_contact", {}, conversation)
            if result.status != "ok":
                raise RuntimeError(f"find_contact: {result.to_json()}")

        for _ in range(20):  # warm both paths
            await raw_call()
            await runtime_call()
        raw_times: list[float] = []
        runtime_times: list[float] = []
        for _ in range(ROUNDS):  # interleaved, so drift hits both alike
            started = time.perf_counter()
            await raw_call()
            raw_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            await runtime_call()
            runtime_times.append(time.perf_counter() - started)
    raw_median = statistics.median(raw_times)
    runtime_median = statistics.median(runtime_times)
    return {
        "rounds": ROUNDS,
        "raw_httpx_median_ms": round(raw_median * 1000, 3),
        "runtime_median_ms": round(runtime_median * 1000, 3),
        "overhead_ratio": round(runtime_median / raw_median, 3),
        "overhead_ratio_target": 1.15,
    }


async def _concurrent(base_url: str, token: str) -> dict[str, Any]:
    latencies: list[float] = []
    failures: dict[str, int] = {}
    async with HubSpotClient(base_url, token) as client:
        runtime = Runtime(_artifacts(), client)

        async def conversation(index: int) -> None:
            conv = Conversation(id=f"bench-{index}", caller=Caller(phone=PHONE))
            for _ in range(CALLS_PER_CONVERSATION):
                started = time.perf_counter()
                result = await runtime.call("find_contact", {}, conv)
                latencies.append(time.perf_counter() - started)
                if result.status != "ok":
                    failures[result.status] = failures.get(result.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(conversation(i) for i in range(CONVERSATIONS)))
        elapsed = time.perf_counter() - started
    raw_elapsed = await _raw_concurrent(base_url, token)
    return {
        "conversations": CONVERSATIONS,
        "calls": len(latencies),
        "throughput_calls_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 2),
        "failed_calls": failures,
        # the same load as raw httpx requests: what the simulator itself can serve
        "raw_httpx_throughput_requests_per_s": round(len(latencies) / raw_elapsed, 1),
    }


async def _raw_concurrent(base_url: str, token: str) -> float:
    conversation = Conversation(id="bench", caller=Caller(phone=PHONE))
    async with HubSpotClient(base_url, token) as client:
        artifact = Runtime(_artifacts(), client).skills["find_contact"].artifact
    search = prepare(artifact, {}, conversation.context()).search
    assert search is not None
    async with httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {token}"}
    ) as raw:

        async def worker() -> None:
            for _ in range(CALLS_PER_CONVERSATION):
                response = await raw.post(search.path, json=search.body)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONVERSATIONS)))
        return time.perf_counter() - started


async def _cpu_per_call() -> float:
    """The runtime's own cost per find_contact, with a client that answers instantly."""
    answer = {
        "results": [
            {"id": "101", "properties": {"firstname": "Maria", "phone": PHONE},
             "updatedAt": "2026-10-01T09:00:00Z"}
        ]
    }  # fmt: skip

    class Instant:
        async def request(self, method: str, path: str, **kw: Any) -> Any:
            return answer

    runtime = Runtime(_artifacts(), Instant())
    conversation = Conversation(id="cpu", caller=Caller(phone=PHONE))
    for _ in range(100):
        await runtime.call("find_contact", {}, conversation)
    started = time.perf_counter()
    for _ in range(2000):
        await runtime.call("find_contact", {}, conversation)
    return (time.perf_counter() - started) / 2000


@contextlib.contextmanager
def _simulator_process() -> Iterator[tuple[str, str]]:
    """``skillc simulate`` in a child process: (base_url, access_token); stopped on exit."""
    command = [sys.executable, "-m", "compiler", "simulate", "--port", "0", "--no-rate-limits"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"skillc simulate did not start: {child.stderr.read()[-500:]}")
        ready = json.loads(line)
        yield ready["base_url"], ready["access_token"]
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run() -> dict[str, Any]:
    with _simulator_process() as (base_url, token):
        overhead = asyncio.run(_overhead(base_url, token))
        overhead["runtime_cpu_per_call_ms"] = round(asyncio.run(_cpu_per_call()) * 1000, 3)
        concurrent = asyncio.run(_concurrent(base_url, token))
    return {"read_skill_overhead": overhead, "concurrent_find_contact": concurrent}


if __name__ == "__main__":
    json.dump(run(), sys.stdout, indent=2)
    sys.stdout.write("\n")
