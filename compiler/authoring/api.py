"""``author(goal, schema, object=None, ...)``: the library function behind every shell."""

from __future__ import annotations

from compiler.account.model import AccountSchema
from compiler.authoring.engine import author_offline, validate_goal
from compiler.authoring.result import AuthorResult


def author(
    goal: str,
    schema: AccountSchema,
    object: str | None = None,  # noqa: A002 - the API's own field name
    *,
    region: str | None = None,
) -> AuthorResult:
    """Author a binding for ``goal`` on ``schema``'s account (``object`` narrows the object)."""
    checked = validate_goal(goal)
    if isinstance(checked, AuthorResult):
        return checked
    return author_offline(checked, schema, object, region)
