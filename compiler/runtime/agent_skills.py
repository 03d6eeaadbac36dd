"""Which skills an agent directory serves: the one place that decides, for every command.

Today an agent directory holds a draft (``AGENT_DIR/draft/skills/*.json``, written by ``skillc
install``); publishing adds versions, and the rule "the published version when there is one, else
the draft" belongs here, so ``call``, ``mcp``, ``export``, ``drift``, ``scopes`` and ``explain``
all follow it without knowing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.runtime.artifact import Artifact, ArtifactProblem, load_artifact

SKILLS_SUBDIR = Path("draft") / "skills"


class Unreadable:
    """A skill file that could not be read or decoded; its skill is refused, not the agent."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass(frozen=True)
class AgentSkills:
    """An agent's skill files as read: ``entries`` are (file name, skill name, decoded JSON or
    :class:`Unreadable`); ``version`` says which version they are ("draft")."""

    agent_dir: Path
    version: str
    directory: Path
    entries: list[tuple[str, str, Any]] = field(default_factory=list)

    def artifacts(self) -> tuple[dict[str, Artifact], dict[str, str]]:
        """The checked artifacts by name, and the refused skills by name with the reason."""
        good: dict[str, Artifact] = {}
        refused: dict[str, str] = {}
        for file_name, name, raw in self.entries:
            if isinstance(raw, Unreadable):
                refused[name] = raw.reason
                continue
            try:
                artifact = load_artifact(raw, where=file_name)
            except ArtifactProblem as exc:
                refused[name] = exc.reason
                continue
            if artifact.name != name:
                refused[name] = f"{file_name}: the file is named {name} but holds {artifact.name}"
                continue
            good[name] = artifact
        return good, refused


def load_agent_skills(agent_dir: str | Path) -> AgentSkills:
    """Read the skills ``agent_dir`` serves; FileNotFoundError when it has none installed.

    One unreadable file refuses its own skill only (see :meth:`AgentSkills.artifacts`).
    """
    root = Path(agent_dir)
    skills_dir = root / SKILLS_SUBDIR
    if not skills_dir.is_dir():
        raise FileNotFoundError(
            f"{skills_dir}: no installed skills (install a compiled pack first)"
        )
    entries: list[tuple[str, str, Any]] = []
    for file in sorted(skills_dir.glob("*.json")):
        try:
            raw: Any = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raw = Unreadable(f"{file.name}: cannot read the artifact ({exc})")
        entries.append((file.name, file.stem, raw))
    return AgentSkills(agent_dir=root, version="draft", directory=skills_dir, entries=entries)
