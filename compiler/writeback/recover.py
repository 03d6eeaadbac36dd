"""Finding engagements an earlier, interrupted attempt may have created, by their markers.

Every body carries its conversation's marker token (``render.marker_token``). For a batch of items
whose create may have been sent, look in two places:

1. the engagements associated with each item's contact (a consistent read: it sees an engagement
   the moment it exists), read back in batches of 100 and matched by marker;
2. for what is still missing, search by marker (``CONTAINS_TOKEN``; five markers per request, one
   filter group each). Search lags behind writes, but it finds an engagement that exists without
   its association.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from compiler.hubspot.client import HubSpotClient

MARKER = re.compile(r"skillc[0-9a-f]{24}")
_GROUPS_PER_SEARCH = 5  # HubSpot allows five filter groups per search


def body_property(kind: str) -> str:
    return "hs_call_body" if kind == "calls" else "hs_note_body"


def markers_in(record: dict[str, Any], body_prop: str) -> set[str]:
    return set(MARKER.findall(str((record.get("properties") or {}).get(body_prop) or "")))


async def find_by_markers(
    client: HubSpotClient, kind: str, wanted: dict[str, str | None]
) -> dict[str, str]:
    """``wanted``: marker token -> the contact the engagement should be on (or None).

    Returns marker token -> engagement id for those found. HubSpot errors propagate.
    """
    body_prop = body_property(kind)
    found: dict[str, str] = {}
    candidates: list[str] = []
    for contact_id in sorted({c for c in wanted.values() if c is not None}):
        async for link in client.paginate(
            "GET", f"/crm/v4/objects/contacts/{contact_id}/associations/{kind}", limit=500
        ):
            candidates.append(str(link.get("toObjectId")))
    for records in _batch_read(client, kind, sorted(set(candidates)), body_prop):
        for record in await records:
            for token in markers_in(record, body_prop) & wanted.keys():
                found.setdefault(token, str(record["id"]))
    missing = sorted(t for t in wanted if t not in found)
    for start in range(0, len(missing), _GROUPS_PER_SEARCH):
        chunk = missing[start : start + _GROUPS_PER_SEARCH]
        answer = await client.request(
            "POST",
            f"/crm/v3/objects/{kind}/search",
            json={
                "filterGroups": [
                    {"filters": [
                        {"propertyName": body_prop, "operator": "CONTAINS_TOKEN", "value": t}
                    ]}
                    for t in chunk
                ],
                "properties": [body_prop],
                "limit": 100,
            },
        )  # fmt: skip
        for record in (answer or {}).get("results", []):
            for token in markers_in(record, body_prop) & set(chunk):
                found.setdefault(token, str(record["id"]))
    return found


def _batch_read(client: HubSpotClient, kind: str, ids: list[str], body_prop: str) -> Iterable[Any]:
    async def read(chunk: list[str]) -> list[dict[str, Any]]:
        answer = await client.request(
            "POST",
            f"/crm/v3/objects/{kind}/batch/read",
            json={"inputs": [{"id": i} for i in chunk], "properties": [body_prop]},
        )
        return [r for r in (answer or {}).get("results", []) if isinstance(r, dict)]

    for start in range(0, len(ids), 100):
        yield read(ids[start : start + 100])
