"""Reading an agent directory for the commands that serve or inspect its skills.

Not a command itself: ``mcp``, ``export``, ``drift``, ``scopes`` and ``explain`` share it, so each
says on stderr which version (published or draft) it used, in the same words.
"""

from __future__ import annotations

import sys

from compiler.cli.common import CliError
from compiler.runtime.agent_skills import AgentSkills, load_agent_skills
from compiler.runtime.artifact import Artifact


def read_agent(command: str, agent_dir: str) -> tuple[AgentSkills, dict[str, Artifact]]:
    """The agent's skills and its usable artifacts; refused skills are named on stderr."""
    try:
        skills = load_agent_skills(agent_dir)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise CliError(str(exc)) from None
    artifacts, refused = skills.artifacts()
    print(
        f"skillc {command}: {agent_dir}: using the {skills.version} "
        f"({len(artifacts)} skill{'s' if len(artifacts) != 1 else ''})",
        file=sys.stderr,
    )
    for name, reason in sorted(refused.items()):
        print(f"skillc {command}: skill {name} left out: {reason}", file=sys.stderr)
    return skills, artifacts
