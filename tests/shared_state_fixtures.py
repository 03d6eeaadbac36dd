"""Helpers for the multi-process tests: real ``skillc`` processes against the simulator served
over HTTP with search lag on, sharing one store (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from compiler.simulator import FaultSpec, RateLimits, Simulator

ROOT = Path(__file__).resolve().parent.parent
INDEX_DELAY = 3.0  # seconds before a write is visible to search


def lagging_sim(**faults: Any) -> Simulator:
    rate_limits = faults.pop("rate_limits", None)
    return Simulator.from_sample(
        "harbor_vet",
        faults=FaultSpec(index_delay=faults.pop("index_delay", INDEX_DELAY), **faults),
        rate_limits=rate_limits or RateLimits(),
    )


def env_for(store_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLC_WRITEBACK_CRASH_AT"}
    env["SKILLC_DATABASE_URL"] = store_url
    env.update(extra)
    return env


def skillc(*argv: str, store_url: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "compiler.cli", *argv],
        cwd=ROOT,
        env=env_for(store_url, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 240) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def call_json(*argv: str, store_url: str) -> dict[str, Any]:
    _, out, err = finish(skillc("call", *argv, "--format", "json", store_url=store_url))
    assert out, err
    result: dict[str, Any] = json.loads(out)
    return result


def contacts_with_phone(sim: Simulator, e164: str) -> list[dict[str, Any]]:
    from compiler.identity.phone import e164_or_none

    return [
        c
        for c in sim.store.list("contacts")
        if e164_or_none(c["properties"].get("phone"), "US") == e164
    ]


def wait_until(check: Any, timeout: float, pause: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(pause)
    return bool(check())


class _NoCrm:
    async def request(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("asking for a confirmation sends nothing to HubSpot")


def ask_token(
    agent: Path, store_url: str, skill: str, args: dict[str, Any], conversation: Any
) -> str:
    """The confirmation token a first call answers (in this process: starting a process per
    question would only add start-up time; the confirmed calls are the processes under test)."""
    import asyncio

    from compiler.runtime.agent_state import agent_runtime
    from compiler.store import open_store

    runtime = agent_runtime(agent, _NoCrm(), store=open_store(store_url))
    result = asyncio.run(runtime.call(skill, args, conversation))
    assert result.status == "needs_confirmation", result
    return str(result.token)  # type: ignore[union-attr]
