"""`skillc export`: the agent's skills as the tool lists of the OpenAI, Anthropic and MCP APIs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent
from jsonschema import Draft202012Validator
from mcp_types import ListToolsResult

from compiler.cli import main

# Both APIs: a tool name of letters, digits, _ and -, at most 64 characters.
TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("export") / "agent")


def export(capsys: pytest.CaptureFixture[str], agent: Path, fmt: str) -> tuple[Any, str]:
    assert main(["export", str(agent), "--format", fmt]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def check_parameters(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert not {"anyOf", "oneOf", "allOf", "not"} & set(schema)  # refused at the top level
    assert set(schema["required"]) <= set(schema["properties"])


def test_openai_function_tools(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tools, err = export(capsys, agent, "openai")
    assert "using the draft" in err
    assert isinstance(tools, list) and len(tools) == 7
    for tool in tools:
        assert set(tool) == {"type", "function"} and tool["type"] == "function"
        fn = tool["function"]
        assert set(fn) == {"name", "description", "parameters"}
        assert TOOL_NAME.match(fn["name"]) and fn["description"]
        check_parameters(fn["parameters"])
    by_name = {t["function"]["name"]: t["function"] for t in tools}
    ticket = by_name["create_ticket"]["parameters"]
    assert ticket["properties"]["confirmation"]["type"] == "string"
    assert "confirmation" not in ticket["required"]
    assert "confirmation" not in by_name["find_contact"]["parameters"]["properties"]
    assert "confirmation=<token>" in by_name["create_ticket"]["description"]


def test_anthropic_tools(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tools, _ = export(capsys, agent, "anthropic")
    assert [set(t) for t in tools] == [{"name", "description", "input_schema"}] * 7
    for tool in tools:
        assert TOOL_NAME.match(tool["name"])
        check_parameters(tool["input_schema"])
    by_name = {t["name"]: t for t in tools}
    assert by_name["update_contact"]["input_schema"]["properties"]["confirmation"]
    assert "verified" in by_name["update_contact"]["description"]


def test_mcp_tools_list_result(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = export(capsys, agent, "mcp")
    listed = ListToolsResult.model_validate(data)  # the SDK's own model of tools/list
    hints = {t.name: t.annotations for t in listed.tools}
    assert hints["find_company"] is not None and hints["find_company"].read_only_hint is True
    assert hints["create_deal"] is not None and hints["create_deal"].read_only_hint is False
    assert hints["create_contact"] is not None and hints["create_contact"].idempotent_hint is True
    assert hints["update_contact"] is not None and hints["update_contact"].destructive_hint is True
    raw = {t["name"]: t for t in data["tools"]}
    assert raw["find_contact"]["annotations"]["readOnlyHint"] is True  # camelCase on the wire
    assert "inputSchema" in raw["find_contact"]


def test_export_matches_what_the_mcp_server_lists(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from mcp.client import Client

    from compiler.mcp import build_server, fixed_conversation
    from compiler.runtime import Conversation, Runtime
    from compiler.runtime.agent_skills import load_agent_skills
    from compiler.tooldefs import tool_definitions

    data, _ = export(capsys, agent, "mcp")
    skills = load_agent_skills(agent)
    runtime = Runtime(skills.entries, client=None)  # type: ignore[arg-type]
    tools = tool_definitions(skills.artifacts()[0])
    server = build_server(runtime, tools, fixed_conversation(Conversation(id="c")))

    async def listed() -> Any:
        async with Client(server) as client:
            return await client.list_tools()

    served = asyncio.run(listed())
    wire = served.model_dump(mode="json", by_alias=True, exclude_none=True)["tools"]
    assert wire == data["tools"]


def test_no_agent_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "none"), "--format", "openai"]) == 2
    err = capsys.readouterr().err
    assert "no installed skills" in err and "Traceback" not in err


def test_a_damaged_skill_is_left_out_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = hubspot_agent(tmp_path / "agent")
    path = agent / "draft" / "skills" / "find_company.json"
    path.write_text(path.read_text().replace("companies", "companiez", 1))
    tools, err = export(capsys, agent, "anthropic")
    assert "find_company" not in {t["name"] for t in tools} and len(tools) == 6
    assert "skill find_company left out" in err and "digest mismatch" in err
