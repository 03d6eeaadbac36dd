"""The product demo: `skillc serve` on the embedded defaults, driven only through HTTP.

A person is added and given an API key (`skillc users add`, `skillc keys create`), signs in on
the login form (session cookie), starts the connect with the key and approves the (simulated)
consent; the callback connects HubSpot and installs the Connector Pack into the agent's draft.
The agent is published, and a scripted call runs through ``/skills/{skill}/call``: Maria is
recognised, a ticket opens after she confirms. Interaction logging is switched on, and the
finished conversation is logged to her timeline as a Call. Every step prints one line.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from compiler.product.accounts import SCOPES

EMAIL = "demo@harborvet.example"
CALLER_PHONE = "+1 (617) 555-0123"  # Maria Lopez, the sample account's returning caller
DELIVERY_TIMEOUT_S = 30.0

Printer = Callable[[str], None]


class DemoFailure(Exception):
    pass


def _skillc(argv: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "compiler", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if done.returncode != 0:
        raise DemoFailure(f"skillc {argv[0]}: {done.stderr.strip()}")
    return done.stdout


def _expect(answer: httpx.Response, status: int, what: str) -> Any:
    if answer.status_code != status:
        raise DemoFailure(f"{what}: HTTP {answer.status_code}: {answer.text[:300]}")
    return answer.json()["data"] if "json" in answer.headers.get("content-type", "") else None


def run(out: Printer = print) -> None:
    with tempfile.TemporaryDirectory(prefix="skillc-demo-") as home:
        env = {**os.environ, "SKILLC_HOME": home}
        for name in ("SKILLC_DATABASE_URL", "SKILLC_HUBSPOT_CLIENT_ID", "SKILLC_PUBLIC_URL"):
            env.pop(name, None)
        password = "demo-" + os.urandom(8).hex()
        _skillc(
            ["users", "add", EMAIL, "--password-stdin", "--workspace", "Harbor Vet"],
            env,
            password + "\n",
        )
        out(f"[ 1] users add        {EMAIL} in workspace Harbor Vet")
        argv = ["keys", "create", "--user", EMAIL, "--name", "demo", "--format", "json"]
        for scope in SCOPES:
            argv += ["--scope", scope]
        key = json.loads(_skillc(argv, env))["key"]
        out(f"[ 2] keys create      an API key with {len(SCOPES)} scopes (shown once, not here)")
        proc = subprocess.Popen(
            [sys.executable, "-m", "compiler", "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line:
                raise DemoFailure("skillc serve did not start")
            urls = json.loads(line)
            out(f"[ 3] serve            {urls['base_url']} (HubSpot: {urls['hubspot_base_url']})")
            _flow(urls["base_url"], key, password, out)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    out("done: the service stopped cleanly")


def _flow(base: str, key: str, password: str, out: Printer) -> None:
    auth = {"Authorization": f"Bearer {key}"}
    with (
        httpx.Client(base_url=base, timeout=60) as browser,
        httpx.Client(base_url=base + "/api/v1", headers=auth, timeout=60) as api,
    ):
        form = browser.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        if csrf is None:
            raise DemoFailure("the sign-in page has no CSRF field")
        signed = browser.post(
            "/login", data={"email": EMAIL, "password": password, "csrf": csrf.group(1)}
        )
        if signed.status_code != 303:
            raise DemoFailure(f"sign-in failed: HTTP {signed.status_code}")
        out("[ 4] sign in          POST /login → session cookie (HttpOnly, SameSite=Lax)")
        agent = _expect(api.post("/agents", json={"name": "Front desk"}), 201, "create agent")
        out(f"[ 5] agent            POST /agents → {agent['id']} ({agent['name']})")
        connect = _expect(
            api.post("/integrations/hubspot/connect", json={"agentId": agent["id"]}),
            200,
            "connect",
        )
        consent = httpx.get(connect["oauthUrl"], timeout=60)
        if consent.status_code != 302:
            raise DemoFailure(f"consent failed: HTTP {consent.status_code}")
        out("[ 6] connect          POST /integrations/hubspot/connect → oauthUrl; consent approved")
        done = browser.get(consent.headers["location"])
        if done.status_code != 303:
            raise DemoFailure(f"the OAuth callback refused: {done.text[:300]}")
        hubspot = _expect(api.get("/integrations"), 200, "integrations")[0]
        out(
            f"[ 7] callback         connected {hubspot['accountLabel']} (portal "
            f"{hubspot['portalId']}); schema discovered at {hubspot['discoveredAt']}"
        )
        draft = _expect(api.get(f"/agents/{agent['id']}"), 200, "agent")["draft"]["skills"]
        out(
            "[ 8] install          the Connector Pack in the draft: "
            + ", ".join(s["name"] for s in draft)
        )
        version = _expect(api.post(f"/agents/{agent['id']}/publish"), 200, "publish")
        out(
            f"[ 9] publish          version {version['version']} "
            f"({version['schemaFingerprint'][:19]}…)"
        )
        settings = _expect(
            api.patch(
                "/integrations/hubspot/writeback", json={"mode": "summary", "onNoMatch": "skip"}
            ),
            200,
            "writeback",
        )
        out(
            f"[10] logging          interaction logging mode={settings['mode']} "
            f"onNoMatch={settings['onNoMatch']}"
        )
        call = f"/agents/{agent['id']}/skills"
        caller = {"phone": CALLER_PHONE, "verified": None}
        body: dict[str, Any] = {"args": {}, "conversationId": "demo-call-1", "caller": caller}
        found = _expect(api.post(f"{call}/find_contact/call", json=body), 200, "find_contact")
        if found["status"] != "ok" or not found.get("record"):
            raise DemoFailure(f"find_contact: {found}")
        name = found["record"]["properties"].get("firstname")
        out(f"[11] find_contact     ok: contact {found['record']['id']}; agent: Hi {name}!")
        caller["contactId"] = found["record"]["id"]
        body["args"] = {"subject": "Biscuit limping again", "details": "An exam this week, please."}
        ask = _expect(api.post(f"{call}/create_ticket/call", json=body), 200, "create_ticket")
        if ask["status"] != "needs_confirmation":
            raise DemoFailure(f"create_ticket: expected needs_confirmation, got {ask['status']}")
        out(f"[12] create_ticket    needs_confirmation: {ask['prompt']}")
        made = _expect(
            api.post(f"{call}/create_ticket/call", json={**body, "confirmation": ask["token"]}),
            200,
            "create_ticket (confirmed)",
        )
        if made["status"] != "ok":
            raise DemoFailure(f"create_ticket (confirmed): {made}")
        out(
            f"[13] create_ticket    ok: ticket {made['record']['id']} created after the caller "
            "confirmed"
        )
        ended = datetime.now(UTC)
        conversation = {
            "id": "demo-call-1",
            "channel": "voice",
            "startedAt": (ended - timedelta(minutes=3)).isoformat(),
            "endedAt": ended.isoformat(),
            "caller": {"phone": CALLER_PHONE, "firstName": name},
            "contactId": found["record"]["id"],
            "transcript": [
                {"speaker": "agent", "text": f"Hi {name}!"},
                {"speaker": "caller", "text": "Biscuit is limping again, can someone look?"},
                {"speaker": "agent", "text": "I opened a ticket; the team will call you back."},
            ],
        }
        logged = _expect(
            api.post("/integrations/hubspot/writeback/conversations", json=conversation),
            200,
            "log the conversation",
        )
        out(f"[14] conversation     {logged['conversationId']}: {logged['outcome']} for HubSpot")
        # The service delivers the outbox every few seconds: wait for the Call on Maria.
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        while True:
            counters = _expect(api.get("/integrations/hubspot/writeback"), 200, "writeback")[
                "counters"
            ]
            if counters["logged"] or counters["failed"] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if not counters["logged"]:
            raise DemoFailure(f"the conversation was not logged to HubSpot: {counters}")
        out(
            f"[15] logged           a Call on contact {found['record']['id']}'s timeline "
            f"(outbox: {counters['logged']} logged, {counters['pending']} pending)"
        )
