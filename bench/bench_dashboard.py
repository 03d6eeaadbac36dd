"""Dashboard page render time, server side, on the sample account (target: median <= 100 ms).

The app runs in-process (FastAPI's TestClient) on a temporary SQLite store, connected to the
sample account (harbor_vet, served by the simulator on loopback) with an agent that has the
Connector Pack installed and published. Each page route is requested ``ROUNDS`` times with a
signed-in session; the figures are each route's median, the median over all page routes, and the
ratio to ``/healthz`` measured in the same run (the app's fixed per-request cost).
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

ROUNDS = 15
TARGET_MS = 100.0
EMAIL = "bench@example.com"
PASSWORD = "bench password"


def _median_ms(client: TestClient, path: str) -> float:
    client.get(path)  # warm: templates compiled, schema parsed
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return statistics.median(times)


def run() -> dict[str, Any]:
    from compiler.product.accounts import add_user
    from compiler.product.connections import forget_clients, oauth_url
    from compiler.product.hubspot_app import HubSpotApp
    from compiler.service.app import create_app
    from compiler.service.auth import session_of
    from compiler.simulator import Simulator
    from compiler.simulator.server import serve

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SKILLC_HOME"] = str(Path(tmp) / "home")
        os.environ.pop("SKILLC_SECRET_KEY", None)
        forget_clients()
        sim = Simulator.from_sample("harbor_vet")
        sim_server = serve(sim)
        try:
            app = create_app(
                f"sqlite:///{Path(tmp) / 'bench.db'}",
                HubSpotApp(sim_server.base_url, sim.client_id, sim.client_secret, "http://t"),
            )
            with TestClient(app, base_url="http://t") as client:
                add_user(app.state.store(), EMAIL, PASSWORD, "Bench")
                csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
                assert csrf is not None
                client.post(
                    "/login", data={"email": EMAIL, "password": PASSWORD, "csrf": csrf.group(1)}
                )
                principal = session_of(_Request(client, app))
                assert principal is not None
                url = oauth_url(app.state.store(), app.state.hubspot_app, principal)
                consent = httpx.get(url)
                callback = consent.headers["location"].removeprefix("http://t")
                assert client.get(callback).status_code == 200
                token = client.cookies["skillc_csrf"]
                made = client.post(
                    "/agents", data={"name": "Front desk", "csrf": token}, follow_redirects=False
                )
                agent = made.headers["location"].split("?")[0]
                client.post(f"{agent}/install", data={"csrf": token})
                client.post(f"{agent}/publish", data={"csrf": token})
                pages = {
                    "integrations": "/integrations",
                    "schema": "/schema",
                    "schema_search": "/schema?q=email",
                    "agents": "/agents",
                    "agent": agent,
                    "logging": "/logging",
                    "keys": "/keys",
                }
                medians = {name: round(_median_ms(client, path), 2) for name, path in pages.items()}
                baseline = _median_ms(client, "/healthz")
        finally:
            sim_server.stop()
            forget_clients()
    overall = statistics.median(medians.values())
    return {
        "rounds": ROUNDS,
        "page_median_ms": medians,
        "median_ms": round(overall, 2),
        "slowest_page_ms": max(medians.values()),
        "healthz_median_ms": round(baseline, 2),
        "median_vs_healthz": round(overall / baseline, 1) if baseline else None,
        "target_ms": TARGET_MS,
        "ok": max(medians.values()) <= TARGET_MS,
    }


class _Request:
    """Just enough of a request for ``session_of``: the app and the session cookie."""

    def __init__(self, client: TestClient, app: Any) -> None:
        self.cookies = dict(client.cookies.items())
        self.app = app
