"""Plan: a checked binding resolved into HubSpot request steps with typed parameter slots.

Runs only on IR that passed every check, so it may assume names resolve and values fit. The output
holds typed steps (``compiler.steps``, shared with the artifact and the runtime); see
docs/formats.md ("Compiled plan") for their JSON.
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
from compiler.steps import (
    Association,
    AssociationSpec,
    AssociationTarget,
    CreateBody,
    CreateStep,
    Filter,
    FilterGroup,
    Operator,
    PhoneCheck,
    SearchBody,
    SearchStep,
    Slot,
    SlotFormat,
    Sort,
    Step,
    UpdateBody,
    UpdateStep,
    step_json,
)

DEFAULT_LIMIT = 10
# A phone search asks for more than the author's limit: the runtime drops spellings that only
# look alike (another country code) and must see a second true match to report ambiguity.
PHONE_SEARCH_LIMIT = 100

# Phone properties whose normalised twin HubSpot keeps for search (FACTS.md §1).
SEARCHABLE_PHONE_TWIN = {
    "phone": "hs_searchable_calculated_phone_number",
    "mobilephone": "hs_searchable_calculated_mobile_number",
}

_OPERATORS: dict[str, Operator] = {
    "=": "EQ", "!=": "NEQ", "<": "LT", "<=": "LTE", ">": "GT", ">=": "GTE",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Plan:
    kind: str
    object_name: str
    object_type_id: str
    parameters: dict[str, Any]
    context: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def is_write(self) -> bool:
        return self.kind != "search"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "object": {"name": self.object_name, "objectTypeId": self.object_type_id},
            "parameters": self.parameters,
            "context": list(self.context),
            "steps": [step_json(s) for s in self.steps],
        }


def slot(value: ir.Value, fmt: SlotFormat | None = None) -> Slot | str:
    if isinstance(value, ir.Literal):
        return value.value
    return Slot.of(value.name, fmt)


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
    def phone_filter(self, p: ir.Matches) -> tuple[Filter, PhoneCheck]:
        twin = SEARCHABLE_PHONE_TWIN.get(p.prop.text)
        region = self.ctx.region
        check = PhoneCheck(property=p.prop.text, value=slot(p.value))
        value: Slot | str
        if twin is not None and self.obj.get_property(twin) is not None:
            value = (
                national_digits(p.value.value, region)
                if isinstance(p.value, ir.Literal)
                else slot(p.value, "phone_national")
            )
            return Filter(propertyName=twin, operator="EQ", value=value), check
        if isinstance(p.value, ir.Literal):
            value = last_four_token(p.value.value, region)
        else:
            value = slot(p.value, "phone_token")
        return Filter(propertyName=p.prop.text, operator="CONTAINS_TOKEN", value=value), check

    def filter(self, p: ir.Predicate) -> Filter:
        match p:
            case ir.Compare():
                return Filter(
                    propertyName=p.prop.text, operator=_OPERATORS[p.op], value=slot(p.value)
                )
            case ir.InList():
                prop = self.obj.get_property(p.prop.text)
                lower = prop is not None and kind_of(prop) == "string"
                values = [self._lowered(v) if lower else slot(v) for v in p.values]
                return Filter(
                    propertyName=p.prop.text,
                    operator="NOT_IN" if p.negated else "IN",
                    values=values,
                )
            case ir.Between():
                return Filter(
                    propertyName=p.prop.text,
                    operator="BETWEEN",
                    value=slot(p.low),
                    highValue=slot(p.high),
                )
            case ir.Contains():
                op: Operator = "NOT_CONTAINS_TOKEN" if p.negated else "CONTAINS_TOKEN"
                return Filter(propertyName=p.prop.text, operator=op, value=slot(p.value))
            case ir.IsSet():
                op = "NOT_HAS_PROPERTY" if p.negated else "HAS_PROPERTY"
                return Filter(propertyName=p.prop.text, operator=op)
            case ir.Associated():
                found = self.schema.resolve_object(p.obj.text)
                assert found is not None
                standard = STANDARD_OBJECTS.get(found[0])
                pseudo = standard.association_name if standard is not None else found[0]
                return Filter(
                    propertyName=f"associations.{pseudo}", operator="EQ", value=slot(p.value)
                )
        raise TypeError(f"cannot plan {p!r}")  # Matches is planned by phone_filter

    @staticmethod
    def _lowered(v: ir.Value) -> Slot | str:
        # HubSpot wants IN/NOT_IN values of text properties in lower case (FACTS.md §1).
        return v.value.lower() if isinstance(v, ir.Literal) else slot(v, "lower")

    def groups(
        self, dnf: list[tuple[ir.Predicate, ...]]
    ) -> tuple[list[FilterGroup], list[list[PhoneCheck]], list[str]]:
        groups: list[FilterGroup] = []
        checks: list[list[PhoneCheck]] = []
        phone_props: list[str] = []
        for conj in dnf:
            filters: list[Filter] = []
            group_checks: list[PhoneCheck] = []
            for p in conj:
                if isinstance(p, ir.Matches):
                    f, c = self.phone_filter(p)
                    filters.append(f)
                    group_checks.append(c)
                    if p.prop.text not in phone_props:
                        phone_props.append(p.prop.text)
                else:
                    filters.append(self.filter(p))
            groups.append(FilterGroup(filters=filters))
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
    ) -> SearchStep:
        groups, checks, phone_props = self.groups(dnf)
        properties = list(returns) + [p for p in phone_props if p not in returns]
        body_limit = max(limit, PHONE_SEARCH_LIMIT) if phone_props else limit
        sorts = (
            [
                Sort(
                    propertyName=order.prop.text,
                    direction="DESCENDING" if order.descending else "ASCENDING",
                )
            ]
            if order is not None
            else None
        )
        return SearchStep(
            op="search",
            method="POST",
            path=f"/crm/v3/objects/{self.path_segment}/search",
            body=SearchBody(
                filterGroups=groups, sorts=sorts, limit=body_limit, properties=properties
            ),
            result="one" if limit == 1 else "many",
            phoneMatch=checks if phone_props else None,
            limit=limit if phone_props else None,
        )

    def create_step(
        self,
        assignments: tuple[ir.Assignment, ...],
        assoc: tuple[ir.Associate, ...],
        extra: dict[str, Slot | str] | None = None,
    ) -> CreateStep:
        properties = {a.prop.text: slot(a.value) for a in assignments}
        for name, value in (extra or {}).items():
            properties.setdefault(name, value)
        return CreateStep(
            op="create",
            method="POST",
            path=f"/crm/v3/objects/{self.path_segment}",
            body=CreateBody(
                properties=properties,
                associations=[self.association(a) for a in assoc] if assoc else None,
            ),
        )

    def association(self, a: ir.Associate) -> Association:
        found = self.schema.resolve_object(a.obj.text)
        assert found is not None
        kind = self.obj.association_to(found[1].objectTypeId)
        assert kind is not None
        return Association(
            to=AssociationTarget(id=slot(a.value)),
            types=[
                AssociationSpec(associationCategory=kind.category, associationTypeId=kind.typeId)
            ],
        )

    def plan(self) -> Plan:
        stmt = self.ctx.stmt
        steps: list[Step]
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
            properties = {a.prop.text: slot(a.value) for a in stmt.assignments}
            steps = [
                UpdateStep(
                    op="update",
                    method="PATCH",
                    path=f"/crm/v3/objects/{self.path_segment}/{{id}}",
                    recordId=slot(stmt.record),
                    body=UpdateBody(properties=properties),
                )
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
