"""The steps of a plan and of an artifact: the HubSpot requests a skill makes, with typed slots.

One model for both sides: the planner builds these, the artifact JSON Schema is generated from
them, and the runtime validates an installed artifact into them before filling its slots. A slot
(``{"$param": name, "$format"?: how}``) can only appear where the types below say ``Value`` or
``RecordValue``: a filter's value, a property's value, a record id, an association target. Every
other place (a property name, an operator, a path, a limit) is a plain type, so an artifact that
puts an argument there fails validation instead of letting an argument change the request's shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

STEP_KINDS = ("search", "create", "update")
# "lower": IN/NOT_IN values of text properties, which HubSpot wants in lower case (FACTS.md §1).
SLOT_FORMATS = ("phone_national", "phone_token", "lower")
SlotFormat = Literal["phone_national", "phone_token", "lower"]

SEARCH_PATH = r"^/crm/v3/objects/[A-Za-z0-9_-]+/search$"
OBJECT_PATH = r"^/crm/v3/objects/[A-Za-z0-9_-]+$"
UPDATE_PATH = r"^/crm/v3/objects/[A-Za-z0-9_-]+(/\{(recordId|id)\})?$"
STEP_METHODS = {"search": "POST", "create": "POST", "update": "PATCH"}

# Property names and the ``associations.{object}`` search pseudo-property; never a ``$`` key.
PropertyName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
Operator = Literal[
    "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
    "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
]  # fmt: skip
AssociationCategory = Literal["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK"]


def _absent_not_null(schema: dict[str, Any]) -> None:
    """An optional step key is left out when unused (``step_json`` drops it), never ``null``."""
    options = schema.pop("anyOf", None)
    if options is not None:
        kept = [o for o in options if o != {"type": "null"}]
        schema.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
    schema.pop("default", None)


def _optional(**kwargs: Any) -> Any:
    return Field(default=None, json_schema_extra=_absent_not_null, **kwargs)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Slot(_Model):
    """Where an argument (or a conversation value such as ``caller.phone``) goes."""

    param: str = Field(alias="$param")
    format: SlotFormat | None = _optional(alias="$format")

    @classmethod
    def of(cls, param: str, fmt: SlotFormat | None = None) -> Slot:
        return cls.model_validate(
            {"$param": param} if fmt is None else {"$param": param, "$format": fmt}
        )


def _value_kind(value: Any) -> str:
    return "slot" if isinstance(value, dict | Slot) else "literal"


# A HubSpot value: the literal string the binding wrote, or a slot the runtime fills.
Value = Annotated[
    Annotated[Slot, Tag("slot")] | Annotated[str, Tag("literal")],
    Discriminator(_value_kind),
]
# A record id: a slot (filled with digits only) or the digits themselves.
RecordValue = Annotated[
    Annotated[Slot, Tag("slot")]
    | Annotated[str, Tag("literal"), StringConstraints(pattern=r"^[0-9]+$")],
    Discriminator(_value_kind),
]

_NO_VALUE = ("HAS_PROPERTY", "NOT_HAS_PROPERTY")
_LIST_VALUE = ("IN", "NOT_IN")


class Filter(_Model):
    propertyName: PropertyName
    operator: Operator
    value: Value | None = _optional()
    highValue: Value | None = _optional()
    values: list[Value] | None = _optional()

    @model_validator(mode="after")
    def _operands(self) -> Filter:
        # Each operator takes its own operands (FACTS.md §1): none, a list, a range or one value.
        op = self.operator
        has = (self.value is not None, self.highValue is not None, self.values is not None)
        if op in _NO_VALUE:
            wanted = (False, False, False)
        elif op in _LIST_VALUE:
            wanted = (False, False, True)
        elif op == "BETWEEN":
            wanted = (True, True, False)
        else:
            wanted = (True, False, False)
        if has != wanted:
            names = [n for n, w in zip(("value", "highValue", "values"), wanted, strict=True) if w]
            raise ValueError(f"{op} takes {' and '.join(names) or 'no value'}")
        return self

    def operands(self) -> Iterator[tuple[str, Value]]:
        if self.value is not None:
            yield "value", self.value
        if self.highValue is not None:
            yield "highValue", self.highValue
        for index, item in enumerate(self.values or ()):
            yield f"values/{index}", item


class FilterGroup(_Model):
    filters: list[Filter]


class Sort(_Model):
    propertyName: PropertyName
    direction: Literal["ASCENDING", "DESCENDING"]


class SearchBody(_Model):
    filterGroups: list[FilterGroup]
    sorts: list[Sort] | None = _optional(max_length=1)
    limit: int = Field(ge=1, le=200)
    properties: list[PropertyName]


class PhoneCheck(_Model):
    """A phone filter's own check: the stored number must be the same number, not just alike."""

    property: PropertyName
    value: Value


