"""Skill calls for agent platforms: the agent's published version, run by the runtime.

The runtime is reached through its public API only (``compiler.runtime``), so the shared state
it keeps (find-or-create claims, write order, used confirmations) is whatever the runtime uses.
The confirmation secret is the installation's, from the store, so a token issued by one
service process is accepted by another.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from compiler.product import agents
from compiler.product.accounts import Principal
from compiler.product.connections import client_for
from compiler.product.errors import Conflict, NotFound
from compiler.product.hubspot_app import HubSpotApp
from compiler.runtime import Caller, Conversation, Runtime
from compiler.store import Store
from compiler.store.agents import Agent, AgentVersion
from compiler.store.connections import Connection

SECRET_NAME = "runtime-confirmation-secret"

_RUNTIMES: dict[tuple[str, int, int, int], Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def _runtime(
    store: Store,
    app: HubSpotApp,
    principal: Principal,
    agent_id: str,
) -> Runtime:
    # Versions are immutable: a process builds one runtime per published version and client,
    # so a call costs one short read transaction (agent, latest version, connection).
    version, connection = _call_context(store, principal, agent_id)
    client = client_for(store, app, connection)
    key = (agent_id, version, connection.token_version, id(client))
    with _RUNTIMES_LOCK:
        found = _RUNTIMES.get(key)
    if found is not None:
        return found
    skills = agents.version_skills(store, agent_id, version)
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


def _call_context(store: Store, principal: Principal, agent_id: str) -> tuple[int, Connection]:
    with store.transaction() as session:
        agent = session.get(Agent, agent_id)
        if agent is None or agent.workspace_id != principal.workspace_id:
            raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")
        version = session.scalar(
            select(func.max(AgentVersion.version)).where(AgentVersion.agent_id == agent_id)
        )
        connection = session.scalar(
            select(Connection).where(Connection.workspace_id == principal.workspace_id)
        )
    if version is None:
        raise Conflict(
            "not_published", "this agent has no published version: POST .../publish first"
        )
    if connection is None:
        raise Conflict(
            "not_connected",
            "HubSpot is not connected in this workspace: POST /integrations/hubspot/connect",
        )
    return version, connection


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


def published_runtime(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str
) -> Runtime:
    """The runtime of the agent's published version (MCP over HTTP and platform webhooks)."""
    return _runtime(store, app, principal, agent_id)
