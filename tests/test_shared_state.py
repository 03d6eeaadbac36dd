"""The runtime's promises across real processes (issue 10), on SQLite and on PostgreSQL, against
the simulator over HTTP with HubSpot's search lag on: no duplicate caller, one write at a time
per conversation, single-use tokens that answer a retry with the write's result."""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from runtime_fixtures import install, load_all
from shared_state_fixtures import (
    ROOT,
    ask_token,
    call_json,
    contacts_with_phone,
    env_for,
    finish,
    lagging_sim,
    skillc,
)

from compiler.runtime import Caller, Conversation
from compiler.simulator.server import serve

NEW_PHONE = "+12125550177"


@pytest.fixture
def agent(tmp_path: Path) -> Path:
    return install(tmp_path / "agent", load_all())


def _confirmed_create(
    agent: Path, base_url: str, token: str, store_url: str, conversation: str, phone: str
) -> Any:
    """Ask for a token (no HubSpot request), then start the confirmed call as its own process."""
    common = [
        str(agent), "create_contact", "--args", '{"first_name": "Nadia"}',
        "--caller-phone", phone, "--conversation", conversation,
        "--base-url", base_url, "--token", token,
    ]  # fmt: skip
    conv = Conversation(id=conversation, caller=Caller(phone=phone))
    confirm = ask_token(agent, store_url, "create_contact", {"first_name": "Nadia"}, conv)
    return skillc("call", *common, "--confirm", confirm, "--format", "json",
                  store_url=store_url)  # fmt: skip


def test_ten_call_processes_for_one_new_caller_make_one_contact(
    agent: Path, store_url: str
) -> None:
    sim = lagging_sim()
    with serve(sim) as server:
        token = sim.private_app_token
        procs = [
            _confirmed_create(agent, server.base_url, token, store_url, f"conv-{i}", NEW_PHONE)
            for i in range(10)
        ]
        results = [finish(p) for p in procs]
    ids = set()
    for code, out, err in results:
        assert code == 0, err
        answer = json.loads(out)
        assert answer["status"] == "ok", answer
        ids.add(answer["record"]["id"])
    assert len(contacts_with_phone(sim, NEW_PHONE)) == 1
    assert len(ids) == 1


_MANY = """
import asyncio, json, sys
from compiler.hubspot import HubSpotClient
from compiler.runtime import Caller, Conversation
from compiler.runtime.agent_state import account_of, agent_runtime
from compiler.store import open_store
from compiler.store.rate_budget import SharedRateBudget

agent, base, token, url, tag = sys.argv[1:6]
phones = json.loads(sys.argv[6])

async def main():
    store = open_store(url)
    budget = SharedRateBudget(store, account_of(agent))
    async with HubSpotClient(base, token, rate_limiter=budget) as client:
        runtime = agent_runtime(agent, client, store=store)

        async def one(i):
            conv = Conversation(id=f"{tag}-{i}", caller=Caller(phone=phones[i % len(phones)]))
            args = {"first_name": "Many"}
            ask = await runtime.call("create_contact", args, conv)
            done = await runtime.call("create_contact", args, conv, confirmation=ask.token)
            if done.status != "ok":
                return [done.status, getattr(done, "reason", None)]
            return [done.status, done.record.id if done.record else None]

        print(json.dumps(await asyncio.gather(*(one(i) for i in range(50)))))

asyncio.run(main())
"""


def test_four_processes_of_fifty_calls_for_ten_new_callers_make_ten_contacts(
    agent: Path, store_url: str
) -> None:
    import subprocess

    phones = [f"+1212555{n:04d}" for n in range(300, 310)]
    sim = lagging_sim()
    with serve(sim) as server:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _MANY,
                    str(agent),
                    server.base_url,
                    sim.private_app_token,
                    store_url,
                    f"p{p}",
                    json.dumps(phones),
                ],
                cwd=ROOT,
                env=env_for(store_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in range(4)
        ]
        outputs = [finish(p) for p in procs]
    for code, out, err in outputs:
        assert code == 0, err
        assert all(status == "ok" for status, _ in json.loads(out)), out
    for phone in phones:
        assert len(contacts_with_phone(sim, phone)) == 1, phone


def test_a_retried_confirmation_answers_the_same_result_and_writes_once(
    agent: Path, store_url: str
) -> None:
    sim = lagging_sim()
    with serve(sim) as server:
        common = [
            str(agent), "create_ticket", "--args", '{"subject": "Lost leash", "details": "x"}',
            "--caller-contact-id", "101", "--conversation", "retry-1",
            "--base-url", server.base_url, "--token", sim.private_app_token,
        ]  # fmt: skip
        ask = call_json(*common, store_url=store_url)
        assert ask["status"] == "needs_confirmation", ask
        first = call_json(*common, "--confirm", ask["token"], store_url=store_url)
        tickets = len(sim.store.list("tickets"))
        again = call_json(*common, "--confirm", ask["token"], store_url=store_url)
        assert len(sim.store.list("tickets")) == tickets
    assert first["status"] == "ok" and first["created"] is True
    assert again == first


class _Timeline:
    """An ASGI wrapper recording when each write request was in the simulator."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.writes: list[tuple[float, float, str]] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        start = time.monotonic()
        await self.app(scope, receive, send)
        write = scope.get("type") == "http" and scope.get("method") in ("POST", "PATCH", "PUT")
        if write and not str(scope.get("path", "")).endswith("/search"):
            with self._lock:
                self.writes.append((start, time.monotonic(), scope["path"]))


def test_two_confirmed_writes_of_one_conversation_from_two_processes_run_one_after_the_other(
    agent: Path, store_url: str
) -> None:
    sim = lagging_sim(latency=0.4, index_delay=0.0)
    timeline = _Timeline(sim.app)
    sim.app = timeline  # type: ignore[assignment]
    with serve(sim) as server:
        procs = []
        for subject in ("First", "Second"):
            args = {"subject": subject, "details": "x"}
            common = [
                str(agent), "create_ticket", "--args", json.dumps(args),
                "--caller-contact-id", "101", "--conversation", "one-conversation",
                "--base-url", server.base_url, "--token", sim.private_app_token,
            ]  # fmt: skip
            conv = Conversation(id="one-conversation", caller=Caller(contact_id="101"))
            procs.append((common, ask_token(agent, store_url, "create_ticket", args, conv)))
        running = [
            skillc("call", *c, "--confirm", t, "--format", "json", store_url=store_url)
            for c, t in procs
        ]
        results = [finish(p) for p in running]
    assert all(code == 0 for code, _, _ in results), results
    writes = sorted(timeline.writes)
    assert len(writes) >= 2
    # The two calls' writes never overlap: each starts after the previous one answered.
    for (_, end, _), (start, _, _) in itertools.pairwise(writes):
        assert start >= end - 0.01, writes