class SearchStep(_Model):
    op: Literal["search"]
    method: Literal["POST"]
    path: Annotated[str, StringConstraints(pattern=SEARCH_PATH)]
    body: SearchBody
    result: Literal["one", "many"]
    # One list of checks per filter group; present only when the search matches phone numbers.
    phoneMatch: list[list[PhoneCheck]] | None = _optional()
    # The author's limit when the body asks HubSpot for more (phone searches).
    limit: int | None = _optional(ge=1)

    def slots(self) -> Iterator[tuple[str, Slot]]:
        for g, group in enumerate(self.body.filterGroups):
            for f, flt in enumerate(group.filters):
                for name, value in flt.operands():
                    if isinstance(value, Slot):
                        yield f"body/filterGroups/{g}/filters/{f}/{name}", value
        for g, checks in enumerate(self.phoneMatch or ()):
            for c, check in enumerate(checks):
                if isinstance(check.value, Slot):
                    yield f"phoneMatch/{g}/{c}/value", check.value


class AssociationSpec(_Model):
    associationCategory: AssociationCategory
    associationTypeId: int


class AssociationTarget(_Model):
    id: RecordValue


class Association(_Model):
    to: AssociationTarget
    types: list[AssociationSpec] = Field(min_length=1)


class CreateBody(_Model):
    properties: dict[PropertyName, Value]
    associations: list[Association] | None = _optional()


class CreateStep(_Model):
    op: Literal["create"]
    method: Literal["POST"]
    path: Annotated[str, StringConstraints(pattern=OBJECT_PATH)]
    body: CreateBody

    def slots(self) -> Iterator[tuple[str, Slot]]:
        yield from _property_slots(self.body.properties)
        for index, assoc in enumerate(self.body.associations or ()):
            if isinstance(assoc.to.id, Slot):
                yield f"body/associations/{index}/to/id", assoc.to.id


class UpdateBody(_Model):
    properties: dict[PropertyName, Value]


class UpdateStep(_Model):
    op: Literal["update"]
    method: Literal["PATCH"]
    path: Annotated[str, StringConstraints(pattern=UPDATE_PATH)]
    recordId: RecordValue
    body: UpdateBody

    def slots(self) -> Iterator[tuple[str, Slot]]:
        if isinstance(self.recordId, Slot):
            yield "recordId", self.recordId
        yield from _property_slots(self.body.properties)


def _property_slots(properties: dict[str, Value]) -> Iterator[tuple[str, Slot]]:
    for name, value in properties.items():
        if isinstance(value, Slot):
            yield f"body/properties/{name}", value


Step = Annotated[SearchStep | CreateStep | UpdateStep, Field(discriminator="op")]


def step_json(step: SearchStep | CreateStep | UpdateStep) -> dict[str, Any]:
    """The step as artifact JSON: ``$param``/``$format`` spelled out, absent parts left out."""
    return step.model_dump(mode="json", by_alias=True, exclude_none=True)


def is_slot_json(value: Any) -> bool:
    """Whether decoded JSON is a slot (for saying what went wrong with a refused artifact)."""
    return isinstance(value, dict) and "$param" in value
