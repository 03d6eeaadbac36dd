"""The agent interface and the rules written once against it: publish, restore, what is served.

A version is an immutable snapshot of the draft's artifacts plus the schema fingerprint they
were compiled against. Calls serve the latest published version when there is one, else the
draft (the CLI; the service serves published versions only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from compiler.packs.install import AgentStore
from compiler.packs.loaded import ArtifactProblem, load_artifact


class PublishRefused(Exception):
    """The draft cannot be published; ``problems`` names each skill and why."""

    def __init__(self, message: str, problems: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class UnknownVersion(LookupError):
    pass


@dataclass(frozen=True)
class Version:
    version: int
    published_at: float  # epoch seconds
    schema_fingerprint: str | None
    skills: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "publishedAt": datetime.fromtimestamp(self.published_at, UTC)
            .isoformat()
            .replace("+00:00", "Z"),
            "schemaFingerprint": self.schema_fingerprint,
            "skills": self.skills,
        }


class Agent(AgentStore, Protocol):
    """An agent: its draft (``AgentStore``: installed digests, apply) plus versions."""

    def draft_skills(self) -> dict[str, dict[str, Any]]:
        """Skill name → artifact of the draft now."""
        ...

    def replace_draft(self, skills: Mapping[str, dict[str, Any]]) -> None:
        """Make the draft hold exactly ``skills`` (all or nothing)."""
        ...

    def snapshot(
        self, skills: Mapping[str, dict[str, Any]], fingerprint: str | None, published_at: float
    ) -> Version:
        """Store a new version (the next number) holding ``skills``; never changes an old one."""
        ...

    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        ...

    def version_skills(self, version: int) -> dict[str, dict[str, Any]]:
        """The artifacts of ``version``; raises :class:`UnknownVersion`."""
        ...


# Checks one draft artifact against the schema it will be served with: None when it still
# compiles, else why not.
SkillCheck = Callable[[str, dict[str, Any]], str | None]


def draft_fingerprint(skills: Mapping[str, dict[str, Any]]) -> str | None:
    prints = {a.get("schemaFingerprint") for a in skills.values()}
    prints.discard(None)
    return str(next(iter(prints))) if len(prints) == 1 else None


def publish(
    agent: Agent,
    *,
    fingerprint: str | None = None,
    check: SkillCheck | None = None,
    clock: Callable[[], float] | None = None,
) -> Version:
    """Snapshot the draft as the next version.

    ``fingerprint``: the schema the draft is served against (the connection's current one);
    without it, the one the draft's artifacts share. ``check`` refuses a skill that no longer
    compiles against it.
    """
    import time

    skills = agent.draft_skills()
    if not skills:
        raise PublishRefused("the draft has no skills; install a pack or author a binding first")
    # An artifact the runtime would refuse (changed after compilation, not an artifact) is
    # never published: the same loader ``install`` and the runtime trust.
    unusable: list[dict[str, str]] = []
    for name, artifact in sorted(skills.items()):
        try:
            load_artifact(artifact, where=name)
        except ArtifactProblem as exc:
            unusable.append({"skill": name, "message": exc.reason})
    if unusable:
        others = ", ".join(p["skill"] for p in unusable[1:])
        also = f" (also: {others})" if others else ""
        raise PublishRefused(f"cannot publish: {unusable[0]['message']}{also}", unusable)
    problems: list[dict[str, str]] = []
    if check is not None:
        for name, artifact in sorted(skills.items()):
            why = check(name, artifact)
            if why is not None:
                problems.append({"skill": name, "message": why})
    if problems:
        names = ", ".join(p["skill"] for p in problems)
        raise PublishRefused(
            f"cannot publish: {names} no longer compile(s) against the current schema "
            f"({problems[0]['message']})",
            problems,
        )
    chosen = fingerprint if fingerprint is not None else draft_fingerprint(skills)
    return agent.snapshot(skills, chosen, (clock or time.time)())


def restore(agent: Agent, version: int) -> dict[str, dict[str, Any]]:
    """Put ``version``'s skills into the draft (replacing it); returns them."""
    skills = agent.version_skills(version)
    agent.replace_draft(skills)
    return skills


def latest(agent: Agent) -> Version | None:
    found = agent.versions()
    return found[-1] if found else None


@dataclass(frozen=True)
class Served:
    """What a call serves: a published version's skills, or the draft's."""

    source: str  # "published" | "draft"
    version: int | None
    skills: dict[str, dict[str, Any]]

    def describe(self) -> str:
        if self.source == "published":
            return f"published version {self.version}"
        return "the draft (no published version)"


def served(agent: Agent, *, published_only: bool = False) -> Served | None:
    """The latest published version, else (unless ``published_only``) the draft."""
    newest = latest(agent)
    if newest is not None:
        return Served("published", newest.version, agent.version_skills(newest.version))
    if published_only:
        return None
    return Served("draft", None, agent.draft_skills())
