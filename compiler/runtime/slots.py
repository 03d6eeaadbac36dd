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

from compiler.runtime.phone import (
    PhoneError,
    e164_or_none,
    last_four_token,
    national_digits,
    to_e164,
)
from compiler.steps import CreateStep, Filter, SearchStep, Slot, UpdateStep, Value


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

    def resolve(self, slot: Slot, *, record_id: bool = False) -> str | _Absent:
        name = slot.param
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
        fmt = slot.format
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

    def phone(self, slot: Slot) -> str | _Absent:
        """The E.164 form of a phone slot (for ``phoneMatch`` checks)."""
        value = self.resolve(Slot.of(slot.param)) if slot.format is not None else self.resolve(slot)
        if isinstance(value, _Absent):
            return value
        name = slot.param
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


def _is_id_filter(name: str) -> bool:
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


def fill_search(step: SearchStep, values: SlotValues) -> FilledSearch:
    groups_in = step.body.filterGroups
    matches_in = step.phoneMatch
    groups_out: list[dict[str, Any]] = []
    checks_out: list[list[tuple[str, str]]] = []
    key: list[tuple[str, str]] = []
    for index, group in enumerate(groups_in):
        filters: list[dict[str, Any]] = []
        for flt in group.filters:
            kept = _fill_filter(flt, values)
            if kept is not None:
                filters.append(kept)
        if not filters:
            continue
        groups_out.append({"filters": filters})
        checks: list[tuple[str, str]] = []
        if matches_in is not None and index < len(matches_in):
            for check in matches_in[index]:
                e164: str | _Absent
                if isinstance(check.value, Slot):
                    e164 = values.phone(check.value)
                else:  # a literal number written in the binding
                    e164 = e164_or_none(check.value, values.region) or check.value
                if not isinstance(e164, _Absent):
                    checks.append((check.property, e164))
        checks_out.append(checks)
        for kept in filters:
            key.append((str(kept["propertyName"]), _key_value(kept)))
    if groups_in and not groups_out:
        raise MatchEverything()
    body: dict[str, Any] = {"filterGroups": groups_out}
    if step.body.sorts is not None:
        body["sorts"] = [
            {"propertyName": s.propertyName, "direction": s.direction} for s in step.body.sorts
        ]
    body["limit"] = step.body.limit
    body["properties"] = list(step.body.properties)
    return FilledSearch(
        path=step.path,
        body=body,
        result=step.result,
        limit=step.limit,
        phone_checks=checks_out if matches_in is not None else None,
        key=sorted(set(key)),
    )


def _key_value(flt: dict[str, Any]) -> str:
    if "values" in flt:
        return ",".join(sorted(str(v).lower() for v in flt["values"]))
    return f"{flt.get('operator')}:{str(flt.get('value', '')).lower()}:{flt.get('highValue', '')}"


def _fill_filter(flt: Filter, values: SlotValues) -> dict[str, Any] | None:
    out: dict[str, Any] = {"propertyName": flt.propertyName, "operator": flt.operator}
    id_filter = _is_id_filter(flt.propertyName)
    for key, value in (("value", flt.value), ("highValue", flt.highValue)):
        if isinstance(value, Slot):
            filled = values.resolve(value, record_id=id_filter)
            if isinstance(filled, _Absent):
                return None
            out[key] = filled
        elif value is not None:
            out[key] = value
    if flt.values is not None:
        items: list[str] = []
        for item in flt.values:
            if isinstance(item, Slot):
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


def fill_properties(props: dict[str, Value], values: SlotValues) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in props.items():
        if isinstance(value, Slot):
            filled = values.resolve(value)
            if isinstance(filled, _Absent):
                continue
            out[name] = filled
        else:
            out[name] = value
    return out


def fill_create(step: CreateStep, values: SlotValues) -> dict[str, Any]:
    body: dict[str, Any] = {"properties": fill_properties(step.body.properties, values)}
    if step.body.associations is not None:
        kept: list[dict[str, Any]] = []
        for assoc in step.body.associations:
            target = assoc.to.id
            if isinstance(target, Slot):
                filled = values.resolve(target, record_id=True)
                if isinstance(filled, _Absent):
                    continue
                target = filled
            kept.append(
                {
                    "to": {"id": target},
                    "types": [t.model_dump(mode="json") for t in assoc.types],
                }
            )
        body["associations"] = kept
    return body


def fill_update(step: UpdateStep, values: SlotValues) -> tuple[str, str, dict[str, Any]]:
    """(path, record id, body) of an update step."""
    raw_id = step.recordId
    record_id: str
    if isinstance(raw_id, Slot):
        filled = values.resolve(raw_id, record_id=True)
        if isinstance(filled, _Absent):
            raise SlotError(raw_id.param, "is required to name the record to change")
        record_id = filled
    else:
        record_id = raw_id
    body: dict[str, Any] = {"properties": fill_properties(step.body.properties, values)}
    if not body["properties"]:
        raise SlotError("", "nothing to change: give at least one of the optional values")
    path = step.path
    for placeholder in ("{recordId}", "{id}"):
        if placeholder in path:
            return path.replace(placeholder, record_id), record_id, body
    return f"{path}/{record_id}", record_id, body
