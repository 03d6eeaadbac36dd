"""IR → canonical binding text. ``parse(unparse(x)) == x`` for every IR the parser produces."""

from __future__ import annotations

import json

from compiler import ir


def _value(v: ir.Value) -> str:
    if isinstance(v, ir.Param):
        return "{" + v.name + ("?" if v.optional else "") + "}"
    if v.kind == "string":
        return json.dumps(v.value, ensure_ascii=False)
    return v.value


def _predicate(p: ir.Predicate) -> str:
    match p:
        case ir.Compare(prop, op, value):
            return f"{prop.text} {op} {_value(value)}"
        case ir.InList(prop, negated, values):
            keyword = "not in" if negated else "in"
            return f"{prop.text} {keyword} ({', '.join(_value(v) for v in values)})"
        case ir.Between(prop, low, high):
            return f"{prop.text} between {_value(low)} and {_value(high)}"
        case ir.Contains(prop, negated, value):
            return f"{prop.text} {'not contains' if negated else 'contains'} {_value(value)}"
        case ir.IsSet(prop, negated):
            return f"{prop.text} is {'not set' if negated else 'set'}"
        case ir.Matches(prop, value):
            return f"{prop.text} matches {_value(value)}"
        case ir.Associated(obj, value):
            return f"associated with {obj.text} {_value(value)}"
    raise TypeError(f"not a predicate: {p!r}")


def condition(c: ir.Condition) -> str:
    if isinstance(c, ir.Or):
        return " or ".join(condition(i) for i in c.items)
    if isinstance(c, ir.And):
        return " and ".join(
            f"({condition(i)})" if isinstance(i, ir.Or) else condition(i) for i in c.items
        )
    if isinstance(c, ir.Not):
        inner = condition(c.operand)
        return f"not ({inner})" if isinstance(c.operand, ir.And | ir.Or) else f"not {inner}"
    return _predicate(c)


def _assignments(items: tuple[ir.Assignment, ...]) -> str:
    return ", ".join(f"{a.prop.text} = {_value(a.value)}" for a in items)


def _associations(items: tuple[ir.Associate, ...]) -> str:
    return "".join(f" associate {a.obj.text} {_value(a.value)}" for a in items)


def unparse(stmt: ir.Statement) -> str:
    match stmt:
        case ir.Search():
            out = f"search {stmt.obj.text}"
            if stmt.where is not None:
                out += f" where {condition(stmt.where)}"
            if stmt.order is not None:
                out += (
                    f" order by {stmt.order.prop.text} {'desc' if stmt.order.descending else 'asc'}"
                )
            if stmt.limit is not None:
                out += f" limit {stmt.limit.value}"
            if stmt.returns is not None:
                out += " return " + ", ".join(n.text for n in stmt.returns)
            return out
        case ir.Create():
            return f"create {stmt.obj.text} set {_assignments(stmt.assignments)}" + _associations(
                stmt.associations
            )
        case ir.Update():
            return f"update {stmt.obj.text} {_value(stmt.record)} set " + _assignments(
                stmt.assignments
            )
        case ir.FindOrCreate():
            keys = " and ".join(_predicate(k) for k in stmt.keys)
            return (
                f"find or create {stmt.obj.text} by {keys} set {_assignments(stmt.assignments)}"
                + _associations(stmt.associations)
            )
    raise TypeError(f"not a statement: {stmt!r}")
