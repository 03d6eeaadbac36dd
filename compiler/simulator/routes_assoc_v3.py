"""Associations v3 (older clients): batch read/create/archive by type name, and the type list."""

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
)
from compiler.simulator.errors import error_detail, validation_error
from compiler.simulator.schema import ObjectType, association_type_name

BATCH_MAX = 100


def _named_types(ctx: Ctx, src: ObjectType, dst: ObjectType) -> dict[str, dict[str, Any]]:
    """The pair's association types by their v3 name (and by their id as a string)."""
    named: dict[str, dict[str, Any]] = {}
    for spec in ctx.sim.schema.association_types(src, dst):
        named.setdefault(association_type_name(src, dst, spec), spec)
        named.setdefault(str(spec["typeId"]), spec)
    return named


def _pair(ctx: Ctx, write: bool) -> tuple[ObjectType, ObjectType]:
    src, dst = ctx.obj(ctx.params["from"]), ctx.obj(ctx.params["to"])
    if write:
        ctx.need_write(src)
    else:
        ctx.need_read(src)
    return src, dst


def _type_of(ctx: Ctx, src: ObjectType, dst: ObjectType, item: dict[str, Any]) -> dict[str, Any]:
    name = item.get("type")
    spec = _named_types(ctx, src, dst).get(name) if isinstance(name, str) else None
    if spec is None:
        msg = f"{name!r} is not an association type from {src.name} to {dst.name}."
        raise validation_error(msg, [error_detail(msg, "INVALID_ASSOCIATION_TYPE")])
    return spec


async def types(ctx: Ctx) -> Response:
    src, dst = _pair(ctx, write=False)
    results = [
        {"id": str(spec["typeId"]), "name": association_type_name(src, dst, spec)}
        for spec in ctx.sim.schema.association_types(src, dst)
    ]
    return reply({"results": results})


async def batch_read(ctx: Ctx) -> Response:
    src, dst = _pair(ctx, write=False)
    inputs = batch_inputs(await ctx.json(), BATCH_MAX)
    store, schema = ctx.sim.store, ctx.sim.schema
    started = now_iso(ctx)
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    with store.lock:
        for item in inputs:
            src_id = id_of(item)
            to = []
            for to_id, links in store.links(src, src_id, dst).items():
                for link in links:
                    spec = schema.find_type(src, dst, link.type_id) or {
                        "category": link.category, "typeId": link.type_id, "label": None,
                    }  # fmt: skip
                    to.append({"id": to_id, "type": association_type_name(src, dst, spec)})
            add_read_result(results, errors, src_id, to, src.singular, dst.singular)
    return batch_reply(started, results, errors, 200)


async def batch_create(ctx: Ctx) -> Response:
    src, dst = _pair(ctx, write=True)
    inputs = batch_inputs(await ctx.json(), BATCH_MAX)
    store = ctx.sim.store
    started = now_iso(ctx)
    with store.lock:
        planned = []
        for item in inputs:
            if not isinstance(item, dict):
                raise validation_error("Each input must be an object.")
            src_id, dst_id = id_of(item.get("from")), id_of(item.get("to"))
            spec = _type_of(ctx, src, dst, item)
            store.require(src, src_id)
            store.require(dst, dst_id)
            planned.append((src_id, dst_id, spec, str(item["type"])))
        results = []
        for src_id, dst_id, spec, name in planned:
            store.associate(src, src_id, dst, dst_id, spec["category"], spec["typeId"])
            results.append({"from": {"id": src_id}, "to": {"id": dst_id}, "type": name})
    return batch_reply(started, results, [], 201)


async def batch_archive(ctx: Ctx) -> Response:
    src, dst = _pair(ctx, write=True)
    inputs = batch_inputs(await ctx.json(), BATCH_MAX)
    for item in inputs:
        if not isinstance(item, dict):
            raise validation_error("Each input must be an object.")
        spec = _type_of(ctx, src, dst, item)
        src_id, dst_id = id_of(item.get("from")), id_of(item.get("to"))
        ctx.sim.store.unlink(src, src_id, dst, dst_id, {spec["typeId"]})
    return no_content()


ROUTES: list[RouteSpec] = [
    ("/crm/v3/associations/{from}/{to}/types", ["GET"], types, {}),
    ("/crm/v3/associations/{from}/{to}/batch/read", ["POST"], batch_read, {}),
    ("/crm/v3/associations/{from}/{to}/batch/create", ["POST"], batch_create, {}),
    ("/crm/v3/associations/{from}/{to}/batch/archive", ["POST"], batch_archive, {}),
]
