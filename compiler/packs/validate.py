"""``skillc validate``: structure and syntax of a pack without an account schema."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.diagnostics import Diagnostic, has_errors, sort_key
from compiler.packs import templates
from compiler.packs.checks import binding_field, run_structure_checks, template_diagnostic
from compiler.packs.load import LoadedSkill, load_bindings, load_pack, unique_skills
from compiler.packs.models import PackSpec


@dataclass
class ValidateResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    skills: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _params(node: Any, out: dict[str, bool]) -> None:
    """Collect ``{name}`` parameters (name → optional) from a parsed binding's IR."""
    from compiler.ir import Param

    if isinstance(node, Param):
        if not node.is_context and node.well_formed:
            out[node.name] = out.get(node.name, True) and node.optional
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            _params(getattr(node, f.name), out)
    elif isinstance(node, list | tuple):
        for item in node:
            _params(item, out)


def _check_names(skill: LoadedSkill, text: str) -> list[Diagnostic]:
    """Input descriptions and template names against the binding's parameters (no schema)."""
    from compiler.dsl import parse

    statement = parse(text).statement
    if statement is None:
        return []
    params: dict[str, bool] = {}
    _params(statement, params)
    out = [
        skill.source.diagnostic(
            "input-unknown",
            f"`{name}` is not a parameter of this skill's binding",
            skill.source.key_span(("inputs", name)),
            hint=f"parameters: {', '.join(sorted(params)) or 'none'}",
        )
        for name in skill.spec.inputs
        if name not in params
    ]
    for field_name, extra in (("confirmation", ()), ("result", templates.RESULT_VARIABLES)):
        template = getattr(skill.spec, field_name)
        if template is not None:
            problems = templates.check_names(template, [*params, *extra])
            out.extend(template_diagnostic(skill, field_name, p) for p in problems)
    return out


_OPERATIONS = {
    "Search": "search",
    "Create": "create",
    "Update": "update",
    "FindOrCreate": "find_or_create",
}


def _check_standard_scopes(skill: LoadedSkill, text: str, pack: PackSpec) -> list[Diagnostic]:
    """A pack skill on a standard object needs its scopes in pack.yaml (custom objects and
    misspelt names need the account's schema: `skillc compile` checks those)."""
    from compiler.account.standard_objects import STANDARD_OBJECTS
    from compiler.dsl import parse
    from compiler.packs.compile import check_scopes

    statement = parse(text).statement
    operation = _OPERATIONS.get(type(statement).__name__)
    ref = getattr(statement, "obj", None)
    if operation is None or ref is None:
        return []
    name = str(ref.text).lower()
    standard = next(
        (
            o
            for o in STANDARD_OBJECTS.values()
            if name in (o.name, o.object_type_id, o.singular.lower())
        ),
        None,
    )
    if standard is None:
        return []
    plan = {
        "kind": operation,
        "object": {"name": standard.name, "objectTypeId": standard.object_type_id},
    }
    return check_scopes(skill, plan, pack)


def validate_pack(
    pack_dir: str | Path, *, bindings_dir: str | Path | None = None
) -> ValidateResult:
    """Check YAML, models, binding syntax and template syntax of every skill.

    Raises ``PackLoadError`` when a directory cannot be read at all.
    """
    from compiler.binding import check_syntax

    loaded = load_pack(pack_dir)
    if bindings_dir is not None:
        load_bindings(bindings_dir, loaded)
    skills, duplicates = unique_skills(loaded)
    result = ValidateResult(
        diagnostics=[*loaded.diagnostics, *duplicates], sources=dict(loaded.sources)
    )
    for skill in skills:
        if not skill.checks_only:
            result.skills.append(skill.spec.name)
        structure = run_structure_checks(skill)
        result.diagnostics.extend(structure)
        field_name = binding_field(skill)
        if field_name is None or any(d.code in ("binding-both",) for d in structure):
            continue
        text = getattr(skill.spec, field_name)
        syntax = check_syntax(text)
        result.diagnostics.extend(skill.source.map_fragment((field_name,), d) for d in syntax)
        if not has_errors(syntax):
            result.diagnostics.extend(_check_names(skill, text))
            if loaded.pack is not None and skill.origin == "pack":
                result.diagnostics.extend(_check_standard_scopes(skill, text, loaded.pack))
    result.diagnostics.sort(key=sort_key)
    return result
