"""Browse a discovered schema: object summaries, one object in detail, one property in full.

Pure functions over an :class:`AccountSchema` that return JSON-ready dicts, so the CLI and the
HTTP API render the same data. A name that is not found raises a :class:`SchemaLookupError` that
carries the closest names.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from compiler.account.model import AccountSchema, ObjectSchema, Pipeline, Property

PipelineRole = Literal["pipeline", "stage"]

# HubSpot's pipeline properties: deals use pipeline/dealstage; tickets and custom objects with
# pipelines use hs_pipeline/hs_pipeline_stage. Their values are pipeline and stage ids.
PIPELINE_PROPERTIES: dict[str, PipelineRole] = {
    "pipeline": "pipeline",
    "hs_pipeline": "pipeline",
    "dealstage": "stage",
    "hs_pipeline_stage": "stage",
}
# The property that holds the pipeline a stage property's value belongs to.
STAGE_PIPELINE_PROPERTY = {"dealstage": "pipeline", "hs_pipeline_stage": "hs_pipeline"}


class SchemaLookupError(LookupError):
    """An object or property that is not in the schema; ``suggestions`` holds the closest names."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(message + hint)
        self.suggestions = suggestions


class UnknownObjectError(SchemaLookupError):
    pass


class UnknownPropertyError(SchemaLookupError):
    pass


def pipeline_role(obj: ObjectSchema, prop: Property) -> PipelineRole | None:
    """Whether ``prop`` holds a pipeline id or a stage id of ``obj``'s pipelines (else None)."""
    if not obj.pipelines:
        return None
    return PIPELINE_PROPERTIES.get(prop.name)


def closest(word: str, candidates: dict[str, str], n: int = 5) -> list[str]:
    """Names whose spellings (``candidates``: spelling -> name) are closest to ``word``."""
    lowered = {k.lower(): v for k, v in candidates.items()}
    key = word.lower()
    out: list[str] = []
    for match in difflib.get_close_matches(key, list(lowered), n=n * 2, cutoff=0.6):
        out.append(lowered[match])
    if len(key) >= 3:
        out += [name for spelling, name in lowered.items() if key in spelling]
    return list(dict.fromkeys(out))[:n]


def find_object(schema: AccountSchema, name: str) -> tuple[str, ObjectSchema]:
    """Resolve a name, objectTypeId or fullyQualifiedName, or raise with suggestions."""
    found = schema.resolve_object(name)
    if found is not None:
        return found
    spellings: dict[str, str] = {}
    for obj_name, obj in schema.objects.items():
        spellings[obj_name] = obj_name
        spellings[obj.objectTypeId] = obj_name
        if obj.fullyQualifiedName:
            spellings[obj.fullyQualifiedName] = obj_name
        for label in (obj.labels.singular, obj.labels.plural):
            if label:
                spellings[label] = obj_name
    raise UnknownObjectError(
        f"no object {name!r} in account {schema.account.id}", closest(name, spellings)
    )


def find_property(schema: AccountSchema, object_name: str, name: str) -> tuple[str, Property]:
    obj_name, obj = find_object(schema, object_name)
    prop = obj.get_property(name)
    if prop is not None:
        return obj_name, prop
    spellings = {p.name: p.name for p in obj.properties}
    spellings.update({p.label: p.name for p in obj.properties if p.label})
    raise UnknownPropertyError(f"no property {name!r} on {obj_name}", closest(name, spellings))


def _pipelines_brief(obj: ObjectSchema) -> list[dict[str, Any]]:
    return [{"id": p.id, "label": p.label, "stages": len(p.stages)} for p in obj.pipelines]


def object_summary(name: str, obj: ObjectSchema) -> dict[str, Any]:
    return {
        "name": name,
        "objectTypeId": obj.objectTypeId,
        "fullyQualifiedName": obj.fullyQualifiedName,
        "label": obj.labels.singular,
        "pluralLabel": obj.labels.plural,
        "custom": obj.is_custom,
        "properties": len(obj.properties),
        "primaryDisplayProperty": obj.primaryDisplayProperty,
        "requiredProperties": list(obj.requiredProperties),
        "pipelines": _pipelines_brief(obj),
    }


