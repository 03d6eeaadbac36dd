"""Voice platforms calling an agent's published skills in their own formats (facts and sources:
``shared/platforms/FACTS.md``).

- **Retell** custom functions POST ``{name, call, args}``; the caller is ``call.from_number`` on
  inbound calls and ``call.to_number`` on outbound ones; the call id is ``call.call_id``. Its
  inbound-call webhook (``{"event": "call_inbound", "call_inbound": {from_number, ...}}``) comes
  before the call exists and is answered with string ``dynamic_variables``. Every request is
  signed: ``X-Retell-Signature: v=<unix ms>,d=<hex HMAC-SHA256(api key, raw body + ms)>``,
  refused outside a 5-minute window.
- **Vapi** POSTs ``{"message": {"type": ...}}`` to one server URL: ``tool-calls`` is answered
  HTTP 200 ``{"results": [{"toolCallId", "name", "result" | "error"}]}`` with single-line
  strings; ``assistant-request`` with ``{"assistantId", "assistantOverrides": {"variableValues"}}``.
  The caller is ``message.call.customer.number``. Its credential arrives as ``Authorization:
  Bearer`` or the legacy ``X-Vapi-Secret``.

The caller's number always comes from the platform's call object, never from the model's
arguments. The platform's secret is set per agent and stored encrypted (like HubSpot tokens).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete

from compiler.product import secretbox
from compiler.product.accounts import Principal
from compiler.product.calls import published_runtime
from compiler.product.conversations import (
    ConversationCalls,
    ConversationMemory,
    caller_variables,
    recognise,
)
from compiler.product.errors import Conflict, Invalid, NotFound, Unauthorized, problem
from compiler.product.hubspot_app import HubSpotApp
from compiler.product.ids import now
from compiler.runtime import Caller, CallResult, Conversation, Runtime
from compiler.store import Store
from compiler.store.agents import Agent
from compiler.store.platforms import PlatformSecret
from compiler.tooldefs import CONFIRMATION_ARGUMENT

PLATFORMS = ("retell", "vapi")
SIGNATURE_WINDOW_MS = 5 * 60 * 1000
MAX_SECRET = 1000
# Outcomes that are answers for the model, not errors (as on MCP).
_ANSWERS = ("ok", "needs_confirmation")


# ---- secrets -----------------------------------------------------------------------------------


def set_secret(
    store: Store,
    agent_id: str,
    platform: str,
    secret: str,
    assistant_id: str | None = None,
    *,
    workspace_id: str | None = None,
) -> dict[str, Any]:
    """Set the credential ``platform`` presents for ``agent_id`` (in ``workspace_id``, when the
    caller is a workspace's key; the CLI acts on the store as its operator)."""
    if platform not in PLATFORMS:
        raise NotFound(
            "unknown_platform", f"unknown platform {platform!r} (one of: {', '.join(PLATFORMS)})"
        )
    clean = secret.strip()
    if not clean or len(clean) > MAX_SECRET:
        raise Invalid(
            "invalid_secret",
            f"secret: 1 to {MAX_SECRET} characters",
            [problem("secret", f"1 to {MAX_SECRET} characters")],
        )
    if assistant_id is not None and (not assistant_id.strip() or len(assistant_id) > 200):
        raise Invalid(
            "invalid_assistant_id",
            "assistantId: 1 to 200 characters",
            [problem("assistantId", "1 to 200 characters")],
        )
    with store.transaction() as session:
        agent = session.get(Agent, agent_id)
        if agent is None or (workspace_id is not None and agent.workspace_id != workspace_id):
            raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")
        session.execute(
            delete(PlatformSecret).where(
                PlatformSecret.agent_id == agent_id, PlatformSecret.platform == platform
            )
        )
        session.add(
            PlatformSecret(
                agent_id=agent_id,
                platform=platform,
                secret=secretbox.encrypt(clean),
                assistant_id=assistant_id.strip() if assistant_id else None,
                updated_at=now(),
            )
        )
    return {
        "agentId": agent_id,
        "platform": platform,
        "assistantId": assistant_id.strip() if assistant_id else None,
        "secretSet": True,
    }


@dataclass(frozen=True)
class PlatformAgent:
    """An agent as a platform's request reaches it, once its credential checked out."""

    agent_id: str
    principal: Principal
    assistant_id: str | None


_REFUSED = "the platform's signature or secret is missing or wrong"


def authenticate(
    store: Store, agent_id: str, platform: str, check: Callable[[str], bool]
) -> PlatformAgent:
    """The agent, if ``check(secret)`` accepts the request; else 401 (also for an unknown agent
    or one without a secret, so a caller learns nothing about which agents exist)."""
    with store.transaction() as session:
        agent = session.get(Agent, agent_id)
        row = session.get(PlatformSecret, (agent_id, platform)) if agent is not None else None
        workspace_id = agent.workspace_id if agent is not None else None
    if row is None or workspace_id is None or not check(secretbox.decrypt(row.secret)):
        raise Unauthorized("unauthorized", _REFUSED)
    # The platform acts for the agent's workspace and may only run its skills.
    principal = Principal(f"platform:{platform}", workspace_id, frozenset({"skills:execute"}))
    return PlatformAgent(agent_id, principal, row.assistant_id)


def retell_signature_ok(
    api_key: str, body: bytes, header: str | None, now_ms: int | None = None
) -> bool:
    """``X-Retell-Signature: v=<ms>,d=<hex>`` over the raw body, within five minutes."""
    if not header:
        return False
    parts: dict[str, str] = {}
    for piece in header.split(","):
        name, _, value = piece.strip().partition("=")
        parts[name] = value
    stamp, digest = parts.get("v", ""), parts.get("d", "")
    if not stamp.isdigit() or not digest:
        return False
    current = int(time.time() * 1000) if now_ms is None else now_ms
    if abs(current - int(stamp)) > SIGNATURE_WINDOW_MS:
        return False
    expected = hmac.new(api_key.encode("utf-8"), body + stamp.encode("ascii"), hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), digest.lower())


