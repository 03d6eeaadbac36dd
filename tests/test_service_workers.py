"""Two service workers on PostgreSQL: 100 concurrent create_contact calls through the API for 5
new phone numbers make exactly 5 contacts (find-or-create holds across processes)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
from store_fixtures import Databases, databases

from compiler.product.accounts import add_user, create_key
from compiler.runtime.phone import e164_or_none, to_e164
from compiler.simulator import Simulator
from compiler.simulator.faults import FaultSpec
from compiler.simulator.ratelimit import RateLimits
from compiler.simulator.server import serve as serve_simulator
from compiler.store import open_store

__all__ = ["databases"]

ROOT = Path(__file__).resolve().parent.parent
PHONES = [f"+1 415 555 07{n:02d}" for n in range(10, 15)]
PASSWORD = "two-workers-password"


async def _create(api: httpx.AsyncClient, agent: str, index: int) -> str:
    body = {
        "args": {"first_name": f"Caller{index}"},
        "conversationId": f"conv-{index}",
        "caller": {"phone": PHONES[index % len(PHONES)], "verified": None},
    }
    path = f"/agents/{agent}/skills/create_contact/call"
    ask = (await api.post(path, json=body)).json()["data"]
    assert ask["status"] == "needs_confirmation", ask
    done = (await api.post(path, json={**body, "confirmation": ask["token"]})).json()["data"]
    assert done["status"] == "ok", done
    return str(done["record"]["id"])


async def _hundred(base: str, key: str, agent: str) -> list[str]:
    headers = {"Authorization": f"Bearer {key}"}
    limits = httpx.Limits(max_connections=100)
    async with httpx.AsyncClient(
        base_url=base + "/api/v1", headers=headers, timeout=120, limits=limits
    ) as api:
        return await asyncio.gather(*(_create(api, agent, i) for i in range(100)))


def test_two_workers_make_one_contact_per_phone(databases: Databases, tmp_path: Path) -> None:
    url = databases.new("postgresql")
    store = open_store(url)
    add_user(store, "ops@example.com", PASSWORD, "Acme")
    key = create_key(store, "ops@example.com", ["integrations:connect", "agents:write",
                                                   "skills:execute"]).key  # fmt: skip
    # Search sees a new contact only after 2 s, as HubSpot's index lags: a second worker cannot
    # rely on finding the first worker's contact by searching.
    sim = Simulator.from_sample(
        "harbor_vet", rate_limits=RateLimits(enabled=False), faults=FaultSpec(index_delay=2.0)
    )
    sim_server = serve_simulator(sim)
    env = {
        **os.environ,
        "SKILLC_HOME": str(tmp_path / "home"),
        "SKILLC_HUBSPOT_CLIENT_ID": sim.client_id,
        "SKILLC_HUBSPOT_CLIENT_SECRET": sim.client_secret,
    }
    argv = ["serve", "--workers", "2", "--database-url", url]
    argv += ["--hubspot-base-url", sim_server.base_url]
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        base = json.loads(proc.stdout.readline())["base_url"]
        with httpx.Client(base_url=base, timeout=120) as browser:
            for _ in range(100):
                try:
                    if browser.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
            page = browser.get("/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            browser.post(
                "/login",
                data={"email": "ops@example.com", "password": PASSWORD, "csrf": csrf.group(1)},
            )
            api = {"Authorization": f"Bearer {key}"}
            agent = browser.post("/api/v1/agents", json={"name": "a"}, headers=api).json()
            agent_id = agent["data"]["id"]
            start = browser.post(
                "/api/v1/integrations/hubspot/connect", json={"agentId": agent_id}, headers=api
            ).json()
            consent = httpx.get(start["data"]["oauthUrl"], timeout=60)
            assert browser.get(consent.headers["location"]).status_code == 303
            assert (
                browser.post(f"/api/v1/agents/{agent_id}/publish", headers=api).status_code == 200
            )
        ids = asyncio.run(_hundred(base, key, agent_id))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        sim_server.stop()
    wanted = {to_e164(p, "US") for p in PHONES}
    made = [
        c for c in sim.store.list("contacts")
        if e164_or_none(c["properties"].get("phone"), "US") in wanted
    ]  # fmt: skip
    assert len(made) == 5, f"{len(made)} contacts for 5 phones"
    assert len(set(ids)) == 5
