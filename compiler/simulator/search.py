"""CRM search: request checks, the 13 operators, free-text ``query``, sorting and paging.

Semantics (FACTS.md §1): filters in a group are ANDed, groups ORed; values compare
case-insensitively except on enumerations; IN/NOT_IN on strings match the lowercased stored value
against the values as given (so they must be lowercase); numbers and dates compare numerically
(dates as epoch ms or ISO); tokens are the value's words (split on whitespace and punctuation other
than ``@ . _ +``) plus the whole value, and ``*`` in a token pattern matches any characters.
NEQ/NOT_IN/NOT_CONTAINS_TOKEN also match records where the property is unset.
Free-text ``query``: every word must be a prefix of a token of some default searchable property.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from compiler.simulator.errors import ApiError, error_detail, validation_error
from compiler.simulator.rules import SimProperty
from compiler.simulator.schema import ObjectType, SimSchema
from compiler.simulator.values import as_text, parse_number, to_epoch_ms

MAX_GROUPS = 5
MAX_FILTERS_PER_GROUP = 6
MAX_FILTERS = 18
MAX_LIMIT = 200
DEFAULT_LIMIT = 10
MAX_RESULTS = 10_000
MAX_BODY_CHARS = 3_000

OPERATORS = {
    "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
    "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
}  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[\s,;:!?()\[\]{}<>\"'/\\|-]+")

# Record properties -> associated ids of one object type (for ``associations.{type}``).
AssocLookup = Callable[[str, ObjectType], set[str]]


@dataclass(frozen=True)
class Filter:
    prop: str
    operator: str
    value: str | None
    high: str | None
    values: list[str] | None
    assoc: ObjectType | None  # set for the associations.{type} pseudo-property


@dataclass(frozen=True)
class SearchRequest:
    groups: list[list[Filter]]
    sort: tuple[str, bool] | None  # (property, descending)
    query: str | None
    properties: list[str] | None
    limit: int
    after: int


def _bad(message: str, code: str = "INVALID_SEARCH_REQUEST") -> ApiError:
    return validation_error(message, [error_detail(message, code)])


def parse_request(schema: SimSchema, obj: ObjectType, body: Any, raw_length: int) -> SearchRequest:
    """Validate a PublicObjectSearchRequest against HubSpot's limits."""
    if raw_length > MAX_BODY_CHARS:
        raise _bad(
            f"The request body is {raw_length} characters long; search requests are limited to "
            f"{MAX_BODY_CHARS} characters.",
            "TOO_LONG",
        )
    if not isinstance(body, dict):
        raise _bad("Invalid input JSON: the search body must be an object.")
    groups_raw = body.get("filterGroups") or []
    if not isinstance(groups_raw, list):
        raise _bad("filterGroups must be a list.")
    if len(groups_raw) > MAX_GROUPS:
        raise _bad(
            f"Too many filter groups ({len(groups_raw)}); the maximum is {MAX_GROUPS}.",
            "TOO_MANY_FILTER_GROUPS",
        )
    groups: list[list[Filter]] = []
    total = 0
    for gi, group in enumerate(groups_raw):
        filters_raw = group.get("filters") if isinstance(group, dict) else None
        if not isinstance(filters_raw, list):
            raise _bad(f"filterGroups[{gi}].filters must be a list.")
        if len(filters_raw) > MAX_FILTERS_PER_GROUP:
            raise _bad(
                f"Too many filters in filterGroups[{gi}] ({len(filters_raw)}); the maximum is "
                f"{MAX_FILTERS_PER_GROUP} per group.",
                "TOO_MANY_FILTERS",
            )
        total += len(filters_raw)
        groups.append([_parse_filter(schema, obj, f, gi, fi) for fi, f in enumerate(filters_raw)])
    if total > MAX_FILTERS:
        raise _bad(
            f"Too many filters ({total}); the maximum is {MAX_FILTERS} across all groups.",
            "TOO_MANY_FILTERS",
        )
    return SearchRequest(
        groups=groups,
        sort=_parse_sorts(obj, body.get("sorts")),
        query=_parse_query(body.get("query")),
        properties=_parse_properties(body.get("properties")),
        limit=_parse_limit(body.get("limit")),
        after=_parse_after(body.get("after")),
    )


