"""Schema drift: would an agent's skills still work against a freshly discovered account schema?

Each skill's compiled plan is re-checked against the new schema, finding by finding:

- ``broken``: the skill would fail at HubSpot (or no longer compile): its object is gone, a
  property it reads, filters, sorts or writes was deleted, a property it writes became read-only,
  an option value it sends is gone, a stage it sets moved to another pipeline, an association type
  it uses was removed, or the object now requires a property the skill does not set;
- ``stale``: it still compiles but the plan would change: a parameter's type or its list of
  values differs from what the property now takes (e.g. an option was added);
- ``ok``: nothing it depends on changed.

Every finding names the skill's binding position (``source``: file, line, column of the binding)
and where in the plan it sits (``at``, e.g. ``steps[0].body.properties.hs_pipeline_stage``).
The plan is what the agent runs, so it is what is checked: no binding source is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from compiler.account.model import AccountSchema, ObjectSchema, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.proptypes import (
    PIPELINE_PROPERTIES,
    STAGE_PROPERTIES,
    allowed_values,
    kind_of,
    param_schema,
)
from compiler.runtime.artifact import Artifact
from compiler.steps import step_json

Status = Literal["ok", "stale", "broken"]
_ORDER: dict[Status, int] = {"ok": 0, "stale": 1, "broken": 2}

# Filter names HubSpot derives from phone properties; the plan's phoneMatch names the real ones.
_DERIVED_PREFIX = "hs_searchable_calculated_"


@dataclass(frozen=True)
class Finding:
    status: Literal["stale", "broken"]
    kind: str  # object_removed, property_removed, property_read_only, option_removed, ...
    reason: str
    at: str

    def to_json(self) -> dict[str, str]:
        return {"status": self.status, "kind": self.kind, "reason": self.reason, "at": self.at}


@dataclass(frozen=True)
class SkillDrift:
    skill: str
    status: Status
    source: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "status": self.status,
            "source": self.source,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class DriftReport:
    version: str
    account: dict[str, Any]
    fingerprint: str | None
    skills: list[SkillDrift]

    @property
    def status(self) -> Status:
        worst: Status = "ok"
        for skill in self.skills:
            if _ORDER[skill.status] > _ORDER[worst]:
                worst = skill.status
        return worst

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "version": self.version,
            "account": self.account,
            "schemaFingerprint": self.fingerprint,
            "skills": [s.to_json() for s in self.skills],
        }


def drift(artifacts: dict[str, Artifact], schema: AccountSchema, *, version: str) -> DriftReport:
    """Re-check every skill of ``artifacts`` (the agent's ``version``) against ``schema``."""
    skills = [check_skill(artifacts[name], schema) for name in sorted(artifacts)]
    account = {"id": schema.account.id, "label": schema.account.label}
    return DriftReport(version, account, schema.fingerprint, skills)


def check_skill(artifact: Artifact, schema: AccountSchema) -> SkillDrift:
    findings = list(_findings(artifact, schema))
    status: Status = "ok"
    if any(f.status == "broken" for f in findings):
        status = "broken"
    elif findings:
        status = "stale"
    source = (artifact.model_extra or {}).get("source")
    return SkillDrift(artifact.name, status, source if isinstance(source, dict) else None, findings)


def _findings(artifact: Artifact, schema: AccountSchema) -> Iterator[Finding]:
    ref = artifact.object
    found = schema.resolve_object(ref.objectTypeId) or schema.resolve_object(ref.name)
    if found is None:
        yield Finding(
            "broken",
            "object_removed",
            f"object {ref.name} ({ref.objectTypeId}) no longer exists in the account",
            "object",
        )
        return
    name, obj = found
    if obj.objectTypeId != ref.objectTypeId:
        yield Finding(
            "broken",
            "object_changed",
            f"object {ref.name} now has type id {obj.objectTypeId} (the skill uses "
            f"{ref.objectTypeId})",
            "object",
        )
        return
    checker = _Checker(artifact, schema, name, obj)
    for index, step in enumerate(artifact.steps):
        yield from checker.step(index, step_json(step))
    yield from checker.required()


class _Checker:
    def __init__(
        self, artifact: Artifact, schema: AccountSchema, name: str, obj: ObjectSchema
    ) -> None:
        self.artifact = artifact
        self.schema = schema
        self.name = name
        self.obj = obj
        self.params: dict[str, Any] = artifact.parameters.get("properties") or {}
        self.seen: set[tuple[str, str]] = set()  # (kind, subject): one finding per cause

    def _once(self, finding: Finding, subject: str) -> Iterator[Finding]:
        key = (finding.kind, subject)
        if key not in self.seen:
            self.seen.add(key)
            yield finding

    def missing(self, prop_name: str, at: str) -> Iterator[Finding]:
        yield from self._once(
            Finding(
                "broken",
                "property_removed",
                f"property {prop_name} of {self.name} was deleted",
                at,
            ),
            prop_name,
        )

    def step(self, index: int, step: dict[str, Any]) -> Iterator[Finding]:
        base = f"steps[{index}]"
        body = step.get("body") or {}
        for g, group in enumerate(body.get("filterGroups") or []):
            for f, flt in enumerate(group.get("filters") or []):
                yield from self.filter(flt, f"{base}.body.filterGroups[{g}].filters[{f}]")
        for s, sort in enumerate(body.get("sorts") or []):
            prop_name = str(sort.get("propertyName"))
            if self.obj.get_property(prop_name) is None:
                yield from self.missing(prop_name, f"{base}.body.sorts[{s}].propertyName")
        for prop_name in body.get("properties") or [] if step.get("op") == "search" else []:
            if self.obj.get_property(str(prop_name)) is None:
                yield from self.missing(str(prop_name), f"{base}.body.properties")
        for g, group in enumerate(step.get("phoneMatch") or []):
            for m, match in enumerate(group):
                prop_name = str(match.get("property"))
                if self.obj.get_property(prop_name) is None:
                    yield from self.missing(prop_name, f"{base}.phoneMatch[{g}][{m}].property")
        if step.get("op") in ("create", "update"):
            yield from self.writes(body.get("properties") or {}, f"{base}.body.properties")
            for a, assoc in enumerate(body.get("associations") or []):
                yield from self.association(assoc, f"{base}.body.associations[{a}]")

    def filter(self, flt: dict[str, Any], at: str) -> Iterator[Finding]:
        prop_name = str(flt.get("propertyName"))
        if prop_name.startswith("associations."):
            yield from self.associated(prop_name.removeprefix("associations."), at)
            return
        if prop_name.startswith(_DERIVED_PREFIX):
            return  # checked through phoneMatch
        prop = self.obj.get_property(prop_name)
        if prop is None:
            yield from self.missing(prop_name, f"{at}.propertyName")
            return
        values = [("value", flt.get("value")), ("highValue", flt.get("highValue"))]
        values += [(f"values[{i}]", v) for i, v in enumerate(flt.get("values") or [])]
        for key, value in values:
            yield from self.value(prop, value, f"{at}.{key}")

    def writes(self, properties: dict[str, Any], at: str) -> Iterator[Finding]:
        literal = {k: v for k, v in properties.items() if isinstance(v, str)}
        yield from self.pipeline_stage(literal, at)
        for prop_name, value in properties.items():
            where = f"{at}.{prop_name}"
            prop = self.obj.get_property(prop_name)
            if prop is None:
                yield from self.missing(prop_name, where)
                continue
            if prop.read_only:
                yield from self._once(
                    Finding(
                        "broken",
                        "property_read_only",
                        f"property {prop_name} of {self.name} is now read-only; the skill "
                        "writes it",
                        where,
                    ),
                    prop_name,
                )
                continue
            if prop_name in STAGE_PROPERTIES | PIPELINE_PROPERTIES and isinstance(value, str):
                continue  # checked together, by pipeline_stage
            yield from self.value(prop, value, where)

    def value(self, prop: Property, value: Any, at: str) -> Iterator[Finding]:
        """A literal must still be allowed; a parameter's schema must still match."""
        if isinstance(value, dict) and "$param" in value:
            yield from self.parameter(prop, str(value["$param"]), at)
            return
        if not isinstance(value, str) or kind_of(prop) != "enumeration":
            return
        allowed = [v for v, _label, _hidden in allowed_values(self.obj, prop)]
        if allowed and value not in allowed:
            yield from self._once(
                Finding(
                    "broken",
                    "option_removed",
                    f'option value "{value}" of {prop.name} is gone (now: '
                    f"{', '.join(allowed[:10])})",
                    at,
                ),
                f"{prop.name}={value}",
            )

    def parameter(self, prop: Property, param: str, at: str) -> Iterator[Finding]:
        declared = self.params.get(param)
        if declared is None or kind_of(prop) == "unsupported":
            return  # a conversation slot (caller.*) or a type the compiler leaves alone
        if prop.is_phone and "enum" not in declared:
            return  # phone values are matched as text whatever the property's type
        now = param_schema(self.obj, prop)
        old = {k: v for k, v in declared.items() if k != "description"}
        if old == now:
            return
        old_values, new_values = old.get("enum"), now.get("enum")
        if old.get("type") == now.get("type") and old_values is not None and new_values is not None:
            removed = [v for v in old_values if v not in new_values]
            added = [v for v in new_values if v not in old_values]
            if removed:
                yield from self._once(
                    Finding(
                        "broken",
                        "option_removed",
                        f"parameter {param}: option value{'s' if len(removed) > 1 else ''} "
                        f"{', '.join(repr(v) for v in removed)} of {prop.name} "
                        f"{'are' if len(removed) > 1 else 'is'} gone",
                        at,
                    ),
                    f"{param}:removed",
                )
            if added:
                yield from self._once(
                    Finding(
                        "stale",
                        "options_changed",
                        f"parameter {param}: {prop.name} has new option value"
                        f"{'s' if len(added) > 1 else ''} {', '.join(repr(v) for v in added)}",
                        at,
                    ),
                    f"{param}:added",
                )
            return
        yield from self._once(
            Finding(
                "stale",
                "parameter_changed",
                f"parameter {param}: {prop.name} is now {_describe(now)} (the skill takes "
                f"{_describe(old)})",
                at,
            ),
            param,
        )

    def pipeline_stage(self, literal: dict[str, str], at: str) -> Iterator[Finding]:
        pipe_name = next((n for n in PIPELINE_PROPERTIES if n in literal), None)
        stage_name = next((n for n in STAGE_PROPERTIES if n in literal), None)
        if pipe_name is None or not self.obj.pipelines:
            return
        pipeline_id = literal[pipe_name]
        pipeline = self.obj.pipeline(pipeline_id)
        if pipeline is None:
            yield Finding(
                "broken",
                "pipeline_removed",
                f'pipeline "{pipeline_id}" of {self.name} no longer exists',
                f"{at}.{pipe_name}",
            )
            return
        if stage_name is None:
            return
        stage_id = literal[stage_name]
        if pipeline.stage(stage_id) is not None:
            return
        elsewhere = [p for p in self.obj.pipelines if p.stage(stage_id) is not None]
        if elsewhere:
            names = ", ".join(f'"{p.id}" ({p.label})' for p in elsewhere)
            yield Finding(
                "broken",
                "stage_moved",
                f'stage "{stage_id}" moved to pipeline {names}; the skill sets it with pipeline '
                f'"{pipeline.id}" ({pipeline.label})',
                f"{at}.{stage_name}",
            )
        else:
            yield Finding(
                "broken",
                "option_removed",
                f'stage "{stage_id}" of pipeline "{pipeline.id}" ({pipeline.label}) is gone',
                f"{at}.{stage_name}",
            )

    def associated(self, pseudo: str, at: str) -> Iterator[Finding]:
        target = next(
            (n for n, s in STANDARD_OBJECTS.items() if s.association_name == pseudo), pseudo
        )
        found = self.schema.resolve_object(target)
        if found is None or self.obj.association_to(found[1].objectTypeId) is None:
            yield Finding(
                "broken",
                "association_removed",
                f"{self.name} has no association type to {target} any more",
                f"{at}.propertyName",
            )

    def association(self, assoc: dict[str, Any], at: str) -> Iterator[Finding]:
        for t, kind in enumerate(assoc.get("types") or []):
            type_id = kind.get("associationTypeId")
            category = kind.get("associationCategory")
            if not any(
                a.typeId == type_id and a.category == category for a in self.obj.associations
            ):
                yield Finding(
                    "broken",
                    "association_removed",
                    f"association type {type_id} ({category}) from {self.name} was removed",
                    f"{at}.types[{t}]",
                )

    def required(self) -> Iterator[Finding]:
        if self.artifact.operation not in ("create", "find_or_create"):
            return
        steps = [step_json(s) for s in self.artifact.steps]
        create = next(s for s in steps if s.get("op") == "create")
        required_params = self.artifact.required_parameters
        # As the compiler checks it: a literal, a required parameter or the conversation context
        # fills a required property; an optional parameter may be left out.
        assigned = {
            name
            for name, value in ((create.get("body") or {}).get("properties") or {}).items()
            if not isinstance(value, dict)
            or str(value.get("$param")) in required_params
            or str(value.get("$param")).startswith("caller.")
        }
        index = steps.index(create)
        for prop_name in self.obj.requiredProperties:
            if prop_name not in assigned and self.obj.get_property(prop_name) is not None:
                yield Finding(
                    "broken",
                    "property_required",
                    f"{self.name} now requires property {prop_name}, which the skill does "
                    "not always set",
                    f"steps[{index}].body.properties",
                )


def _describe(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "an enumeration"
    if "format" in schema:
        return f"a {schema['format']}"
    return {"number": "a number", "boolean": "a boolean", "string": "text"}.get(
        str(schema.get("type")), str(schema.get("type"))
    )
