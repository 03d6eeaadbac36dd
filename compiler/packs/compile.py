"""Compile a pack (and stand-alone bindings) against one account into skill artifacts.

Every skill is checked even when another one fails, so one run reports every problem. A skill's
artifact is built from the binding compiler's plan plus what the YAML says about it (description,
input descriptions, templates), then checked against the artifact model (the source of
``schemas/artifact.schema.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.account import AccountSchema
from compiler.diagnostics import Diagnostic, has_errors
from compiler.packs import templates
from compiler.packs.artifact import ARTIFACT_FORMAT, MANIFEST_FORMAT, TOOL_PARAM_NAME_PATTERN
from compiler.packs.checks import (
    binding_field,
    forced_flags,
    run_structure_checks,
    template_diagnostic,
)
from compiler.packs.emit import (
    MANIFEST_FILE,
    file_bytes,
    model_errors,
    with_digest,
    write_output_dir,
)
from compiler.packs.load import (
    LoadedPack,
    LoadedSkill,
    load_bindings,
    load_pack,
    unique_skills,
)
from compiler.packs.models import GATING_FLAGS, BindingSpec, PackSpec

_TOOL_PARAM = re.compile(TOOL_PARAM_NAME_PATTERN)


@dataclass
class CompileResult:
    """Artifacts by skill name, the manifest, and every diagnostic of the run."""

    pack: PackSpec | None
    account: dict[str, str]
    fingerprint: str
    artifacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def manifest(self, *, partial: bool = False) -> dict[str, Any]:
        assert self.pack is not None
        return {
            "format": MANIFEST_FORMAT,
            "pack": {"name": self.pack.name, "version": self.pack.version},
            "account": self.account,
            "schemaFingerprint": self.fingerprint,
            "compilerVersion": __version__,
            "partial": partial,
            "skills": [
                {
                    "name": name,
                    "file": f"{name}.json",
                    "digest": art["digest"],
                    "kind": art["kind"],
                    "operation": art["operation"],
                    "origin": self.origins[name],
                }
                for name, art in self.artifacts.items()
            ],
            "failed": sorted(self.failed),
        }

    def files(self, *, partial: bool = False) -> dict[str, bytes]:
        """The output directory's files: one artifact per skill plus ``manifest.json``."""
        out = {f"{name}.json": file_bytes(art) for name, art in self.artifacts.items()}
        out[MANIFEST_FILE] = file_bytes(self.manifest(partial=partial))
        return out


def write_result(result: CompileResult, out_dir: str | Path, *, partial: bool = False) -> bool:
    """Write a compile to ``out_dir`` when it may be written; return whether it was.

    A clean compile is always written. With errors, nothing is written unless ``partial`` and
    at least one skill compiled (and pack.yaml itself loaded); then the manifest says
    ``partial: true`` and lists the skills left out. Raises ``OutputDirError``.
    """
    writable = result.pack is not None and (result.ok or (partial and bool(result.artifacts)))
    if writable:
        write_output_dir(out_dir, result.files(partial=not result.ok))
    return writable


def compile_pack(
    pack_dir: str | Path, schema: AccountSchema, *, bindings_dir: str | Path | None = None
) -> CompileResult:
    """Load ``pack_dir`` (and ``bindings_dir``) and compile every skill for ``schema``'s account.

    Raises ``PackLoadError`` when a directory cannot be read at all.
    """
    loaded = load_pack(pack_dir)
    if bindings_dir is not None:
        load_bindings(bindings_dir, loaded)
    return compile_loaded(loaded, schema)


def compile_loaded(loaded: LoadedPack, schema: AccountSchema) -> CompileResult:
    skills, duplicates = unique_skills(loaded)
    account = {"id": schema.account.id, "label": schema.account.label}
    result = CompileResult(
        pack=loaded.pack,
        account=account,
        fingerprint=schema.fingerprint or "",
        diagnostics=[*loaded.diagnostics, *duplicates],
        sources=dict(loaded.sources),
        failed=list(loaded.broken),
    )
    for skill in skills:
        artifact, diags = compile_skill(skill, schema, loaded.pack)
        result.diagnostics.extend(diags)
        if skill.checks_only:
            continue  # its field errors are reported; load listed it among the failed
        if artifact is None or has_errors(diags):
            result.failed.append(skill.spec.name)
        else:
            result.artifacts[skill.spec.name] = artifact
            result.origins[skill.spec.name] = skill.origin
    return result


