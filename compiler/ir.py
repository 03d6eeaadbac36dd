"""The binding IR: frozen dataclasses carrying their source spans.

Spans are excluded from equality, so ``parse(unparse(ir)) == ir`` compares meaning, not layout.
New nodes are derived with ``dataclasses.replace``; nothing here is mutated after construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

CONTEXT_PARAMS = ("caller.phone", "caller.contact_id", "caller.email")
# What a parameter's name may be: letters, digits and _ (a conversation value: `caller.` + one).
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$")


@dataclass(frozen=True, slots=True)
class Span:
    """A source range: 0-based character offsets plus 1-based line/column of both ends."""

    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int


NO_SPAN = Span(0, 0, 1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ObjectRef:
    text: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


LiteralKind = TypingLiteral["string", "number", "bool"]


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal value. ``value`` is the HubSpot value string ("100", "true", the text)."""

    kind: LiteralKind
    value: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Param:
    """``{name}`` or ``{name?}``; names starting with ``caller.`` come from the conversation."""

    name: str
    optional: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)

    @property
    def is_context(self) -> bool:
        return self.name.startswith("caller.")

    @property
    def well_formed(self) -> bool:
        """Whether the name is a valid parameter name (the checker reports one that is not)."""
        return PARAM_NAME.match(self.name) is not None


Value = Literal | Param

# ---------------------------------------------------------------- conditions

CompareOp = TypingLiteral["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Compare:
    prop: Name
    op: CompareOp
    value: Value
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class InList:
    prop: Name
    negated: bool
    values: tuple[Value, ...]
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Between:
    prop: Name
    low: Value
    high: Value
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Contains:
    prop: Name
    negated: bool
    value: Value
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class IsSet:
    prop: Name
    negated: bool
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Matches:
    prop: Name
    value: Value
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Associated:
    obj: ObjectRef
    value: Value
    op_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Condition
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Condition, ...]


Predicate = Compare | InList | Between | Contains | IsSet | Matches | Associated
Condition = Predicate | Not | And | Or

# ---------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class OrderBy:
    prop: Name
    descending: bool = False


@dataclass(frozen=True, slots=True)
class LimitClause:
    value: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Search:
    obj: ObjectRef
    where: Condition | None = None
    order: OrderBy | None = None
    limit: LimitClause | None = None
    returns: tuple[Name, ...] | None = None
    where_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Assignment:
    prop: Name
    value: Value


@dataclass(frozen=True, slots=True)
class Associate:
    obj: ObjectRef
    value: Value
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


MatchKey = Compare | Matches  # in find-or-create, Compare always has op "="


@dataclass(frozen=True, slots=True)
class Create:
    obj: ObjectRef
    assignments: tuple[Assignment, ...]
    associations: tuple[Associate, ...] = ()


@dataclass(frozen=True, slots=True)
class Update:
    obj: ObjectRef
    record: Value
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True, slots=True)
class FindOrCreate:
    obj: ObjectRef
    keys: tuple[MatchKey, ...]
    assignments: tuple[Assignment, ...]
    associations: tuple[Associate, ...] = ()


Statement = Search | Create | Update | FindOrCreate
Write = Create | Update | FindOrCreate


def statement_kind(stmt: Statement) -> str:
    return {
        Search: "search",
        Create: "create",
        Update: "update",
        FindOrCreate: "find_or_create",
    }[type(stmt)]


def written_values(stmt: Statement) -> dict[str, Value]:
    """Property → value a write sends: its assignments, and a find-or-create's `=` keys."""
    if isinstance(stmt, Search):
        return {}
    values = {a.prop.text: a.value for a in stmt.assignments}
    if isinstance(stmt, FindOrCreate):
        for key in stmt.keys:
            if isinstance(key, Compare):
                values.setdefault(key.prop.text, key.value)
    return values


def values(stmt: Statement) -> Iterator[Value]:
    """Every value a statement holds, in source order within each part."""
    if isinstance(stmt, Search):
        for p in predicates(stmt.where):
            yield from _predicate_values(p)
        return
    if isinstance(stmt, Update):
        yield stmt.record
    if isinstance(stmt, FindOrCreate):
        for key in stmt.keys:
            yield key.value
    for a in stmt.assignments:
        yield a.value
    if isinstance(stmt, Create | FindOrCreate):
        for assoc in stmt.associations:
            yield assoc.value


def _predicate_values(p: Predicate) -> tuple[Value, ...]:
    if isinstance(p, InList):
        return p.values
    if isinstance(p, Between):
        return (p.low, p.high)
    if isinstance(p, IsSet):
        return ()
    return (p.value,)


def predicates(c: Condition | None) -> Iterator[Predicate]:
    if c is None:
        return
    if isinstance(c, And | Or):
        for item in c.items:
            yield from predicates(item)
    elif isinstance(c, Not):
        yield from predicates(c.operand)
    else:
        yield c


def nesting_depth(c: Condition | None) -> int:
    """How deeply `not`, `and` and `or` nest in ``c`` (computed without recursion)."""
    deepest = 0
    stack: list[tuple[Condition, int]] = [(c, 1)] if c is not None else []
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, Not):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, And | Or):
            stack.extend((item, depth + 1) for item in node.items)
    return deepest
