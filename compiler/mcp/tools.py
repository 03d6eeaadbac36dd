"""An ``MCPServer`` whose tools are an agent's skills, called through the runtime.

Each tool lists the skill's shared definition (``compiler.tooldefs``): its input schema is the
skill's parameters, plus an optional ``confirmation`` for gated skills. A call pops that token,
asks the transport who is calling, and runs the skill; the runtime refuses arguments outside the
schema, asks for confirmation, checks identity. The tool result is the runtime's result as JSON,
both as text and as ``structuredContent``; an outcome the model must correct is ``isError``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.tools.base import Tool
from mcp_types import CallToolResult, TextContent
from pydantic import Field

from compiler.export import mcp_tool
from compiler.mcp.context import CallerContextError, ConversationSource
from compiler.runtime import CallResult, Conversation, InvalidArguments
from compiler.runtime.results import ArgumentProblem, Refused
from compiler.tooldefs import CONFIRMATION_ARGUMENT, ToolDefinition

# Outcomes that are answers, not mistakes: the model reads the prompt or the record.
_NOT_ERRORS = ("ok", "needs_confirmation")


class SkillRunner(Protocol):
    """What runs the tools: a :class:`compiler.runtime.Runtime`, or the service's
    conversation-aware runner over one (same signature)."""

    async def call(
        self,
        skill: str,
        args: Any,
        conversation: Conversation,
        *,
        confirmation: str | None = None,
    ) -> CallResult: ...


SkillCall = Callable[[dict[str, Any], Any], Awaitable[CallToolResult]]


class _SkillTool(Tool):
    """A tool whose schema is the skill's own (not inferred from a Python signature)."""

    call_skill: SkillCall = Field(exclude=True)

    async def run(
        self, arguments: dict[str, Any], context: Any, convert_result: bool = False
    ) -> Any:
        return await self.call_skill(arguments, context)


async def _no_arguments() -> None:  # pragma: no cover - replaced by _SkillTool.run
    return None


def tool_result(result: CallResult) -> CallToolResult:
    data = result.to_json()
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))],
        structured_content=data,
        is_error=result.status not in _NOT_ERRORS,
    )


def _skill_tool(
    definition: ToolDefinition, runtime: SkillRunner, conversation_for: ConversationSource
) -> Tool:
    async def call(arguments: dict[str, Any], ctx: Any) -> CallToolResult:
        args = dict(arguments)
        confirmation = args.pop(CONFIRMATION_ARGUMENT, None) if definition.gated else None
        if confirmation is not None and not isinstance(confirmation, str):
            problem = ArgumentProblem(
                argument=CONFIRMATION_ARGUMENT, reason="must be the token text a prompt gave"
            )
            return tool_result(InvalidArguments(skill=definition.name, problems=[problem]))
        try:
            conversation = conversation_for(ctx)
        except CallerContextError as exc:
            refusal = Refused(skill=definition.name, code="missing_context", reason=str(exc))
            return tool_result(refusal)
        result = await runtime.call(definition.name, args, conversation, confirmation=confirmation)
        return tool_result(result)

    listed = mcp_tool(definition)
    base = Tool.from_function(
        _no_arguments,
        name=definition.name,
        title=definition.title,
        description=definition.description,
        annotations=listed.annotations,
        structured_output=False,
    )
    fields = {name: getattr(base, name) for name in Tool.model_fields}
    fields["parameters"] = definition.input_schema
    return _SkillTool(**fields, call_skill=call)


def build_server(
    runtime: SkillRunner,
    tools: list[ToolDefinition],
    conversation_for: ConversationSource,
    *,
    name: str = "skillc",
    instructions: str | None = None,
) -> MCPServer[Any]:
    """An MCP server offering ``tools`` (skills of ``runtime``); ``conversation_for(ctx)`` says
    who is calling on each request (from the transport, never the arguments)."""
    server: MCPServer[Any] = MCPServer(
        name=name,
        instructions=instructions,
        tools=[_skill_tool(t, runtime, conversation_for) for t in tools],
    )
    return server


__all__ = ["Context", "SkillRunner", "build_server", "tool_result"]
