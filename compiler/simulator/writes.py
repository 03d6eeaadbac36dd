"""Record writes shared by the single and batch endpoints: check everything, then apply.

Checks never change the store, so a batch can be checked as a whole (all-or-nothing) before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.simulator.errors import ApiError, error_detail, validation_error
from compiler.simulator.schema import ObjectType, SimSchema
from compiler.simulator.store import Record, Store
from compiler.simulator.validation import (
    apply_create_defaults,
    check_pipeline,
    check_required,
    validate_properties,
)


@dataclass
class PlannedLink:
    to: ObjectType
    to_id: str
    category: str
    type_id: int


@dataclass
class PlannedCreate:
    obj: ObjectType
    properties: dict[str, str]
    links: list[PlannedLink]
    trace_id: str | None = None


@dataclass
class PlannedUpdate:
    obj: ObjectType
    record: Record
    changes: dict[str, str]
    trace_id: str | None = None


def _invalid_association(message: str) -> ApiError:
    return validation_error(message, [error_detail(message, "INVALID_ASSOCIATION")])


def plan_links(schema: SimSchema, store: Store, obj: ObjectType, raw: Any) -> list[PlannedLink]:
    """Check the ``associations`` of a create body; the target type follows from the type id."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _invalid_association("associations must be a list.")
    links: list[PlannedLink] = []
    for i, item in enumerate(raw):
        target_ref = item.get("to") if isinstance(item, dict) else None
        to_id = target_ref.get("id") if isinstance(target_ref, dict) else None
        types = item.get("types") if isinstance(item, dict) else None
        if not isinstance(to_id, str | int) or not isinstance(types, list) or not types:
            raise _invalid_association(f"associations[{i}] needs to.id and a non-empty types list.")
        for spec in types:
            if not isinstance(spec, dict):
                raise _invalid_association(f"associations[{i}].types must hold objects.")
            category = spec.get("associationCategory")
            try:
                type_id = int(spec.get("associationTypeId"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise _invalid_association(
                    f"associations[{i}]: associationTypeId must be an integer."
                ) from None
            target = next(
                (a for a in obj.associations
                 if int(a["typeId"]) == type_id
                 and a.get("category", "HUBSPOT_DEFINED") == category),
                None,
            )  # fmt: skip
            to_obj = schema.resolve(str(target["toObjectTypeId"])) if target else None
            if to_obj is None:
                raise _invalid_association(
                    f"associations[{i}]: {category} association type {type_id} does not exist "
                    f"for {obj.name}."
                )
            if store.live(to_obj, str(to_id)) is None:
                raise _invalid_association(
                    f"associations[{i}]: {to_obj.singular} {to_id} does not exist or is archived."
                )
            links.append(PlannedLink(to_obj, str(to_id), str(category), type_id))
    return links


def plan_create(
    schema: SimSchema, store: Store, obj: ObjectType, body: Any, *, with_links: bool = True
) -> PlannedCreate:
    if not isinstance(body, dict):
        raise validation_error("Invalid input JSON: each input must be an object.")
    props = validate_properties(obj, body.get("properties"), store.owner_ids)
    props = {k: v for k, v in props.items() if v != ""}
    apply_create_defaults(obj, props)
    check_required(obj, props)
    check_pipeline(obj, props, props)
    store.check_unique(obj, props, None)
    links = plan_links(schema, store, obj, body.get("associations")) if with_links else []
    trace = body.get("objectWriteTraceId")
    return PlannedCreate(obj, props, links, str(trace) if trace is not None else None)


def plan_update(
    store: Store, obj: ObjectType, record: Record, body: Any, trace: Any = None
) -> PlannedUpdate:
    if not isinstance(body, dict):
        raise validation_error("Invalid input JSON: the body must be an object.")
    changes = validate_properties(obj, body.get("properties"), store.owner_ids)
    merged = {**record.properties, **changes}
    merged = {k: v for k, v in merged.items() if v != ""}
    check_pipeline(obj, merged, changes)
    store.check_unique(obj, {k: v for k, v in changes.items() if v}, record.id)
    return PlannedUpdate(obj, record, changes, str(trace) if trace is not None else None)


def apply_create(store: Store, plan: PlannedCreate) -> Record:
    with store.lock:
        store.check_unique(plan.obj, plan.properties, None)  # re-check under the lock
        rec = store.insert(plan.obj, plan.properties)
        for link in plan.links:
            store.associate(plan.obj, rec.id, link.to, link.to_id, link.category, link.type_id)
        return rec


def apply_update(store: Store, plan: PlannedUpdate) -> Record:
    with store.lock:
        store.check_unique(plan.obj, {k: v for k, v in plan.changes.items() if v}, plan.record.id)
        return store.update(plan.obj, plan.record, plan.changes)


def check_batch_unique(obj: ObjectType, batch: list[dict[str, str]]) -> None:
    """Two inputs of one batch may not claim the same unique value."""
    names = [*obj.unique, "email"] if obj.name == "contacts" else list(obj.unique)
    for name in names:
        seen: dict[str, int] = {}
        for i, props in enumerate(batch):
            value = props.get(name, "").strip().lower()
            if not value:
                continue
            if value in seen:
                raise validation_error(
                    f"Duplicate {name} {value!r} in inputs {seen[value]} and {i} of the batch.",
                    [error_detail(f"Duplicate {name} in batch", "DUPLICATE_UNIQUE_VALUE")],
                )
            seen[value] = i
