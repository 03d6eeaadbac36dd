"""Parameter inference: each ``{name}`` takes the type of the property it meets (DSL.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compiler import ir
from compiler.account.model import AccountSchema, ObjectSchema, Pipeline
from compiler.diagnostics import Diagnostic
from compiler.proptypes import (
    PIPELINE_PROPERTIES,
    RECORD_ID_SCHEMA,
    STAGE_PROPERTIES,
    kind_of,
    param_schema,
    stage_ids,
)

PHONE_SCHEMA: dict[str, Any] = {"type": "string"}


@dataclass(frozen=True, slots=True)
class ParamInfo:
    name: str
    schema: dict[str, Any]
    optional: bool
    role: str  # what it first met, for messages: "`email`", "the record id"
    span: ir.Span


def _describe(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "an enumeration"
    if "pattern" in schema:
        return "a record id"
    if "format" in schema:
        return "a " + str(schema["format"])
    return {"number": "a number", "boolean": "a boolean", "string": "text"}[schema["type"]]


def fixed_pipeline(stmt: ir.Statement, obj: ObjectSchema) -> Pipeline | None:
    """The pipeline a write puts its record in when a literal names it (and it exists)."""
    if isinstance(stmt, ir.Search) or not obj.pipelines:
        return None
    values = ir.written_values(stmt)
    value = next((values[n] for n in PIPELINE_PROPERTIES if n in values), None)
    if not isinstance(value, ir.Literal):
        return None
    return obj.pipeline(value.value)


def _uses(stmt: ir.Statement, obj: ObjectSchema) -> Iterator[tuple[ir.Param, dict[str, Any], str]]:
    pipeline = fixed_pipeline(stmt, obj)

    def for_prop(
        name: ir.Name, value: ir.Value, phone: bool = False, written: bool = False
    ) -> Iterator[tuple[ir.Param, dict[str, Any], str]]:
        if not isinstance(value, ir.Param):
            return
        prop = obj.get_property(name.text)
        if prop is None or kind_of(prop) == "unsupported":
            return  # reported elsewhere; no type to infer
        if written and pipeline is not None and prop.name in STAGE_PROPERTIES:
            # The record goes into one pipeline: only that pipeline's stages fit it.
            schema = {"type": "string", "enum": stage_ids(pipeline)}
            yield value, schema, f"`{prop.name}` of pipeline `{pipeline.id}`"
            return
        yield value, (PHONE_SCHEMA if phone else param_schema(obj, prop)), f"`{prop.name}`"

    def record(value: ir.Value) -> Iterator[tuple[ir.Param, dict[str, Any], str]]:
        if isinstance(value, ir.Param):
            yield value, RECORD_ID_SCHEMA, "a record id"

    preds: tuple[ir.Predicate, ...] = ()
    if isinstance(stmt, ir.Search):
        preds = tuple(ir.predicates(stmt.where))
    elif isinstance(stmt, ir.FindOrCreate):
        preds = stmt.keys
    if isinstance(stmt, ir.Update):
        yield from record(stmt.record)
    for p in preds:
        match p:
            case ir.Associated():
                yield from record(p.value)
            case ir.Matches():
                yield from for_prop(p.prop, p.value, phone=True)
            case ir.Compare():
                written = isinstance(stmt, ir.FindOrCreate)
                yield from for_prop(p.prop, p.value, written=written)
            case ir.Contains():
                yield from for_prop(p.prop, p.value)
            case ir.InList():
                for v in p.values:
                    yield from for_prop(p.prop, v)
            case ir.Between():
                yield from for_prop(p.prop, p.low)
                yield from for_prop(p.prop, p.high)
    if not isinstance(stmt, ir.Search):
        for a in stmt.assignments:
            yield from for_prop(a.prop, a.value, written=True)
    if isinstance(stmt, ir.Create | ir.FindOrCreate):
        for assoc in stmt.associations:
            yield from record(assoc.value)


def context_params(stmt: ir.Statement, obj: ObjectSchema) -> list[str]:
    seen: list[str] = []
    for param, _schema, _role in _uses(stmt, obj):
        if param.is_context and param.name not in seen:
            seen.append(param.name)
    return seen


def infer_params(
    stmt: ir.Statement, schema: AccountSchema, obj: ObjectSchema
) -> tuple[dict[str, ParamInfo], list[Diagnostic]]:
    """Agent-filled parameters in order of first use, and the conflicts found."""
    params: dict[str, ParamInfo] = {}
    problems: list[Diagnostic] = []
    for param, pschema, role in _uses(stmt, obj):
        if param.is_context or not param.well_formed:
            continue
        seen = params.get(param.name)
        if seen is None:
            params[param.name] = ParamInfo(param.name, pschema, param.optional, role, param.span)
            continue
        s = param.span
        where = f"{seen.span.line}:{seen.span.col}"
        if seen.schema != pschema:
            problems.append(
                Diagnostic(
                    "param-type",
                    f"{{{param.name}}} meets {role} ({_describe(pschema)}) here but {seen.role} "
                    f"({_describe(seen.schema)}) at {where}; a parameter has one type",
                    s.line,
                    s.col,
                    s.end_line,
                    s.end_col,
                    "use two parameters with different names",
                )
            )
        elif seen.optional != param.optional:
            problems.append(
                Diagnostic(
                    "param-optional",
                    f"{{{param.name}}} is {'optional' if param.optional else 'required'} here but "
                    f"{'optional' if seen.optional else 'required'} at {where}",
                    s.line,
                    s.col,
                    s.end_line,
                    s.end_col,
                    "mark every use with `?` or none",
                )
            )
    return params, problems


def parameters_schema(params: dict[str, ParamInfo]) -> dict[str, Any]:
    """The skill's parameters as a JSON Schema object."""
    return {
        "type": "object",
        "properties": {name: dict(info.schema) for name, info in params.items()},
        "required": [name for name, info in params.items() if not info.optional],
        "additionalProperties": False,
    }
