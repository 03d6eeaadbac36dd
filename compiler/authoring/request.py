"""The `bindings/auto` request, whole: validate the body, author, and save when asked.

`POST /api/v1/agents/{agentId}/integrations/hubspot/bindings/auto` is a shell over
``auto_binding``: it loads the account's schema, wraps the agent's draft in a ``SkillDraft`` and
answers ``{"data": auto_binding(...)}`` with 200, also when the goal is ambiguous or impossible
(``ok: false``). A ``SaveError`` is the caller's mistake: ``exists`` is a conflict (409), the
others are invalid requests (422).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from compiler.account.model import AccountSchema
from compiler.authoring.api import author
from compiler.authoring.llm import ModelConfig
from compiler.authoring.save import (
    SaveError,
    SkillDraft,
    exists_message,
    save_result,
    validate_save,
)


class AutoRequest(BaseModel):
    """``{"goal", "object"?, "save"?: false, "name"?, "replace"?: false}``."""

    model_config = ConfigDict(extra="forbid")

    goal: str = Field(min_length=1, max_length=2000)
    object: str | None = None
    save: bool = False
    name: str | None = None
    replace: bool = False


def auto_binding(
    body: AutoRequest,
    schema: AccountSchema,
    draft: SkillDraft | None = None,
    *,
    model: ModelConfig | None = None,
) -> dict[str, Any]:
    """Author ``body.goal``; with ``save``, store a checked binding as skill ``body.name``.

    ``save`` without a name, or with a name already in the draft (and no ``replace``), raises
    ``SaveError`` before anything is written. A result that is not ok is never saved.
    """
    name = validate_save(body.save, body.name)
    if name is not None:
        if draft is None:
            raise ValueError("saving needs the agent's draft")
        if not body.replace and draft.has_skill(name):
            raise SaveError("exists", exists_message(name))  # before any authoring work
    result = author(body.goal, schema, body.object, model=model)
    if name is not None and draft is not None and result.ok:
        save_result(draft, result, name, body.goal, replace=body.replace)
    return result.to_json()
