"""Associations v4: create (labelled or default), list, remove, batch read/create/archive."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from compiler.simulator.app import Ctx, RouteSpec, no_content, reply
from compiler.simulator.batching import (
    add_read_result,
    batch_inputs,
    batch_reply,
    id_of,
    now_iso,
    standard_error,
)
from compiler.simulator.errors import ApiError, error_detail, not_found, validation_error
from compiler.simulator.schema import ObjectType
from compiler.simulator.store import Store

BATCH_READ_MAX = 1000
BATCH_CREATE_MAX = 2000


def _types(ctx: Ctx, src: ObjectType, dst: ObjectType, raw: Any) -> list[dict[str, Any]]:
    """Check ``[{associationCategory, associationTypeId}]``: each type must exist for the pair."""
    if not isinstance(raw, list) or not raw:
        raise validation_error("The body must be a non-empty list of association types.")
    specs = []
    for item in raw:
        if not isinstance(item, dict):
            raise validation_error("Each association type must be an object.")
        try:
            type_id = int(item.get("associationTypeId"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise validation_error("associationTypeId must be an integer.") from None
        category = item.get("associationCategory")
        spec = ctx.sim.schema.find_type(src, dst, type_id, category)
        if spec is None:
            msg = (
                f"{category} association type {type_id} is not valid from {src.name} to {dst.name}."
            )
            raise validation_error(msg, [error_detail(msg, "INVALID_ASSOCIATION_TYPE")])
        specs.append(spec)
    return specs


def _records(ctx: Ctx, write: bool = False) -> tuple[ObjectType, str, ObjectType]:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    if write:
        ctx.need_write(src)
    else:
        ctx.need_read(src)
    return src, str(ctx.params["fid"]), dst


def _labels(store: Store, src: ObjectType, src_id: str, dst: ObjectType, dst_id: str) -> list[str]:
    labels = []
    for link in store.links(src, src_id, dst).get(dst_id, []):
        spec = store.schema.find_type(src, dst, link.type_id)
        if spec and spec["label"]:
            labels.append(str(spec["label"]))
    return labels


async def put_labelled(ctx: Ctx) -> Response:
    src, src_id, dst = _records(ctx, write=True)
    dst_id = str(ctx.params["tid"])
    specs = _types(ctx, src, dst, await ctx.json())
    store = ctx.sim.store
    with store.lock:
        store.require(src, src_id)
        store.require(dst, dst_id)
        for spec in specs:
            store.associate(src, src_id, dst, dst_id, spec["category"], spec["typeId"])
        body = {
            "fromObjectTypeId": src.object_type_id,
            "fromObjectId": src_id,
            "toObjectTypeId": dst.object_type_id,
            "toObjectId": dst_id,
            "labels": _labels(store, src, src_id, dst, dst_id),
        }
    return reply(body, 201)


async def put_default(ctx: Ctx) -> Response:
    src, src_id, dst = _records(ctx, write=True)
    dst_id = str(ctx.params["tid"])
    spec = ctx.sim.schema.default_type(src, dst)
    if spec is None:
        raise validation_error(f"No default association exists from {src.name} to {dst.name}.")
    store = ctx.sim.store
    started = now_iso(ctx)
    with store.lock:
        store.require(src, src_id)
        store.require(dst, dst_id)
        store.associate(src, src_id, dst, dst_id, spec["category"], spec["typeId"])
    result = {
        "from": {"id": src_id},
        "to": {"id": dst_id},
        "associationSpec": {"associationCategory": spec["category"],
                            "associationTypeId": spec["typeId"]},
    }  # fmt: skip
    return batch_reply(started, [result], [], 200)


def _multi(store: Store, src: ObjectType, src_id: str, dst: ObjectType) -> list[dict[str, Any]]:
    out = []
    for to_id, links in store.links(src, src_id, dst).items():
        types = []
        for link in links:
            item: dict[str, Any] = {"category": link.category, "typeId": link.type_id}
            spec = store.schema.find_type(src, dst, link.type_id)
            if spec and spec["label"]:
                item["label"] = spec["label"]
            types.append(item)
        out.append({"toObjectId": to_id, "associationTypes": types})
    return out


async def list_associations(ctx: Ctx) -> Response:
    src, src_id, dst = _records(ctx)
    query = ctx.request.query_params
    try:
        limit = int(query.get("limit", "500"))
        after = int(query.get("after", "0") or 0)
    except ValueError:
        raise validation_error("limit and after must be integers.") from None
    store = ctx.sim.store
    with store.lock:
        store.require(src, src_id)
        items = _multi(store, src, src_id, dst)
    body: dict[str, Any] = {"results": items[after : after + limit]}
    if after + limit < len(items):
        body["paging"] = {"next": {"after": str(after + limit), "link": f"?after={after + limit}"}}
    return reply(body)


async def delete_association(ctx: Ctx) -> Response:
    src, src_id, dst = _records(ctx, write=True)
    ctx.sim.store.unlink(src, src_id, dst, str(ctx.params["tid"]), None)
    return no_content()


async def batch_read(ctx: Ctx) -> Response:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    ctx.need_read(src)
    inputs = batch_inputs(await ctx.json(), BATCH_READ_MAX)
    store = ctx.sim.store
    started = now_iso(ctx)
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    with store.lock:
        for item in inputs:
            src_id = id_of(item)
            if store.live(src, src_id) is None:
                err = ApiError(404, "OBJECT_NOT_FOUND", f"No {src.singular} with id {src_id}")
                errors.append(standard_error(err, {"fromObjectId": [src_id]}))
                continue
            to = _multi(store, src, src_id, dst)
            add_read_result(results, errors, src_id, to, src.singular, dst.singular)
    return batch_reply(started, results, errors, 200)


async def batch_create(ctx: Ctx) -> Response:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    ctx.need_write(src)
    inputs = batch_inputs(await ctx.json(), BATCH_CREATE_MAX)
    store = ctx.sim.store
    started = now_iso(ctx)
    with store.lock:
        planned = []
        for item in inputs:
            if not isinstance(item, dict):
                raise validation_error("Each input must be an object.")
            src_id, dst_id = id_of(item.get("from")), id_of(item.get("to"))
            specs = _types(ctx, src, dst, item.get("types"))
            if store.live(src, src_id) is None or store.live(dst, dst_id) is None:
                raise not_found(f"{src.singular} {src_id} or {dst.singular} {dst_id} not found")
            planned.append((src_id, dst_id, specs))
        results = []
        for src_id, dst_id, specs in planned:
            for spec in specs:
                store.associate(src, src_id, dst, dst_id, spec["category"], spec["typeId"])
            results.append({
                "fromObjectTypeId": src.object_type_id, "fromObjectId": src_id,
                "toObjectTypeId": dst.object_type_id, "toObjectId": dst_id,
                "labels": _labels(store, src, src_id, dst, dst_id),
            })  # fmt: skip
    return batch_reply(started, results, [], 201)


async def batch_archive(ctx: Ctx) -> Response:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    ctx.need_write(src)
    inputs = batch_inputs(await ctx.json(), BATCH_CREATE_MAX)
    for item in inputs:
        src_id = id_of(item.get("from") if isinstance(item, dict) else None)
        targets = item.get("to") if isinstance(item, dict) else None
        for target in targets if isinstance(targets, list) else [targets]:
            ctx.sim.store.unlink(src, src_id, dst, id_of(target), None)
    return no_content()


_OBJ = "/crm/v4/objects/{from}/{fid}/associations"
ROUTES: list[RouteSpec] = [
    (_OBJ + "/default/{to}/{tid}", ["PUT"], put_default, {}),
    (_OBJ + "/{to}/{tid}", ["PUT"], put_labelled, {}),
    (_OBJ + "/{to}/{tid}", ["DELETE"], delete_association, {}),
    (_OBJ + "/{to}", ["GET"], list_associations, {}),
    ("/crm/v4/associations/{from}/{to}/batch/read", ["POST"], batch_read, {}),
    ("/crm/v4/associations/{from}/{to}/batch/create", ["POST"], batch_create, {}),
    ("/crm/v4/associations/{from}/{to}/batch/archive", ["POST"], batch_archive, {}),
]
