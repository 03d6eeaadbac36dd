"""`skillc serve` as a person runs it: the JSON line, the embedded simulator, health, a whole
connect over HTTP, clean exit on SIGTERM, and JSON logs that hold no secret."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "s3cret-password-for-logs"


def _skillc(*argv: str, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "compiler", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_serve_connects_over_http_and_logs_no_secret(tmp_path: Path) -> None:
    env = {**os.environ, "SKILLC_HOME": str(tmp_path / "home")}
    env.pop("SKILLC_DATABASE_URL", None)
    env.pop("SKILLC_SECRET_KEY", None)
    _skillc("users", "add", "ops@example.com", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    created = json.loads(
        _skillc(
            "keys",
            "create",
            "--user",
            "ops@example.com",
            "--scope",
            "integrations:connect",
            "--scope",
            "integrations:read",
            "--scope",
            "agents:write",
            "--format",
            "json",
            env=env,
        )
    )
    key = created["key"]
    assert set(created) == {"id", "key", "scopes"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        line = json.loads(proc.stdout.readline())
        assert set(line) == {"base_url", "dashboard_url", "hubspot_base_url"}
        base = line["base_url"]
        assert line["dashboard_url"] == base + "/"
        with httpx.Client(base_url=base, timeout=30) as browser:
            assert browser.get("/healthz").json() == {"status": "ok"}
            assert browser.get("/readyz").status_code == 200
            page = browser.get("/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            signed_in = browser.post(
                "/login",
                data={"email": "ops@example.com", "password": PASSWORD, "csrf": csrf.group(1)},
            )
            assert signed_in.status_code == 303
            cookie = signed_in.headers["set-cookie"].lower()
            assert "httponly" in cookie and "samesite=lax" in cookie
            api = {"Authorization": f"Bearer {key}"}
            url = browser.post("/api/v1/integrations/hubspot/connect", headers=api).json()
            consent = httpx.get(url["data"]["oauthUrl"], timeout=30)
            assert consent.headers["location"].startswith(base + "/oauth/hubspot/callback")
            done = browser.get(consent.headers["location"])
            assert done.status_code == 303
            listed = browser.get("/api/v1/integrations", headers=api).json()["data"]
            assert listed[0]["status"] == "connected"
            wrong = browser.get("/api/v1/agents", headers={"Authorization": "Bearer " + key[:-2]})
            assert wrong.status_code == 401
            openapi = browser.get("/api/v1/openapi.json").text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    logs = proc.stderr.read()
    lines = [json.loads(x) for x in logs.splitlines() if x.strip()]
    assert any(entry.get("path") == "/oauth/hubspot/callback" for entry in lines)
    secrets = [key, PASSWORD, "sim-at-", "sim-rt-", "sim-code-", "code=", "state="]
    for secret in secrets:
        assert secret not in logs, secret
        assert secret not in openapi, secret
        assert secret not in wrong.text, secret
