"""Rewrite a condition to disjunctive normal form, pushing `not` inward (DSL.md).

Each conjunction becomes one HubSpot filter group, in the author's order; nothing is simplified
beyond the rewrite. ``group_count`` sizes the result without building it, so a condition that
would explode is rejected before any work is done.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import ir

Group = tuple[ir.Predicate, ...]

_NEGATED_OP: dict[str, ir.CompareOp] = {
    "=": "!=",
    "!=": "=",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
}


class NotNegatable(ValueError):
    """`not` stands before `matches` or `associated with`; the checker reports it."""


def negate(p: ir.Predicate) -> ir.Condition:
    match p:
        case ir.Compare():
            return replace(p, op=_NEGATED_OP[p.op])
        case ir.InList() | ir.Contains() | ir.IsSet():
            return replace(p, negated=not p.negated)
        case ir.Between():
            return ir.Or(
                (
                    ir.Compare(p.prop, "<", p.low, p.op_span),
                    ir.Compare(p.prop, ">", p.high, p.op_span),
                )
            )
    raise NotNegatable(p)


def group_count(c: ir.Condition, negated: bool = False) -> int:
    """Number of filter groups the DNF of ``c`` (or of ``not c``) has."""
    if isinstance(c, ir.Not):
        return group_count(c.operand, not negated)
    if isinstance(c, ir.And | ir.Or):
        counts = [group_count(i, negated) for i in c.items]
        is_sum = isinstance(c, ir.Or) != negated
        if is_sum:
            return sum(counts)
        total = 1
        for n in counts:
            total *= n
        return total
    if negated and isinstance(c, ir.Between):
        return 2
    return 1


def to_dnf(c: ir.Condition, negated: bool = False) -> list[Group]:
    """The groups of the DNF of ``c`` (or of ``not c``). Raises ``NotNegatable``."""
    if isinstance(c, ir.Not):
        return to_dnf(c.operand, not negated)
    if isinstance(c, ir.And | ir.Or):
        parts = [to_dnf(i, negated) for i in c.items]
        if isinstance(c, ir.Or) != negated:
            return [g for part in parts for g in part]
        groups: list[Group] = [()]
        for part in parts:
            groups = [g + h for g in groups for h in part]
        return groups
    if negated:
        return to_dnf(negate(c))
    return [(c,)]
