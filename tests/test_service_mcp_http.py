"""``/mcp/agents/{agentId}``: the published agent's skills over streamable HTTP, driven by the
SDK's own client against the service on a real port, with the simulator behind it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import httpx2
from mcp.client import Client
from mcp.client.streamable_http import streamable_http_client
from platform_fixtures import MARIA, Published, published
from service_fixtures import service
from store_fixtures import databases, store_url

__all__ = ["databases", "published", "service", "store_url"]

TICKET = {"subject": "Lost leash", "details": "Left it in the waiting room."}


def url(p: Published) -> str:
    return f"{p.service.base_url}/mcp/agents/{p.agent_id}"


def client(
    p: Published, conversation: str, phone: str | None = MARIA, key: str | None = None
) -> Client:
    headers = {"Authorization": f"Bearer {key or p.key}", "X-Conversation-Id": conversation}
    if phone:
        headers["X-Caller-Phone"] = phone
    http = httpx2.AsyncClient(headers=headers, timeout=30)
    return Client(streamable_http_client(url(p), http_client=http))


def payload(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.content[0].text)
    assert result.structured_content == data
    return data


def test_tools_are_the_published_skills(published: Published) -> None:
    async def session() -> Any:
        async with client(published, "call-list") as c:
            return await c.list_tools()

    tools = {t.name: t for t in asyncio.run(session()).tools}
    assert {"find_contact", "create_contact", "create_ticket"} <= set(tools)
    assert tools["find_contact"].annotations.read_only_hint is True
    assert "confirmation" in tools["create_ticket"].input_schema["properties"]
    assert "confirmation" not in tools["find_contact"].input_schema["properties"]


def test_find_contact_reads_the_caller_from_the_headers(published: Published) -> None:
    async def session() -> Any:
        async with client(published, "call-find") as c:
            return await c.call_tool("find_contact", {})

    result = asyncio.run(session())
    data = payload(result)
    assert result.is_error is False and data["status"] == "ok"
    assert data["record"]["id"] == "101" and data["record"]["properties"]["firstname"] == "Maria"


def test_create_ticket_needs_a_confirmation_round_trip(published: Published) -> None:
    async def session() -> tuple[Any, ...]:
        async with client(published, "call-ticket") as c:
            await c.call_tool("find_contact", {})  # recognises the caller for this conversation
            ask = await c.call_tool("create_ticket", TICKET)
            token = payload(ask)["token"]
            forged = await c.call_tool(
                "create_ticket", {**TICKET, "subject": "Other", "confirmation": token}
            )
            done = await c.call_tool("create_ticket", {**TICKET, "confirmation": token})
            return ask, forged, done

    before = published.tickets_created()
    ask, forged, done = asyncio.run(session())
    assert payload(ask)["status"] == "needs_confirmation"
    assert payload(ask)["prompt"] == 'Shall I open a support ticket about "Lost leash"?'
    assert forged.is_error is True and payload(forged)["code"] == "confirmation_mismatch"
    created = payload(done)
    assert done.is_error is False and created["status"] == "ok", created
    assert created["record"]["object"] == "tickets"
    assert published.tickets_created() == before + 1
    associations = published.service.sim.request_log.by_path()
    assert associations  # the simulator saw the write


def test_an_argument_outside_the_schema_is_refused(published: Published) -> None:
    async def session() -> Any:
        async with client(published, "call-extra") as c:
            return await c.call_tool("find_contact", {"phone": "+15550000000"})

    before = published.sim_requests()
    result = asyncio.run(session())
    data = payload(result)
    assert result.is_error is True and data["status"] == "invalid_arguments"
    assert data["problems"][0]["argument"] == "phone"
    assert published.sim_requests() == before


def test_no_key_is_401_and_a_key_without_the_scope_is_403(published: Published) -> None:
    init = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
    }
    headers = {"Accept": "application/json, text/event-stream", "X-Conversation-Id": "c"}
    none = httpx.post(url(published), json=init, headers=headers, timeout=30)
    assert none.status_code == 401 and none.json()["error"]["code"] == "unauthorized"
    reader = published.service.key("agents:read")
    wrong = httpx.post(
        url(published), json=init, headers={**headers, "Authorization": f"Bearer {reader}"}
    )
    assert wrong.status_code == 403
    assert wrong.json()["error"]["details"] == {"requiredScope": "skills:execute"}
    good = httpx.post(
        url(published), json=init, headers={**headers, "Authorization": f"Bearer {published.key}"}
    )
    assert good.status_code == 200, good.text
    assert good.json()["result"]["serverInfo"]["name"] == "skillc"


def test_vapis_call_id_header_names_the_conversation(published: Published) -> None:
    # Vapi opens a new MCP session per tool call and sends only its call id (X-Call-Id).
    headers = {
        "Authorization": f"Bearer {published.key}",
        "X-Call-Id": "vapi-call-mcp",
        "X-Caller-Verified-Contact-Id": "101",
    }

    async def call(tool: str, arguments: dict[str, Any]) -> Any:
        http = httpx2.AsyncClient(headers=headers, timeout=30)
        async with Client(streamable_http_client(url(published), http_client=http)) as c:
            return await c.call_tool(tool, arguments)

    async def session() -> tuple[Any, Any]:
        ask = await call("create_ticket", TICKET)
        token = payload(ask).get("token")
        return ask, await call("create_ticket", {**TICKET, "confirmation": token})

    before = published.tickets_created()
    ask, done = asyncio.run(session())
    assert ask.is_error is False and payload(ask)["status"] == "needs_confirmation"
    assert done.is_error is False and payload(done)["status"] == "ok"
    assert published.tickets_created() == before + 1