def phone_region(skill: LoadedSkill, schema: AccountSchema, pack: PackSpec | None) -> str:
    """The account's own region wins; a binding's or the pack's default fills in for it."""
    if "defaultRegion" in schema.account.model_fields_set:
        return schema.account.defaultRegion
    if isinstance(skill.spec, BindingSpec) and skill.spec.defaults.phone_region:
        return skill.spec.defaults.phone_region
    if pack is not None and pack.defaults.phone_region:
        return pack.defaults.phone_region
    return schema.account.defaultRegion


def compile_skill(
    skill: LoadedSkill, schema: AccountSchema, pack: PackSpec | None
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Compile one skill; the artifact is ``None`` when any error was found."""
    from compiler.binding import compile_binding

    diags = run_structure_checks(skill)
    field_name = binding_field(skill)
    # A structure error (gating switched off, a missing prompt) does not hide what is wrong
    # with the binding itself: only a skill without exactly one binding stops here.
    if field_name is None or any(d.code == "binding-both" for d in diags):
        return None, diags
    text = getattr(skill.spec, field_name)
    region = phone_region(skill, schema, pack)
    compiled = compile_binding(text, schema, default_region=region)
    diags.extend(skill.source.map_fragment((field_name,), d) for d in compiled.diagnostics)
    if not compiled.ok or compiled.plan is None:
        return None, diags
    plan = compiled.plan.to_json()
    if pack is not None and skill.origin == "pack":
        diags.extend(check_scopes(skill, plan, pack))
    parameters = _parameters(skill, plan, diags)
    shape, returned = _result_shape(plan)
    _check_templates(skill, plan, parameters, shape, returned, diags)
    if has_errors(diags):
        return None, diags
    operation = plan["kind"]
    flags = {flag: bool(getattr(skill.spec, flag)) for flag in GATING_FLAGS}
    for flag in forced_flags(operation):
        flags[flag] = True
    line, col = skill.source.string_start((field_name,))
    artifact = with_digest(
        {
            "format": ARTIFACT_FORMAT,
            "name": skill.spec.name,
            "description": skill.spec.description.strip(),
            "pack": (
                {"name": pack.name, "version": pack.version}
                if pack is not None and skill.origin == "pack"
                else None
            ),
            "account": {"id": schema.account.id, "label": schema.account.label},
            "schemaFingerprint": schema.fingerprint,
            "compilerVersion": __version__,
            "kind": "read" if operation == "search" else "write",
            "operation": operation,
            "object": plan["object"],
            "parameters": parameters,
            "context": list(plan.get("context", [])),
            "flags": flags,
            "phoneRegion": region,
            "steps": plan["steps"],
            "result": {"shape": shape, "properties": returned},
            "templates": {"confirmation": skill.spec.confirmation, "result": skill.spec.result},
            "source": {"file": skill.stable_file, "line": line, "col": col},
        }
    )
    problems = model_errors(artifact)
    if problems:
        span = skill.source.key_span((field_name,))
        for message in problems:
            diags.append(
                skill.source.diagnostic(
                    "artifact-invalid",
                    f"the compiled skill breaks the artifact schema at {message}",
                    span,
                )
            )
        return None, diags
    return artifact, diags


def _parameters(
    skill: LoadedSkill, plan: dict[str, Any], diags: list[Diagnostic]
) -> dict[str, Any]:
    """The plan's parameter schema with the author's input descriptions merged in."""
    params = dict(plan["parameters"])
    properties = {name: dict(p) for name, p in params.get("properties", {}).items()}
    for name, description in skill.spec.inputs.items():
        if name not in properties:
            known = ", ".join(sorted(properties)) or "none"
            diags.append(
                skill.source.diagnostic(
                    "input-unknown",
                    f"`{name}` is not a parameter of this skill's binding",
                    skill.source.key_span(("inputs", name)),
                    hint=f"parameters: {known}",
                )
            )
            continue
        properties[name]["description"] = description.strip()
    for name in properties:
        if not _TOOL_PARAM.match(name):
            diags.append(
                skill.source.diagnostic(
                    "param-name",
                    f"parameter `{name}` is not a valid tool parameter name",
                    skill.source.key_span((binding_field(skill) or "read",)),
                )
            )
    params["properties"] = properties
    params.setdefault("required", [])
    params["additionalProperties"] = False
    return params


def needed_scopes(object_name: str, object_type_id: str, operation: str) -> list[str]:
    """The OAuth scopes a skill needs (FACTS.md section 7): read, and write for writes."""
    modes = ["read"] if operation == "search" else ["read", "write"]
    if operation in ("create", "update"):
        modes = ["write"]
    if object_name == "tickets":
        return ["tickets"]
    if object_type_id.startswith("2-"):
        return [f"crm.objects.custom.{m}" for m in modes]
    if object_name in ("calls", "notes"):
        object_name = "contacts"  # HubSpot guards engagements with the contact scopes
    return [f"crm.objects.{object_name}.{m}" for m in modes]


def check_scopes(skill: LoadedSkill, plan: dict[str, Any], pack: PackSpec) -> list[Diagnostic]:
    granted = set(pack.scopes.required) | set(pack.scopes.optional)
    obj = plan["object"]
    missing = [
        s for s in needed_scopes(obj["name"], obj["objectTypeId"], plan["kind"]) if s not in granted
    ]
    if not missing:
        return []
    field_name = binding_field(skill) or "read"
    return [
        skill.source.diagnostic(
            "scope-missing",
            f"skill `{skill.spec.name}` uses {obj['name']} but the pack does not request "
            + ", ".join(f"`{s}`" for s in missing),
            skill.source.key_span((field_name,)),
            hint="add it to `scopes.required` in pack.yaml (or `optional` for custom objects)",
        )
    ]


def _result_shape(plan: dict[str, Any]) -> tuple[str, list[str]]:
    """``one``/``many`` and the properties a result carries, read off the plan's steps."""
    steps = plan["steps"]
    if plan["kind"] == "search":
        step = steps[0]
        props = list(step.get("body", {}).get("properties", []))
        return str(step.get("result", "many")), props
    for step in steps:
        if step.get("op") in ("create", "update"):
            props = sorted(step.get("body", {}).get("properties", {}))
            return "one", props
    return "one", []


def _sample_value(schema: dict[str, Any]) -> Any:
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    return {"date": "2026-01-31", "date-time": "2026-01-31T09:00:00Z"}.get(
        str(schema.get("format")), "example"
    )


def _check_templates(
    skill: LoadedSkill,
    plan: dict[str, Any],
    parameters: dict[str, Any],
    shape: str,
    returned: list[str],
    diags: list[Diagnostic],
) -> None:
    props = parameters.get("properties", {})
    required = set(parameters.get("required", []))
    args = {name: _sample_value(p) for name, p in props.items()}
    optional = [name for name in props if name not in required]
    record = {name: "example" for name in returned} | {"id": "1"}
    # What the runtime passes a result template (compiler/runtime/runtime.py), per shape; the
    # first entry's names are the ones a template may use.
    status = {"found": True, "ambiguous": False}
    if plan["kind"] == "search" and shape == "many":
        result_vars: list[dict[str, Any]] = [
            {"records": [record], **status},
            {"records": [], "found": False, "ambiguous": False},
        ]
    elif plan["kind"] == "search":
        result_vars = [
            {"record": record, **status},
            {"record": None, "found": False, "ambiguous": False},
        ]
    elif plan["kind"] == "find_or_create":
        result_vars = [{"record": record, "created": True, **status}]
    else:
        result_vars = [{"record": record, **status}]
    for field_name, extra in (("confirmation", [{}]), ("result", result_vars)):
        text = getattr(skill.spec, field_name)
        if text is None or templates.check_syntax(text):
            continue  # a syntax error is reported by the structure checks
        allowed = set(props) | set(extra[0])
        problems = templates.check_names(text, allowed)
        if not problems:
            for variables in extra:
                problems = templates.trial_render(text, args | variables, optional)
                if problems:
                    break
        diags.extend(template_diagnostic(skill, field_name, p) for p in problems)
