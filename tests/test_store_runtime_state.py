"""The store's runtime state in isolation, on SQLite and on PostgreSQL: claims (one holder, taken
over after expiry), the shared rate windows (search exempt from the 10-second budget), the
budget's limits from the environment, and pooled PostgreSQL connections the server closed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runtime_fixtures import install, load_all
from shared_state_fixtures import ROOT, lagging_sim
from sqlalchemy import create_engine, text

from compiler.simulator.server import serve
from compiler.store import engine as store_engine
from compiler.store import open_store
from compiler.store.claims import Claims, key_hash
from compiler.store.rate_budget import SharedRateBudget, budget_for, configured_limits


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_claim_has_one_holder_until_released_or_expired(store_url: str) -> None:
    fake = FakeTime()
    claims = Claims(open_store(store_url), ttl_seconds=15, clock=fake.clock)
    key = key_hash("key:4242|0-1|+16175550123")
    assert claims.try_take(key, "first")
    assert not claims.try_take(key, "second")
    fake.now += 14
    assert not claims.try_take(key, "second")  # still live
    fake.now += 2
    assert claims.try_take(key, "second")  # the first holder stopped renewing: taken over
    assert not claims.renew(key, "first")  # and the first holder learns it lost the claim
    claims.release(key, "first")  # a late release by the old holder frees nothing
    assert not claims.try_take(key, "third")
    claims.release(key, "second")
    assert claims.try_take(key, "third")


_RACE = """
import sys, time
from compiler.store import open_store
from compiler.store.claims import Claims
claims = Claims(open_store(sys.argv[1]))
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
print("taken" if claims.try_take("race", sys.argv[3]) else "refused")
"""


def test_processes_racing_for_a_free_claim_give_it_to_exactly_one(store_url: str) -> None:
    open_store(store_url)  # migrated before the race
    start = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, store_url, start, f"holder-{i}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-500:]
        outcomes.append(out.strip())
    assert sorted(outcomes) == ["refused"] * 5 + ["taken"]


@pytest.mark.anyio
async def test_two_budgets_on_one_account_share_its_windows(store_url: str) -> None:
    fake = FakeTime()
    store = open_store(store_url)

    def budget() -> SharedRateBudget:
        return SharedRateBudget(
            store, "4242", requests_per_10s=4, searches_per_second=2,
            clock=fake.clock, sleep=fake.sleep,
        )  # fmt: skip

    one, two = budget(), budget()
    stamps: list[tuple[str, float]] = []

    async def send(limiter: SharedRateBudget, search: bool) -> None:
        await limiter.acquire(search=search)
        stamps.append(("search" if search else "other", fake.now))
        limiter.answered()

    start = fake.now
    for i in range(4):
        await send(one if i % 2 else two, search=True)
    for i in range(6):
        await send(one if i % 2 else two, search=False)
    searches = [t - start for kind, t in stamps if kind == "search"]
    others = [t - start for kind, t in stamps if kind == "other"]
    # Two searches a second between both budgets (the window is widened by 1%).
    assert searches[:2] == [0.0, 0.0] and searches[2] == pytest.approx(1.01, abs=0.005)
    # Searches took no 10-second slot: four other requests at once, the fifth a window later.
    assert others[:4] == [searches[-1]] * 4
    assert others[4] == pytest.approx(searches[-1] + 10.1, abs=0.005)
    assert one.waited + two.waited > 0


def test_the_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLC_HUBSPOT_REQUESTS_PER_10S", raising=False)
    monkeypatch.delenv("SKILLC_HUBSPOT_SEARCHES_PER_SECOND", raising=False)
    assert configured_limits() == (100, 5)
    monkeypatch.setenv("SKILLC_HUBSPOT_REQUESTS_PER_10S", "190")
    monkeypatch.setenv("SKILLC_HUBSPOT_SEARCHES_PER_SECOND", "4")
    budget = budget_for(open_store("sqlite://"), "4242")
    assert (budget.burst.limit, budget.search.limit) == (190, 4)
    for bad in ("0", "-5", "many", "1.5"):
        monkeypatch.setenv("SKILLC_HUBSPOT_SEARCHES_PER_SECOND", bad)
        with pytest.raises(ValueError, match="SKILLC_HUBSPOT_SEARCHES_PER_SECOND"):
            configured_limits()


@pytest.mark.parametrize("command", ["call", "drain"])
def test_a_bad_limit_stops_the_command_before_any_request(tmp_path: Path, command: str) -> None:
    agent = install(tmp_path / "agent", load_all())
    sim = lagging_sim(index_delay=0.0)
    with serve(sim) as server:
        target = ["--base-url", server.base_url, "--token", sim.private_app_token,
                  "--database-url", f"sqlite:///{tmp_path / 'skillc.db'}"]  # fmt: skip
        argv = (
            ["call", str(agent), "find_contact", "--caller-phone", "+16175550123", *target]
            if command == "call"
            else ["writeback", "drain", *target]
        )
        done = subprocess.run(
            [sys.executable, "-m", "compiler.cli", *argv],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
            env={**os.environ, "SKILLC_HUBSPOT_REQUESTS_PER_10S": "lots"},
        )  # fmt: skip
        sent = sim.request_log.total
    assert done.returncode == 2, done.stderr
    assert "SKILLC_HUBSPOT_REQUESTS_PER_10S='lots'" in done.stderr
    assert "Traceback" not in done.stderr
    assert sent == 0


def test_a_pooled_connection_the_server_closed_is_replaced(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("the idle ping is PostgreSQL's")
    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_S", 0.0)
    store = open_store(store_url)
    with store.statements() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = create_engine(store.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    admin.dispose()
    time.sleep(0.2)
    with store.statements() as connection:  # no error: the dead connection was noticed
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != pid


@pytest.mark.anyio
async def test_a_slot_answered_late_counts_from_its_answer(store_url: str) -> None:
    fake = FakeTime()
    budget = SharedRateBudget(
        open_store(store_url), "4343", requests_per_10s=1, clock=fake.clock, sleep=fake.sleep
    )
    start = fake.now
    await budget.acquire()
    fake.now += 0.04  # answered within the slack: the slot keeps its stamp
    budget.answered()
    await budget.acquire()
    assert fake.now - start == pytest.approx(10.1, abs=0.005)
    second = fake.now
    fake.now += 3.0  # a slow answer: HubSpot may have counted it any time up to now
    budget.answered()
    await budget.acquire()
    assert fake.now - second == pytest.approx(3.0 + 10.1, abs=0.005)


def test_relaxed_statements_keep_the_urls_server_options(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("server options are PostgreSQL's")
    store = open_store(store_url + "?options=-c%20statement_timeout%3D12345")
    for durable, commit in ((False, "off"), (True, "on")):
        with store.statements(durable=durable) as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "12345ms"
            assert connection.execute(text("SHOW synchronous_commit")).scalar() == commit
