"""Compile one binding: parse → check against the account schema → plan.

The whole path is pure (no I/O): the caller loads the schema and renders the diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler import ir
from compiler.account.model import AccountSchema
from compiler.check import (
    MAX_SEARCH_BODY,
    check,
    check_search_size,
    make_context,
    parameter_problems,
)
from compiler.diagnostics import Diagnostic, has_errors, sort_key
from compiler.dsl import parse
from compiler.plan import Plan, build_plan
from compiler.steps import SearchStep, step_json

# Deeper conditions are refused before any check walks them (and recursion could run out).
MAX_NESTING = 50


@dataclass(frozen=True, slots=True)
class BindingResult:
    plan: Plan | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not has_errors(self.diagnostics)


def check_syntax(text: str) -> tuple[Diagnostic, ...]:
    """Diagnostics that need no schema (syntax, malformed parameters), for `skillc validate`."""
    parsed = parse(text)
    if parsed.statement is None:
        return parsed.diagnostics
    found = [*parsed.diagnostics, *parameter_problems(parsed.statement)]
    return tuple(sorted(found, key=sort_key))


def compile_binding(
    text: str, schema: AccountSchema, *, default_region: str | None = None
) -> BindingResult:
    """Compile ``text`` against ``schema``. Positions in diagnostics are inside ``text``."""
    parsed = parse(text)
    if parsed.statement is None:
        return BindingResult(None, parsed.diagnostics)
    stmt = parsed.statement
    if isinstance(stmt, ir.Search) and ir.nesting_depth(stmt.where) > MAX_NESTING:
        span = stmt.where_span
        too_deep = Diagnostic(
            "too-complex",
            f"the condition nests `not`, `and` and `or` more than {MAX_NESTING} levels deep",
            span.line,
            span.col,
            span.end_line,
            span.end_col,
            "simplify the condition; HubSpot takes at most 5 groups of 6 filters anyway",
        )
        return BindingResult(None, (*parsed.diagnostics, too_deep))
    ctx = make_context(stmt, schema, default_region)
    found = list(parsed.diagnostics) + check(ctx)
    found.sort(key=sort_key)
    if has_errors(found):
        return BindingResult(None, tuple(found))
    plan = build_plan(ctx)
    # The whole body (slots included) is measured first, in pydantic's fast serializer: only a
    # body over the limit can have a floor over it.
    too_long = [
        d
        for step in plan.steps
        if isinstance(step, SearchStep) and len(step.body.model_dump_json()) > MAX_SEARCH_BODY
        for d in check_search_size(stmt, [step_json(step)])
    ]
    if too_long:
        return BindingResult(None, tuple(sorted([*found, *too_long], key=sort_key)))
    return BindingResult(plan, tuple(found))
