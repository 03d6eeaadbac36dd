"""The account's object model as the simulator serves it, derived from a discovered schema.

Discovery stores HubSpot's own shapes; here they are indexed for the handlers, and the properties
HubSpot maintains on every record (``hs_object_id``, create/modify dates, the searchable phone
twins) are added when the discovered schema lacks them, so writes and searches see them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from compiler.simulator.rules import (
    DEFAULT_PIPELINE_PROPERTIES,
    ENGAGEMENT_RETURNED,
    PHONE_TWINS,
    STANDARD_OBJECT_RULES,
    SchemaShapeError,
    SimProperty,
)

SCHEMA_FORMAT = "skillc.discovered-schema/1"
__all__ = ["PHONE_TWINS", "ObjectType", "SimSchema", "association_type_name"]

# HubSpot-defined association type ids and their reverse (FACTS.md §5, plus the pairs HubSpot
# numbers consecutively).
_REVERSE_TYPE_IDS: dict[int, int] = {}
for _a, _b in [
    (1, 2), (279, 280), (3, 4), (5, 6), (341, 342), (15, 16), (25, 26), (339, 340), (27, 28),
    (193, 194), (181, 182), (205, 206), (219, 220), (201, 202), (189, 190), (213, 214),
    (227, 228),
]:  # fmt: skip
    _REVERSE_TYPE_IDS[_a] = _b
    _REVERSE_TYPE_IDS[_b] = _a
PRIMARY_TYPE_IDS = {1, 2, 5, 6, 25, 26}


def _system_properties(name: str, *, no_createdate: bool, phones: set[str]) -> list[dict[str, Any]]:
    """Properties HubSpot maintains itself, for schemas that lack them (phone twins only for
    the phone properties the object has)."""

    def prop(pname: str, ptype: str, field_type: str, label: str) -> dict[str, Any]:
        return {
            "name": pname,
            "label": label,
            "type": ptype,
            "fieldType": field_type,
            "groupName": "contactinformation" if name == "contacts" else f"{name}information",
            "description": "",
            "options": [],
            "calculated": False,
            "hasUniqueValue": pname == "hs_object_id",
            "hidden": False,
            "hubspotDefined": True,
            "modificationMetadata": {
                "archivable": False,
                "readOnlyDefinition": True,
                "readOnlyValue": True,
            },
        }

    props = [
        prop("hs_object_id", "number", "number", "Record ID"),
        prop("createdate", "datetime", "date", "Create Date"),
        prop("hs_createdate", "datetime", "date", "Create Date"),
        prop("hs_lastmodifieddate", "datetime", "date", "Last Modified Date"),
    ]
    if name == "contacts":
        props.append(prop("lastmodifieddate", "datetime", "date", "Last Modified Date"))
    if no_createdate:
        props = [p for p in props if p["name"] != "createdate"]
    for phone, twins in PHONE_TWINS.items():
        if phone not in phones:
            continue
        for twin in twins:
            if twin is not None:
                calc = prop(twin, "string", "text", twin.replace("_", " ").title())
                calc["calculated"] = True
                calc["hidden"] = True
                props.append(calc)
    return props


@dataclass
class ObjectType:
    """One object type of the account, with what the handlers need to look up."""

    name: str
    object_type_id: str
    fully_qualified_name: str | None
    singular: str
    raw: dict[str, Any]
    properties: dict[str, SimProperty]
    raw_properties: list[dict[str, Any]]
    pipelines: list[dict[str, Any]]
    associations: list[dict[str, Any]]
    default_properties: list[str]
    query_properties: list[str]
    required: list[str]
    one_of: list[str]
    pipeline_props: tuple[str, str] | None
    unique: list[str] = field(default_factory=list)

    @property
    def is_custom(self) -> bool:
        return self.object_type_id.startswith("2-")

    def pipeline(self, pipeline_id: str) -> dict[str, Any] | None:
        return next((p for p in self.pipelines if p.get("id") == pipeline_id), None)

    def default_pipeline(self) -> dict[str, Any] | None:
        live = [p for p in self.pipelines if not p.get("archived")]
        if not live:
            return None
        return min(live, key=lambda p: (p.get("displayOrder", 0), p.get("id", "")))


class SimSchema:
    """The account: its object types by every alias HubSpot accepts."""

    def __init__(self, raw: dict[str, Any]) -> None:
        _check_top(raw)
        self.raw = copy.deepcopy(raw)
        account_id = str(self.raw["account"]["id"])
        self.hub_id = int(account_id) if account_id.isdigit() else 4242
        self.default_region = str(self.raw["account"].get("defaultRegion") or "US")
        self.objects: dict[str, ObjectType] = {}
        self._aliases: dict[str, str] = {}
        for name, raw_obj in self.raw["objects"].items():
            obj = self._build(name, raw_obj)
            self.objects[name] = obj
            for alias in (name, obj.object_type_id, obj.fully_qualified_name, obj.singular):
                if alias:
                    self._aliases.setdefault(alias.lower(), name)

    def _build(self, name: str, raw_obj: dict[str, Any]) -> ObjectType:
        where = f"simulator schema: objects.{name}"
        type_id = raw_obj.get("objectTypeId")
        if not isinstance(type_id, str) or not type_id:
            raise SchemaShapeError(f"{where}.objectTypeId: expected a string like 0-1 or 2-123")
        if not isinstance(raw_obj.get("properties", []), list):
            raise SchemaShapeError(f"{where}.properties: expected a list")
        custom = type_id.startswith("2-")
        engagement = name in ("calls", "notes")
        raw_props = [copy.deepcopy(p) for p in raw_obj.get("properties", [])]
        known = {p["name"] for p in raw_props}
        extra = _system_properties(
            name, no_createdate=engagement or custom, phones=known & set(PHONE_TWINS)
        )
        raw_props += [p for p in extra if p["name"] not in known]
        models = {
            prop.name: prop
            for index, raw_prop in enumerate(raw_props)
            for prop in [SimProperty.from_raw(raw_prop, f"{where}.properties[{index}]")]
        }
        rules = STANDARD_OBJECT_RULES.get(name)
        singular = rules.singular if rules is not None else str(raw_obj.get("name") or name)
        if custom:
            default_props = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
            primary = raw_obj.get("primaryDisplayProperty")
            if primary:
                default_props.insert(0, primary)
            required = list(raw_obj.get("requiredProperties", []))
            query = list(raw_obj.get("searchableProperties", []))[:20]
        elif rules is not None:
            default_props = list(rules.returned)
            required = list(rules.required)
            query = list(rules.query)
        else:  # an engagement type the simulator has no table for (emails, tasks...)
            default_props = list(ENGAGEMENT_RETURNED)
            required = []
            query = list(raw_obj.get("searchableProperties", []))
        pipelines = copy.deepcopy(raw_obj.get("pipelines", []))
        pipeline_props = None
        if pipelines:
            pipeline_props = (rules and rules.pipeline) or DEFAULT_PIPELINE_PROPERTIES
        unique = [
            p.name for p in models.values() if p.has_unique_value and p.name != "hs_object_id"
        ]
        return ObjectType(
            name=name,
            object_type_id=type_id,
            fully_qualified_name=raw_obj.get("fullyQualifiedName"),
            singular=singular,
            raw=raw_obj,
            properties=models,
            raw_properties=raw_props,
            pipelines=pipelines,
            associations=list(raw_obj.get("associations", [])),
            default_properties=list(default_props),
            query_properties=query,
            required=required,
            one_of=list(rules.one_of) if rules is not None else [],
            pipeline_props=pipeline_props,
            unique=unique,
        )

    def resolve(self, name_or_id: str) -> ObjectType | None:
        """Object by name, singular name, object type id or fully qualified name."""
        name = self._aliases.get(name_or_id.lower())
        return self.objects[name] if name is not None else None

    def association_types(self, src: ObjectType, dst: ObjectType) -> list[dict[str, Any]]:
        """The association types from ``src`` to ``dst`` as ``{category, typeId, label}``."""
        return [
            {"category": a.get("category", "HUBSPOT_DEFINED"), "typeId": int(a["typeId"]),
             "label": a.get("label")}
            for a in src.associations
            if a.get("toObjectTypeId") == dst.object_type_id
        ]  # fmt: skip

    def find_type(
        self, src: ObjectType, dst: ObjectType, type_id: int, category: str | None = None
    ) -> dict[str, Any] | None:
        for spec in self.association_types(src, dst):
            if spec["typeId"] == type_id and (category is None or spec["category"] == category):
                return spec
        return None

    def reverse_type(self, src: ObjectType, dst: ObjectType, type_id: int) -> dict[str, Any]:
        """The type id of the same association seen from ``dst``."""
        spec = self.find_type(src, dst, type_id) or {
            "category": "HUBSPOT_DEFINED", "typeId": type_id, "label": None,
        }  # fmt: skip
        back = self.association_types(dst, src)
        known = _REVERSE_TYPE_IDS.get(type_id)
        if spec["category"] == "HUBSPOT_DEFINED" and known is not None:
            match = next((b for b in back if b["typeId"] == known), None)
            return match or {"category": "HUBSPOT_DEFINED", "typeId": known, "label": None}
        same = [b for b in back if b["category"] == spec["category"]]
        for candidate in same:
            if candidate["label"] == spec["label"] and abs(candidate["typeId"] - type_id) == 1:
                return candidate
        for candidate in same:
            if candidate["label"] == spec["label"]:
                return candidate
        return {"category": spec["category"], "typeId": type_id, "label": spec["label"]}

    def default_type(self, src: ObjectType, dst: ObjectType) -> dict[str, Any] | None:
        """The unlabeled HubSpot-defined type HubSpot uses for a "default" association."""
        specs = [
            s for s in self.association_types(src, dst)
            if s["category"] == "HUBSPOT_DEFINED" and s["typeId"] not in PRIMARY_TYPE_IDS
        ]  # fmt: skip
        specs.sort(key=lambda s: (s["label"] is not None, s["typeId"]))
        if specs:
            return specs[0]
        custom = [s for s in self.association_types(src, dst) if s["label"] is None]
        return custom[0] if custom else None


def _check_top(raw: Any) -> None:
    if not isinstance(raw, dict):
        raise SchemaShapeError("simulator schema: expected a JSON object at the top level")
    if raw.get("format") != SCHEMA_FORMAT:
        raise SchemaShapeError(
            f"simulator schema: not a discovered schema (format is {raw.get('format')!r}, "
            f"expected {SCHEMA_FORMAT!r})"
        )
    account = raw.get("account")
    if not isinstance(account, dict) or not isinstance(account.get("id"), str | int):
        raise SchemaShapeError("simulator schema: account.id: expected the HubSpot account id")
    objects = raw.get("objects")
    if not isinstance(objects, dict) or not all(isinstance(o, dict) for o in objects.values()):
        raise SchemaShapeError("simulator schema: objects: expected an object of object schemas")


def association_type_name(src: ObjectType, dst: ObjectType, spec: dict[str, Any]) -> str:
    """The v3 ``type`` string of an association (e.g. ``contact_to_company_unlabeled``)."""
    base = f"{src.singular}_to_{dst.singular}"
    if spec["category"] == "HUBSPOT_DEFINED" and spec["typeId"] in PRIMARY_TYPE_IDS:
        return base
    if spec.get("label"):
        return str(spec["label"]).lower().replace(" ", "_")
    if spec["category"] == "HUBSPOT_DEFINED" and spec["typeId"] in (279, 280, 341, 342, 339, 340):
        return base + "_unlabeled"
    return base
