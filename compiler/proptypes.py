"""What a property accepts: its value kind, allowed values, and parameter JSON Schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from compiler.account.model import ObjectSchema, Pipeline, Property

Kind = Literal["string", "number", "bool", "date", "datetime", "enumeration", "unsupported"]

PIPELINE_PROPERTIES = frozenset({"pipeline", "hs_pipeline"})
STAGE_PROPERTIES = frozenset({"dealstage", "hs_pipeline_stage"})

RECORD_ID_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[0-9]+$"}


def kind_of(prop: Property) -> Kind:
    t = prop.type
    if t in ("string", "phone_number"):
        return "string"
    if t in ("number", "bool", "date", "datetime", "enumeration"):
        return t
    return "unsupported"


def is_range_type(prop: Property) -> bool:
    return kind_of(prop) in ("number", "date", "datetime")


def supports_contains(prop: Property) -> bool:
    return kind_of(prop) == "string" or prop.is_multi_select


def uses_pipelines(obj: ObjectSchema, prop: Property) -> bool:
    """Pipeline and stage properties take their values from the object's pipelines."""
    return (
        bool(obj.pipelines)
        and (prop.name in PIPELINE_PROPERTIES or prop.name in STAGE_PROPERTIES)
        and (prop.externalOptions or not prop.options)
    )


def stage_ids(pipeline: Pipeline) -> list[str]:
    """The stages a record of ``pipeline`` can be put in (archived ones are not offered)."""
    return [s.id for s in pipeline.stages if not s.archived and not pipeline.archived]


def allowed_values(obj: ObjectSchema, prop: Property) -> list[tuple[str, str, bool]]:
    """(value, label, hidden) of an enumeration, from its options or the object's pipelines."""
    if uses_pipelines(obj, prop):
        if prop.name in PIPELINE_PROPERTIES:
            return [(p.id, p.label, p.archived) for p in obj.pipelines]
        return [(s.id, s.label, s.archived or p.archived) for p in obj.pipelines for s in p.stages]
    return [(o.value, o.label, o.hidden) for o in prop.options]


def param_schema(obj: ObjectSchema, prop: Property) -> dict[str, Any]:
    """JSON Schema of a parameter that fills a value of ``prop``."""
    kind = kind_of(prop)
    if kind == "number":
        return {"type": "number"}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "datetime":
        return {"type": "string", "format": "date-time"}
    if kind == "enumeration":
        values: list[str] = []
        for value, _label, hidden in allowed_values(obj, prop):
            if not hidden and value not in values:
                values.append(value)
        return {"type": "string", "enum": values}
    return {"type": "string"}


def is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def is_iso_datetime(text: str) -> bool:
    if is_iso_date(text):
        return True
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text or " " in text
