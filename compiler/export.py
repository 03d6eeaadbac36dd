"""Tool-definition export: an agent's skills as the JSON each LLM API takes as its tool list.

OpenAI: ``[{"type": "function", "function": {"name", "description", "parameters"}}]``;
Anthropic: ``[{"name", "description", "input_schema"}]``; MCP: a ``tools/list`` result, exactly
what ``skillc mcp`` lists (built with the MCP SDK's own types).
"""

from __future__ import annotations

from typing import Any, Literal

from mcp_types import ListToolsResult, Tool, ToolAnnotations

from compiler.tooldefs import ToolDefinition

ExportFormat = Literal["openai", "anthropic", "mcp"]
FORMATS: tuple[ExportFormat, ...] = ("openai", "anthropic", "mcp")


def mcp_tool(tool: ToolDefinition) -> Tool:
    hints = tool.hints
    return Tool(
        name=tool.name,
        title=tool.title,
        description=tool.description,
        input_schema=tool.input_schema,
        annotations=ToolAnnotations(
            title=tool.title,
            read_only_hint=hints.read_only,
            destructive_hint=hints.destructive,
            idempotent_hint=hints.idempotent,
            open_world_hint=hints.open_world,
        ),
    )


def export_tools(tools: list[ToolDefinition], fmt: ExportFormat) -> Any:
    """``tools`` in format ``fmt``, as JSON-able data."""
    if fmt == "openai":
        return [
            {
                "type": "function",
                "function": {
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.input_schema,
                },
            }
            for t in tools
        ]
    if fmt == "anthropic":
        return [
            {"name": t.name, "description": t.description, "input_schema": t.input_schema}
            for t in tools
        ]
    if fmt == "mcp":
        result = ListToolsResult(tools=[mcp_tool(t) for t in tools])
        dumped = result.model_dump(mode="json", by_alias=True, exclude_none=True)
        # Only the fields every protocol version defines (2026-07-28 adds cache hints and
        # resultType, which older clients do not expect in a file).
        return {"tools": dumped["tools"]}
    raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
