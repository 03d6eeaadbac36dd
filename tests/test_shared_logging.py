"""Interaction logging and the runtime across real processes (issue 10), on SQLite and on
PostgreSQL, against the simulator over HTTP with search lag on: a call and a drain never both
create a caller; killed, restarted and parallel drains and workers log each conversation once;
every process together stays within the account's rate budget."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from runtime_fixtures import install, load_all
from shared_state_fixtures import (
    ROOT,
    ask_token,
    contacts_with_phone,
    env_for,
    finish,
    lagging_sim,
    skillc,
    wait_until,
)
from writeback_fixtures import ENABLED_AT, conversation, engagements, outbox_at

from compiler.runtime import Caller, Conversation
from compiler.simulator import RateLimits
from compiler.simulator.server import serve
from compiler.writeback import Status, log_conversation, update_settings
from compiler.writeback.service import log_conversations

NEW = "+12125550188"


def _logging_on(store_url: str) -> Any:
    outbox = outbox_at(url=store_url)
    update_settings(outbox, {"mode": "summary", "onNoMatch": "create"}, now=ENABLED_AT)
    return outbox


def _drain(base_url: str, token: str, store_url: str, **env: str) -> subprocess.Popen[str]:
    return skillc("writeback", "drain", "--base-url", base_url, "--token", token,
                  "--format", "json", store_url=store_url, **env)  # fmt: skip


def _landed_on(sim: Any, contact_id: str) -> int:
    return sum(
        1
        for kind in ("calls", "notes")
        for e in engagements(sim, kind)
        if sim.store.associated_ids(kind, e["id"], "contacts") == [contact_id]
    )


def test_a_call_and_a_drain_for_one_new_caller_make_one_contact(
    tmp_path: Path, store_url: str
) -> None:
    agent = install(tmp_path / "agent", load_all())
    outbox = _logging_on(store_url)
    log_conversation(outbox, conversation("c-new-1", phone=NEW), now=time.time())
    sim = lagging_sim()
    with serve(sim) as server:
        token = sim.private_app_token
        conv = Conversation(id="live-1", caller=Caller(phone=NEW))
        confirm = ask_token(agent, store_url, "create_contact", {"first_name": "Nadia"}, conv)
        call = skillc("call", str(agent), "create_contact", "--args", '{"first_name": "Nadia"}',
                      "--caller-phone", NEW, "--conversation", "live-1", "--confirm", confirm,
                      "--base-url", server.base_url, "--token", token, "--format", "json",
                      store_url=store_url)  # fmt: skip
        drain = _drain(server.base_url, token, store_url)
        (call_code, call_out, call_err), (drain_code, _, drain_err) = finish(call), finish(drain)
    assert call_code == 0, call_err
    assert drain_code == 0, drain_err
    contacts = contacts_with_phone(sim, NEW)
    assert len(contacts) == 1
    assert json.loads(call_out)["record"]["id"] == contacts[0]["id"]
    assert _landed_on(sim, contacts[0]["id"]) == 1


def test_a_drain_killed_after_the_contact_create_then_restarted_makes_one_contact(
    store_url: str,
) -> None:
    outbox = _logging_on(store_url)
    log_conversation(outbox, conversation("c-new-2", phone=NEW), now=time.time())
    sim = lagging_sim()
    with serve(sim) as server:
        killed = finish(_drain(server.base_url, sim.private_app_token, store_url,
                               SKILLC_WRITEBACK_CRASH_AT="after_contact_create"))  # fmt: skip
        assert killed[0] == -signal.SIGKILL, killed[2]
        assert len(contacts_with_phone(sim, NEW)) == 1  # made, and the outbox never heard
        code, out, err = finish(_drain(server.base_url, sim.private_app_token, store_url))
    assert code == 0, err
    contacts = contacts_with_phone(sim, NEW)
    assert len(contacts) == 1
    assert json.loads(out)["logged"] == 1
    assert _landed_on(sim, contacts[0]["id"]) == 1


def test_two_drains_in_a_row_for_the_same_new_callers_make_one_contact_each(
    store_url: str,
) -> None:
    phones = [f"+1212555{n:04d}" for n in range(400, 406)]
    outbox = _logging_on(store_url)
    sim = lagging_sim()
    with serve(sim) as server:
        for round_ in ("a", "b"):
            for i, phone in enumerate(phones):
                log_conversation(outbox, conversation(f"{round_}-{i}", phone=phone),
                                 now=time.time())  # fmt: skip
            code, _, err = finish(_drain(server.base_url, sim.private_app_token, store_url))
            assert code == 0, err
    for phone in phones:
        contacts = contacts_with_phone(sim, phone)
        assert len(contacts) == 1, phone
        assert _landed_on(sim, contacts[0]["id"]) == 2
    assert outbox.counters().logged == 2 * len(phones)


_HAMMER = """
import asyncio, json, sys
from compiler.hubspot import HubSpotClient
from compiler.store import open_store
from compiler.store.rate_budget import SharedRateBudget

