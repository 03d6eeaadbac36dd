"""Agents in the store (the service's agents): draft skills and versions as rows.

Every draft change and every publish bumps the agent's ``draft_revision`` in the same
transaction, so two writers to one agent serialize on that row (PostgreSQL row lock, SQLite's
write lock) and neither loses the other's skills.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from compiler.agents.interface import UnknownVersion, Version
from compiler.store import Store
from compiler.store.agents import Agent, AgentVersion, DraftSkill


class StoreAgent:
    """One agent of the store. ``sources``: skill name → (origin, YAML) for skills being
    applied, so a later publish can compile them again against a newer schema."""

    def __init__(self, store: Store, agent_id: str) -> None:
        self.store = store
        self.agent_id = agent_id
        self.sources: dict[str, tuple[str, str | None]] = {}

    def _lock(self, session: Session) -> None:
        session.execute(
            update(Agent)
            .where(Agent.id == self.agent_id)
            .values(draft_revision=Agent.draft_revision + 1)
        )

    def installed_digests(self) -> dict[str, str]:
        with self.store.transaction() as session:
            rows = session.execute(
                select(DraftSkill.name, DraftSkill.digest).where(
                    DraftSkill.agent_id == self.agent_id
                )
            )
            return {name: digest for name, digest in rows}

    def installed_accounts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, artifact in self.draft_skills().items():
            account = artifact.get("account")
            if isinstance(account, dict):
                out[name] = str(account.get("id", ""))
        return out

    def _put(self, session: Session, name: str, artifact: dict[str, Any]) -> None:
        origin, source = self.sources.get(
            name, ("pack" if artifact.get("pack") else "binding", None)
        )
        row = session.get(DraftSkill, (self.agent_id, name))
        if row is None:
            row = DraftSkill(agent_id=self.agent_id, name=name)
            session.add(row)
        row.digest = str(artifact["digest"])
        row.origin = origin
        row.artifact = json.dumps(artifact, sort_keys=True)
        row.source = source

    def apply(self, skills: Mapping[str, dict[str, Any]]) -> None:
        if not skills:
            return
        with self.store.transaction() as session:
            self._lock(session)
            for name, artifact in sorted(skills.items()):
                self._put(session, name, artifact)

    def draft_skills(self) -> dict[str, dict[str, Any]]:
        with self.store.transaction() as session:
            rows = session.scalars(
                select(DraftSkill).where(DraftSkill.agent_id == self.agent_id)
            ).all()
            return {row.name: json.loads(row.artifact) for row in rows}

    def draft_sources(self) -> dict[str, tuple[str, str | None]]:
        with self.store.transaction() as session:
            rows = session.execute(
                select(DraftSkill.name, DraftSkill.origin, DraftSkill.source).where(
                    DraftSkill.agent_id == self.agent_id
                )
            )
            return {name: (origin, source) for name, origin, source in rows}

    def replace_draft(self, skills: Mapping[str, dict[str, Any]]) -> None:
        with self.store.transaction() as session:
            self._lock(session)
            session.execute(delete(DraftSkill).where(DraftSkill.agent_id == self.agent_id))
            session.flush()
            for name, artifact in sorted(skills.items()):
                self._put(session, name, artifact)

    def snapshot(
        self, skills: Mapping[str, dict[str, Any]], fingerprint: str | None, published_at: float
    ) -> Version:
        sources = self.draft_sources()
        with self.store.transaction() as session:
            self._lock(session)
            number = (
                session.scalar(
                    select(func.max(AgentVersion.version)).where(
                        AgentVersion.agent_id == self.agent_id
                    )
                )
                or 0
            ) + 1
            entries = [
                {
                    "name": name,
                    "artifact": artifact,
                    "origin": sources.get(name, ("binding", None))[0],
                    "source": sources.get(name, ("binding", None))[1],
                }
                for name, artifact in sorted(skills.items())
            ]
            session.add(
                AgentVersion(
                    agent_id=self.agent_id,
                    version=number,
                    published_at=published_at,
                    schema_fingerprint=fingerprint,
                    skills=json.dumps(entries, sort_keys=True),
                )
            )
        return Version(number, published_at, fingerprint, sorted(skills))

    def versions(self) -> list[Version]:
        with self.store.transaction() as session:
            rows = session.scalars(
                select(AgentVersion)
                .where(AgentVersion.agent_id == self.agent_id)
                .order_by(AgentVersion.version)
            ).all()
            return [
                Version(
                    r.version,
                    r.published_at,
                    r.schema_fingerprint,
                    [e["name"] for e in json.loads(r.skills)],
                )
                for r in rows
            ]

    def latest_version(self) -> int | None:
        """The newest version's number (one cheap query; versions never change)."""
        with self.store.transaction() as session:
            return session.scalar(
                select(func.max(AgentVersion.version)).where(AgentVersion.agent_id == self.agent_id)
            )

    def _version_entries(self, version: int) -> list[dict[str, Any]]:
        with self.store.transaction() as session:
            row = session.get(AgentVersion, (self.agent_id, version))
            if row is None:
                raise UnknownVersion(f"no version {version} of this agent")
            entries: list[dict[str, Any]] = json.loads(row.skills)
            return entries

    def version_skills(self, version: int) -> dict[str, dict[str, Any]]:
        return {e["name"]: e["artifact"] for e in self._version_entries(version)}

    def restore_sources(self, version: int) -> None:
        """Remember the YAML of ``version``'s skills for the next ``replace_draft``."""
        for entry in self._version_entries(version):
            self.sources[entry["name"]] = (entry["origin"], entry.get("source"))
