"""Which skills an agent directory serves: the one place that decides, for every command.

An agent directory holds a draft (``AGENT_DIR/draft/skills/*.json``, written by ``skillc
install``) and the versions ``skillc publish`` wrote (``AGENT_DIR/versions/<n>/skills/*.json``
with ``version.json``, never changed afterwards). The rule "the latest published version when
there is one, else the draft" lives here, so ``call``, ``mcp``, ``export``, ``drift``, ``scopes``
and ``explain`` all follow it without knowing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.runtime.artifact import Artifact, ArtifactProblem, load_artifact

SKILLS_SUBDIR = Path("draft") / "skills"
VERSIONS_DIR = "versions"
VERSION_FILE = "version.json"


def published_versions(agent_dir: str | Path) -> list[int]:
    """The numbers of the versions published in ``agent_dir``, oldest first."""
    folder = Path(agent_dir) / VERSIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        int(p.name) for p in folder.iterdir() if p.name.isdigit() and (p / VERSION_FILE).is_file()
    )


class Unreadable:
    """A skill file that could not be read or decoded; its skill is refused, not the agent."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass(frozen=True)
class AgentSkills:
    """An agent's skill files as read: ``entries`` are (file name, skill name, decoded JSON or
    :class:`Unreadable`); ``version`` says which they are ("draft", "published version 2")."""

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
    """Read the skills ``agent_dir`` serves: its latest published version, else its draft.

    FileNotFoundError when it has neither. One unreadable file refuses its own skill only (see
    :meth:`AgentSkills.artifacts`).
    """
    root = Path(agent_dir)
    published = published_versions(root)
    if published:
        number = published[-1]
        skills_dir = root / VERSIONS_DIR / str(number) / "skills"
        version = f"published version {number}"
    else:
        skills_dir = root / SKILLS_SUBDIR
        version = "draft"
    if not skills_dir.is_dir():
        raise FileNotFoundError(
            f"{skills_dir}: no installed skills (install a compiled pack first)"
        )
    return AgentSkills(
        agent_dir=root, version=version, directory=skills_dir, entries=read_entries(skills_dir)
    )


def read_entries(skills_dir: Path) -> list[tuple[str, str, Any]]:
    """(file name, skill name, decoded JSON or :class:`Unreadable`) of each ``*.json``."""
    entries: list[tuple[str, str, Any]] = []
    for file in sorted(skills_dir.glob("*.json")):
        try:
            raw: Any = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raw = Unreadable(f"{file.name}: cannot read the artifact ({exc})")
        entries.append((file.name, file.stem, raw))
    return entries