base, token, url = sys.argv[1:4]
limit, n = int(sys.argv[4]), int(sys.argv[5])

async def main():
    budget = SharedRateBudget(open_store(url), "4242", requests_per_10s=limit)
    async with HubSpotClient(base, token, rate_limiter=budget) as client:
        answers = await asyncio.gather(
            *(client.request("GET", "/crm/v3/objects/contacts/101") for _ in range(n))
        )
    print(json.dumps({"done": sum(1 for a in answers if a.get("id") == "101"),
                      "statuses": {str(k): v for k, v in client.status_counts.items()}}))

asyncio.run(main())
"""


def test_four_processes_on_one_portal_stay_within_its_10_second_limit(store_url: str) -> None:
    limit, per_process = 30, 20
    sim = lagging_sim(index_delay=0.0, rate_limits=RateLimits(ten_secondly=limit))
    with serve(sim) as server:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _HAMMER,
                    server.base_url,
                    sim.private_app_token,
                    store_url,
                    str(limit),
                    str(per_process),
                ],
                cwd=ROOT,
                env=env_for(store_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [finish(p) for p in procs]
    for code, out, err in outputs:
        assert code == 0, err
        assert json.loads(out)["done"] == per_process
    assert sim.request_log.count(status=200) == 4 * per_process
    assert sim.request_log.throttled == 0


def _worker(base_url: str, token: str, store_url: str) -> subprocess.Popen[str]:
    return skillc("worker", "--base-url", base_url, "--token", token, "--lease-seconds", "5",
                  "--format", "json", store_url=store_url)  # fmt: skip


@pytest.mark.slow
def test_a_thousand_conversations_three_workers_faults_and_kill_9(store_url: str) -> None:
    """~30% of requests fail (503, 429 storms, dropped connections); workers are killed with
    SIGKILL at random moments and restarted. Exactly one engagement per conversation, on the
    right contact; new callers are created once."""
    from test_writeback_load import workload

    sim = lagging_sim(
        index_delay=1.0, error_rate=0.12, status=503, storm429=0.1, drop=0.08, seed=5,
        rate_limits=RateLimits(ten_secondly=100_000, search_per_second=1_000),
    )  # fmt: skip
    convs, expected = workload(sim)
    new_phones = [f"+1646555{n:04d}" for n in range(10)]
    for i in range(0, len(convs), 25):  # 40 conversations of 10 new callers
        convs[i] = conversation(convs[i]["id"], phone=new_phones[(i // 25) % 10])
        expected[convs[i]["id"]] = ""
    outbox = _logging_on(store_url)
    log_conversations(outbox, convs, now=time.time())
    contacts_before = len(sim.store.list("contacts"))
    rng = random.Random(7)
    kills = 0
    with serve(sim) as server:
        token = sim.private_app_token
        workers = [_worker(server.base_url, token, store_url) for _ in range(3)]

        def done() -> bool:
            return outbox.counters().pending == 0

        started = time.monotonic()
        while not done() and time.monotonic() - started < 420:
            time.sleep(rng.uniform(1.0, 4.0))
            if kills < 6 and not done():
                victim = rng.randrange(3)
                workers[victim].kill()
                workers[victim].communicate()
                kills += 1
                workers[victim] = _worker(server.base_url, token, store_url)
        assert wait_until(done, 60)
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
        stopped = [finish(p, timeout=120) for p in workers]
    assert kills >= 5
    assert all(code == 0 for code, _, _ in stopped), [err for _, _, err in stopped]
    counters = outbox.counters()
    failed = [(i.conversation_id, i.attempts, i.last_error) for i in outbox.items()
              if i.status is not Status.LOGGED]  # fmt: skip
    assert (counters.logged, counters.failed, counters.pending) == (len(convs), 0, 0), failed
    made = engagements(sim, "calls") + engagements(sim, "notes")
    assert len(made) == len(convs)
    new_ids = {}
    for phone in new_phones:
        found = contacts_with_phone(sim, phone)
        assert len(found) == 1, phone  # never a duplicate caller
        new_ids[phone] = found[0]["id"]
    assert len(sim.store.list("contacts")) == contacts_before + len(new_phones)
    by_id = {c["id"]: c for c in convs}
    for item in outbox.items():
        assert item.status is Status.LOGGED
        phone = by_id[item.conversation_id].get("caller", {}).get("phone")
        want = expected[item.conversation_id] or new_ids[phone]
        assert item.contact_id == want, item.conversation_id
        kind = "calls" if by_id[item.conversation_id]["channel"] == "voice" else "notes"
        assert sim.store.associated_ids(kind, str(item.engagement_id), "contacts") == [want]


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
