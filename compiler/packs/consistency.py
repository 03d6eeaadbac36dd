"""What must agree inside one artifact, beyond its JSON Schema: the object it names, the paths its
requests go to, its kind and operation, the result shape it promises.

A digest is not a signature: an artifact edited by hand (its object switched to deals while its
search still goes to contacts, its kind set to read on a create) and given a fresh digest passes
every per-field check. The runtime refuses such an artifact when it loads it, and ``skillc install``
refuses it through the same function (``compiler.packs.loaded.load_artifact``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from compiler.account.model import STANDARD_OBJECT_TYPE_IDS

_OBJECT_SEGMENT = re.compile(r"^/crm/v3/objects/([^/]+)(?:/|$)")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def consistency_problems(raw: Mapping[str, Any]) -> list[str]:
    """Every way the parts of a (schema-valid) artifact contradict each other; empty when none."""
    problems: list[str] = []
    obj = _mapping(raw.get("object"))
    name, type_id = str(obj.get("name", "")), str(obj.get("objectTypeId", ""))
    standard_id = STANDARD_OBJECT_TYPE_IDS.get(name)
    if standard_id is not None and type_id != standard_id:
        problems.append(f"object: {name} has objectTypeId {standard_id}, not {type_id}")
    standard_name = next((n for n, i in STANDARD_OBJECT_TYPE_IDS.items() if i == type_id), None)
    if standard_name is not None and name != standard_name:
        problems.append(f"object: objectTypeId {type_id} is {standard_name}, not {name}")
    found = raw.get("steps")
    steps: list[Any] = found if isinstance(found, list) else []
    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        match = _OBJECT_SEGMENT.match(str(step.get("path", "")))
        if match is not None and match.group(1) not in (name, type_id):
            problems.append(
                f"steps[{index}]: path {step.get('path')!r} is not a request on the artifact's "
                f"object {name} ({type_id})"
            )
        groups = (
            (step.get("body") or {}).get("filterGroups") if step.get("op") == "search" else None
        )
        checks = step.get("phoneMatch")
        if isinstance(checks, list) and isinstance(groups, list) and len(checks) != len(groups):
            problems.append(
                f"steps[{index}]: phoneMatch has {len(checks)} groups for {len(groups)} "
                "filter groups"
            )
    operation = raw.get("operation")
    kind = raw.get("kind")
    expected_kind = "read" if operation == "search" else "write"
    if operation is not None and kind != expected_kind:
        problems.append(f"kind: a {operation} artifact is a {expected_kind}, not a {kind}")
    result = _mapping(raw.get("result"))
    searches = [s for s in steps if isinstance(s, dict) and s.get("op") == "search"]
    if operation == "search" and searches:
        promised, planned = result.get("shape"), searches[0].get("result", "many")
        if promised != planned:
            problems.append(f"result.shape is {promised!r} but the search returns {planned!r}")
    if operation == "find_or_create" and searches and searches[0].get("result") != "one":
        problems.append("steps[0]: the search of a find-or-create returns one record")
    return problems
