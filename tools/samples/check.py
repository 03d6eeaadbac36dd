"""Check sample records (``skillc.sample-records/1``) against a discovered schema.

Catches what would make a seeded simulator lie: unknown properties, option values that are not
options, stages from another pipeline, owners that do not exist, system properties that disagree
with the record's own id and timestamps, and associations of a type the schema does not have.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from compiler.account import AccountSchema, ObjectSchema, Property
from compiler.account.browse import STAGE_PIPELINE_PROPERTY, pipeline_role

RECORDS_FORMAT = "skillc.sample-records/1"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def check_records(schema: AccountSchema, data: Any) -> list[str]:
    """Every problem found, each saying where (``objects.contacts[3].properties.phone``) and why."""
    if not isinstance(data, dict) or data.get("format") != RECORDS_FORMAT:
        return [f"(top level): not sample records (format must be {RECORDS_FORMAT!r})"]
    problems: list[str] = []
    owner_ids = {str(o.get("id")) for o in data.get("owners", []) if isinstance(o, dict)}
    ids: dict[str, set[str]] = {}
    for obj_name, records in (data.get("objects") or {}).items():
        found = schema.resolve_object(obj_name)
        if found is None:
            problems.append(f"objects.{obj_name}: no such object in the schema")
            continue
        _, obj = found
        ids[obj_name] = set()
        for index, record in enumerate(records):
            where = f"objects.{obj_name}[{index}]"
            problems += _check_record(obj, record, where, owner_ids, ids[obj_name])
        problems += _check_unique(obj, records, f"objects.{obj_name}")
    for index, link in enumerate(data.get("associations", [])):
        problems += _check_link(schema, link, f"associations[{index}]", ids)
    return problems


def _check_record(
    obj: ObjectSchema, record: Any, where: str, owner_ids: set[str], seen: set[str]
) -> list[str]:
    if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
        return [f"{where}: a record needs an id and a properties object"]
    problems: list[str] = []
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id.isdigit():
        problems.append(f"{where}.id: {record_id!r} is not a numeric string")
    elif record_id in seen:
        problems.append(f"{where}.id: {record_id} is used twice")
    else:
        seen.add(record_id)
    props: dict[str, Any] = record["properties"]
    for name, value in props.items():
        at = f"{where}.properties.{name}"
        prop = obj.get_property(name)
        if prop is None:
            problems.append(f"{at}: no such property")
        elif not isinstance(value, str):
            problems.append(f"{at}: values are strings, got {type(value).__name__}")
        elif name.startswith("hs_searchable_calculated_"):
            problems.append(f"{at}: calculated by HubSpot (the simulator), not stored")
        else:
            problems += [f"{at}: {msg}" for msg in _check_value(obj, prop, value, props, owner_ids)]
    for name in obj.requiredProperties:
        if name not in props:
            problems.append(f"{where}.properties: required property {name!r} is missing")
    problems += _check_system(obj, record, props, where)
    return problems


def _check_value(
    obj: ObjectSchema, prop: Property, value: str, props: dict[str, Any], owner_ids: set[str]
) -> list[str]:
    if prop.name == "hubspot_owner_id":
        return [] if value in owner_ids else [f"{value!r} is not an owner id"]
    role = pipeline_role(obj, prop)
    if role == "pipeline":
        return [] if obj.pipeline(value) else [f"{value!r} is not a pipeline of this object"]
    if role == "stage":
        pipe_prop = STAGE_PIPELINE_PROPERTY[prop.name]
        pipe = obj.pipeline(str(props.get(pipe_prop, "")))
        if pipe is None:
            return [f"stage {value!r} given without a valid {pipe_prop}"]
        return [] if pipe.stage(value) else [f"{value!r} is not a stage of pipeline {pipe.id!r}"]
    if prop.type == "bool":
        return [] if value in ("true", "false") else [f"{value!r} is not 'true' or 'false'"]
    if prop.type == "enumeration":
        allowed = set(prop.option_values())
        parts = value.split(";") if prop.is_multi_select else [value]
        bad = [p for p in parts if p not in allowed]
        return (
            [f"{', '.join(map(repr, bad))} not among the options {sorted(allowed)}"] if bad else []
        )
    if prop.type == "number":
        return [] if _NUMBER.match(value) else [f"{value!r} is not a number"]
    if prop.type == "date":
        return [] if _DATE.match(value) else [f"{value!r} is not a YYYY-MM-DD date"]
    if prop.type == "datetime":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return [f"{value!r} is not an ISO-8601 date-time"]
    return []


def _check_system(
    obj: ObjectSchema, record: dict[str, Any], props: dict[str, Any], where: str
) -> list[str]:
    problems: list[str] = []
    if props.get("hs_object_id") != record.get("id"):
        problems.append(f"{where}.properties.hs_object_id: differs from the record id")
    created_key = "createdate" if obj.get_property("createdate") else "hs_createdate"
    modified_key = (
        "lastmodifieddate" if obj.get_property("lastmodifieddate") else "hs_lastmodifieddate"
    )
    if props.get(created_key) != record.get("createdAt"):
        problems.append(f"{where}.properties.{created_key}: differs from createdAt")
    if props.get(modified_key) != record.get("updatedAt"):
        problems.append(f"{where}.properties.{modified_key}: differs from updatedAt")
    return problems


def _check_unique(obj: ObjectSchema, records: list[Any], where: str) -> list[str]:
    problems: list[str] = []
    for prop in obj.properties:
        if not prop.hasUniqueValue:
            continue
        values = [
            r["properties"].get(prop.name)
            for r in records
            if isinstance(r, dict) and isinstance(r.get("properties"), dict)
        ]
        present = [v for v in values if v]
        if len(present) != len(set(present)):
            problems.append(f"{where}: unique property {prop.name!r} has duplicate values")
    return problems


def _check_link(
    schema: AccountSchema, link: Any, where: str, ids: dict[str, set[str]]
) -> list[str]:
    if not isinstance(link, dict):
        return [f"{where}: expected an object"]
    from_name, to_name = str(link.get("fromObject")), str(link.get("toObject"))
    problems: list[str] = []
    for side, name, rid in (
        ("from", from_name, link.get("fromId")),
        ("to", to_name, link.get("toId")),
    ):
        if name not in ids:
            problems.append(f"{where}.{side}Object: {name!r} has no records")
        elif rid not in ids[name]:
            problems.append(f"{where}.{side}Id: no {name} record {rid!r}")
    from_found, to_found = schema.resolve_object(from_name), schema.resolve_object(to_name)
    if from_found and to_found:
        types = {
            (a.category, a.typeId)
            for a in from_found[1].associations
            if a.toObjectTypeId == to_found[1].objectTypeId
        }
        if (link.get("category"), link.get("typeId")) not in types:
            problems.append(
                f"{where}: {from_name} -> {to_name} has no association type "
                f"{link.get('category')}/{link.get('typeId')} (has {sorted(types)})"
            )
    return problems
