"""Skill calls for agent platforms: the agent's published version, run by the runtime.

The runtime is reached through its public API only (``compiler.runtime``), so the shared state
it keeps (find-or-create claims, write order, used confirmations) is whatever the runtime uses.
The confirmation secret is the installation's, from the store, so a token issued by one
service process is accepted by another.
"""

from __future__ import annotations

import threading
from typing import Any

from compiler.product import agents
from compiler.product.accounts import Principal
from compiler.product.connections import client_for, require_connection
from compiler.product.hubspot_app import HubSpotApp
from compiler.runtime import Caller, Conversation, Runtime
from compiler.store import Store

SECRET_NAME = "runtime-confirmation-secret"

_RUNTIMES: dict[tuple[str, int, int, int], Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def _runtime(
    store: Store,
    app: HubSpotApp,
    principal: Principal,
    agent_id: str,
) -> Runtime:
    version, skills = agents.published_skills(store, principal, agent_id)
    connection = require_connection(store, principal.workspace_id)
    client = client_for(store, app, connection)
    # One runtime per published version and client in a process (skills are prepared once).
    key = (agent_id, version, connection.token_version, id(client))
    with _RUNTIMES_LOCK:
        found = _RUNTIMES.get(key)
    if found is not None:
        return found
    secret = bytes.fromhex(store.value(SECRET_NAME))
    runtime = Runtime(
        [(f"{name}.json", name, artifact) for name, artifact in sorted(skills.items())],
        client,
        secret=secret,
    )
    with _RUNTIMES_LOCK:
        if len(_RUNTIMES) > 256:
            _RUNTIMES.clear()
        _RUNTIMES[key] = runtime
    return runtime


async def call_skill(
    store: Store,
    app: HubSpotApp,
    principal: Principal,
    agent_id: str,
    skill: str,
    *,
    args: Any,
    conversation_id: str,
    caller_phone: str | None,
    caller_contact_id: str | None = None,
    verified: str | None,
    confirmation: str | None,
) -> dict[str, Any]:
    """Run ``skill`` of the agent's published version; returns the result as JSON."""
    runtime = _runtime(store, app, principal, agent_id)
    conversation = Conversation(
        id=conversation_id,
        caller=Caller(phone=caller_phone, contact_id=caller_contact_id),
        verified_identity=verified,
    )
    result = await runtime.call(skill, args, conversation, confirmation=confirmation)
    return result.to_json()


def forget_runtimes() -> None:
    with _RUNTIMES_LOCK:
        _RUNTIMES.clear()