def _parse_filter(schema: SimSchema, obj: ObjectType, raw: Any, gi: int, fi: int) -> Filter:
    where = f"filterGroups[{gi}].filters[{fi}]"
    if not isinstance(raw, dict):
        raise _bad(f"{where} must be an object.")
    prop = raw.get("propertyName")
    operator = raw.get("operator")
    if not isinstance(prop, str) or not prop:
        raise _bad(f"{where}.propertyName is required.")
    if not isinstance(operator, str) or operator not in OPERATORS:
        raise _bad(f"{where}.operator {operator!r} is not one of {sorted(OPERATORS)}.")
    for key in ("value", "highValue"):
        if isinstance(raw.get(key), dict | list):
            raise _bad(f"{where}.{key} must be a string, number or boolean.")
    value = as_text(raw.get("value"))
    high = as_text(raw.get("highValue"))
    values_raw = raw.get("values")
    if values_raw is not None and not (
        isinstance(values_raw, list)
        and all(v is not None and not isinstance(v, dict | list) for v in values_raw)
    ):
        raise _bad(f"{where}.values must be a list of strings.")
    values = [str(as_text(v)) for v in values_raw] if isinstance(values_raw, list) else None
    assoc = None
    if prop.startswith("associations."):
        assoc = schema.resolve(prop.split(".", 1)[1])
        if assoc is None or assoc.is_custom:
            raise _bad(f"{where}: {prop} is not a supported association pseudo-property.")
    elif prop not in obj.properties:
        raise _bad(
            f"{where}: Property {prop!r} does not exist on {obj.name}.", "PROPERTY_DOESNT_EXIST"
        )
    if operator in ("IN", "NOT_IN"):
        if not values:
            raise _bad(f"{where}: operator {operator} requires a non-empty `values` list.")
    elif operator == "BETWEEN":
        if value is None or high is None:
            raise _bad(f"{where}: operator BETWEEN requires `value` and `highValue`.")
    elif operator not in ("HAS_PROPERTY", "NOT_HAS_PROPERTY") and value is None:
        raise _bad(f"{where}: operator {operator} requires a `value`.")
    return Filter(prop, operator, value, high, values, assoc)


def _parse_sorts(obj: ObjectType, raw: Any) -> tuple[str, bool] | None:
    if not raw:
        return None
    if not isinstance(raw, list):
        raise _bad("sorts must be a list.")
    if len(raw) > 1:
        raise _bad("Only one sort is allowed per search.", "TOO_MANY_SORTS")
    item = raw[0]
    if isinstance(item, str):
        descending = item.startswith("-")
        name = item.lstrip("-+")
    elif isinstance(item, dict) and isinstance(item.get("propertyName"), str):
        name = item["propertyName"]
        direction = str(item.get("direction", "ASCENDING")).upper()
        if direction not in ("ASCENDING", "DESCENDING"):
            raise _bad(f"sorts[0].direction {direction!r} must be ASCENDING or DESCENDING.")
        descending = direction == "DESCENDING"
    else:
        raise _bad("sorts[0] must be {propertyName, direction} or a property name.")
    if name not in obj.properties:
        raise _bad(f"sorts[0]: Property {name!r} does not exist.", "PROPERTY_DOESNT_EXIST")
    return name, descending


