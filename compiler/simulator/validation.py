"""Write validation as HubSpot does it, for create, update and upsert bodies.

Choices where HubSpot's sources disagree (FACTS.md §2), documented here:
- unknown properties are rejected (400 ``PROPERTY_DOESNT_EXIST``) on create AND update;
- read-only properties (``modificationMetadata.readOnlyValue`` or ``calculated``) are rejected
  with 400 ``READ_ONLY_VALUE`` rather than silently ignored, so a plan that writes one fails in
  tests instead of losing data quietly in production;
- required at create: deals ``dealname`` + ``dealstage`` (``pipeline`` defaults), tickets
  ``subject`` + ``hs_pipeline_stage`` (``hs_pipeline`` defaults), calls/notes ``hs_timestamp``,
  custom objects their ``requiredProperties``, contacts at least one of email/firstname/lastname,
  companies at least one of name/domain (code ``MISSING_REQUIRED_PROPERTY``);
- ``""`` or ``null`` clears a value.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.simulator.errors import PropertyProblem, property_values_error, validation_error
from compiler.simulator.rules import SimProperty
from compiler.simulator.schema import ObjectType
from compiler.simulator.values import as_text, iso_date, iso_ms, parse_number, to_epoch_ms

MAX_STRING = 65_536
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_value(
    obj: ObjectType, prop: SimProperty, text: str, owner_ids: set[str] | None
) -> tuple[str, PropertyProblem | None]:
    """The stored form of one non-empty value, or the problem with it."""
    name = prop.name
    if prop.type == "number":
        if parse_number(text) is None:
            return text, PropertyProblem(name, "INVALID_INTEGER", f"{text} was not a valid number.")
        return text.strip(), None
    if prop.type == "bool":
        if text.lower() not in ("true", "false"):
            msg = f"{text} was not a valid boolean (true or false)."
            return text, PropertyProblem(name, "INVALID_BOOLEAN", msg)
        return text.lower(), None
    if prop.type in ("date", "datetime"):
        epoch = to_epoch_ms(text)
        if epoch is None:
            msg = f"{text} was not a valid {prop.type}: use epoch milliseconds or ISO-8601."
            return text, PropertyProblem(name, "INVALID_DATE", msg)
        if prop.type == "date":
            if epoch % 86_400_000 != 0:
                msg = f"{text} is not midnight UTC; date values must be at midnight UTC."
                return text, PropertyProblem(name, "INVALID_DATE", msg)
            return iso_date(epoch), None
        return iso_ms(epoch), None
    if prop.type == "enumeration":
        if obj.pipeline_props and name in obj.pipeline_props:
            return text, None  # checked against the pipeline below
        if prop.referenced_object_type == "OWNER" and owner_ids is not None:
            if text not in owner_ids:
                msg = f"{text} is not a valid owner id"
                return text, PropertyProblem(name, "INVALID_OWNER_ID", msg)
            return text, None
        allowed = list(prop.options)
        if not allowed and prop.external_options:
            return text, None
        values = [v for v in text.split(";") if v] if prop.is_multi_select else [text]
        for value in values:
            if value not in allowed:
                msg = f"{value} was not one of the allowed options: {allowed}"
                return text, PropertyProblem(name, "INVALID_OPTION", msg)
        return text, None
    if len(text) > MAX_STRING:
        msg = f"{name} is longer than {MAX_STRING} characters."
        return text, PropertyProblem(name, "INVALID_STRING_LENGTH", msg)
    if obj.name == "contacts" and name == "email" and not _EMAIL.match(text):
        return text, PropertyProblem(name, "INVALID_EMAIL", f"Email address {text} is invalid")
    return text, None


def validate_properties(
    obj: ObjectType, raw: Any, owner_ids: set[str] | None = None
) -> dict[str, str]:
    """Check a ``properties`` body and return it in stored form (``""`` = clear)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise validation_error("Invalid input JSON: `properties` must be an object of strings.")
    problems: list[PropertyProblem] = []
    out: dict[str, str] = {}
    for name, value in raw.items():
        prop = obj.properties.get(name)
        if prop is None:
            problems.append(
                PropertyProblem(name, "PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist')
            )
            continue
        if prop.read_only:
            msg = f'"{name}" is a read only property; its value cannot be set.'
            problems.append(PropertyProblem(name, "READ_ONLY_VALUE", msg))
            continue
        if isinstance(value, dict | list):
            msg = f"{name} must be a string value."
            problems.append(PropertyProblem(name, "INVALID_PROPERTY_VALUE", msg))
            continue
        text = as_text(value)
        if text is None or text == "":
            out[name] = ""
            continue
        stored, problem = _check_value(obj, prop, text, owner_ids)
        if problem is not None:
            problems.append(problem)
        else:
            out[name] = stored
    if problems:
        raise property_values_error(problems)
    return out


def check_pipeline(obj: ObjectType, merged: dict[str, str], changes: dict[str, str]) -> None:
    """Pipeline/stage validity: the stage must belong to the record's pipeline."""
    if obj.pipeline_props is None:
        return
    pipe_prop, stage_prop = obj.pipeline_props
    if pipe_prop not in changes and stage_prop not in changes:
        return
    pipeline_id = merged.get(pipe_prop)
    pipeline = obj.pipeline(pipeline_id) if pipeline_id else None
    if pipeline is None:
        shown = pipeline_id or ""
        msg = f"{shown} was not one of the allowed options: {[p.get('id') for p in obj.pipelines]}"
        raise property_values_error([PropertyProblem(pipe_prop, "INVALID_OPTION", msg)])
    stage_id = merged.get(stage_prop)
    if stage_id is None:
        return
    stage_ids = [s.get("id") for s in pipeline.get("stages", []) if not s.get("archived")]
    if stage_id not in stage_ids:
        msg = (
            f"{stage_id} was not one of the allowed options: {stage_ids} "
            f"(stages of pipeline {pipeline.get('id')})"
        )
        raise property_values_error([PropertyProblem(stage_prop, "INVALID_OPTION", msg)])


def apply_create_defaults(obj: ObjectType, props: dict[str, str]) -> None:
    """Fill the default pipeline when a create leaves it out (deals and tickets guides)."""
    if obj.pipeline_props is None:
        return
    pipe_prop, _ = obj.pipeline_props
    if not props.get(pipe_prop):
        default = obj.default_pipeline()
        if default is not None:
            props[pipe_prop] = str(default.get("id"))


def check_required(obj: ObjectType, props: dict[str, str]) -> None:
    problems = [
        PropertyProblem(n, "MISSING_REQUIRED_PROPERTY", f"Property {n} is required.")
        for n in obj.required
        if not props.get(n)
    ]
    if obj.one_of and not any(props.get(n) for n in obj.one_of):
        names = ", ".join(obj.one_of)
        problems.append(
            PropertyProblem(
                obj.one_of[0],
                "MISSING_REQUIRED_PROPERTY",
                f"At least one of these properties is required: {names}.",
            )
        )
    if problems:
        raise property_values_error(problems)
