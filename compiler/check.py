"""Semantic checks of a binding against an account's discovered schema.

Each check is a plain function ``(Context) -> Iterator[Diagnostic]``; ``CHECKS`` lists them in the
order they run. They all see the author's own IR (before any rewrite), so every error speaks of
the author's text. The checker reports every problem it finds, not only the first.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from compiler import ir
from compiler.account.model import AccountSchema, ObjectSchema, Pipeline, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.diagnostics import Diagnostic
from compiler.dnf import NotNegatable, group_count, to_dnf
from compiler.identity.phone import PhoneError, parse_phone
from compiler.params import infer_params
from compiler.proptypes import (
    PIPELINE_PROPERTIES,
    STAGE_PROPERTIES,
    allowed_values,
    is_iso_date,
    is_iso_datetime,
    is_range_type,
    kind_of,
    param_schema,
    supports_contains,
)

MAX_GROUPS = 5
MAX_FILTERS_PER_GROUP = 6
MAX_FILTERS = 18
MAX_LIMIT = 200
# HubSpot refuses a search request body over 3,000 characters (FACTS.md §1, a 400).
MAX_SEARCH_BODY = 3_000


@dataclass(frozen=True, slots=True)
class Context:
    schema: AccountSchema
    stmt: ir.Statement
    obj_name: str | None
    obj: ObjectSchema | None
    region: str


def diag(code: str, message: str, span: ir.Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, span.line, span.col, span.end_line, span.end_col, hint)


def suggest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    lowered = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def did_you_mean(names: list[str]) -> str | None:
    if not names:
        return None
    return "did you mean " + " or ".join(f"`{n}`" for n in names) + "?"


# ---------------------------------------------------------------- walking the IR


def statement_predicates(stmt: ir.Statement) -> Iterator[ir.Predicate]:
    if isinstance(stmt, ir.Search):
        yield from ir.predicates(stmt.where)
    elif isinstance(stmt, ir.FindOrCreate):
        yield from stmt.keys


def property_names(stmt: ir.Statement) -> Iterator[ir.Name]:
    for p in statement_predicates(stmt):
        if not isinstance(p, ir.Associated):
            yield p.prop
    if isinstance(stmt, ir.Search):
        if stmt.order is not None:
            yield stmt.order.prop
        yield from stmt.returns or ()
    else:
        for a in stmt.assignments:
            yield a.prop


def associations(stmt: ir.Statement) -> Iterator[tuple[ir.ObjectRef, ir.Value, ir.Span]]:
    for p in statement_predicates(stmt):
        if isinstance(p, ir.Associated):
            yield p.obj, p.value, p.op_span
    if isinstance(stmt, ir.Create | ir.FindOrCreate):
        for a in stmt.associations:
            yield a.obj, a.value, a.span


# ---------------------------------------------------------------- the checks


def parameter_problems(stmt: ir.Statement) -> Iterator[Diagnostic]:
    """Malformed parameters and unknown conversation values: needs no schema, so `skillc
    validate` runs it too (``compiler.binding.check_syntax``)."""
    for value in ir.values(stmt):
        if not isinstance(value, ir.Param):
            continue
        written = "{" + value.name + ("?" if value.optional else "") + "}"
        if not value.well_formed:
            yield diag(
                "bad-parameter",
                f"invalid parameter {written!r}",
                value.span,
                "a parameter is {name} or {name?}, name = letters, digits and _",
            )
        elif "." in value.name and value.name not in ir.CONTEXT_PARAMS:
            known = ", ".join("{" + p + "}" for p in ir.CONTEXT_PARAMS)
            yield diag(
                "unknown-context",
                f"unknown conversation value {{{value.name}}}",
                value.span,
                f"the conversation provides {known}",
            )
        elif "." in value.name and value.optional:
            yield diag(
                "bad-parameter",
                f"conversation value {{{value.name}}} cannot be optional",
                value.span,
                "conversation values are filled by the runtime, never by the agent",
            )


def check_parameters(ctx: Context) -> Iterator[Diagnostic]:
    yield from parameter_problems(ctx.stmt)


def check_object(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.obj is None:
        ref = ctx.stmt.obj
        yield diag(
            "unknown-object",
            f"unknown object `{ref.text}` in this account",
            ref.span,
            did_you_mean(suggest(ref.text, list(ctx.schema.objects))),
        )


def _lookup(ctx: Context, name: ir.Name) -> Property | None:
    return ctx.obj.get_property(name.text) if ctx.obj is not None else None


def check_properties(ctx: Context) -> Iterator[Diagnostic]:
    obj = ctx.obj
    if obj is None:
        return
    for name in property_names(ctx.stmt):
        if obj.get_property(name.text) is not None:
            continue
        names = [p.name for p in obj.properties]
        hints = suggest(name.text, names)
        by_label = [p.name for p in obj.properties if p.label.lower() == name.text.lower()]
        yield diag(
            "unknown-property",
            f"`{name.text}` is not a property of {ctx.obj_name} in this account",
            name.span,
            did_you_mean(by_label + [h for h in hints if h not in by_label]),
        )


def check_operators(ctx: Context) -> Iterator[Diagnostic]:
    for p in statement_predicates(ctx.stmt):
        if isinstance(p, ir.Associated):
            continue
        prop = _lookup(ctx, p.prop)
        if prop is None:
            continue
        kind = kind_of(prop)
        if kind == "unsupported":
            yield diag(
                "operator-type", f"`{prop.name}` ({prop.type}) cannot be filtered on", p.prop.span
            )
            continue
        ranged = isinstance(p, ir.Between) or (
            isinstance(p, ir.Compare) and p.op in ("<", "<=", ">", ">=")
        )
        if ranged and not is_range_type(prop):
            op = "between" if isinstance(p, ir.Between) else p.op  # type: ignore[union-attr]
            yield diag(
                "operator-type",
                f"`{op}` needs a number, date or datetime property; `{prop.name}` is "
                f"{_kind_words(prop)}",
                p.op_span,
            )
        elif isinstance(p, ir.Contains) and not supports_contains(prop):
            word = "not contains" if p.negated else "contains"
            yield diag(
                "operator-type",
                f"`{word}` works on text and multi-select properties; `{prop.name}` is "
                f"{_kind_words(prop)}",
                p.op_span,
                "use `=` or `in` for exact values",
            )
        elif isinstance(p, ir.Matches) and not prop.is_phone:
            yield diag(
                "operator-type",
                f"`matches` compares phone numbers; `{prop.name}` is not a phone property",
                p.op_span,
                "use `=` for exact values",
            )


def _kind_words(prop: Property) -> str:
    kind = kind_of(prop)
    if kind == "enumeration":
        return "an enumeration"
    if prop.is_phone:
        return "a phone number (text)"
    return {"string": "text", "bool": "a boolean"}.get(kind, f"a {kind}")


def literal_problem(
    obj: ObjectSchema, prop: Property, lit: ir.Literal
) -> tuple[str, str | None] | None:
    """Why ``lit`` does not fit ``prop`` (message, hint), or None when it fits."""
    kind = kind_of(prop)
    if kind == "number":
        if lit.kind != "number":
            return (
                f"`{prop.name}` is a number property; write a number, not {_lit_words(lit)}",
                f"e.g. {lit.value}" if lit.kind == "string" and _is_number(lit.value) else None,
            )
        return None
    if kind == "bool":
        if lit.kind != "bool":
            return (f"`{prop.name}` is a boolean property; write true or false", None)
        return None
    if lit.kind != "string":
        message = f"`{prop.name}` takes a quoted string, not {_lit_words(lit)}"
        return (message, _quoted_hint(obj, prop, lit))
    if kind == "date" and not is_iso_date(lit.value):
        return (f'`{prop.name}` is a date; write an ISO-8601 date like "2026-11-28"', None)
    if kind == "datetime" and not is_iso_datetime(lit.value):
        return (
            f"`{prop.name}` is a datetime; write an ISO-8601 date or date-time like "
            '"2026-11-28T09:30:00Z"',
            None,
        )
    if kind == "enumeration":
        return enum_problem(obj, prop, lit.value)
    return None


def _quoted_hint(obj: ObjectSchema, prop: Property, lit: ir.Literal) -> str | None:
    """A hint that writes the literal as a string, only when the checker would accept it."""
    candidates = [lit.value]
    digits = lit.value
    if kind_of(prop) in ("date", "datetime") and len(digits) == 8 and digits.isdigit():
        candidates.insert(0, f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")  # 20200101
    for text in candidates:
        if literal_problem(obj, prop, ir.Literal("string", text, lit.span)) is None:
            return f'write "{text}"'
    return None


def enum_problem(obj: ObjectSchema, prop: Property, text: str) -> tuple[str, str | None] | None:
    allowed = allowed_values(obj, prop)
    values = [v for v, _, _ in allowed]
    parts = text.split(";") if prop.is_multi_select else [text]
    for part in parts:
        if part in values:
            continue
        by_label = [v for v, label, _ in allowed if label.lower() == part.lower()]
        if by_label:
            return (
                f'"{part}" is the label of an option of `{prop.name}`, not its value',
                f'use the value "{by_label[0]}"',
            )
        close = [v for v in values if v.lower() == part.lower()] or suggest(part, values)
        shown = ", ".join(f'"{v}"' for v in values[:12]) + (" ..." if len(values) > 12 else "")
        return (f'"{part}" is not a value of `{prop.name}` (values: {shown})', did_you_mean(close))
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _lit_words(lit: ir.Literal) -> str:
    return {
        "string": f'the string "{lit.value}"',
        "number": f"the number {lit.value}",
        "bool": lit.value,
    }[lit.kind]


def _values_of(p: ir.Predicate) -> tuple[ir.Value, ...]:
    match p:
        case ir.Compare() | ir.Contains() | ir.Matches():
            return (p.value,)
        case ir.InList():
            return p.values
        case ir.Between():
            return (p.low, p.high)
    return ()


def check_literals(ctx: Context) -> Iterator[Diagnostic]:
    obj = ctx.obj
    if obj is None:
        return
    pairs: list[tuple[ir.Name, ir.Value, bool]] = []
    for p in statement_predicates(ctx.stmt):
        if isinstance(p, ir.Associated):
            continue
        for v in _values_of(p):
            pairs.append((p.prop, v, isinstance(p, ir.Matches)))
    if not isinstance(ctx.stmt, ir.Search):
        pairs.extend((a.prop, a.value, False) for a in ctx.stmt.assignments)
    for name, value, phone in pairs:
        prop = obj.get_property(name.text)
        if prop is None or not isinstance(value, ir.Literal):
            continue
        if phone:
            yield from _check_phone_literal(ctx, value)
            continue
        if kind_of(prop) == "unsupported":
            continue
        problem = literal_problem(obj, prop, value)
        if problem is not None:
            yield diag("literal-type", problem[0], value.span, problem[1])


def _check_phone_literal(ctx: Context, lit: ir.Literal) -> Iterator[Diagnostic]:
    if lit.kind != "string":
        yield diag("literal-type", "a phone number is written as a quoted string", lit.span)
        return
    try:
        parse_phone(lit.value, ctx.region)
    except PhoneError as exc:
        yield diag("literal-type", f'"{lit.value}" {exc}', lit.span)


def _ordered(prop: Property, low: ir.Literal, high: ir.Literal) -> bool | None:
    """Whether low <= high for literals that fit ``prop`` (None when they cannot be compared)."""
    kind = kind_of(prop)
    try:
        if kind == "number" and low.kind == high.kind == "number":
            return float(low.value) <= float(high.value)
        if kind == "date" and is_iso_date(low.value) and is_iso_date(high.value):
            return low.value <= high.value
        if kind == "datetime" and is_iso_datetime(low.value) and is_iso_datetime(high.value):
            return _instant(low.value) <= _instant(high.value)
    except (ValueError, TypeError):
        return None
    return None


def _written(lit: ir.Literal) -> str:
    return json.dumps(lit.value, ensure_ascii=False) if lit.kind == "string" else lit.value


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def check_ranges(ctx: Context) -> Iterator[Diagnostic]:
    """`between 50 and 10` matches nothing: HubSpot's BETWEEN wants the low end first."""
    obj = ctx.obj
    if obj is None:
        return
    for p in statement_predicates(ctx.stmt):
        if not isinstance(p, ir.Between):
            continue
        prop = obj.get_property(p.prop.text)
        if prop is None or not isinstance(p.low, ir.Literal) or not isinstance(p.high, ir.Literal):
            continue
        if _ordered(prop, p.low, p.high) is False:
            yield diag(
                "empty-range",
                f"`between {_written(p.low)} and {_written(p.high)}` matches nothing: the low "
                "end comes first",
                p.op_span,
                f"write `between {_written(p.high)} and {_written(p.low)}`",
            )