def vapi_credential_ok(secret: str, headers: Mapping[str, str]) -> bool:
    """Vapi's Bearer credential (``Authorization: Bearer``) or legacy ``X-Vapi-Secret``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    offered: list[str] = []
    auth = lowered.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        offered.append(auth[7:].strip())
    if "x-vapi-secret" in lowered:
        offered.append(lowered["x-vapi-secret"].strip())
    wanted = secret.encode("utf-8")
    return any(o and hmac.compare_digest(o.encode("utf-8"), wanted) for o in offered)


# ---- calls -------------------------------------------------------------------------------------


def _runner(store: Store, app: HubSpotApp, agent: PlatformAgent) -> ConversationCalls:
    runtime = published_runtime(store, app, agent.principal, agent.agent_id)
    return ConversationCalls(runtime, ConversationMemory(store, agent.agent_id))


def _split_confirmation(runtime: Runtime, skill: str, args: dict[str, Any]) -> tuple[Any, Any]:
    found = runtime.skills.get(skill)
    if found is None or not found.artifact.gated or CONFIRMATION_ARGUMENT not in args:
        return args, None
    rest = dict(args)
    return rest, rest.pop(CONFIRMATION_ARGUMENT)


async def _run(
    runner: ConversationCalls, skill: str, args: Any, call_id: str, phone: str | None
) -> CallResult:
    confirmation: Any = None
    if isinstance(args, dict):
        args, confirmation = _split_confirmation(runner.runtime, skill, args)
    if confirmation is not None and not isinstance(confirmation, str):
        confirmation = json.dumps(confirmation)  # never matches a token: refused as invalid
    conversation = Conversation(id=call_id, caller=Caller(phone=phone or None))
    return await runner.call(skill, args, conversation, confirmation=confirmation)


def _json_body(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Invalid(
            "invalid_json", f"the body is not JSON ({exc})", [problem("(body)", "not JSON")]
        ) from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(
            "invalid_body",
            "the body holds text that is not valid Unicode (a lone surrogate)",
            [problem("(body)", "valid Unicode")],
        ) from None
    if not isinstance(data, dict):
        raise Invalid(
            "invalid_body", "the body must be a JSON object", [problem("(body)", "an object")]
        )
    return data


def _object(data: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise Invalid(
            "invalid_body", f"{where}: an object is required", [problem(where, "an object")]
        )
    return value


def _text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise Invalid(
            "invalid_body", f"{where}: 1 to 200 characters of text", [problem(where, "text")]
        )
    return value


MAX_NUMBER = 50


def _number(value: Any, where: str) -> str | None:
    """A phone number from the platform's call object (absent on web calls)."""
    if not isinstance(value, str) or not value.strip():
        return None
    if len(value) > MAX_NUMBER:
        raise Invalid(
            "invalid_body",
            f"{where}: at most {MAX_NUMBER} characters",
            [problem(where, "a phone number")],
        )
    return value.strip()


async def retell_function(
    store: Store, app: HubSpotApp, agent_id: str, body: bytes, signature: str | None
) -> dict[str, Any]:
    """A Retell custom function call; the answer is the skill's result (any 2xx body)."""
    agent = authenticate(
        store, agent_id, "retell", lambda k: retell_signature_ok(k, body, signature)
    )
    payload = _json_body(body)
    name = _text(payload, "name", "name")
    call = _object(payload, "call", "call")
    call_id = _text(call, "call_id", "call.call_id")
    args = payload.get("args", {})
    outbound = call.get("direction") == "outbound"
    side = "to_number" if outbound else "from_number"
    phone = _number(call.get(side), f"call.{side}")
    result = await _run(_runner(store, app, agent), name, args, call_id, phone)
    return result.to_json()


