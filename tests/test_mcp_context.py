"""The MCP server core is transport-independent: the caller comes from a context source."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent
from mcp.client import Client
from runtime_fixtures import sim_client, simulator

from compiler.mcp import build_server, conversation_from_headers
from compiler.mcp.context import CallerContextError, headers_conversation
from compiler.runtime import Conversation, Runtime
from compiler.runtime.agent_skills import load_agent_skills
from compiler.tooldefs import tool_definitions


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("mcpctx") / "agent")


def test_headers_name_the_caller() -> None:
    conversation = conversation_from_headers(
        {
            "x-caller-phone": "+16175550123",
            "X-Conversation-Id": "call-9",
            "X-CALLER-VERIFIED-CONTACT-ID": "101",
        }
    )
    assert conversation.id == "call-9"
    assert conversation.caller.phone == "+16175550123"
    assert conversation.verified_identity == "101"


def test_a_request_without_a_conversation_id_is_refused() -> None:
    with pytest.raises(CallerContextError, match="X-Conversation-Id"):
        conversation_from_headers({"X-Caller-Phone": "+16175550123"})
    with pytest.raises(CallerContextError, match="X-Conversation-Id"):
        conversation_from_headers(None)


def call(agent: Path, source: Any, tool: str, arguments: dict[str, Any]) -> Any:
    async def session() -> Any:
        async with sim_client(simulator()) as client:
            skills = load_agent_skills(agent)
            runtime = Runtime(skills.entries, client)
            tools = tool_definitions(skills.artifacts()[0])
            async with Client(build_server(runtime, tools, source)) as mcp:
                return await mcp.call_tool(tool, arguments)

    return asyncio.run(session())


def test_each_request_asks_the_source_who_is_calling(agent: Path) -> None:
    seen: list[str] = []

    def source(ctx: Any) -> Conversation:
        seen.append(ctx.request_id)
        return Conversation(id="c-1", caller={"phone": "+1 617 555 0123"})

    result = call(agent, source, "find_contact", {})
    data = json.loads(result.content[0].text)
    assert data["record"]["id"] == "101" and len(seen) == 1


def test_no_caller_headers_refuse_the_call_before_anything_is_sent(agent: Path) -> None:
    result = call(agent, headers_conversation, "find_contact", {})
    data = json.loads(result.content[0].text)
    assert result.is_error is True
    assert data["code"] == "missing_context" and "X-Conversation-Id" in data["reason"]
    assert data["requests"] == []


def test_vapis_call_id_header_is_the_conversation_when_ours_is_absent() -> None:
    # Vapi's MCP client sends X-Call-Id on voice calls and nothing it could be told to send.
    assert conversation_from_headers({"x-call-id": "vapi-call-1"}).id == "vapi-call-1"
    both = {"X-Conversation-Id": "ours", "X-Call-Id": "vapi-call-1"}
    assert conversation_from_headers(both).id == "ours"
