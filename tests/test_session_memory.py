"""``SessionMemory``: what one process's conversations learn (``skillc mcp`` over stdio), kept
as the store's ``ConversationMemory`` keeps it for the service, under the same
``ConversationCalls``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent
from runtime_fixtures import sim_client, simulator

from compiler.product.conversations import (
    RECOGNITION_TTL_S,
    ConversationCalls,
    SessionMemory,
    recognise,
)
from compiler.runtime import Caller, Conversation, Runtime
from compiler.runtime.agent_skills import load_agent_skills

MARIA = "+1 617-555-0123"  # contact 101 in the harbor_vet sample
TICKET = {"subject": "Lost leash", "details": "Left it in the waiting room."}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("session") / "agent")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def run(agent: Path, script: Any) -> Any:
    async def session() -> Any:
        async with sim_client(simulator()) as client:
            runtime = Runtime(load_agent_skills(agent).entries, client)
            return await script(runtime)

    return asyncio.run(session())


def test_a_recognised_caller_is_the_contact_of_the_conversations_next_skills(
    agent: Path,
) -> None:
    conversation = Conversation(id="c-1", caller=Caller(phone=MARIA))

    async def script(runtime: Runtime) -> tuple[Any, ...]:
        calls = ConversationCalls(runtime, SessionMemory())
        before = await calls.call("create_ticket", TICKET, conversation)
        found = await calls.call("find_contact", {}, conversation)
        again = await calls.call("find_contact", {}, conversation)
        after = await calls.call("create_ticket", TICKET, conversation)
        return before, found, again, after

    before, found, again, after = run(agent, script)
    assert before.status == "refused" and before.code == "missing_context"
    assert found.record.id == "101" and found.requests
    assert again.record.id == "101" and again.requests == []  # answered from the memory
    assert after.status == "needs_confirmation"


def test_a_pre_call_recognition_waits_by_number_for_a_few_minutes(agent: Path) -> None:
    clock = Clock()

    async def script(runtime: Runtime) -> tuple[Any, ...]:
        memory = SessionMemory(clock)
        calls = ConversationCalls(runtime, memory)
        await recognise(runtime, memory, MARIA, None)
        first = await calls.call(
            "find_contact", {}, Conversation(id="a", caller=Caller(phone=MARIA))
        )
        await recognise(runtime, memory, MARIA, None)
        clock.now += RECOGNITION_TTL_S + 1
        late = await calls.call(
            "find_contact", {}, Conversation(id="b", caller=Caller(phone=MARIA))
        )
        return first, late

    first, late = run(agent, script)
    assert first.record.id == "101" and first.requests == []
    assert late.record.id == "101" and late.requests  # expired: asked HubSpot again
