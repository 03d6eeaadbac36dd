"""`skillc serve --hubspot-requests-per-10s N --hubspot-searches-per-second N`: HubSpot's
request budgets for every worker (real accounts differ by tier), refused when not positive."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from compiler.product.accounts import add_user, create_key
from compiler.store import open_store
from compiler.store.engine import forget_open_stores

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "budget password 1"
MARIA = "+1 (617) 555-0123"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "SKILLC_HOME": str(tmp_path / "home")}
    for name in (
        "SKILLC_DATABASE_URL",
        "SKILLC_SECRET_KEY",
        "SKILLC_HUBSPOT_REQUESTS_PER_10S",
        "SKILLC_HUBSPOT_SEARCHES_PER_SECOND",
    ):
        env.pop(name, None)
    return env


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--hubspot-requests-per-10s", "0"], "--hubspot-requests-per-10s"),
        (["--hubspot-searches-per-second", "-2"], "--hubspot-searches-per-second"),
        (["--hubspot-searches-per-second", "five"], "--hubspot-searches-per-second"),
    ],
)
def test_a_budget_that_is_not_positive_is_refused(
    tmp_path: Path, argv: list[str], named: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compiler", "serve", "--port", "0", *argv],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert named in done.stderr and "positive whole number" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_bad_budget_in_the_environment_is_refused_at_start(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "SKILLC_HUBSPOT_SEARCHES_PER_SECOND": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "compiler", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert "SKILLC_HUBSPOT_SEARCHES_PER_SECOND" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def _prepare(base: str, key: str) -> str:
    """Sign in, connect, publish: the agent's id."""
    with httpx.Client(base_url=base, timeout=60) as browser:
        page = browser.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        browser.post("/login", data={"email": "ops@example.com", "password": PASSWORD,
                                     "csrf": csrf[1]})  # fmt: skip
        api = {"Authorization": f"Bearer {key}"}
        agent_id = browser.post("/api/v1/agents", json={"name": "a"}, headers=api).json()
        agent = str(agent_id["data"]["id"])
        start = browser.post(
            "/api/v1/integrations/hubspot/connect", json={"agentId": agent}, headers=api
        ).json()
        consent = httpx.get(start["data"]["oauthUrl"], timeout=60)
        assert browser.get(consent.headers["location"]).status_code == 303
        assert browser.post(f"/api/v1/agents/{agent}/publish", headers=api).status_code == 200
    return agent


def test_every_worker_keeps_to_the_searches_per_second_given(tmp_path: Path) -> None:
    env = _env(tmp_path)
    url = f"sqlite:///{tmp_path / 'skillc.db'}"
    store = open_store(url)
    add_user(store, "ops@example.com", PASSWORD, "ops")
    key = create_key(
        store, "ops@example.com", ["agents:write", "integrations:connect", "skills:execute"]
    ).key
    forget_open_stores()
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", "serve", "--port", "0", "--database-url", url,
         "--workers", "2", "--hubspot-searches-per-second", "1",
         "--hubspot-requests-per-10s", "1000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        base = json.loads(proc.stdout.readline())["base_url"]
        agent = _prepare(base, key)
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": MARIA, "verified": None}}
        path = f"/api/v1/agents/{agent}/skills/find_contact/call"
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60
        ) as api:
            started = time.monotonic()
            for _ in range(3):
                answer = api.post(path, json=body)
                assert answer.json()["data"]["status"] == "ok", answer.text
            elapsed = time.monotonic() - started
        # Each call searches HubSpot at least once: at one search per second (shared by both
        # workers through the store), three calls span at least two seconds. With HubSpot's
        # default of 5 per second they would not wait at all.
        assert elapsed >= 2.0, elapsed
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            # SIGTERM first: the workers are the server's children, and a killed server would
            # leave them running.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
