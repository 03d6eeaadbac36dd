"""Who is calling, as the transport says: never a tool argument.

On stdio the server's options name the caller (one server process per call); over HTTP each
request's headers do, set by the voice platform that holds the agent's ``skills:execute`` key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from compiler.runtime import Caller, Conversation

PHONE_HEADER = "X-Caller-Phone"
CONVERSATION_HEADER = "X-Conversation-Id"
VERIFIED_HEADER = "X-Caller-Verified-Contact-Id"
# Vapi's MCP client sends its call id as this header on voice calls and cannot be told to send
# ours (shared/platforms/FACTS.md, "MCP in Vapi"): the conversation when ours is absent.
CALL_ID_HEADER = "X-Call-Id"

# The MCP request context (``mcp.server.mcpserver.Context``) → the conversation of this call.
ConversationSource = Callable[[Any], Conversation]


class CallerContextError(Exception):
    """The transport's caller details cannot be used (e.g. an empty conversation id)."""


def fixed_conversation(conversation: Conversation) -> ConversationSource:
    """The same conversation for every call (stdio: the options the server was started with)."""

    def source(_ctx: Any) -> Conversation:
        return conversation

    return source


def conversation_from_headers(headers: Mapping[str, str] | None) -> Conversation:
    """The conversation an HTTP request names in its caller headers (case-insensitive names)."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    conversation_id = lowered.get(CONVERSATION_HEADER.lower()) or lowered.get(
        CALL_ID_HEADER.lower()
    )
    if not conversation_id:
        raise CallerContextError(
            f"the request has no {CONVERSATION_HEADER} header (or Vapi's {CALL_ID_HEADER}); "
            "the platform must send its call id"
        )
    try:
        return Conversation(
            id=conversation_id,
            caller=Caller(phone=lowered.get(PHONE_HEADER.lower()) or None),
            verified_identity=lowered.get(VERIFIED_HEADER.lower()) or None,
        )
    except ValidationError as exc:
        raise CallerContextError(f"{CONVERSATION_HEADER}: {exc.errors()[0]['msg']}") from None


def headers_conversation(ctx: Any) -> Conversation:
    """A :data:`ConversationSource` for HTTP transports: the request's caller headers."""
    return conversation_from_headers(getattr(ctx, "headers", None))
