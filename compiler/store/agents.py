"""Agents: the draft's skills (artifact plus the YAML it was compiled from) and immutable
published versions (a snapshot of the draft's artifacts and the schema fingerprint)."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class Agent(Base):
    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_agents_workspace_name"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[float] = mapped_column(Float)
    # Bumped by every draft change: publish and install serialize on it.
    draft_revision: Mapped[int] = mapped_column(Integer, default=0)


class DraftSkill(Base):
    __tablename__ = "draft_skills"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(20))  # "pack" | "binding"
    artifact: Mapped[str] = mapped_column(Text)  # JSON
    source: Mapped[str | None] = mapped_column(Text, nullable=True)  # the skill YAML


class AgentVersion(Base):
    __tablename__ = "agent_versions"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_at: Mapped[float] = mapped_column(Float)
    schema_fingerprint: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # JSON: [{"name", "digest", "origin", "artifact", "source"}]
    skills: Mapped[str] = mapped_column(Text)
