"""The agent's skills as an MCP server (the official ``mcp`` SDK, ``MCPServer``).

``build_server(runtime, tools, conversation_for)`` is transport-independent: ``skillc mcp``
serves it over stdio with the caller given as options; the HTTP service mounts the same server
and reads the caller from each request's headers (:func:`conversation_from_headers`).
"""

from compiler.mcp.context import (
    CALL_ID_HEADER,
    CONVERSATION_HEADER,
    PHONE_HEADER,
    VERIFIED_HEADER,
    ConversationSource,
    conversation_from_headers,
    fixed_conversation,
)
from compiler.mcp.tools import build_server

__all__ = [
    "CALL_ID_HEADER",
    "CONVERSATION_HEADER",
    "PHONE_HEADER",
    "VERIFIED_HEADER",
    "ConversationSource",
    "build_server",
    "conversation_from_headers",
    "fixed_conversation",
]
