"""Pydantic models of the discovered-schema JSON (format ``skillc.discovered-schema/1``).

Discovery stores HubSpot's own shapes; these models read the fields the compiler needs and keep
the rest (``extra="allow"``), so a file round-trips without loss.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_FORMAT = "skillc.discovered-schema/1"

# Object type ids of HubSpot's standard objects.
STANDARD_OBJECT_TYPE_IDS = {
    "contacts": "0-1",
    "companies": "0-2",
    "deals": "0-3",
    "tickets": "0-5",
    "calls": "0-48",
    "notes": "0-46",
}


# HubSpot's property types (FACTS.md §4): the documented six, `phone_number` (the create enum),
# and the internal-only `object_coordinates` and `json`. Anything else is a damaged file.
PropertyType = Literal[
    "bool",
    "enumeration",
    "date",
    "datetime",
    "string",
    "number",
    "phone_number",
    "object_coordinates",
    "json",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class Option(_Model):
    label: str
    value: str
    hidden: bool = False
    description: str | None = None
    displayOrder: int | None = None


class ModificationMetadata(_Model):
    readOnlyValue: bool = False
    readOnlyDefinition: bool | None = None
    archivable: bool | None = None


class Property(_Model):
    name: str = Field(min_length=1)
    label: str = ""
    type: PropertyType
    fieldType: str = "text"
    description: str = ""
    groupName: str | None = None
    options: list[Option] = Field(default_factory=list)
    hidden: bool = False
    calculated: bool = False
    externalOptions: bool = False
    hasUniqueValue: bool = False
    modificationMetadata: ModificationMetadata | None = None

    @property
    def read_only(self) -> bool:
        meta = self.modificationMetadata
        return self.calculated or bool(meta and meta.readOnlyValue)

    @property
    def is_phone(self) -> bool:
        return self.fieldType == "phonenumber" or self.type == "phone_number"

    @property
    def is_multi_select(self) -> bool:
        return self.type == "enumeration" and self.fieldType == "checkbox"

    def option_values(self, *, include_hidden: bool = True) -> list[str]:
        return [o.value for o in self.options if include_hidden or not o.hidden]


class PipelineStage(_Model):
    id: str
    label: str = ""
    displayOrder: int | None = None
    archived: bool = False
    metadata: dict[str, Any] = Field(default_factory=dict)


class Pipeline(_Model):
    id: str
    label: str = ""
    displayOrder: int | None = None
    archived: bool = False
    stages: list[PipelineStage] = Field(default_factory=list)

    def stage(self, stage_id: str) -> PipelineStage | None:
        return next((s for s in self.stages if s.id == stage_id), None)


class AssociationType(_Model):
    toObjectTypeId: str
    category: Literal["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK"] = (
        "HUBSPOT_DEFINED"
    )
    typeId: int
    label: str | None = None


class Labels(_Model):
    singular: str = ""
    plural: str = ""


class ObjectSchema(_Model):
    objectTypeId: str
    fullyQualifiedName: str | None = None
    labels: Labels = Field(default_factory=Labels)
    primaryDisplayProperty: str | None = None
    secondaryDisplayProperties: list[str] = Field(default_factory=list)
    requiredProperties: list[str] = Field(default_factory=list)
    searchableProperties: list[str] = Field(default_factory=list)
    properties: list[Property] = Field(default_factory=list)
    pipelines: list[Pipeline] = Field(default_factory=list)
    associations: list[AssociationType] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_property_names(self) -> ObjectSchema:
        if len(self.properties_by_name) != len(self.properties):
            names = [p.name for p in self.properties]
            twice = next(n for i, n in enumerate(names) if n in names[:i])
            raise ValueError(f"property name {twice!r} appears twice")
        return self

    @cached_property
    def properties_by_name(self) -> dict[str, Property]:
        return {p.name: p for p in self.properties}

    def get_property(self, name: str) -> Property | None:
        return self.properties_by_name.get(name)

    @property
    def is_custom(self) -> bool:
        return self.objectTypeId.startswith("2-")

    def pipeline(self, pipeline_id: str) -> Pipeline | None:
        return next((p for p in self.pipelines if p.id == pipeline_id), None)

    def association_to(self, to_object_type_id: str) -> AssociationType | None:
        """The association type toward ``to_object_type_id``: HubSpot-defined unlabeled first."""
        candidates = [a for a in self.associations if a.toObjectTypeId == to_object_type_id]
        if not candidates:
            return None
        candidates.sort(
            key=lambda a: (a.category != "HUBSPOT_DEFINED", a.label is not None, a.typeId)
        )
        return candidates[0]


class AccountInfo(_Model):
    id: str
    label: str = ""
    defaultRegion: str = "US"
    discoveredAt: str | None = None

    @field_validator("defaultRegion")
    @classmethod
    def _known_region(cls, region: str) -> str:
        # The region phone numbers are read in: one phonenumbers knows, or every number fails.
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{region!r} is not a region code phone numbers know (e.g. US, GB)")
        return region


class AccountSchema(_Model):
    format: Literal["skillc.discovered-schema/1"] = "skillc.discovered-schema/1"
    account: AccountInfo
    objects: dict[str, ObjectSchema]
    fingerprint: str | None = None

    @cached_property
    def _aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for name, obj in self.objects.items():
            aliases[obj.objectTypeId] = name
            if obj.fullyQualifiedName:
                aliases[obj.fullyQualifiedName] = name
        for name in self.objects:
            aliases[name] = name
        return aliases

    def resolve_object(self, name_or_id: str) -> tuple[str, ObjectSchema] | None:
        """Find an object by its name, object type id or fully qualified name."""
        name = self._aliases.get(name_or_id)
        if name is None:
            return None
        return name, self.objects[name]

    def object_name_for_type_id(self, object_type_id: str) -> str | None:
        return self._aliases.get(object_type_id)
