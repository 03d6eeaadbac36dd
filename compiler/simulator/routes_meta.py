"""Account metadata: properties, custom object schemas, pipelines, owners, association labels."""

from __future__ import annotations

import copy
from typing import Any

from starlette.responses import Response

from compiler.simulator.app import Ctx, RouteSpec, reply
from compiler.simulator.errors import ApiError, not_found, validation_error
from compiler.simulator.schema import ObjectType, association_type_name

_EPOCH = "1970-01-01T00:00:00Z"


def public_property(raw: dict[str, Any]) -> dict[str, Any]:
    """A Property with the fields HubSpot always sends."""
    out = copy.deepcopy(raw)
    out.setdefault("label", out["name"])
    out.setdefault("description", "")
    out.setdefault("groupName", "")
    out.setdefault("options", [])
    out.setdefault("fieldType", "text")
    out.setdefault("hidden", False)
    out.setdefault("calculated", False)
    out.setdefault("externalOptions", False)
    out.setdefault("hasUniqueValue", False)
    out.setdefault("formField", False)
    for option in out["options"]:
        option.setdefault("hidden", False)
    return out


def _schema_scopes(ctx: Ctx, obj: ObjectType) -> None:
    if obj.is_custom:
        ctx.need("crm.schemas.custom.read")
    else:
        ctx.need(f"crm.schemas.{obj.name}.read", *_read_scope(obj))


def _read_scope(obj: ObjectType) -> tuple[str, ...]:
    if obj.is_custom:
        return ("crm.objects.custom.read", "crm.schemas.custom.read")
    if obj.name == "tickets":
        return ("tickets",)
    if obj.name in ("calls", "notes"):
        return ("crm.objects.contacts.read",)
    return (f"crm.objects.{obj.name}.read", f"crm.schemas.{obj.name}.read")


