"""Fill a plan step's slots with argument and conversation values, and nothing but values.

The artifact check has already proved every slot sits in a value position; here each slot becomes
a HubSpot value string (or, for record ids, a string of digits). A slot whose optional argument is
absent removes its filter (search) or its property / association (writes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from compiler.identity.phone import (
    PhoneError,
    e164_or_none,
    last_four_token,
    national_digits,
    to_e164,
)


class SlotError(Exception):
    """A value cannot be used. ``argument`` names it (``caller.phone`` for conversation context)."""

    def __init__(
        self,
        argument: str,
        reason: str,
        *,
        kind: Literal["argument", "context", "unsafe"] = "argument",
    ) -> None:
        super().__init__(f"{argument}: {reason}")
        self.argument = argument
        self.reason = reason
        self.kind = kind


class MatchEverything(Exception):
    """Absent optional arguments removed every filter group: the search would match everything."""


class _Absent:
    pass


ABSENT = _Absent()


@dataclass(frozen=True)
class SlotValues:
    args: dict[str, Any]
    context: dict[str, str | None]
    region: str

    def resolve(self, slot: dict[str, Any], *, record_id: bool = False) -> str | _Absent:
        name = str(slot["$param"])
        if "." in name:
            raw = self.context.get(name)
            if raw is None or raw == "":
                raise SlotError(
                    name,
                    "this conversation does not provide it (the caller is not known yet)",
                    kind="context",
                )
        else:
            raw = self.args.get(name)
            if raw is None:
                return ABSENT
        value = _as_hubspot_string(name, raw)
        fmt = slot.get("$format")
        try:
            if fmt == "phone_national":
                value = national_digits(value, self.region)
            elif fmt == "phone_token":
                value = last_four_token(value, self.region)
            elif fmt == "lower":
                value = value.lower()
        except PhoneError as exc:
            raise SlotError(name, str(exc), kind="context" if "." in name else "argument") from None
        if record_id and not (value.isascii() and value.isdigit()):
            raise SlotError(name, "must be a record id (digits only)", kind="unsafe")
        return value

    def phone(self, slot: dict[str, Any]) -> str | _Absent:
        """The E.164 form of a phone slot (for ``phoneMatch`` checks)."""
        plain = {"$param": slot["$param"]}
        value = self.resolve(plain)
        if isinstance(value, _Absent):
            return value
        name = str(slot["$param"])
        try:
            return to_e164(value, self.region)
        except PhoneError as exc:
            raise SlotError(name, str(exc), kind="context" if "." in name else "argument") from None


def _as_hubspot_string(name: str, raw: Any) -> str:
    # HubSpot takes every value as a string; structured values can never fill a slot.
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise SlotError(name, "must be a finite number")
        # HubSpot's numbers are plain digits with at most one decimal point: no exponent.
        text = repr(raw)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    if isinstance(raw, str):
        if not raw.isascii():
            try:
                raw.encode("utf-8")
            except UnicodeEncodeError:
                kind: Literal["argument", "context"] = "context" if "." in name else "argument"
                raise SlotError(name, "holds text that is not valid Unicode", kind=kind) from None
        return raw
    raise SlotError(name, f"must be a single value, not {type(raw).__name__}", kind="unsafe")


def _copy(node: Any) -> Any:
    """A copy of plain JSON data (several times faster than copy.deepcopy)."""
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _is_slot(value: Any) -> bool:
    return isinstance(value, dict) and "$param" in value


def _is_id_filter(flt: dict[str, Any]) -> bool:
    name = str(flt.get("propertyName", ""))
    return name == "hs_object_id" or name.startswith("associations.")


@dataclass
class FilledSearch:
    path: str
    body: dict[str, Any]
    result: Literal["one", "many"]
    limit: int | None
    # One list of (property, E.164) checks per kept filter group; None: no phone matching.
    phone_checks: list[list[tuple[str, str]]] | None = None
    key: list[tuple[str, str]] = field(default_factory=list)


def fill_search(step: dict[str, Any], values: SlotValues) -> FilledSearch:
    body = _copy(step["body"])
    groups_in = body.get("filterGroups") or []
    matches_in = step.get("phoneMatch")
    groups_out: list[dict[str, Any]] = []
    checks_out: list[list[tuple[str, str]]] = []
    key: list[tuple[str, str]] = []
    for index, group in enumerate(groups_in):
        filters: list[dict[str, Any]] = []
        for flt in group.get("filters", []):
            kept = _fill_filter(flt, values)
            if kept is not None:
                filters.append(kept)
        if not filters:
            continue
        groups_out.append({**group, "filters": filters})
        checks: list[tuple[str, str]] = []
        if isinstance(matches_in, list) and index < len(matches_in):
            for check in matches_in[index] or []:
                e164 = values.phone(check["value"]) if _is_slot(check["value"]) else None
                if e164 is None:  # a literal number written in the binding
                    e164 = e164_or_none(str(check["value"]), values.region) or str(check["value"])
                if not isinstance(e164, _Absent):
                    checks.append((str(check["property"]), e164))
        checks_out.append(checks)
        for flt in filters:
            key.append((str(flt.get("propertyName")), _key_value(flt)))
    if groups_in and not groups_out:
        raise MatchEverything()
    if groups_in:
        body["filterGroups"] = groups_out
    limit = step.get("limit")
    return FilledSearch(
        path=str(step["path"]),
        body=body,
        result="one" if step.get("result") == "one" else "many",
        limit=int(limit) if isinstance(limit, int) else None,
        phone_checks=checks_out if matches_in is not None else None,
        key=sorted(set(key)),
    )


def _key_value(flt: dict[str, Any]) -> str:
    if "values" in flt:
        return ",".join(sorted(str(v).lower() for v in flt["values"]))
    return f"{flt.get('operator')}:{str(flt.get('value', '')).lower()}:{flt.get('highValue', '')}"


def _fill_filter(flt: dict[str, Any], values: SlotValues) -> dict[str, Any] | None:
    out = dict(flt)
    id_filter = _is_id_filter(flt)
    for key in ("value", "highValue"):
        if _is_slot(flt.get(key)):
            filled = values.resolve(flt[key], record_id=id_filter)
            if isinstance(filled, _Absent):
                return None
            out[key] = filled
    if isinstance(flt.get("values"), list):
        items: list[str] = []
        for item in flt["values"]:
            if _is_slot(item):
                filled = values.resolve(item, record_id=id_filter)
                if isinstance(filled, _Absent):
                    continue
                items.append(filled)
            else:
                items.append(item)
        if not items:
            return None
        out["values"] = items
    return out


def fill_properties(props: dict[str, Any], values: SlotValues) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in props.items():
        if _is_slot(value):
            filled = values.resolve(value)
            if isinstance(filled, _Absent):
                continue
            out[name] = filled
        else:
            out[name] = value
    return out


def fill_create(step: dict[str, Any], values: SlotValues) -> dict[str, Any]:
    body = _copy(step["body"])
    body["properties"] = fill_properties(body.get("properties") or {}, values)
    if "associations" in body:
        kept: list[dict[str, Any]] = []
        for assoc in body["associations"]:
            target = assoc.get("to", {}).get("id")
            if _is_slot(target):
                filled = values.resolve(target, record_id=True)
                if isinstance(filled, _Absent):
                    continue
                assoc = {**assoc, "to": {**assoc["to"], "id": filled}}
            kept.append(assoc)
        body["associations"] = kept
    return body


def fill_update(step: dict[str, Any], values: SlotValues) -> tuple[str, str, dict[str, Any]]:
    """(path, record id, body) of an update step."""
    raw_id: Any = step.get("recordId")
    record_id: str
    if _is_slot(raw_id):
        filled = values.resolve(raw_id, record_id=True)
        if isinstance(filled, _Absent):
            raise SlotError(str(raw_id["$param"]), "is required to name the record to change")
        record_id = filled
    else:
        record_id = str(raw_id)
    body = _copy(step["body"])
    body["properties"] = fill_properties(body.get("properties") or {}, values)
    if not body["properties"]:
        raise SlotError("", "nothing to change: give at least one of the optional values")
    path = str(step["path"])
    for placeholder in ("{recordId}", "{id}"):
        if placeholder in path:
            return path.replace(placeholder, record_id), record_id, body
    return f"{path}/{record_id}", record_id, body