def check_not_placement(ctx: Context) -> Iterator[Diagnostic]:
    if not isinstance(ctx.stmt, ir.Search):
        return

    def walk(c: ir.Condition) -> Iterator[Diagnostic]:
        if isinstance(c, ir.Not):
            bad = next(
                (p for p in ir.predicates(c.operand) if isinstance(p, ir.Matches | ir.Associated)),
                None,
            )
            if bad is not None:
                word = "matches" if isinstance(bad, ir.Matches) else "associated with"
                yield diag(
                    "not-placement",
                    f"`not` cannot stand before `{word}`",
                    c.span,
                    "there is no negated form of this predicate",
                )
                return
            yield from walk(c.operand)
        elif isinstance(c, ir.And | ir.Or):
            for item in c.items:
                yield from walk(item)

    if ctx.stmt.where is not None:
        yield from walk(ctx.stmt.where)


def check_associations(ctx: Context) -> Iterator[Diagnostic]:
    obj = ctx.obj
    for ref, value, span in associations(ctx.stmt):
        found = ctx.schema.resolve_object(ref.text)
        if found is None:
            yield diag(
                "unknown-object",
                f"unknown object `{ref.text}` in this account",
                ref.span,
                did_you_mean(suggest(ref.text, list(ctx.schema.objects))),
            )
            continue
        other_name, other = found
        if isinstance(value, ir.Literal) and not (
            value.kind in ("string", "number") and value.value.isdigit()
        ):
            yield diag("literal-type", "a record id is a string of digits", value.span)
        if obj is None:
            continue
        searching = isinstance(ctx.stmt, ir.Search)
        if searching and (obj.is_custom or other.is_custom):
            yield diag(
                "association",
                "HubSpot cannot filter by associations of custom objects",
                span,
                "search the custom object by its own properties instead",
            )
            continue
        if obj.association_to(other.objectTypeId) is None:
            yield diag(
                "association",
                f"{ctx.obj_name} and {other_name} have no association type in this account",
                ref.span,
            )