async def list_properties(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need(*_read_scope(obj))
    archived = ctx.query_bool("archived")
    props = [public_property(p) for p in obj.raw_properties if bool(p.get("archived")) == archived]
    return reply({"results": props})


async def get_property(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need(*_read_scope(obj))
    name = ctx.params["name"]
    found = next((p for p in obj.raw_properties if p["name"] == name), None)
    if found is None:
        raise ApiError(404, "OBJECT_NOT_FOUND", f"Unable to find property {name} on {obj.name}")
    return reply(public_property(found))


def object_schema(ctx: Ctx, obj: ObjectType) -> dict[str, Any]:
    raw = obj.raw
    schema = ctx.sim.schema
    associations = []
    for spec in obj.associations:
        target = schema.resolve(str(spec.get("toObjectTypeId")))
        if target is None:
            continue
        type_spec = {"category": spec.get("category", "HUBSPOT_DEFINED"),
                     "typeId": int(spec["typeId"]), "label": spec.get("label")}  # fmt: skip
        associations.append(
            {
                "id": str(spec["typeId"]),
                "fromObjectTypeId": obj.object_type_id,
                "toObjectTypeId": target.object_type_id,
                "name": association_type_name(obj, target, type_spec),
            }
        )
    labels = raw.get("labels") or {}
    out: dict[str, Any] = {
        "id": str(raw.get("id") or obj.object_type_id.split("-", 1)[-1]),
        "objectTypeId": obj.object_type_id,
        "name": str(raw.get("name") or obj.name),
        "labels": {"singular": labels.get("singular", ""), "plural": labels.get("plural", "")},
        "requiredProperties": list(raw.get("requiredProperties", [])),
        "searchableProperties": list(raw.get("searchableProperties", [])),
        "secondaryDisplayProperties": list(raw.get("secondaryDisplayProperties", [])),
        "properties": [public_property(p) for p in obj.raw_properties],
        "associations": associations,
        "archived": False,
        "createdAt": str(raw.get("createdAt") or _EPOCH),
        "updatedAt": str(raw.get("updatedAt") or _EPOCH),
    }
    if obj.fully_qualified_name:
        out["fullyQualifiedName"] = obj.fully_qualified_name
    if raw.get("primaryDisplayProperty"):
        out["primaryDisplayProperty"] = raw["primaryDisplayProperty"]
    if raw.get("description"):
        out["description"] = raw["description"]
    return out


async def list_schemas(ctx: Ctx) -> Response:
    ctx.need("crm.schemas.custom.read")
    customs = [o for o in ctx.sim.schema.objects.values() if o.is_custom]
    return reply({"results": [object_schema(ctx, o) for o in customs]})


async def get_schema(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    _schema_scopes(ctx, obj)
    return reply(object_schema(ctx, obj))


def _pipeline(raw: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    out.setdefault("label", out.get("id", ""))
    out.setdefault("displayOrder", 0)
    out.setdefault("archived", False)
    out.setdefault("createdAt", _EPOCH)
    out.setdefault("updatedAt", _EPOCH)
    stages = []
    for order, stage in enumerate(out.get("stages", [])):
        stage = dict(stage)
        stage.setdefault("label", stage.get("id", ""))
        stage.setdefault("displayOrder", order)
        stage.setdefault("archived", False)
        stage.setdefault("createdAt", _EPOCH)
        stage.setdefault("updatedAt", _EPOCH)
        stage["metadata"] = {k: str(v) for k, v in (stage.get("metadata") or {}).items()}
        stages.append(stage)
    out["stages"] = stages
    return out


def _pipelines_of(ctx: Ctx) -> tuple[ObjectType, list[dict[str, Any]]]:
    obj = ctx.obj(ctx.params["t"])
    ctx.need(*_read_scope(obj))
    return obj, [_pipeline(p) for p in obj.pipelines]


async def list_pipelines(ctx: Ctx) -> Response:
    _, pipelines = _pipelines_of(ctx)
    return reply({"results": pipelines})


def _one_pipeline(ctx: Ctx) -> dict[str, Any]:
    obj, pipelines = _pipelines_of(ctx)
    found = next((p for p in pipelines if p["id"] == ctx.params["pid"]), None)
    if found is None:
        raise not_found(f"Unable to find pipeline {ctx.params['pid']} for {obj.name}")
    return found


async def get_pipeline(ctx: Ctx) -> Response:
    return reply(_one_pipeline(ctx))


async def list_stages(ctx: Ctx) -> Response:
    return reply({"results": _one_pipeline(ctx)["stages"]})


def _owner(raw: dict[str, Any]) -> dict[str, Any]:
    out = dict(raw)
    out["id"] = str(out["id"])
    out.setdefault("type", "PERSON")
    out.setdefault("archived", False)
    out.setdefault("createdAt", _EPOCH)
    out.setdefault("updatedAt", _EPOCH)
    return out


async def list_owners(ctx: Ctx) -> Response:
    ctx.need("crm.objects.owners.read")
    query = ctx.request.query_params
    try:
        limit = int(query.get("limit", "100"))
        after = int(query.get("after", "0") or 0)
    except ValueError:
        raise validation_error("limit and after must be integers.") from None
    if not 1 <= limit <= 500:
        raise validation_error("limit must be between 1 and 500.")
    archived = ctx.query_bool("archived")
    owners = [_owner(o) for o in ctx.sim.owners if bool(o.get("archived")) == archived]
    email = query.get("email")
    if email:
        owners = [o for o in owners if str(o.get("email", "")).lower() == email.lower()]
    page = owners[after : after + limit]
    body: dict[str, Any] = {"results": page}
    if after + limit < len(owners):
        body["paging"] = {"next": {"after": str(after + limit), "link": f"?after={after + limit}"}}
    return reply(body)


async def get_owner(ctx: Ctx) -> Response:
    ctx.need("crm.objects.owners.read")
    owner_id = ctx.params["owner_id"]
    found = next((o for o in ctx.sim.owners if str(o["id"]) == owner_id), None)
    if found is None:
        raise not_found(f"Owner {owner_id} not found")
    return reply(_owner(found))


async def association_labels(ctx: Ctx) -> Response:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    ctx.need(*_read_scope(src))
    specs = ctx.sim.schema.association_types(src, dst)
    results = []
    for spec in specs:
        item: dict[str, Any] = {"category": spec["category"], "typeId": spec["typeId"]}
        if spec["label"] is not None:
            item["label"] = spec["label"]
        results.append(item)
    return reply({"results": results})


_REGION_ZONES = {"US": ("US/Eastern", "-05:00", "USD"), "GB": ("Europe/London", "+00:00", "GBP")}


async def account_details(ctx: Ctx) -> Response:
    """``GET /account-info/v3/details`` (HubSpot's account info API)."""
    schema = ctx.sim.schema
    zone, offset, currency = _REGION_ZONES.get(schema.default_region, ("UTC", "+00:00", "USD"))
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(x) for x in offset[1:].split(":"))
    return reply(
        {
            "portalId": schema.hub_id,
            "accountType": "STANDARD",
            "timeZone": zone,
            "companyCurrency": currency,
            "additionalCurrencies": [],
            "utcOffset": offset,
            "utcOffsetMilliseconds": sign * (hours * 3600 + minutes * 60) * 1000,
            "uiDomain": "app.hubspot.com",
            "dataHostingLocation": "na1",
        }
    )


ROUTES: list[RouteSpec] = [
    ("/account-info/v3/details", ["GET"], account_details, {}),
    ("/crm/v3/properties/{t}", ["GET"], list_properties, {}),
    ("/crm/v3/properties/{t}/{name}", ["GET"], get_property, {}),
    ("/crm-object-schemas/v3/schemas", ["GET"], list_schemas, {}),
    ("/crm-object-schemas/v3/schemas/{t}", ["GET"], get_schema, {}),
    ("/crm/v3/pipelines/{t}", ["GET"], list_pipelines, {}),
    ("/crm/v3/pipelines/{t}/{pid}", ["GET"], get_pipeline, {}),
    ("/crm/v3/pipelines/{t}/{pid}/stages", ["GET"], list_stages, {}),
    ("/crm/v3/owners", ["GET"], list_owners, {}),
    ("/crm/v3/owners/", ["GET"], list_owners, {}),
    ("/crm/v3/owners/{owner_id}", ["GET"], get_owner, {}),
    ("/crm/v4/associations/{from}/{to}/labels", ["GET"], association_labels, {}),
]
