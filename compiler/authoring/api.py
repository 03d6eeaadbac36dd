"""``author(goal, schema, object=None, ...)``: the library function behind every shell."""

from __future__ import annotations

from compiler.account.model import AccountSchema
from compiler.authoring.engine import author_offline, validate_goal
from compiler.authoring.llm import ModelConfig, author_with_model
from compiler.authoring.result import AuthorResult


def author(
    goal: str,
    schema: AccountSchema,
    object: str | None = None,
    *,
    region: str | None = None,
    model: ModelConfig | None = None,
) -> AuthorResult:
    """Author a binding for ``goal`` on ``schema``'s account (``object`` narrows the object).

    With ``model`` (see ``llm.model_from_env``) the model writes the binding and the checker
    judges it; when the model fails or its answers keep being rejected, the offline engine
    answers instead. Never returns a binding the checker rejects.
    """
    checked = validate_goal(goal)
    if isinstance(checked, AuthorResult):
        return checked
    if object is not None and not object.strip():
        object = None
    if model is not None:
        answer = author_with_model(checked, schema, object, region, model)
        if answer is not None:
            return answer
    return author_offline(checked, schema, object, region)