def check_limit(ctx: Context) -> Iterator[Diagnostic]:
    if isinstance(ctx.stmt, ir.Search) and ctx.stmt.limit is not None:
        limit = ctx.stmt.limit
        if not 1 <= limit.value <= MAX_LIMIT:
            yield diag(
                "limit",
                f"limit must be from 1 to {MAX_LIMIT}, not {limit.value}",
                limit.span,
                "HubSpot returns at most 200 records per search",
            )


def check_filter_limits(ctx: Context) -> Iterator[Diagnostic]:
    stmt = ctx.stmt
    if not isinstance(stmt, ir.Search) or stmt.where is None:
        return
    span = stmt.where_span
    # Every predicate becomes at least one filter, so a long condition is refused without
    # computing its normal form.
    predicates = sum(1 for _ in ir.predicates(stmt.where))
    if predicates > MAX_FILTERS:
        yield diag(
            "filter-limit",
            f"this condition has {predicates} predicates; HubSpot allows at most "
            f"{MAX_FILTERS} filters per search",
            span,
        )
        return
    groups = group_count(stmt.where)
    if groups > MAX_GROUPS:
        yield diag(
            "filter-limit",
            f"this condition needs {groups} filter groups; HubSpot allows at most "
            f"{MAX_GROUPS} per search",
            span,
            "each `or` alternative (after `not` is pushed inward) is one group; "
            "use `in (...)` for alternatives of one property",
        )
        return
    try:
        dnf = to_dnf(stmt.where)
    except NotNegatable:
        return  # reported by check_not_placement
    widest = max((len(g) for g in dnf), default=0)
    total = sum(len(g) for g in dnf)
    if widest > MAX_FILTERS_PER_GROUP:
        yield diag(
            "filter-limit",
            f"a filter group would hold {widest} filters; HubSpot allows at most "
            f"{MAX_FILTERS_PER_GROUP} per group",
            span,
        )
    if total > MAX_FILTERS:
        yield diag(
            "filter-limit",
            f"this condition needs {total} filters in all; HubSpot allows at most "
            f"{MAX_FILTERS} per search",
            span,
        )


