"""Plan: a checked binding resolved into HubSpot request steps with typed parameter slots.

Runs only on IR that passed every check, so it may assume names resolve and values fit. The output
is plain JSON-ready data; see docs/formats.md ("Compiled plan") for the step shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler import ir
from compiler.account.model import AccountSchema, ObjectSchema
from compiler.account.standard_objects import ENGAGEMENT_RETURNED, STANDARD_OBJECTS
from compiler.check import Context
from compiler.dnf import to_dnf
from compiler.identity.phone import last_four_token, national_digits
from compiler.params import context_params, infer_params, parameters_schema
from compiler.proptypes import kind_of

DEFAULT_LIMIT = 10
# A phone search asks for more than the author's limit: the runtime drops spellings that only
# look alike (another country code) and must see a second true match to report ambiguity.
PHONE_SEARCH_LIMIT = 100

# Phone properties whose normalised twin HubSpot keeps for search (FACTS.md §1).
SEARCHABLE_PHONE_TWIN = {
    "phone": "hs_searchable_calculated_phone_number",
    "mobilephone": "hs_searchable_calculated_mobile_number",
}

_OPERATORS = {"=": "EQ", "!=": "NEQ", "<": "LT", "<=": "LTE", ">": "GT", ">=": "GTE"}


@dataclass(frozen=True, slots=True)
class Plan:
    kind: str
    object_name: str
    object_type_id: str
    parameters: dict[str, Any]
    context: tuple[str, ...]
    steps: tuple[dict[str, Any], ...]

    @property
    def is_write(self) -> bool:
        return self.kind != "search"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "object": {"name": self.object_name, "objectTypeId": self.object_type_id},
            "parameters": self.parameters,
            "context": list(self.context),
            "steps": [dict(s) for s in self.steps],
        }


def slot(value: ir.Value, fmt: str | None = None) -> Any:
    if isinstance(value, ir.Literal):
        return value.value
    out: dict[str, Any] = {"$param": value.name}
    if fmt is not None:
        out["$format"] = fmt
    return out


class _Planner:
    def __init__(self, ctx: Context) -> None:
        assert ctx.obj is not None and ctx.obj_name is not None
        self.ctx = ctx
        self.obj: ObjectSchema = ctx.obj
        self.name: str = ctx.obj_name
        self.schema: AccountSchema = ctx.schema

    @property
    def path_segment(self) -> str:
        return self.obj.objectTypeId if self.obj.is_custom else self.name

    # ------------------------------------------------------------ filters
    def phone_filter(self, p: ir.Matches) -> tuple[dict[str, Any], dict[str, Any]]:
        twin = SEARCHABLE_PHONE_TWIN.get(p.prop.text)
        region = self.ctx.region
        check = {"property": p.prop.text, "value": slot(p.value)}
        if twin is not None and self.obj.get_property(twin) is not None:
            value = (
                national_digits(p.value.value, region)
                if isinstance(p.value, ir.Literal)
                else slot(p.value, "phone_national")
            )
            return {"propertyName": twin, "operator": "EQ", "value": value}, check
        if isinstance(p.value, ir.Literal):
            value = last_four_token(p.value.value, region)
        else:
            value = slot(p.value, "phone_token")
        return {"propertyName": p.prop.text, "operator": "CONTAINS_TOKEN", "value": value}, check

    def filter(self, p: ir.Predicate) -> dict[str, Any]:
        match p:
            case ir.Compare():
                return {
                    "propertyName": p.prop.text,
                    "operator": _OPERATORS[p.op],
                    "value": slot(p.value),
                }
            case ir.InList():
                prop = self.obj.get_property(p.prop.text)
                lower = prop is not None and kind_of(prop) == "string"
                values = [self._lowered(v) if lower else slot(v) for v in p.values]
                return {
                    "propertyName": p.prop.text,
                    "operator": "NOT_IN" if p.negated else "IN",
                    "values": values,
                }
            case ir.Between():
                return {
                    "propertyName": p.prop.text,
                    "operator": "BETWEEN",
                    "value": slot(p.low),
                    "highValue": slot(p.high),
                }
            case ir.Contains():
                op = "NOT_CONTAINS_TOKEN" if p.negated else "CONTAINS_TOKEN"
                return {"propertyName": p.prop.text, "operator": op, "value": slot(p.value)}
            case ir.IsSet():
                op = "NOT_HAS_PROPERTY" if p.negated else "HAS_PROPERTY"
                return {"propertyName": p.prop.text, "operator": op}
            case ir.Associated():
                found = self.schema.resolve_object(p.obj.text)
                assert found is not None
                standard = STANDARD_OBJECTS.get(found[0])
                pseudo = standard.association_name if standard is not None else found[0]
                return {
                    "propertyName": f"associations.{pseudo}",
                    "operator": "EQ",
                    "value": slot(p.value),
                }
        raise TypeError(f"cannot plan {p!r}")  # Matches is planned by phone_filter

    @staticmethod
    def _lowered(v: ir.Value) -> Any:
        # HubSpot wants IN/NOT_IN values of text properties in lower case (FACTS.md §1).
        return v.value.lower() if isinstance(v, ir.Literal) else slot(v, "lower")

    def groups(self, dnf: list[tuple[ir.Predicate, ...]]) -> tuple[list[Any], list[Any], list[str]]:
        groups: list[Any] = []
        checks: list[Any] = []
        phone_props: list[str] = []
        for conj in dnf:
            filters: list[dict[str, Any]] = []
            group_checks: list[dict[str, Any]] = []
            for p in conj:
                if isinstance(p, ir.Matches):
                    f, c = self.phone_filter(p)
                    filters.append(f)
                    group_checks.append(c)
                    if p.prop.text not in phone_props:
                        phone_props.append(p.prop.text)
                else:
                    filters.append(self.filter(p))
            groups.append({"filters": filters})
            checks.append(group_checks)
        return groups, checks, phone_props

    # ------------------------------------------------------------ steps
    def default_return(self) -> list[str]:
        standard = STANDARD_OBJECTS.get(self.name)
        if standard is not None:
            return list(standard.returned)
        if self.obj.is_custom:
            names = [self.obj.primaryDisplayProperty, *self.obj.secondaryDisplayProperties]
            return [n for n in dict.fromkeys(names) if n]
        return list(ENGAGEMENT_RETURNED)

    def search_step(
        self,
        dnf: list[tuple[ir.Predicate, ...]],
        *,
        limit: int,
        returns: list[str],
        order: ir.OrderBy | None,
    ) -> dict[str, Any]:
        groups, checks, phone_props = self.groups(dnf)
        properties = list(returns) + [p for p in phone_props if p not in returns]
        body_limit = max(limit, PHONE_SEARCH_LIMIT) if phone_props else limit
        body: dict[str, Any] = {"filterGroups": groups}
        if order is not None:
            body["sorts"] = [
                {
                    "propertyName": order.prop.text,
                    "direction": "DESCENDING" if order.descending else "ASCENDING",
                }
            ]
        body["limit"] = body_limit
        body["properties"] = properties
        step: dict[str, Any] = {
            "op": "search",
            "method": "POST",
            "path": f"/crm/v3/objects/{self.path_segment}/search",
            "body": body,
            "result": "one" if limit == 1 else "many",
        }
        if phone_props:
            step["phoneMatch"] = checks
            step["limit"] = limit
        return step

    def create_step(
        self,
        assignments: tuple[ir.Assignment, ...],
        assoc: tuple[ir.Associate, ...],
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        properties = {a.prop.text: slot(a.value) for a in assignments}
        for name, value in (extra or {}).items():
            properties.setdefault(name, value)
        body: dict[str, Any] = {"properties": properties}
        if assoc:
            body["associations"] = [self.association(a) for a in assoc]
        return {
            "op": "create",
            "method": "POST",
            "path": f"/crm/v3/objects/{self.path_segment}",
            "body": body,
        }

    def association(self, a: ir.Associate) -> dict[str, Any]:
        found = self.schema.resolve_object(a.obj.text)
        assert found is not None
        kind = self.obj.association_to(found[1].objectTypeId)
        assert kind is not None
        return {
            "to": {"id": slot(a.value)},
            "types": [{"associationCategory": kind.category, "associationTypeId": kind.typeId}],
        }

    def plan(self) -> Plan:
        stmt = self.ctx.stmt
        steps: list[dict[str, Any]]
        if isinstance(stmt, ir.Search):
            limit = stmt.limit.value if stmt.limit is not None else DEFAULT_LIMIT
            returns = (
                [n.text for n in stmt.returns]
                if stmt.returns is not None
                else self.default_return()
            )
            dnf = to_dnf(stmt.where) if stmt.where is not None else []
            steps = [self.search_step(dnf, limit=limit, returns=returns, order=stmt.order)]
        elif isinstance(stmt, ir.Create):
            steps = [self.create_step(stmt.assignments, stmt.associations)]
        elif isinstance(stmt, ir.Update):
            steps = [
                {
                    "op": "update",
                    "method": "PATCH",
                    "path": f"/crm/v3/objects/{self.path_segment}/{{id}}",
                    "recordId": slot(stmt.record),
                    "body": {"properties": {a.prop.text: slot(a.value) for a in stmt.assignments}},
                }
            ]
        else:
            returns = self.default_return()
            returns += [k.prop.text for k in stmt.keys if k.prop.text not in returns]
            search = self.search_step([tuple(stmt.keys)], limit=1, returns=returns, order=None)
            keys = {k.prop.text: slot(k.value) for k in stmt.keys}
            steps = [search, self.create_step(stmt.assignments, stmt.associations, keys)]
        params, _ = infer_params(stmt, self.schema, self.obj)
        return Plan(
            kind=ir.statement_kind(stmt),
            object_name=self.name,
            object_type_id=self.obj.objectTypeId,
            parameters=parameters_schema(params),
            context=tuple(context_params(stmt, self.obj)),
            steps=tuple(steps),
        )


def build_plan(ctx: Context) -> Plan:
    """Resolve a checked binding into its request plan."""
    return _Planner(ctx).plan()
