"""``skillc validate``: structure and syntax of a pack without an account schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import Diagnostic, has_errors, sort_key
from compiler.packs.checks import binding_field, run_structure_checks
from compiler.packs.load import check_unique_names, load_bindings, load_pack


@dataclass
class ValidateResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    skills: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


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
    check_unique_names(loaded)
    result = ValidateResult(diagnostics=list(loaded.diagnostics), sources=dict(loaded.sources))
    for skill in loaded.skills:
        result.skills.append(skill.spec.name)
        structure = run_structure_checks(skill)
        result.diagnostics.extend(structure)
        field_name = binding_field(skill)
        if field_name is None or any(d.code in ("BINDING_BOTH",) for d in structure):
            continue
        text = getattr(skill.spec, field_name)
        result.diagnostics.extend(
            skill.source.map_fragment((field_name,), d) for d in check_syntax(text)
        )
    result.diagnostics.sort(key=sort_key)
    return result
