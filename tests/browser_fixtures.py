"""`skillc serve` on a free port (embedded simulator, SQLite store) and headless Chromium driven
by Playwright: Debian's `chromium`, launched by path (no browser download, ever)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
EMAIL = "owner@example.com"
PASSWORD = "correct horse battery"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("SKILLC_CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(path) or (path if Path(path).exists() else None)
    if found is None:
        message = f"Chromium not found at {path} (set SKILLC_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class Served:
    base_url: str
    env: dict[str, str]

    def skillc(self, *argv: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "compiler", *argv],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def key(self, *scopes: str) -> str:
        argv = ["keys", "create", "--user", EMAIL, "--format", "json"]
        for scope in scopes:
            argv += ["--scope", scope]
        key: str = json.loads(self.skillc(*argv))["key"]
        return key

    def api(self, key: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url + "/api/v1",
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    env = {**os.environ, "SKILLC_HOME": str(tmp_path / "home")}
    for name in ("SKILLC_DATABASE_URL", "SKILLC_SECRET_KEY", "SKILLC_PUBLIC_URL"):
        env.pop(name, None)
    served = Served("", env)
    served.skillc("users", "add", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        served.base_url = json.loads(proc.stdout.readline())["base_url"]
        yield served
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Any, base_url: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/integrations")


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def check_page(page: Any, name: str) -> None:
    """Screenshot the page and scan it with axe-core (no serious or critical violation)."""
    screenshot(page, name)
    assert serious_violations(page) == [], name
