"""Turn pydantic validation errors into diagnostics pointing at the YAML token at fault."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from compiler.diagnostics import Diagnostic
from compiler.packs import models
from compiler.packs.yamlsrc import Path, SourceMap

_PATTERN_HELP = {
    models.SKILL_NAME_PATTERN: "use 1-64 letters, digits, `_` or `-` (tool APIs reject others)",
    models.PARAM_NAME_PATTERN: "parameter names are identifiers: letters, digits and `_`",
    models.PACK_NAME_PATTERN: "use lower-case letters, digits, `_` or `-`, starting with a letter",
    models.VERSION_PATTERN: 'use a semantic version such as "1.0.0"',
    models.REGION_PATTERN: 'use an ISO 3166-1 alpha-2 region in capitals, such as "US" or "NO"',
    models.SCOPE_PATTERN: "scopes look like crm.objects.contacts.read",
}

_EXPECTED = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "an integer",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _known_fields(model: type[BaseModel], path: Path) -> list[str]:
    """Field names allowed at ``path`` of ``model``, read from its JSON Schema."""
    root = _schema(model)
    node: dict[str, Any] = root

    def deref(n: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in n:
            n = root["$defs"][n["$ref"].rsplit("/", 1)[-1]]
        if "anyOf" in n:
            objects = [deref(x) for x in n["anyOf"] if x.get("type") != "null"]
            return objects[0] if objects else n
        return n

    node = deref(node)
    for item in path:
        if isinstance(item, int):
            node = deref(node.get("items", {}))
        else:
            props = node.get("properties", {})
            node = deref(props.get(item, node.get("additionalProperties", {}) or {}))
    return sorted(node.get("properties", {}))


def _source_text(smap: SourceMap, path: Path) -> str:
    span = smap.value_span(path)
    lines = smap.text.split("\n")
    if span.line == span.end_line and 1 <= span.line <= len(lines):
        return lines[span.line - 1][span.col - 1 : span.end_col - 1]
    return ""


def model_diagnostics(
    exc: ValidationError, model: type[BaseModel], smap: SourceMap
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, placed on the key or value the error is about."""
    out: list[Diagnostic] = []
    for err in exc.errors():
        loc: Path = tuple(err["loc"])
        kind = err["type"]
        if any(loc[:n] in smap.invalid for n in range(len(loc) + 1)):
            continue
        if loc and loc[-1] == "[key]":
            path = loc[:-1]
            span = smap.key_span(path)
            help_text = _PATTERN_HELP.get(str((err.get("ctx") or {}).get("pattern")))
            out.append(
                smap.diagnostic(
                    "field-value", f"`{path[-1]}` is not a valid name here", span, hint=help_text
                )
            )
            continue
        field = ".".join(str(p) for p in loc) or "(top level)"
        if kind == "extra_forbidden":
            name = str(loc[-1])
            close = difflib.get_close_matches(name, _known_fields(model, loc[:-1]), n=1)
            out.append(
                smap.diagnostic(
                    "field-unknown",
                    f"unknown field `{name}`",
                    smap.key_span(loc),
                    hint=f"did you mean `{close[0]}`?" if close else None,
                )
            )
        elif kind == "missing":
            parent = loc[:-1]
            span = smap.key_span(parent) if parent else smap.value_span(())
            if not parent:
                span = type(span)(span.line, span.col, span.line, span.col + 1)
            out.append(
                smap.diagnostic("field-missing", f"missing required field `{loc[-1]}`", span)
            )
        elif kind in _EXPECTED:
            value = err.get("input")
            hint = None
            if kind == "string_type" and isinstance(value, bool | int | float):
                written = _source_text(smap, loc) or str(value)
                hint = f'quote it to keep the text as written: "{written}"'
            out.append(
                smap.diagnostic(
                    "field-type",
                    f"`{field}` must be {_EXPECTED[kind]}, not {_describe(value)}",
                    smap.value_span(loc),
                    hint=hint,
                )
            )
        elif kind == "string_pattern_mismatch":
            pattern = str((err.get("ctx") or {}).get("pattern"))
            out.append(
                smap.diagnostic(
                    "field-value",
                    f"`{field}`: {_describe(err.get('input'))} is not allowed here",
                    smap.value_span(loc),
                    hint=_PATTERN_HELP.get(pattern, f"expected a match for {pattern}"),
                )
            )
        elif kind in ("string_too_short", "too_short"):
            out.append(
                smap.diagnostic("field-value", f"`{field}` must not be empty", smap.value_span(loc))
            )
        else:
            out.append(
                smap.diagnostic(
                    "field-value", f"`{field}`: {err['msg'].lower()}", smap.value_span(loc)
                )
            )
    return out