async def retell_inbound(
    store: Store, app: HubSpotApp, agent_id: str, body: bytes, signature: str | None
) -> dict[str, Any]:
    """Retell's inbound-call webhook: who is calling, as string dynamic variables."""
    agent = authenticate(
        store, agent_id, "retell", lambda k: retell_signature_ok(k, body, signature)
    )
    payload = _json_body(body)
    event = payload.get("event")
    if event != "call_inbound":
        # The same webhook covers inbound chats; their callers are not phone callers.
        return {}
    inbound = _object(payload, "call_inbound", "call_inbound")
    phone = _number(inbound.get("from_number"), "call_inbound.from_number")
    result = None
    if phone is not None:
        runner = _runner(store, app, agent)
        result = await recognise(runner.runtime, runner.memory, phone, None)
    return {"call_inbound": {"dynamic_variables": caller_variables(result)}}


def one_line(data: Any) -> str:
    """JSON on one line (Vapi: "Line breaks cause parsing errors")."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def vapi_tool_calls(message: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """``(toolCallId, name, arguments)`` of every documented shape of the list:
    ``toolCallList`` items ``{id, type, function: {name, arguments}}`` (arguments an object or
    a JSON string), ``{id, name, arguments}``, ``{id, name, parameters}``; ``toolCalls``; and
    ``toolWithToolCallList[].toolCall``. Arguments that are not an object are passed on as they
    are, for the runtime to refuse."""
    items = message.get("toolCallList") or message.get("toolCalls")
    if not items:
        wrapped = message.get("toolWithToolCallList")
        items = (
            [w.get("toolCall") for w in wrapped if isinstance(w, dict)]
            if isinstance(wrapped, list)
            else []
        )
    calls: list[tuple[str, str, Any]] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        found = item.get("function")
        function: dict[str, Any] = found if isinstance(found, dict) else {}
        name = item.get("name") or function.get("name")
        args: Any = None
        for source in (item, function):
            for key in ("arguments", "parameters"):
                if args is None and key in source:
                    args = source[key]
        if isinstance(args, str):
            # Not JSON: passed on as text, which the runtime refuses (an object is required).
            with contextlib.suppress(json.JSONDecodeError):
                args = json.loads(args) if args.strip() else {}
        calls.append((str(item.get("id") or ""), str(name or ""), {} if args is None else args))
    return calls


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _vapi_caller(message: Mapping[str, Any]) -> tuple[str | None, str | None]:
    call = _dict(message.get("call"))
    customer = _dict(call.get("customer"))
    outer = _dict(message.get("customer"))
    phone = _number(customer.get("number"), "message.call.customer.number") or _number(
        outer.get("number"), "message.customer.number"
    )
    call_id = call.get("id")
    if call_id is None:
        return phone, None
    return phone, _text(call, "id", "message.call.id")


async def vapi_event(
    store: Store, app: HubSpotApp, agent_id: str, body: bytes, headers: Mapping[str, str]
) -> dict[str, Any]:
    """One Vapi server message: ``tool-calls``, ``assistant-request``; others acknowledged."""
    agent = authenticate(store, agent_id, "vapi", lambda s: vapi_credential_ok(s, headers))
    payload = _json_body(body)
    message = _object(payload, "message", "message")
    kind = message.get("type")
    phone, call_id = _vapi_caller(message)
    if kind == "tool-calls":
        if call_id is None:
            raise Invalid(
                "invalid_body",
                "message.call.id is required",
                [problem("message.call.id", "required")],
            )
        runner = _runner(store, app, agent)
        results = []
        for tool_call_id, name, args in vapi_tool_calls(message):
            result = await _run(runner, name, args, call_id, phone)
            data = result.to_json()
            field = "result" if result.status in _ANSWERS else "error"
            results.append({"toolCallId": tool_call_id, "name": name, field: one_line(data)})
        return {"results": results}
    if kind == "assistant-request":
        if agent.assistant_id is None:
            raise Conflict(
                "no_assistant_id",
                "no Vapi assistantId is set for this agent: PUT "
                f"/api/v1/agents/{agent_id}/platforms/vapi with assistantId",
            )
        known = None
        if phone is not None:
            runner = _runner(store, app, agent)
            known = await recognise(runner.runtime, runner.memory, phone, call_id)
        return {
            "assistantId": agent.assistant_id,
            "assistantOverrides": {"variableValues": caller_variables(known)},
        }
    return {}
