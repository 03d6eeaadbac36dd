"""`skillc mcp`: the agent's skills as MCP tools, driven by the SDK's own client over stdio."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

MARIA_PHONE = "+1 617-555-0123"  # contact 101 in the harbor_vet sample
TICKET = {"subject": "Lost leash", "details": "Left it in the waiting room."}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("mcp") / "agent")


def server(agent: Path, *options: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable, args=["-m", "compiler", "mcp", str(agent), *options]
    )


def payload(result: Any) -> dict[str, Any]:
    text = result.content[0].text
    data: dict[str, Any] = json.loads(text)
    assert result.structured_content == data
    return data


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_tools_are_the_skills_with_schemas_and_hints(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent)) as client:
            return await client.list_tools()

    listed = {t.name: t for t in run(session()).tools}
    assert set(listed) == {
        "find_contact",
        "find_company",
        "find_ticket",
        "create_contact",
        "update_contact",
        "create_ticket",
        "create_deal",
    }
    find = listed["find_contact"]
    assert find.description and "Recognize the caller" in find.description
    assert find.annotations is not None and find.annotations.read_only_hint is True
    assert "confirmation" not in find.input_schema["properties"]
    assert find.input_schema["additionalProperties"] is False

    ticket = listed["create_ticket"]
    assert ticket.annotations is not None and ticket.annotations.read_only_hint is False
    assert ticket.annotations.idempotent_hint is False
    assert set(ticket.input_schema["required"]) == {"subject", "details"}
    assert ticket.input_schema["properties"]["confirmation"]["type"] == "string"
    assert "confirmation" not in ticket.input_schema["required"]

    contact = listed["create_contact"]  # find-or-create
    assert contact.annotations is not None and contact.annotations.idempotent_hint is True
    assert contact.annotations.read_only_hint is False
    # The caller's number is the transport's, never an argument the model fills.
    assert all(
        "caller" not in name for t in listed.values() for name in t.input_schema["properties"]
    )


def test_find_contact_gets_the_caller_from_the_transport(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent, "--caller-phone", MARIA_PHONE)) as client:
            return await client.call_tool("find_contact", {})

    result = run(session())
    data = payload(result)
    assert result.is_error is False
    assert data["status"] == "ok" and data["record"]["id"] == "101"
    assert data["record"]["properties"]["firstname"] == "Maria"


def test_without_a_caller_number_nobody_is_found_by_argument(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent)) as client:
            return await client.call_tool("find_contact", {"phone": MARIA_PHONE})

    result = run(session())
    data = payload(result)
    assert result.is_error is True
    assert data["status"] == "invalid_arguments"
    assert data["problems"][0]["argument"] == "phone"
    assert "unknown argument" in data["problems"][0]["reason"]
    assert data["requests"] == []


def test_create_ticket_needs_a_confirmation_round_trip(agent: Path) -> None:
    options = ("--caller-phone", MARIA_PHONE, "--caller-contact-id", "101")

    async def session() -> tuple[Any, ...]:
        async with Client(server(agent, *options)) as client:
            ask = await client.call_tool("create_ticket", TICKET)
            token = payload(ask)["token"]
            forged = await client.call_tool(
                "create_ticket", {**TICKET, "subject": "Other", "confirmation": token}
            )
            done = await client.call_tool("create_ticket", {**TICKET, "confirmation": token})
            again = await client.call_tool("create_ticket", {**TICKET, "confirmation": token})
            return ask, forged, done, again

    ask, forged, done, again = run(session())
    first = payload(ask)
    assert ask.is_error is False and first["status"] == "needs_confirmation"
    assert first["prompt"] == 'Shall I open a support ticket about "Lost leash"?'
    assert first["requests"] == []  # nothing was written before the caller agreed
    assert forged.is_error is True and payload(forged)["code"] == "confirmation_mismatch"
    created = payload(done)
    assert done.is_error is False and created["status"] == "ok"
    assert created["record"]["object"] == "tickets"
    assert [r["method"] for r in created["requests"]] == ["POST"]
    # The same token and arguments again (a retry): the write's result, never a second write.
    assert again.is_error is False and payload(again) == created


def test_an_argument_outside_the_schema_is_refused(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent, "--caller-contact-id", "101")) as client:
            return await client.call_tool("create_ticket", {**TICKET, "owner": "42"})

    result = run(session())
    data = payload(result)
    assert result.is_error is True and data["status"] == "invalid_arguments"
    assert data["problems"] == [
        {
            "argument": "owner",
            "reason": "unknown argument (this skill takes: details, priority, subject)",
        }
    ]


def test_a_read_has_no_confirmation_argument(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent, "--caller-phone", MARIA_PHONE)) as client:
            return await client.call_tool("find_contact", {"confirmation": "x"})

    data = payload(run(session()))
    assert (
        data["status"] == "invalid_arguments" and data["problems"][0]["argument"] == "confirmation"
    )


def test_no_installed_skills_is_a_clear_error_before_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from compiler.cli import main

    assert main(["mcp", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "no installed skills" in err and "Traceback" not in err


def test_base_url_needs_a_token(
    agent: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from compiler.cli import main

    monkeypatch.delenv("HUBSPOT_TOKEN", raising=False)  # `call`'s client reads it too
    assert main(["mcp", str(agent), "--base-url", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "using the draft" in err and "no token: pass --token T or set $HUBSPOT_TOKEN" in err


def test_a_caller_recognised_by_find_contact_is_known_to_create_ticket(agent: Path) -> None:
    # Only the caller's number, as a telephony host starts the server: no contact id option.
    async def session() -> tuple[Any, ...]:
        async with Client(server(agent, "--caller-phone", MARIA_PHONE)) as client:
            found = await client.call_tool("find_contact", {})
            ask = await client.call_tool("create_ticket", TICKET)
            token = payload(ask).get("token")
            done = await client.call_tool("create_ticket", {**TICKET, "confirmation": token})
            return found, ask, done

    found, ask, done = run(session())
    assert payload(found)["record"]["id"] == "101"
    assert ask.is_error is False and payload(ask)["status"] == "needs_confirmation"
    created = payload(done)
    assert done.is_error is False and created["status"] == "ok"
    assert created["record"]["object"] == "tickets"


def test_the_verified_caller_is_the_callers_contact(agent: Path) -> None:
    async def session() -> Any:
        async with Client(server(agent, "--verified", "101")) as client:
            return await client.call_tool("create_ticket", TICKET)

    result = run(session())
    assert result.is_error is False and payload(result)["status"] == "needs_confirmation"


def test_the_store_is_chosen_as_for_call(agent: Path, tmp_path: Path) -> None:
    database = tmp_path / "mcp.db"

    async def session() -> Any:
        options = ("--caller-phone", MARIA_PHONE, "--database-url", f"sqlite:///{database}")
        async with Client(server(agent, *options)) as client:
            return await client.call_tool("find_contact", {})

    assert payload(run(session()))["record"]["id"] == "101"
    assert database.is_file()
