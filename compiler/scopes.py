"""The HubSpot OAuth scopes an agent's skills need, and which of them a connection lacks.

``required``: without these some skill fails with HubSpot's 403 ``MISSING_SCOPES``: each object's
read scope for a search, write scope for a create or update, both for find-or-create
(``needed_scopes``, the rule the pack compiler checks too); custom objects use
``crm.objects.custom.*`` plus ``crm.schemas.custom.read`` (their schema is discovered, and
re-discovered for drift); an update of a non-contact record also reads its contact associations
(the verified-caller check). With a discovered schema, a property the skills use that HubSpot
marks ``sensitive`` or ``highly_sensitive`` adds that object's sensitive-data scope.

``optional``: scopes the skills may need depending on the account: without a schema, the
sensitive-data scopes of every object they touch (needed only if the account marks one of the
used properties sensitive). ``missing``: required scopes not in ``granted``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from compiler.account.model import AccountSchema
from compiler.packs.compile import needed_scopes
from compiler.runtime.artifact import Artifact
from compiler.steps import step_json

CUSTOM_SCHEMA_SCOPE = "crm.schemas.custom.read"
_DERIVED_PREFIX = "hs_searchable_calculated_"
_LEVELS = ("sensitive", "highly_sensitive")


@dataclass(frozen=True)
class ScopePlan:
    required: list[str]
    optional: list[str]
    missing: list[str]
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "optional": self.optional,
            "missing": self.missing,
            "reasons": self.reasons,
        }


def sensitive_scopes(
    object_name: str, object_type_id: str, level: str, *, write: bool
) -> list[str]:
    """The sensitive-data scopes (HubSpot's ``.v2`` names) for one object and level."""
    if object_name == "tickets":
        return [f"tickets.{level}.v2"]
    subject = "custom" if object_type_id.startswith("2-") else object_name
    modes = ("read", "write") if write else ("read",)
    return [f"crm.objects.{subject}.{level}.{mode}.v2" for mode in modes]


def used_properties(artifact: Artifact) -> Iterator[str]:
    """Every property a skill's plan reads, filters, sorts or writes."""
    for step in map(step_json, artifact.steps):
        body = step.get("body") or {}
        for group in body.get("filterGroups") or []:
            for flt in group.get("filters") or []:
                name = str(flt.get("propertyName"))
                if not name.startswith(("associations.", _DERIVED_PREFIX)):
                    yield name
        for sort in body.get("sorts") or []:
            yield str(sort.get("propertyName"))
        props = body.get("properties") or []
        yield from (str(p) for p in props)  # a list (search) or a dict's keys (writes)
        for group in step.get("phoneMatch") or []:
            for match in group:
                yield str(match.get("property"))


def plan_scopes(
    artifacts: dict[str, Artifact],
    *,
    granted: Iterable[str] | None = None,
    schema: AccountSchema | None = None,
) -> ScopePlan:
    reasons: dict[str, set[str]] = {}
    optional_reasons: dict[str, set[str]] = {}

    def need(scope: str, why: str, into: dict[str, set[str]] = reasons) -> None:
        into.setdefault(scope, set()).add(why)

    for name in sorted(artifacts):
        artifact = artifacts[name]
        obj_name, type_id = artifact.object.name, artifact.object.objectTypeId
        for scope in needed_scopes(obj_name, type_id, artifact.operation):
            need(scope, name)
        if artifact.operation == "update" and type_id != "0-1":
            # The verified-caller check reads the record's contact associations.
            for scope in needed_scopes(obj_name, type_id, "search"):
                need(scope, f"{name} (verified-caller check)")
        if type_id.startswith("2-"):
            need(CUSTOM_SCHEMA_SCOPE, f"{name} (custom object schema)")
        write = artifact.is_write
        if schema is None:
            for level in _LEVELS:
                for scope in sensitive_scopes(obj_name, type_id, level, write=write):
                    need(scope, f"{name} (if a property it uses is {level})", optional_reasons)
            continue
        found = schema.resolve_object(type_id) or schema.resolve_object(obj_name)
        if found is None:
            continue
        obj = found[1]
        for prop_name in sorted(set(used_properties(artifact))):
            prop = obj.get_property(prop_name)
            marked = (prop.model_extra or {}).get("dataSensitivity") if prop else None
            if marked in _LEVELS:
                for scope in sensitive_scopes(obj_name, type_id, str(marked), write=write):
                    need(scope, f"{name} ({prop_name} is {marked})")
    required = sorted(reasons)
    optional = sorted(s for s in optional_reasons if s not in reasons)
    have = set(granted or ())
    everything = {**optional_reasons, **reasons}
    return ScopePlan(
        required=required,
        optional=optional,
        missing=[s for s in required if s not in have],
        reasons={s: sorted(everything[s]) for s in [*required, *optional]},
    )
