"""Skill calls for agent platforms: the agent's published version, run by the runtime.

The runtime is reached through its public API only (``compiler.runtime``), so the shared state
it keeps (find-or-create claims, write order, used confirmations) is whatever the runtime uses.
The confirmation secret is the installation's, from the store, so a token issued by one
service process is accepted by another.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, func, select

from compiler.product import agents
from compiler.product.accounts import KEY_PREFIX, Principal, key_digest, require_scope
from compiler.product.connections import client_for, is_connected
from compiler.product.errors import Conflict, NotFound, Unauthorized
from compiler.product.hubspot_app import HubSpotApp
from compiler.runtime import Caller, Conversation, Runtime
from compiler.runtime.agent_state import store_runtime_options
from compiler.store import Store
from compiler.store.accounts import ApiKey, Workspace
from compiler.store.agents import Agent, AgentVersion
from compiler.store.connections import Connection

_RUNTIMES: dict[tuple[str, int, int, int], Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


@dataclass(frozen=True)
class CallContext:
    """What one call request needs from the store, read in one short transaction: who the key
    is, and the agent's latest published version and the workspace's connection.

    Errors about the agent (404, 409) are kept for :func:`call_skill`, so a request is answered
    in the same order as before: the key (401, 403), then the body (422), then the agent."""

    principal: Principal
    agent_id: str
    agent_found: bool
    version: int | None
    connection: Connection | None


def call_context(store: Store, key: str, agent_id: str, scope: str) -> CallContext:
    """Authenticate ``key`` for ``scope`` and read the call's context: one read statement.

    The key, the agent (only when it is the key's workspace's), its latest version and the
    workspace's connection come in one row, so on PostgreSQL the whole context is one round trip
    and one snapshot, and on SQLite a read that never takes the write lock."""
    if not key.startswith(KEY_PREFIX):
        raise Unauthorized("unauthorized", "unknown API key")
    with store.reading() as connection:
        row = connection.execute(
            _BY_KEY, {"digest": key_digest(key), "agent_id": _lookup_id(agent_id)}
        ).first()
    if row is None:
        raise Unauthorized("unauthorized", "unknown API key")
    principal = Principal(row.user_id, row.workspace_id, frozenset(row.scopes.split()), row.key_id)
    require_scope(principal, scope)
    return _context(principal, agent_id, row)


def _read_context(store: Store, principal: Principal, agent_id: str) -> CallContext:
    """The same context for a principal already known (MCP over HTTP, platform webhooks)."""
    with store.reading() as connection:
        row = connection.execute(
            _BY_WORKSPACE,
            {"workspace_id": principal.workspace_id, "agent_id": _lookup_id(agent_id)},
        ).first()
    return _context(principal, agent_id, row)


def _lookup_id(agent_id: str) -> str:
    # No id holds NUL, and PostgreSQL text refuses it (a 500): look up one no agent has.
    return "" if "\x00" in agent_id else agent_id


def _context(principal: Principal, agent_id: str, row: Row[Any] | None) -> CallContext:
    if row is None or row.agent_id is None:
        return CallContext(principal, agent_id, False, None, None)
    connection = None
    if row.c_id is not None:
        connection = Connection(**{name: row._mapping[label] for name, label in _CONNECTION})
    return CallContext(principal, agent_id, True, row.version, connection)


_CONNECTION = [(column.key, f"c_{column.key}") for column in Connection.__table__.columns]


def _context_query(workspace: Any, *columns: Any) -> Select[Any]:
    """``columns`` of the row found by the caller's WHERE, with the agent ``:agent_id`` when it
    belongs to ``workspace`` (a column of that row), its latest version and the connection."""
    latest = (
        select(func.max(AgentVersion.version))
        .where(AgentVersion.agent_id == Agent.id)
        .scalar_subquery()
    )
    connection_columns = [Connection.__table__.c[name].label(label) for name, label in _CONNECTION]
    return (
        select(*columns, Agent.id.label("agent_id"), latest.label("version"), *connection_columns)
        .select_from(workspace.table)
        .outerjoin(Agent, and_(Agent.id == bindparam("agent_id"), Agent.workspace_id == workspace))
        .outerjoin(Connection, Connection.workspace_id == workspace)
    )


# Built once: SQLAlchemy then reuses their compiled form without rebuilding the cache key.
_BY_KEY = _context_query(
    ApiKey.__table__.c.workspace_id,
    ApiKey.user_id,
    ApiKey.workspace_id,
    ApiKey.scopes,
    ApiKey.id.label("key_id"),
).where(ApiKey.digest == bindparam("digest"))
_BY_WORKSPACE = _context_query(Workspace.__table__.c.id).where(
    Workspace.id == bindparam("workspace_id")
)


def _published(context: CallContext) -> tuple[int, Connection]:
    if not context.agent_found:
        raise NotFound("agent_not_found", f"no agent {context.agent_id!r} in this workspace")
    if context.version is None:
        raise Conflict(
            "not_published", "this agent has no published version: POST .../publish first"
        )
    if context.connection is None or not is_connected(context.connection):
        raise Conflict(
            "not_connected",
            "HubSpot is not connected in this workspace: POST /integrations/hubspot/connect",
        )
    return context.version, context.connection


def _runtime(store: Store, app: HubSpotApp, context: CallContext) -> Runtime:
    # Versions are immutable: a process builds one runtime per published version and client,
    # so a call costs the one short read transaction of call_context.
    version, connection = _published(context)
    agent_id = context.agent_id
    client = client_for(store, app, connection)
    key = (agent_id, version, connection.token_version, id(client))
    with _RUNTIMES_LOCK:
        found = _RUNTIMES.get(key)
    if found is not None:
        return found
    skills = agents.version_skills(store, agent_id, version)
    runtime = Runtime(
        [(f"{name}.json", name, artifact) for name, artifact in sorted(skills.items())],
        client,
        **store_runtime_options(store),
    )
    with _RUNTIMES_LOCK:
        if len(_RUNTIMES) > 256:
            _RUNTIMES.clear()
        _RUNTIMES[key] = runtime
    return runtime


async def call_skill(
    store: Store,
    app: HubSpotApp,
    context: CallContext,
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
    runtime = _runtime(store, app, context)
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
    return _runtime(store, app, _read_context(store, principal, agent_id))
