"""Builders for the sample accounts: HubSpot-shaped properties, pipelines and association types.

Property definitions are written as compact tables (one ``|``-separated line per property) so the
sample files can hold hundreds of realistic properties without thousands of lines of Python.
Everything here is deterministic: timestamps are fixed and derived from positions, never the clock.
"""

from __future__ import annotations

from typing import Any

JsonObj = dict[str, Any]

# When HubSpot created its default properties, and when the clinic added its own.
HUBSPOT_CREATED = "2019-08-06T02:41:52.236Z"
HUBSPOT_UPDATED = "2024-06-12T17:21:03.418Z"
PORTAL_CREATED = "2025-02-11T15:04:26.000Z"

FLAG_WORDS = frozenset({"ro", "calc", "uniq", "hidden", "custom", "noform", "sensitive"})


def option(
    value: str, label: str, order: int, *, hidden: bool = False, description: str = ""
) -> JsonObj:
    return {
        "label": label,
        "value": value,
        "hidden": hidden,
        "displayOrder": order,
        "description": description,
    }


def options(
    pairs: list[tuple[str, str]] | list[str], *, hidden: tuple[str, ...] = ()
) -> list[JsonObj]:
    """Options from ``(value, label)`` pairs, or from bare values that are their own labels."""
    out: list[JsonObj] = []
    for order, item in enumerate(pairs):
        value, label = (item, item) if isinstance(item, str) else item
        out.append(option(value, label, order, hidden=value in hidden))
    return out


BOOL_OPTIONS = [option("true", "Yes", 0), option("false", "No", 1)]


def prop(
    name: str,
    label: str,
    type_: str,
    field_type: str,
    group: str,
    *,
    description: str = "",
    flags: frozenset[str] = frozenset(),
    opts: list[JsonObj] | None = None,
    display_order: int = -1,
    stamp: int = 0,
) -> JsonObj:
    """One property in the exact shape of ``GET /crm/v3/properties/{objectType}``."""
    custom = "custom" in flags
    read_only = "ro" in flags or "calc" in flags
    if opts is None:
        opts = [dict(o) for o in BOOL_OPTIONS] if type_ == "bool" else []
    created = _custom_stamp(stamp) if custom else HUBSPOT_CREATED
    data: JsonObj = {
        "updatedAt": created if custom else HUBSPOT_UPDATED,
        "createdAt": created,
        "name": name,
        "label": label,
        "type": type_,
        "fieldType": field_type,
        "description": description,
        "groupName": group,
        "options": opts,
        "displayOrder": display_order,
        "calculated": "calc" in flags,
        "externalOptions": False,
        "hasUniqueValue": "uniq" in flags,
        "hidden": "hidden" in flags,
        "hubspotDefined": not custom,
        "modificationMetadata": {
            "archivable": custom,
            "readOnlyDefinition": not custom,
            "readOnlyValue": read_only,
        },
        "formField": not read_only and "noform" not in flags,
        "dataSensitivity": "sensitive" if "sensitive" in flags else "non_sensitive",
        "archived": False,
    }
    if custom:
        data["createdUserId"] = "5001"
        data["updatedUserId"] = "5001"
    return data


def _custom_stamp(n: int) -> str:
    # Spread the clinic's own properties over its first weeks on HubSpot.
    day = 11 + (n % 17)
    minute = (n * 7) % 60
    return f"2025-02-{day:02d}T15:{minute:02d}:26.000Z"


def table(
    text: str,
    group: str,
    *,
    enums: dict[str, list[JsonObj]] | None = None,
    custom: bool = False,
    ordered: bool = False,
) -> list[JsonObj]:
    """Parse ``name | label | type | fieldType | flags | description`` lines into properties.

    ``flags`` is a space-separated subset of ``FLAG_WORDS`` (may be empty). ``enums`` gives the
    options of enumeration properties by name. ``ordered`` numbers ``displayOrder`` from 0 (the
    properties a portal shows first); otherwise HubSpot's ``-1``.
    """
    enums = enums or {}
    out: list[JsonObj] = []
    for index, line in enumerate(ln for ln in text.strip().splitlines() if ln.strip()):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 6:
            raise ValueError(f"property table line needs 6 cells: {line!r}")
        name, label, type_, field_type, flag_text, description = cells
        flags = frozenset(flag_text.split())
        unknown = flags - FLAG_WORDS
        if unknown:
            raise ValueError(f"unknown flags {sorted(unknown)} in {line!r}")
        if custom:
            flags |= {"custom"}
        if type_ == "enumeration" and name not in enums:
            raise ValueError(f"enumeration {name!r} has no options")
        out.append(
            prop(
                name,
                label,
                type_,
                field_type,
                group,
                description=description,
                flags=flags,
                opts=enums.get(name),
                display_order=index if ordered else -1,
                stamp=index + len(name),
            )
        )
    return out


def external(p: JsonObj) -> JsonObj:
    """Mark a pipeline/stage property: its values live in the pipelines, not in ``options``."""
    return {**p, "externalOptions": True, "options": []}


def stage(
    stage_id: str, label: str, order: int, metadata: dict[str, str], *, stamp: str = HUBSPOT_CREATED
) -> JsonObj:
    return {
        "id": stage_id,
        "label": label,
        "displayOrder": order,
        "metadata": metadata,
        "createdAt": stamp,
        "updatedAt": stamp,
        "archived": False,
        "writePermissions": "CRM_PERMISSIONS_ENFORCEMENT",
    }


def pipeline(
    pipeline_id: str, label: str, order: int, stages: list[JsonObj], *, stamp: str = HUBSPOT_CREATED
) -> JsonObj:
    return {
        "id": pipeline_id,
        "label": label,
        "displayOrder": order,
        "stages": stages,
        "createdAt": stamp,
        "updatedAt": stamp,
        "archived": False,
    }


def assoc(
    to_type: str, type_id: int, label: str | None = None, category: str = "HUBSPOT_DEFINED"
) -> JsonObj:
    return {"toObjectTypeId": to_type, "category": category, "typeId": type_id, "label": label}


def filler(
    prefix: str, label_prefix: str, group: str, count: int, *, description: str, start: int = 0
) -> list[JsonObj]:
    """Numbered clinic-made properties, as portals accumulate them from imports and old forms."""
    return [
        prop(
            f"{prefix}_{n:02d}",
            f"{label_prefix} {n}",
            "string",
            "text",
            group,
            description=description.format(n=n),
            flags=frozenset({"custom"}),
            stamp=start + n,
        )
        for n in range(1, count + 1)
    ]
