"""A served skillc service over real HTTP (uvicorn in a thread) against a served simulator, with a
user signed in through the login form and API keys."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from compiler.product.accounts import SCOPES, add_user, create_key
from compiler.product.calls import forget_runtimes
from compiler.product.connections import forget_clients
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.app import create_app
from compiler.simulator import Simulator
from compiler.simulator.ratelimit import RateLimits
from compiler.simulator.server import RunningServer
from compiler.simulator.server import serve as serve_simulator
from compiler.store import Store, open_store

PASSWORD = "correct horse battery"
EMAIL = "owner@example.com"


@dataclass
class Service:
    base_url: str
    store: Store
    sim: Simulator
    sim_server: RunningServer
    keys: dict[str, str] = field(default_factory=dict)

    def key(self, *scopes: str, email: str = EMAIL) -> str:
        chosen = list(scopes) or list(SCOPES)
        return create_key(self.store, email, chosen).key

    def api(self, key: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base_url + "/api/v1", headers=headers, timeout=30)

    def browser(self, email: str = EMAIL, password: str = PASSWORD) -> httpx.Client:
        """A client signed in through the login form (CSRF cookie and field, session cookie)."""
        client = httpx.Client(base_url=self.base_url, timeout=30)
        page = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        answer = client.post(
            "/login", data={"email": email, "password": password, "csrf": csrf.group(1)}
        )
        assert answer.status_code == 303, answer.text
        return client

    def consent(self, browser: httpx.Client, oauth_url: str) -> httpx.Response:
        """Open the consent URL (the simulator approves) and follow it back to the callback."""
        approved = httpx.get(oauth_url, timeout=30)
        assert approved.status_code == 302, approved.text
        return browser.get(approved.headers["location"])


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    return sock


@pytest.fixture
def service(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    monkeypatch.setenv("SKILLC_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SKILLC_SECRET_KEY", raising=False)
    forget_clients()
    forget_runtimes()
    # No rate limits: discovery at connect would otherwise spend the burst the tests then wait for.
    sim = Simulator.from_sample("harbor_vet", rate_limits=RateLimits(enabled=False))
    sim_server = serve_simulator(sim)
    sock = _free_socket()
    origin = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = create_app(
        store_url,
        HubSpotApp(
            base_url=sim_server.base_url,
            client_id=sim.client_id,
            client_secret=sim.client_secret,
            public_url=origin,
        ),
    )
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    store = open_store(store_url)
    add_user(store, EMAIL, PASSWORD, "Acme")
    try:
        yield Service(origin, store, sim, sim_server)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        sim_server.stop()
        forget_clients()
        forget_runtimes()


def connect(service: Service, agent_id: str | None = None) -> httpx.Client:
    """Sign in, start a connect with a key and consent: the workspace is connected."""
    browser = service.browser()
    body = {"agentId": agent_id} if agent_id else None
    with service.api(service.key("integrations:connect")) as api:
        url = api.post("/integrations/hubspot/connect", json=body).json()["data"]["oauthUrl"]
    done = service.consent(browser, url)
    assert done.status_code == 303 and done.headers["location"] == "/", done.text
    return browser
