"""What the simulator holds, for people: ``GET /_simulator/state[?object=NAME]`` (not a
HubSpot path).

Every record by object (id and the properties that are set), every association, and how many
requests were answered so far, by method, path and status. It asks for the same bearer token as
the API, but it is neither rate limited nor faulted: looking must not change what is looked at
(it does appear in the request log, as every request does).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from compiler.simulator.app import Ctx, RouteSpec, reply
from compiler.simulator.values import iso_ms

STATE_PATH = "/_simulator/state"


async def state(ctx: Ctx) -> Response:
    ctx.sim.tokens.authenticate(ctx.request.headers.get("authorization"))
    only = ctx.request.query_params.get("object")
    wanted = {ctx.obj(only).name} if only else None  # unknown: HubSpot's 400 for the name
    store = ctx.sim.store
    with store.lock:
        objects: dict[str, Any] = {}
        for name, records in store.records.items():
            if wanted is not None and name not in wanted:
                continue
            objects[name] = [
                {
                    "id": rec.id,
                    "properties": dict(sorted(rec.properties.items())),
                    "createdAt": iso_ms(rec.created_at),
                    "updatedAt": iso_ms(rec.updated_at),
                    **({"archived": True} if rec.archived else {}),
                }
                for rec in sorted(records.values(), key=lambda r: (len(r.id), r.id))
            ]
        associations = sorted(
            (
                {"from": f"{a.from_object}/{a.from_id}", "to": f"{a.to_object}/{a.to_id}",
                 "category": a.category, "typeId": a.type_id}
                for a in store.associations
                if wanted is None or wanted & {a.from_object, a.to_object}
            ),
            key=lambda a: (a["from"], a["to"], a["typeId"]),
        )  # fmt: skip
    requests = [
        {"method": method, "path": path, "status": status, "count": count}
        for (method, path, status), count in sorted(_by_status(ctx).items())
    ]
    return reply(
        {
            "objects": objects,
            "counts": {name: len(items) for name, items in objects.items()},
            "associations": associations,
            "requests": requests,
        }
    )


def _by_status(ctx: Ctx) -> dict[tuple[str, str, int], int]:
    counts: dict[tuple[str, str, int], int] = {}
    for entry in list(ctx.sim.request_log.entries):
        key = (entry.method, entry.path, entry.status)
        counts[key] = counts.get(key, 0) + 1
    return counts


ROUTES: list[RouteSpec] = [(STATE_PATH, ["GET"], state, {"api": False})]