def _parse_query(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise _bad("query must be a string.")
    if len(raw) > MAX_BODY_CHARS:
        raise _bad(f"query is longer than {MAX_BODY_CHARS} characters.", "TOO_LONG")
    return raw


def _parse_properties(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise _bad("properties must be a list of property names.")
    return raw


def _parse_limit(raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except (TypeError, ValueError):
        raise _bad(f"limit {raw!r} is not an integer.") from None
    if limit < 0 or limit > MAX_LIMIT:
        raise _bad(f"limit must be between 0 and {MAX_LIMIT}; got {limit}.", "INVALID_LIMIT")
    return limit or DEFAULT_LIMIT


def _parse_after(raw: Any) -> int:
    if raw is None or raw == "":
        return 0
    try:
        after = int(str(raw))
    except ValueError:
        raise _bad(f"after {raw!r} must be an integer written as a string.") from None
    if after < 0:
        raise _bad("after must not be negative.")
    if after >= MAX_RESULTS:
        raise _bad(
            f"Paging past {MAX_RESULTS} results is not supported (after={after}).",
            "SEARCH_RESULT_LIMIT",
        )
    return after


# ---- evaluation ------------------------------------------------------------------------
def tokens(text: str, *, case_sensitive: bool = False) -> set[str]:
    lowered = text if case_sensitive else text.lower()
    found = {t for t in _TOKEN_SPLIT.split(lowered) if t}
    found.update(t for t in lowered.split() if t)
    found.add(lowered.strip())
    return found


def _token_match(pattern: str, text: str, *, case_sensitive: bool) -> bool:
    pattern = pattern.strip() if case_sensitive else pattern.lower().strip()
    found = tokens(text, case_sensitive=case_sensitive)
    if "*" not in pattern:
        return pattern in found
    regex = re.compile("^" + ".*".join(re.escape(p) for p in pattern.split("*")) + "$")
    return any(regex.match(t) for t in found)


def _kind(prop: SimProperty) -> str:
    if prop.type == "number":
        return "number"
    if prop.type in ("date", "datetime"):
        return "date"
    if prop.type == "enumeration":
        return "enum"
    if prop.type == "bool":
        return "bool"
    return "string"


def _scalar(kind: str, text: str) -> float | str | None:
    if kind == "number":
        return parse_number(text)
    if kind == "date":
        epoch = to_epoch_ms(text)
        return float(epoch) if epoch is not None else None
    if kind == "enum":
        return text
    return text.lower()


_ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "EQ": operator.eq, "LT": operator.lt, "LTE": operator.le, "GT": operator.gt, "GTE": operator.ge,
}  # fmt: skip


def _compare(kind: str, stored: str, op: str, value: str, high: str | None) -> bool:
    """EQ/LT/LTE/GT/GTE/BETWEEN on one stored value; values of different kinds never match."""
    left, right = _scalar(kind, stored), _scalar(kind, value)
    if left is None or right is None or isinstance(left, str) != isinstance(right, str):
        return False
    if op != "BETWEEN":
        return _ORDERING[op](left, right)
    upper = _scalar(kind, high or "")
    if upper is None or isinstance(upper, str) != isinstance(left, str):
        return False
    return _ORDERING["GTE"](left, right) and _ORDERING["LTE"](left, upper)


def _in(kind: str, stored: str, values: list[str], multi: bool) -> bool:
    if kind == "enum":
        held = [v for v in stored.split(";") if v] if multi else [stored]
        return any(v in values for v in held)
    if kind in ("number", "date"):
        left = _scalar(kind, stored)
        return left is not None and any(_scalar(kind, v) == left for v in values)
    return stored.lower() in values  # values are compared as given: they must be lowercase


def matches(
    obj: ObjectType, props: dict[str, str], record_id: str, flt: Filter, assoc_ids: AssocLookup
) -> bool:
    op = flt.operator
    if flt.assoc is not None:
        linked = assoc_ids(record_id, flt.assoc)
        if op == "HAS_PROPERTY":
            return bool(linked)
        if op == "NOT_HAS_PROPERTY":
            return not linked
        wanted = set(flt.values or []) if op in ("IN", "NOT_IN") else {flt.value or ""}
        hit = bool(linked & wanted)
        return not hit if op in ("NEQ", "NOT_IN") else hit
    stored = props.get(flt.prop)
    present = stored is not None and stored != ""
    if op == "HAS_PROPERTY":
        return present
    if op == "NOT_HAS_PROPERTY":
        return not present
    negated = op in ("NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN")
    if not present:
        return negated
    assert stored is not None
    prop = obj.properties[flt.prop]
    kind = _kind(prop)
    if op in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
        text = stored.replace(";", " ") if prop.is_multi_select else stored
        found = _token_match(flt.value or "", text, case_sensitive=kind == "enum")
        return not found if negated else found
    if op in ("IN", "NOT_IN"):
        found = _in(kind, stored, flt.values or [], prop.is_multi_select)
        return not found if negated else found
    if op == "NEQ":
        return not _compare(kind, stored, "EQ", flt.value or "", None)
    return _compare(kind, stored, op, flt.value or "", flt.high)


def query_matches(obj: ObjectType, props: dict[str, str], query: str) -> bool:
    words = [w for w in query.lower().split() if w]
    targets: set[str] = set()
    digits: list[str] = []
    for name in obj.query_properties:
        text = props.get(name)
        if text:
            targets |= tokens(text)
            prop = obj.properties.get(name)
            if prop is not None and prop.is_phone:
                digits.append(re.sub(r"\D", "", text))
    for word in words:
        word_digits = re.sub(r"\D", "", word)
        if any(t.startswith(word) for t in targets):
            continue
        if word_digits and word_digits == word and any(word in d for d in digits):
            continue
        return False
    return True


def sort_key(obj: ObjectType, name: str) -> Callable[[dict[str, str]], tuple[int, Any]]:
    kind = _kind(obj.properties[name])

    def key(props: dict[str, str]) -> tuple[int, Any]:
        text = props.get(name)
        if not text:
            return (1, 0)
        scalar = _scalar(kind, text)
        if scalar is None:
            return (1, 0)
        return (0, scalar if kind != "string" else str(scalar))

    return key
