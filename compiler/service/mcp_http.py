"""``/mcp/agents/{agentId}``: a published agent's skills as a streamable HTTP MCP server.

The key (``Authorization: Bearer``, scope ``skills:execute``) is checked before the MCP layer
sees the request. The caller comes from each request's headers (``X-Caller-Phone``,
``X-Conversation-Id``, ``X-Caller-Verified-Contact-Id``), trusted because the platform holds
the key. The server is stateless (Vapi opens a new MCP session per tool call): each request
gets a fresh transport, so any process of the service can answer any request, and what a
conversation learns lives in the store (:mod:`compiler.product.conversations`).
"""

from __future__ import annotations

import threading
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from compiler.mcp import build_server
from compiler.mcp.context import headers_conversation
from compiler.product.accounts import require_scope
from compiler.product.calls import published_runtime
from compiler.product.conversations import ConversationCalls, ConversationMemory
from compiler.product.errors import Conflict
from compiler.runtime import Runtime
from compiler.service.auth import key_of, store_of
from compiler.tooldefs import ToolDefinitionError, tool_definitions

SCOPE = "skills:execute"
# Keys are bearer credentials, never cookies, so a browser on another origin cannot use them:
# the SDK's DNS-rebinding guard (loopback hosts only) would refuse the service's public name.
_SECURITY = TransportSecuritySettings(enable_dns_rebinding_protection=False)

_SERVERS: dict[tuple[int, str], MCPServer[Any]] = {}
_SERVERS_LOCK = threading.Lock()


def _server(runtime: Runtime, memory: ConversationMemory) -> MCPServer[Any]:
    # One server per runtime (a published version) and agent: tools are built once.
    key = (id(runtime), memory.agent_id)
    with _SERVERS_LOCK:
        found = _SERVERS.get(key)
    if found is not None:
        return found
    artifacts = {name: skill.artifact for name, skill in runtime.skills.items()}
    try:
        tools = tool_definitions(artifacts)
    except ToolDefinitionError as exc:
        raise Conflict("not_a_tool", str(exc)) from None
    server = build_server(
        ConversationCalls(runtime, memory), tools, headers_conversation, name="skillc"
    )
    with _SERVERS_LOCK:
        if len(_SERVERS) > 256:
            _SERVERS.clear()
        _SERVERS[key] = server
    return server


class AgentMcp:
    """The ASGI endpoint (errors before the MCP layer are the API's JSON errors)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        principal = key_of(request)
        require_scope(principal, SCOPE)
        agent_id = str(scope["path_params"]["agentId"])
        store = store_of(request)
        runtime = published_runtime(store, request.app.state.hubspot_app, principal, agent_id)
        server = _server(runtime, ConversationMemory(store, agent_id))
        # A fresh stateless transport per request; building the app makes the manager.
        server.streamable_http_app(
            stateless_http=True, json_response=True, transport_security=_SECURITY
        )
        manager = server.session_manager
        async with manager.run():
            await manager.handle_request(scope, receive, send)


routes = [
    Route(
        "/mcp/agents/{agentId}",
        endpoint=AgentMcp(),
        methods=["GET", "POST", "DELETE"],
        include_in_schema=False,
    )
]
