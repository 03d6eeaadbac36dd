"""Saving an authored binding as a skill of an agent's draft (`save`, `name`, `replace`).

The draft itself lives behind ``SkillDraft`` (the service keeps it in its store, tests in
memory); this module holds only the rules: ``save`` needs a ``name``, a name already in the
draft is never overwritten unless ``replace``, and only a checked binding is ever saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from compiler.authoring.result import AuthorResult

SKILL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
# What a saved write skill asks the caller before it writes, when its author gave nothing else.
WRITE_CONFIRMATION = "Shall I go ahead and save that?"


class SkillDraft(Protocol):
    """An agent's draft skills, as the save rules need them."""

    def has_skill(self, name: str) -> bool: ...

    def put_skill(self, name: str, skill: dict[str, Any]) -> None:
        """Compile and store ``skill`` under ``name``, replacing what is there.

        ``skill`` is the JSON form of a binding skill: ``{"name", "description", "binding",
        "confirmation"?, "inputs"}``, the body `POST .../integrations/hubspot/bindings` takes.
        """
        ...


class SaveError(ValueError):
    """The request cannot be saved; ``code`` says why (``name-required``, ``bad-name``,
    ``exists``, ``not-authored``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Saved:
    name: str
    replaced: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "replaced": self.replaced}


def skill_spec(result: AuthorResult, name: str, goal: str) -> dict[str, Any]:
    """The skill a checked binding becomes: its binding plus what the agent and caller read."""
    assert result.ok and result.binding is not None and result.plan is not None
    write = result.plan.get("kind") != "search"
    params = result.plan.get("parameters", {}).get("properties", {})
    spec: dict[str, Any] = {
        "name": name,
        "description": f"{goal.strip()} ({result.explanation})" if result.explanation else goal,
        "binding": result.binding,
        "inputs": {p: f"The {p.replace('_', ' ')} to use." for p in params},
    }
    if write:
        spec["confirmation"] = WRITE_CONFIRMATION
    return spec


def validate_save(save: bool, name: str | None) -> str | None:
    """Check the request's `save`/`name` before any authoring work; the name to save under."""
    if not save:
        return None
    if name is None or not name.strip():
        raise SaveError("name-required", "`save` needs a `name` for the skill")
    if not SKILL_NAME.match(name):
        raise SaveError(
            "bad-name",
            f"`name` {name!r} must start with a letter and hold only letters, digits, _ and -"
            " (at most 64)",
        )
    return name


def exists_message(name: str) -> str:
    return f"the draft already has a skill named {name!r}; pass `replace` to overwrite it"


def save_result(
    draft: SkillDraft, result: AuthorResult, name: str, goal: str, *, replace: bool = False
) -> Saved:
    """Save ``result`` as skill ``name``; an existing skill is kept unless ``replace``."""
    validate_save(True, name)
    if not result.ok or result.binding is None:
        raise SaveError("not-authored", "only a checked binding can be saved")
    exists = draft.has_skill(name)
    if exists and not replace:
        raise SaveError("exists", exists_message(name))
    draft.put_skill(name, skill_spec(result, name, goal))
    return Saved(name, exists)
