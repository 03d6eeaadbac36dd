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

from compiler.hubspot import api
from compiler.hubspot.api import CrmRecord
from compiler.hubspot.client import HubSpotClient

MARKER = re.compile(r"skillc[0-9a-f]{24}")
_GROUPS_PER_SEARCH = 5  # HubSpot allows five filter groups per search


def body_property(kind: str) -> str:
    return "hs_call_body" if kind == "calls" else "hs_note_body"


def markers_in(record: CrmRecord, body_prop: str) -> set[str]:
    return set(MARKER.findall(str(record.properties.get(body_prop) or "")))


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
        async for link in api.associations(client, "contacts", contact_id, kind):
            candidates.append(link.to_object_id)
    ids = sorted(set(candidates))
    for start in range(0, len(ids), 100):
        answer = await api.batch_read(client, kind, ids[start : start + 100], [body_prop])
        for record in answer.results:
            for token in markers_in(record, body_prop) & wanted.keys():
                found.setdefault(token, record.id)
    missing = sorted(t for t in wanted if t not in found)
    for start in range(0, len(missing), _GROUPS_PER_SEARCH):
        chunk = missing[start : start + _GROUPS_PER_SEARCH]
        records = await api.search_page(
            client,
            kind,
            {
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
        for record in records:
            for token in markers_in(record, body_prop) & set(chunk):
                found.setdefault(token, record.id)
    return found
