"""``/crm/v3/objects/{objectType}``: list, create, read, update, archive, search and batch."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from compiler.simulator.app import Ctx, RouteSpec, no_content, reply
from compiler.simulator.batching import batch_inputs, batch_reply, now_iso, standard_error
from compiler.simulator.errors import ApiError, error_detail, not_found, validation_error
from compiler.simulator.schema import ObjectType, association_type_name
from compiler.simulator.search import MAX_RESULTS, matches, parse_request, query_matches, sort_key
from compiler.simulator.store import Record
from compiler.simulator.writes import (
    apply_create,
    apply_update,
    check_batch_unique,
    plan_create,
    plan_update,
)

BATCH_MAX = 100
LIST_MAX = 100
_BASICS = ("createdate", "hs_createdate", "lastmodifieddate", "hs_lastmodifieddate", "hs_object_id")


def returned_names(obj: ObjectType, requested: list[str] | None) -> list[str]:
    """Which properties a response carries: the defaults, or the requested ones + the basics."""
    if requested is None:
        return [n for n in obj.default_properties if n in obj.properties]
    basics = [n for n in obj.default_properties if n in _BASICS]
    names = [n for n in requested if n in obj.properties]
    return sorted(set(names) | set(basics))


def _public(
    rec: Record, names: list[str] | None, props: dict[str, str] | None = None
) -> dict[str, Any]:
    out = rec.to_public(names)
    if props is not None and names is not None:
        out["properties"] = {n: props.get(n) for n in names}
    return out


def _id_property(raw: Any) -> str | None:
    if raw is None or isinstance(raw, str):
        return raw or None
    raise validation_error("idProperty must be a property name.")


def _property_names(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise validation_error("properties must be a list of property names.")
    return raw


def _check_unique_property(obj: ObjectType, id_property: str) -> None:
    prop = obj.properties.get(id_property)
    unique = prop is not None and (
        prop.has_unique_value or (obj.name, id_property) == ("contacts", "email")
    )
    if not unique:
        msg = f"{id_property} is not a unique identifier property of {obj.name}."
        raise validation_error(msg, [error_detail(msg, "INVALID_ID_PROPERTY")])


def _find(ctx: Ctx, obj: ObjectType, record_id: str, id_property: str | None) -> Record:
    store = ctx.sim.store
    if id_property and id_property != "hs_object_id":
        _check_unique_property(obj, id_property)
        rec = store.find_by(obj, id_property, record_id)
    elif ctx.query_bool("archived"):
        found = store.records[obj.name].get(record_id)
        rec = found if found is not None and found.archived else None
    else:
        rec = store.live(obj, record_id)
    if rec is None:
        raise not_found()
    return rec


def _with_associations(ctx: Ctx, obj: ObjectType, rec: Record, out: dict[str, Any]) -> None:
    wanted = ctx.query_list("associations")
    if not wanted:
        return
    schema, store = ctx.sim.schema, ctx.sim.store
    assoc: dict[str, Any] = {}
    for name in wanted:
        target = schema.resolve(name)
        if target is None:
            continue
        results = []
        for to_id, links in store.links(obj, rec.id, target).items():
            for link in links:
                spec = {
                    "category": link.category,
                    "typeId": link.type_id,
                    "label": (schema.find_type(obj, target, link.type_id) or {}).get("label"),
                }
                results.append({"id": to_id, "type": association_type_name(obj, target, spec)})
        if results:
            assoc[name] = {"results": results}
    if assoc:
        out["associations"] = assoc


async def list_objects(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_read(obj)
    query = ctx.request.query_params
    try:
        limit = int(query.get("limit", "10"))
        after = int(query.get("after", "0") or 0)
    except ValueError:
        raise validation_error("limit and after must be integers.") from None
    if not 1 <= limit <= LIST_MAX:
        raise validation_error(f"limit must be between 1 and {LIST_MAX}.")
    archived = ctx.query_bool("archived")
    store = ctx.sim.store
    with store.lock:
        recs = [r for r in store.records[obj.name].values() if r.archived == archived]
        recs.sort(key=lambda r: (int(r.id) if r.id.isdigit() else 0, r.id))
        page = [r for r in recs if not r.id.isdigit() or int(r.id) >= after][: limit + 1]
        names = returned_names(obj, ctx.query_list("properties"))
        results = []
        for rec in page[:limit]:
            item = _public(rec, names)
            _with_associations(ctx, obj, rec, item)
            results.append(item)
    body: dict[str, Any] = {"results": results}
    if len(page) > limit:
        body["paging"] = {"next": {"after": page[limit].id, "link": f"?after={page[limit].id}"}}
    return reply(body)


async def create_object(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_write(obj)
    body = await ctx.json_object()
    sim = ctx.sim
    with sim.store.lock:
        plan = plan_create(sim.schema, sim.store, obj, body)
        rec = apply_create(sim.store, plan)
        return reply(rec.to_public(), 201)


async def get_object(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_read(obj)
    with ctx.sim.store.lock:
        rec = _find(ctx, obj, ctx.params["id"], ctx.request.query_params.get("idProperty"))
        out = _public(rec, returned_names(obj, ctx.query_list("properties")))
        _with_associations(ctx, obj, rec, out)
    return reply(out)


async def update_object(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_write(obj)
    body = await ctx.json_object()
    store = ctx.sim.store
    with store.lock:
        rec = _find(ctx, obj, ctx.params["id"], ctx.request.query_params.get("idProperty"))
        rec = apply_update(store, plan_update(store, obj, rec, body))
        return reply(rec.to_public())


async def archive_object(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_write(obj)
    store = ctx.sim.store
    with store.lock:
        rec = store.live(obj, ctx.params["id"])
        if rec is not None:
            store.archive(obj, rec)
    return no_content()


async def search_objects(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    ctx.need_read(obj)
    body = await ctx.json()
    schema, store = ctx.sim.schema, ctx.sim.store
    req = parse_request(schema, obj, body, len(ctx.raw_body.decode("utf-8", "replace")))

    def linked(record_id: str, target: ObjectType) -> set[str]:
        return set(store.links(obj, record_id, target))

    with store.lock:
        hits = []
        for rec, props in store.searchable(obj):
            if req.groups and not any(
                all(matches(obj, props, rec.id, f, linked) for f in group) for group in req.groups
            ):
                continue
            if req.query is not None and not query_matches(obj, props, req.query):
                continue
            hits.append((rec, props))
    if req.sort is not None:
        name, descending = req.sort
        key = sort_key(obj, name)
        present = [h for h in hits if key(h[1])[0] == 0]
        missing = [h for h in hits if key(h[1])[0] == 1]
        present.sort(key=lambda h: key(h[1]), reverse=descending)
        hits = present + missing
    names = returned_names(obj, req.properties)
    page = hits[req.after : req.after + req.limit]
    out: dict[str, Any] = {
        "total": len(hits),
        "results": [_public(rec, names, props) for rec, props in page],
    }
    next_after = req.after + req.limit
    if next_after < min(len(hits), MAX_RESULTS):
        out["paging"] = {"next": {"after": str(next_after), "link": f"?after={next_after}"}}
    return reply(out)


# ---- batch ------------------------------------------------------------------------------
def _traced(inputs: list[Any]) -> bool:
    """Partial success (207) only when every input carries an objectWriteTraceId."""
    return bool(inputs) and all(isinstance(i, dict) and "objectWriteTraceId" in i for i in inputs)


async def batch(ctx: Ctx) -> Response:
    obj = ctx.obj(ctx.params["t"])
    op = ctx.params["op"]
    if op not in ("read", "create", "update", "upsert", "archive"):
        raise ApiError(404, "OBJECT_NOT_FOUND", f"Unknown batch operation {op!r}")
    if op == "read":
        ctx.need_read(obj)
    else:
        ctx.need_write(obj)
    body = await ctx.json_object()
    inputs = batch_inputs(body, BATCH_MAX)
    started = now_iso(ctx)
    with ctx.sim.store.lock:
        if op == "read":
            return _batch_read(ctx, obj, body, inputs, started)
        if op == "archive":
            for item in inputs:
                rec = ctx.sim.store.live(
                    obj, str(item.get("id") if isinstance(item, dict) else item)
                )
                if rec is not None:
                    ctx.sim.store.archive(obj, rec)
            return no_content()
        return _batch_write(ctx, obj, op, body, inputs, started)


def _batch_read(
    ctx: Ctx, obj: ObjectType, body: dict[str, Any], inputs: list[Any], started: str
) -> Response:
    id_property = _id_property(body.get("idProperty"))
    if id_property and id_property != "hs_object_id":
        _check_unique_property(obj, id_property)
    names = returned_names(obj, _property_names(body.get("properties")) or None)
    results, missing = [], []
    for item in inputs:
        raw_id = item.get("id") if isinstance(item, dict) else item
        if not isinstance(raw_id, str | int):
            raise validation_error("Each input needs an `id` (a string).")
        rid = str(raw_id)
        try:
            rec = _find(ctx, obj, rid, id_property)
        except ApiError:
            missing.append(rid)
            continue
        results.append(_public(rec, names))
    errors = []
    if missing:
        err = ApiError(
            404,
            "OBJECT_NOT_FOUND",
            f"Could not get some {obj.singular.upper()} objects, they may be deleted or not "
            "exist. Check that ids are valid.",
        )
        errors.append(standard_error(err, {"ids": missing}))
    return batch_reply(started, results, errors, 200)


def _batch_write(
    ctx: Ctx, obj: ObjectType, op: str, body: dict[str, Any], inputs: list[Any], started: str
) -> Response:
    store = ctx.sim.store
    partial = _traced(inputs)
    plans: list[tuple[str, Any]] = []  # ("create"|"update", plan)
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(inputs):
        try:
            plans.append(_plan_one(ctx, obj, op, item))
        except ApiError as err:
            if not partial:
                err.context = {**(err.context or {}), "index": [str(index)]}
                raise
            errors.append(
                standard_error(err, {"objectWriteTraceId": [str(item.get("objectWriteTraceId"))]})
            )
    if not partial:
        creates = [p.properties for kind, p in plans if kind == "create"]
        check_batch_unique(obj, creates)
    results = []
    for kind, plan in plans:
        rec = apply_create(store, plan) if kind == "create" else apply_update(store, plan)
        out = rec.to_public()
        if op == "upsert":
            out["new"] = kind == "create"
        if plan.trace_id is not None:
            out["objectWriteTraceId"] = plan.trace_id
        results.append(out)
    return batch_reply(started, results, errors, 201 if op == "create" else 200)


def _plan_one(ctx: Ctx, obj: ObjectType, op: str, item: Any) -> tuple[str, Any]:
    schema, store = ctx.sim.schema, ctx.sim.store
    if not isinstance(item, dict):
        raise validation_error("Invalid input JSON: each input must be an object.")
    if op == "create":
        return "create", plan_create(schema, store, obj, item)
    rid = item.get("id")
    if not isinstance(rid, str | int):
        raise validation_error("Invalid input JSON: each input needs an `id` (a string).")
    id_property = _id_property(item.get("idProperty"))
    if op == "upsert":
        if not id_property:
            raise validation_error("batch/upsert inputs need an `idProperty`.")
        _check_unique_property(obj, id_property)
        rec = store.find_by(obj, id_property, str(rid))
        if rec is None:
            raw_props = item.get("properties") or {}
            if not isinstance(raw_props, dict):
                raise validation_error("Invalid input JSON: `properties` must be an object.")
            props = dict(raw_props)
            props.setdefault(id_property, str(rid))
            return "create", plan_create(schema, store, obj, {**item, "properties": props})
        return "update", plan_update(store, obj, rec, item, item.get("objectWriteTraceId"))
    rec = _find(ctx, obj, str(rid), id_property)
    return "update", plan_update(store, obj, rec, item, item.get("objectWriteTraceId"))


ROUTES: list[RouteSpec] = [
    ("/crm/v3/objects/{t}/search", ["POST"], search_objects, {"search": True}),
    ("/crm/v3/objects/{t}/batch/{op}", ["POST"], batch, {}),
    ("/crm/v3/objects/{t}", ["GET"], list_objects, {}),
    ("/crm/v3/objects/{t}", ["POST"], create_object, {}),
    ("/crm/v3/objects/{t}/{id}", ["GET"], get_object, {}),
    ("/crm/v3/objects/{t}/{id}", ["PATCH"], update_object, {}),
    ("/crm/v3/objects/{t}/{id}", ["DELETE"], archive_object, {}),
]
