"""Will an agent's skills keep working? Drift of its published version against a fresh
discovery (:mod:`compiler.drift`), re-checked on a schedule, and the HubSpot scopes its skills
need against what the connection granted (:mod:`compiler.scopes`)."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import delete, func, select

from compiler.agents import interface
from compiler.agents.database import StoreAgent
from compiler.drift import drift
from compiler.product import agents, connections
from compiler.product.accounts import Principal
from compiler.product.errors import Conflict, ProductError
from compiler.product.hubspot_app import HubSpotApp
from compiler.product.ids import now
from compiler.runtime.artifact import Artifact, ArtifactProblem, load_artifact
from compiler.scopes import plan_scopes
from compiler.store import Store
from compiler.store.agents import Agent, AgentVersion
from compiler.store.connections import Connection
from compiler.store.platforms import DriftReportRow

log = logging.getLogger("skillc.health")


def _artifacts(skills: dict[str, dict[str, Any]]) -> dict[str, Artifact]:
    out: dict[str, Artifact] = {}
    for name, raw in sorted(skills.items()):
        try:
            out[name] = load_artifact(raw, where=name)
        except ArtifactProblem as exc:
            raise Conflict("artifact_invalid", f"skill {name}: {exc.reason}") from None
    return out


def _check(store: Store, workspace_id: str, agent_id: str, version: int) -> dict[str, Any]:
    schema, _ = connections.current_schema(store, workspace_id)
    skills = agents.version_skills(store, agent_id, version)
    report = drift(_artifacts(skills), schema, version=str(version)).to_json()
    checked = now()
    report["checkedAt"] = checked
    with store.transaction() as session:
        session.execute(delete(DriftReportRow).where(DriftReportRow.agent_id == agent_id))
        session.add(
            DriftReportRow(
                agent_id=agent_id,
                version=version,
                status=report["status"],
                checked_at=checked,
                report=json.dumps(report),
            )
        )
    return report


async def agent_drift(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str
) -> dict[str, Any]:
    """Re-discover the account, then re-check every skill of the agent's published version."""
    version, _skills = agents.published_skills(store, principal, agent_id)
    await connections.rediscover(store, app, principal.workspace_id)
    return _check(store, principal.workspace_id, agent_id, version)


def last_drift(store: Store, agent_id: str) -> dict[str, Any] | None:
    """The last stored report (the dashboard shows it)."""
    with store.transaction() as session:
        row = session.get(DriftReportRow, agent_id)
        text = row.report if row is not None else None
    return json.loads(text) if text else None


async def drift_sweep(store: Store, app: HubSpotApp) -> int:
    """Re-discover every connected workspace and re-check its published agents; returns how
    many agents were checked. A workspace whose discovery fails is logged and skipped."""
    with store.transaction() as session:
        workspaces = list(session.scalars(select(Connection.workspace_id)))
        published = list(
            session.execute(
                select(Agent.workspace_id, Agent.id, func.max(AgentVersion.version))
                .join(AgentVersion, AgentVersion.agent_id == Agent.id)
                .group_by(Agent.workspace_id, Agent.id)
            )
        )
    checked = 0
    for workspace_id in sorted(workspaces):
        mine = [(a, v) for w, a, v in published if w == workspace_id]
        if not mine:
            continue
        try:
            await connections.rediscover(store, app, workspace_id)
        except ProductError as exc:
            log.warning(
                "drift: discovery failed", extra={"workspace": workspace_id, "why": exc.code}
            )
            continue
        for agent_id, version in mine:
            try:
                _check(store, workspace_id, agent_id, int(version))
                checked += 1
            except ProductError as exc:
                log.warning("drift: check failed", extra={"agent": agent_id, "why": exc.code})
    return checked


def agent_scopes(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str
) -> dict[str, Any]:
    """The scopes the agent's skills need (published version, else the draft), what the
    connection granted, what is missing, and a re-consent URL asking for it."""
    agents.get_agent(store, principal, agent_id)  # 404 for another workspace's agent
    agent = StoreAgent(store, agent_id)
    chosen = interface.served(agent, published_only=False)
    skills = chosen.skills if chosen is not None else {}
    connection = connections.connection_of(store, principal.workspace_id)
    schema = None
    granted: list[str] = []
    if connection is not None:
        granted = connection.scopes.split()
        schema, _ = connections.current_schema(store, principal.workspace_id)
    plan = plan_scopes(_artifacts(skills), granted=granted, schema=schema)
    url = None
    if plan.missing:
        # A consent replaces the grant: ask for what is granted now plus what is missing.
        ask = tuple(sorted(set(granted) | set(plan.required)))
        url = connections.oauth_url(
            store, app, principal, agent_id=agent_id, required=ask, optional=tuple(plan.optional)
        )
    version = chosen.version if chosen is not None else None
    return plan.to_json() | {
        "version": version if version is not None else "draft",
        "granted": sorted(granted),
        "reconsentUrl": url,
    }