def check_writable(ctx: Context) -> Iterator[Diagnostic]:
    if isinstance(ctx.stmt, ir.Search) or ctx.obj is None:
        return
    for a in ctx.stmt.assignments:
        prop = ctx.obj.get_property(a.prop.text)
        if prop is not None and prop.read_only:
            why = "calculated" if prop.calculated else "read-only"
            yield diag("read-only", f"`{prop.name}` is {why} and cannot be written", a.prop.span)


def check_duplicates(ctx: Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    if isinstance(ctx.stmt, ir.Search):
        for name in ctx.stmt.returns or ():
            if name.text in seen:
                yield diag("duplicate", f"`{name.text}` is returned twice", name.span)
            seen.add(name.text)
        return
    for a in ctx.stmt.assignments:
        if a.prop.text in seen:
            yield diag("duplicate", f"`{a.prop.text}` is assigned twice", a.prop.span)
        seen.add(a.prop.text)


def _assigned_for_sure(stmt: ir.Create | ir.FindOrCreate) -> set[str]:
    def certain(v: ir.Value) -> bool:
        return not (isinstance(v, ir.Param) and v.optional)

    names = {a.prop.text for a in stmt.assignments if certain(a.value)}
    if isinstance(stmt, ir.FindOrCreate):
        names |= {k.prop.text for k in stmt.keys if certain(k.value)}
    return names


def check_required(ctx: Context) -> Iterator[Diagnostic]:
    stmt, obj = ctx.stmt, ctx.obj
    if not isinstance(stmt, ir.Create | ir.FindOrCreate) or obj is None or ctx.obj_name is None:
        return
    required = list(obj.requiredProperties)
    # What HubSpot requires on create even when a schema file does not list it (FACTS.md §2).
    standard = STANDARD_OBJECTS.get(ctx.obj_name)
    for name in standard.required if standard is not None else ():
        if name not in required and obj.get_property(name) is not None:
            required.append(name)
    assigned = _assigned_for_sure(stmt)
    optional_only = {a.prop.text for a in stmt.assignments} - assigned
    missing = [r for r in required if r not in assigned]
    if missing:
        detail = ", ".join(
            f"`{m}`" + (" (only from an optional parameter)" if m in optional_only else "")
            for m in missing
        )
        yield diag(
            "missing-required",
            f"creating {ctx.obj_name} requires {detail}",
            stmt.obj.span,
            "assign every required property from a literal or a required parameter",
        )


def check_pipeline_stage(ctx: Context) -> Iterator[Diagnostic]:
    """A stage written with its pipeline must be one of that pipeline's stages.

    HubSpot keeps stages per pipeline whether the account lists them as the stage property's
    options or not, so membership is checked against the pipelines themselves. With the
    pipeline a parameter, a stage literal must belong to some pipeline the parameter can take.
    """
    stmt, obj = ctx.stmt, ctx.obj
    if isinstance(stmt, ir.Search) or obj is None or not obj.pipelines:
        return
    values = ir.written_values(stmt)
    pipeline_name = next((n for n in PIPELINE_PROPERTIES if n in values), None)
    stage_name = next((n for n in STAGE_PROPERTIES if n in values), None)
    if pipeline_name is None or stage_name is None:
        return
    pipeline_value, stage_value = values[pipeline_name], values[stage_name]
    stage_prop = obj.get_property(stage_name)
    pipeline_prop = obj.get_property(pipeline_name)
    if not isinstance(stage_value, ir.Literal) or stage_prop is None or pipeline_prop is None:
        return
    stage = stage_value.value
    owners = [p for p in obj.pipelines if p.stage(stage) is not None]
    if not owners and literal_problem(obj, stage_prop, stage_value) is not None:
        return  # an unknown stage is reported by check_literals
    if isinstance(pipeline_value, ir.Literal):
        pipeline = obj.pipeline(pipeline_value.value)
        if pipeline is None or pipeline.stage(stage) is not None:
            return  # an unknown pipeline is reported by check_literals
        where = (
            "belongs to " + ", ".join(_pipeline_words(p) for p in owners)
            if owners
            else "belongs to no pipeline"
        )
        stages = ", ".join(f'"{s.id}" ({s.label})' for s in pipeline.stages[:10])
        yield diag(
            "stage-pipeline",
            f'stage "{stage}" {where}, not to pipeline {_pipeline_words(pipeline)}',
            stage_value.span,
            f"stages of this pipeline: {stages}",
        )
        return
    choices = param_schema(obj, pipeline_prop).get("enum", [])
    if any(p.id in choices for p in owners):
        return
    where = (
        "belongs to " + ", ".join(_pipeline_words(p) for p in owners)
        if owners
        else "belongs to no pipeline"
    )
    yield diag(
        "stage-pipeline",
        f'stage "{stage}" {where}, which {{{pipeline_value.name}}} cannot name',
        stage_value.span,
        f"{{{pipeline_value.name}}} takes " + ", ".join(f'"{c}"' for c in choices[:10]),
    )


def _pipeline_words(pipeline: Pipeline) -> str:
    return f'"{pipeline.id}" ({pipeline.label})' if pipeline.label else f'"{pipeline.id}"'


def check_record(ctx: Context) -> Iterator[Diagnostic]:
    if isinstance(ctx.stmt, ir.Update):
        record = ctx.stmt.record
        if isinstance(record, ir.Literal) and not (
            record.kind in ("string", "number") and record.value.isdigit()
        ):
            yield diag("literal-type", "the record to update is a record id (digits)", record.span)
        if isinstance(record, ir.Param) and record.optional:
            yield diag("bad-parameter", "the record to update cannot be optional", record.span)


def check_params(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.obj is None:
        return
    _, diagnostics = infer_params(ctx.stmt, ctx.schema, ctx.obj)
    yield from diagnostics


CHECKS = (
    check_parameters,
    check_object,
    check_properties,
    check_operators,
    check_literals,
    check_ranges,
    check_not_placement,
    check_associations,
    check_limit,
    check_filter_limits,
    check_writable,
    check_duplicates,
    check_required,
    check_pipeline_stage,
    check_record,
    check_params,
)


def _has_slot(value: Any) -> bool:
    return isinstance(value, dict) and "$param" in value


def search_body_floor(step: dict[str, Any]) -> int:
    """The fewest characters a search step's body can have once filled: every filter that holds
    a slot is dropped (an absent optional argument drops it; a given one only adds), and the
    rest measured as the runtime measures it (compact JSON, non-ASCII kept)."""
    body = dict(step.get("body", {}))
    groups = []
    for group in body.get("filterGroups", []):
        filters = []
        for f in group.get("filters", []):
            if _has_slot(f.get("value")) or _has_slot(f.get("highValue")):
                continue
            if any(_has_slot(v) for v in f.get("values", ())):
                continue
            filters.append(f)
        if filters:
            groups.append({"filters": filters})
    body["filterGroups"] = groups
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")))


def check_search_size(stmt: ir.Statement, steps: list[dict[str, Any]]) -> Iterator[Diagnostic]:
    """A search whose body is over HubSpot's limit before any argument is filled fails on every
    call; refuse it here (runs on the plan, after the checks above passed)."""
    for step in steps:
        if step.get("op") != "search":
            continue
        size = search_body_floor(step)
        if size > MAX_SEARCH_BODY:
            span = (
                stmt.where_span
                if isinstance(stmt, ir.Search) and stmt.where is not None
                else stmt.obj.span
            )
            yield diag(
                "search-too-long",
                f"this search sends at least {size:,} characters; HubSpot refuses a search "
                f"body over {MAX_SEARCH_BODY:,}",
                span,
                "use fewer or shorter literals, or a parameter",
            )


def make_context(stmt: ir.Statement, schema: AccountSchema, region: str | None = None) -> Context:
    found = schema.resolve_object(stmt.obj.text)
    name, obj = found if found is not None else (None, None)
    return Context(schema, stmt, name, obj, region or schema.account.defaultRegion or "US")


def check(ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in CHECKS:
        out.extend(rule(ctx))
    return out