def list_objects(schema: AccountSchema) -> dict[str, Any]:
    """Every object of the account, in the schema's order."""
    return {
        "account": {"id": schema.account.id, "label": schema.account.label},
        "fingerprint": schema.fingerprint,
        "objects": [object_summary(name, obj) for name, obj in schema.objects.items()],
    }


def _property_row(obj: ObjectSchema, prop: Property) -> dict[str, Any]:
    source = values_from(obj, prop)
    return {
        "name": prop.name,
        "label": prop.label,
        "type": prop.type,
        "fieldType": prop.fieldType,
        "readOnly": prop.read_only,
        "hidden": prop.hidden,
        "options": [o.value for o in prop.options],
        "valuesFrom": source["kind"] if source else None,
    }


def _stage_json(pipe: Pipeline) -> dict[str, Any]:
    return {
        "id": pipe.id,
        "label": pipe.label,
        "stages": [
            {"id": s.id, "label": s.label, "metadata": dict(s.metadata)} for s in pipe.stages
        ],
    }


def _associations(schema: AccountSchema, obj: ObjectSchema) -> list[dict[str, Any]]:
    return [
        {
            "toObject": schema.object_name_for_type_id(a.toObjectTypeId),
            "toObjectTypeId": a.toObjectTypeId,
            "category": a.category,
            "typeId": a.typeId,
            "label": a.label,
        }
        for a in obj.associations
    ]


def describe_object(schema: AccountSchema, name: str) -> dict[str, Any]:
    """One object with its properties, pipelines and stages, and association types."""
    obj_name, obj = find_object(schema, name)
    return {
        **object_summary(obj_name, obj),
        "secondaryDisplayProperties": list(obj.secondaryDisplayProperties),
        "searchableProperties": list(obj.searchableProperties),
        "properties": [_property_row(obj, p) for p in obj.properties],
        "pipelines": [_stage_json(p) for p in obj.pipelines],
        "associations": _associations(schema, obj),
    }


def values_from(obj: ObjectSchema, prop: Property) -> dict[str, Any] | None:
    """Where an ``externalOptions`` property's values come from (pipelines, stages, owners)."""
    role = pipeline_role(obj, prop)
    if role == "pipeline":
        return {
            "kind": "pipelines",
            "pipelines": [{"id": p.id, "label": p.label} for p in obj.pipelines],
        }
    if role == "stage":
        return {"kind": "pipeline_stages", "pipelines": [_stage_json(p) for p in obj.pipelines]}
    referenced = getattr(prop, "referencedObjectType", None)
    if referenced == "OWNER" or prop.name == "hubspot_owner_id":
        return {"kind": "owners", "note": "values are owner ids (GET /crm/v3/owners)"}
    if prop.externalOptions:
        return {"kind": "external", "note": "values are kept outside the property definition"}
    return None


def describe_property(schema: AccountSchema, object_name: str, name: str) -> dict[str, Any]:
    """One property in full: options with values and labels, flags, and where values come from."""
    obj_name, prop = find_property(schema, object_name, name)
    obj = schema.objects[obj_name]
    return {
        "object": obj_name,
        "objectTypeId": obj.objectTypeId,
        "name": prop.name,
        "label": prop.label,
        "description": prop.description,
        "groupName": prop.groupName,
        "type": prop.type,
        "fieldType": prop.fieldType,
        "readOnly": prop.read_only,
        "calculated": prop.calculated,
        "unique": prop.hasUniqueValue,
        "hidden": prop.hidden,
        "required": prop.name in obj.requiredProperties,
        "multiSelect": prop.is_multi_select,
        "phone": prop.is_phone,
        "externalOptions": prop.externalOptions,
        "options": [
            {
                "value": o.value,
                "label": o.label,
                "hidden": o.hidden,
                "description": o.description or "",
            }
            for o in prop.options
        ],
        "valuesFrom": values_from(obj, prop),
    }
