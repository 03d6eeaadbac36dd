"""An agent's skills as LLM tool definitions: the one description every tool surface shares.

``skillc export`` (OpenAI, Anthropic, MCP JSON) and the MCP server list exactly these: the
skill's name, its LLM-facing description, its parameters as JSON Schema and the behaviour hints.
A gated skill's schema gains an optional ``confirmation`` argument: its first call answers
``needs_confirmation`` with a prompt and a token, the second call passes the token there.
Conversation context (the caller's phone, contact, verified identity) is never a parameter.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from compiler.runtime.artifact import Artifact

CONFIRMATION_ARGUMENT = "confirmation"

CONFIRMATION_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "Leave out on the first call. That call answers status needs_confirmation "
    "with a prompt: read it to the caller, and only if they agree call again with the same "
    "arguments and this set to the token it gave.",
}

_GATED_NOTE = (
    "Needs the caller's confirmation: the first call returns a prompt to read and a token; "
    "after the caller agrees, call again with the same arguments plus confirmation=<token>."
)
_VERIFIED_NOTE = "Only for a caller whose identity has been verified."


class ToolDefinitionError(Exception):
    """A skill cannot be offered as a tool (e.g. a parameter clashes with ``confirmation``)."""


@dataclass(frozen=True)
class ToolHints:
    """MCP tool annotations (hints): reads are read-only; find-or-create is idempotent."""

    read_only: bool
    destructive: bool | None
    idempotent: bool | None
    open_world: bool = False

    def to_json(self) -> dict[str, bool]:
        out = {"readOnlyHint": self.read_only}
        if self.destructive is not None:
            out["destructiveHint"] = self.destructive
        if self.idempotent is not None:
            out["idempotentHint"] = self.idempotent
        out["openWorldHint"] = self.open_world
        return out


@dataclass(frozen=True)
class ToolDefinition:
    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    hints: ToolHints
    gated: bool


def hints_for(artifact: Artifact) -> ToolHints:
    if not artifact.is_write:
        return ToolHints(read_only=True, destructive=None, idempotent=None)
    # Creating adds records; an update overwrites values (destructive). find_or_create returns
    # the existing record on a repeat, so it is the one idempotent write.
    return ToolHints(
        read_only=False,
        destructive=artifact.operation == "update",
        idempotent=artifact.operation == "find_or_create",
    )


def tool_definition(artifact: Artifact) -> ToolDefinition:
    schema = copy.deepcopy(artifact.parameters)
    schema["additionalProperties"] = False  # unknown arguments are refused at call time anyway
    schema.setdefault("properties", {})
    description = artifact.description.strip() or f"{artifact.name} ({artifact.object.name})"
    notes = []
    if artifact.gated:
        if CONFIRMATION_ARGUMENT in schema["properties"]:
            raise ToolDefinitionError(
                f"skill {artifact.name}: its parameter `{CONFIRMATION_ARGUMENT}` clashes with "
                "the confirmation token argument of gated tools; rename the parameter"
            )
        schema["properties"][CONFIRMATION_ARGUMENT] = dict(CONFIRMATION_SCHEMA)
        notes.append(_GATED_NOTE)
    if artifact.needs_verified_identity:
        notes.append(_VERIFIED_NOTE)
    if notes:
        description = " ".join([description, *notes])
    return ToolDefinition(
        name=artifact.name,
        title=artifact.name.replace("_", " ").capitalize(),
        description=description,
        input_schema=schema,
        hints=hints_for(artifact),
        gated=artifact.gated,
    )


def tool_definitions(artifacts: dict[str, Artifact]) -> list[ToolDefinition]:
    """The tools of these skills, sorted by name."""
    return [tool_definition(artifacts[name]) for name in sorted(artifacts)]
