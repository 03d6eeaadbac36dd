"""Checks over a loaded skill that need no account schema, each placed on the YAML token at fault.

These run for ``skillc validate`` and again for ``skillc compile``: one binding per skill,
``read:`` holds a search and ``write:`` a create/update/find-or-create, gating cannot be turned
off, every write has a confirmation prompt, and templates parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from compiler.diagnostics import Diagnostic
from compiler.packs import templates
from compiler.packs.load import LoadedSkill
from compiler.packs.models import GATING_FLAGS
from compiler.packs.yamlsrc import Path

_FIRST_WORD = re.compile(r"(?:\s|#[^\n]*)*([A-Za-z_]+)")
_ARTICLED = {"create": "a create", "update": "an update", "find_or_create": "a find-or-create"}
_OPERATIONS = {"search": "search", "create": "create", "update": "update", "find": "find_or_create"}


def binding_field(skill: LoadedSkill) -> str | None:
    """``"read"`` or ``"write"``, whichever the skill uses (``read`` if both)."""
    if skill.spec.read is not None:
        return "read"
    if skill.spec.write is not None:
        return "write"
    return None


def binding_text(skill: LoadedSkill) -> str | None:
    return skill.spec.read if skill.spec.read is not None else skill.spec.write


def operation_of(text: str) -> tuple[str | None, int, int]:
    """The operation a binding's first keyword announces, and that word's offset range."""
    match = _FIRST_WORD.match(text)
    if match is None:
        return None, 0, 0
    return _OPERATIONS.get(match.group(1).lower()), match.start(1), match.end(1)


def forced_flags(operation: str | None) -> tuple[str, ...]:
    if operation in ("create", "find_or_create"):
        return ("gated", "confirm", "serial")
    if operation == "update":
        return GATING_FLAGS
    return ()


def fragment_diagnostic(
    skill: LoadedSkill, path: Path, code: str, message: str, start: int, end: int, hint: str | None
) -> Diagnostic:
    """A diagnostic at character offsets ``start``..``end`` of the string at ``path``."""
    value = str(getattr(skill.spec, str(path[0]), "") or "")
    line_start = value.rfind("\n", 0, start) + 1
    end_line_start = value.rfind("\n", 0, end) + 1
    local = Diagnostic(
        code=code,
        message=message,
        line=value.count("\n", 0, start) + 1,
        col=start - line_start + 1,
        end_line=value.count("\n", 0, end) + 1,
        end_col=end - end_line_start + 1,
        hint=hint,
    )
    return skill.source.map_fragment(path, local)


def check_binding_field(skill: LoadedSkill) -> list[Diagnostic]:
    spec, src = skill.spec, skill.source
    if spec.read is None and spec.write is None:
        return [
            src.diagnostic(
                "binding-missing",
                f"skill `{spec.name}` has no binding",
                src.key_span(("name",)),
                hint="add `read:` (a search) or `write:` (create, update, find or create)",
            )
        ]
    if spec.read is not None and spec.write is not None:
        return [
            src.diagnostic(
                "binding-both",
                "a skill has one binding: `read:` or `write:`, not both",
                src.key_span(("write",)),
                hint="split it into two skills",
            )
        ]
    field = binding_field(skill)
    text = binding_text(skill)
    assert field is not None and text is not None
    operation, start, end = operation_of(text)
    if operation is None:
        return []  # the syntax check explains what is wrong with the first word
    if field == "read" and operation != "search":
        return [
            fragment_diagnostic(
                skill,
                ("read",),
                "binding-kind",
                f"`read:` holds a search, not `{text[start:end]}`",
                start,
                end,
                "move this binding to `write:`",
            )
        ]
    if field == "write" and operation == "search":
        return [
            fragment_diagnostic(
                skill,
                ("write",),
                "binding-kind",
                "`write:` holds a create, update or find or create, not a search",
                start,
                end,
                "move this binding to `read:`",
            )
        ]
    return []


def skill_operation(skill: LoadedSkill) -> str | None:
    text = binding_text(skill)
    return operation_of(text)[0] if text is not None else None


def check_gating(skill: LoadedSkill) -> list[Diagnostic]:
    """Writes are gated, confirmed and serial; updates need a verified caller. Always.

    A flag may only ever be written as ``true``: ``false`` either tries to switch off what the
    operation forces, or states a read's default and would silently become an attempt to
    switch gating off once the binding turns into a write.
    """
    out: list[Diagnostic] = []
    operation = skill_operation(skill)
    forced = forced_flags(operation)
    for flag in GATING_FLAGS:
        if getattr(skill.spec, flag) is False:
            message = (
                f"`{flag}` cannot be turned off for {_ARTICLED.get(operation or '', 'this')} skill"
                if flag in forced
                else f"`{flag}` can only be set to true"
            )
            out.append(
                skill.source.diagnostic(
                    "gating-off",
                    message,
                    skill.source.value_span((flag,)),
                    hint=f"remove `{flag}: false`: writes are always gated, updates verified",
                )
            )
    return out


def check_confirmation(skill: LoadedSkill) -> list[Diagnostic]:
    if skill.spec.write is not None and skill.spec.confirmation is None:
        return [
            skill.source.diagnostic(
                "confirmation-missing",
                f"write skill `{skill.spec.name}` needs a `confirmation:` prompt for the caller",
                skill.source.key_span(("write",)),
                hint='e.g. confirmation: "Shall I open a ticket about {{ subject }}?"',
            )
        ]
    return []


def template_diagnostic(
    skill: LoadedSkill, field: str, problem: templates.TemplateProblem
) -> Diagnostic:
    text = str(getattr(skill.spec, field) or "")
    lines = text.split("\n")
    offset = sum(len(ln) + 1 for ln in lines[: problem.line - 1]) + problem.col - 1
    offset = max(0, min(offset, len(text)))
    end = min(len(text), offset + problem.length)
    return fragment_diagnostic(
        skill, (field,), problem.code, problem.message, offset, end, problem.hint
    )


def check_template_syntax(skill: LoadedSkill) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for field in ("confirmation", "result"):
        text = getattr(skill.spec, field)
        if text is not None:
            out.extend(template_diagnostic(skill, field, p) for p in templates.check_syntax(text))
    return out


STRUCTURE_CHECKS: tuple[Callable[[LoadedSkill], list[Diagnostic]], ...] = (
    check_binding_field,
    check_gating,
    check_confirmation,
    check_template_syntax,
)


def run_structure_checks(skill: LoadedSkill) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in STRUCTURE_CHECKS:
        out.extend(check(skill))
    return out
