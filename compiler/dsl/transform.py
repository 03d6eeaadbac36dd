"""Build IR from the Lark parse tree.

The transformer only builds IR; every check of what the IR means lives in check.py (``CHECKS``).
Only what cannot be represented in the IR at all is reported here: a string whose escapes do not
decode, a ``limit`` that is not a whole number.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from contextvars import Token as Token_
from typing import Any

from lark import Token, Transformer, Tree

from compiler import ir
from compiler.diagnostics import Diagnostic

_DECODER = json.JSONDecoder(strict=False)  # a raw tab inside a string is fine


def token_span(tok: Token) -> ir.Span:
    return ir.Span(
        start=tok.start_pos or 0,
        end=tok.end_pos or 0,
        line=tok.line or 1,
        col=tok.column or 1,
        end_line=tok.end_line or 1,
        end_col=tok.end_column or 1,
    )


def join_spans(first: ir.Span, last: ir.Span) -> ir.Span:
    return ir.Span(first.start, last.end, first.line, first.col, last.end_line, last.end_col)


def unescape_string(raw: str) -> str:
    """Decode a quoted string (either quote style): JSON escapes plus ``\\'``.

    Raises ``ValueError`` on an invalid escape.
    """
    body = raw[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append("'" if nxt == "'" else "\\" + nxt)
            i += 2
            continue
        # Only a single-quoted string can hold a bare double quote; JSON needs it escaped.
        out.append('\\"' if ch == '"' else ch)
        i += 1
    return str(_DECODER.decode('"' + "".join(out) + '"'))


# Diagnostics of the parse in progress. The transformer runs inline in the LALR parser (no
# intermediate tree, which is much faster), so it is shared; a context variable keeps
# concurrent parses apart.
_found: ContextVar[list[Diagnostic] | None] = ContextVar("skillc_dsl_diagnostics", default=None)


def collect_into(sink: list[Diagnostic]) -> Token_:
    return _found.set(sink)


def stop_collecting(token: Token_) -> None:
    _found.reset(token)


class ToIR(Transformer[Token, Any]):
    """Lark tree → IR. A token the IR cannot hold (a bad escape, a non-integer limit) is recorded
    as a diagnostic; a placeholder keeps the tree whole so later checks still run."""

    def _error(self, code: str, message: str, span: ir.Span, hint: str | None = None) -> None:
        sink = _found.get()
        if sink is not None:
            sink.append(
                Diagnostic(code, message, span.line, span.col, span.end_line, span.end_col, hint)
            )

    # ---------------------------------------------------------------- values
    def string(self, children: list[Token]) -> ir.Literal:
        tok = children[0]
        try:
            text = unescape_string(str(tok))
        except (json.JSONDecodeError, ValueError):
            self._error(
                "bad-escape",
                "invalid escape sequence in string",
                token_span(tok),
                "strings take JSON escapes (\\\" \\\\ \\n \\t \\uXXXX) and \\'",
            )
            text = ""
        return ir.Literal("string", text, token_span(tok))

    def number(self, children: list[Token]) -> ir.Literal:
        tok = children[0]
        return ir.Literal("number", str(tok), token_span(tok))

    def true(self, children: list[Token]) -> ir.Literal:
        return ir.Literal("bool", "true", token_span(children[0]))

    def false(self, children: list[Token]) -> ir.Literal:
        return ir.Literal("bool", "false", token_span(children[0]))

    def param(self, children: list[Token]) -> ir.Param:
        # `{name}` or `{name?}`; whether the name is valid is checked in check.py.
        tok = children[0]
        inner = str(tok)[1:-1]
        optional = inner.endswith("?")
        return ir.Param(inner[:-1] if optional else inner, optional, token_span(tok))

    def value_list(self, children: list[ir.Value]) -> tuple[ir.Value, ...]:
        return tuple(children)

    def object_ref(self, children: list[Token]) -> ir.ObjectRef:
        tok = children[0]
        return ir.ObjectRef(str(tok), token_span(tok))

    @staticmethod
    def _name(tok: Token) -> ir.Name:
        return ir.Name(str(tok), token_span(tok))

    # ---------------------------------------------------------------- predicates
    def compare(self, c: list[Any]) -> ir.Compare:
        return ir.Compare(self._name(c[0]), str(c[1]), c[2], token_span(c[1]))  # type: ignore[arg-type]

    def in_(self, c: list[Any]) -> ir.InList:
        return ir.InList(self._name(c[0]), False, c[2], token_span(c[1]))

    def not_in(self, c: list[Any]) -> ir.InList:
        return ir.InList(self._name(c[0]), True, c[3], token_span(c[1]))

    def between(self, c: list[Any]) -> ir.Between:
        return ir.Between(self._name(c[0]), c[2], c[4], token_span(c[1]))

    def contains(self, c: list[Any]) -> ir.Contains:
        return ir.Contains(self._name(c[0]), False, c[2], token_span(c[1]))

    def not_contains(self, c: list[Any]) -> ir.Contains:
        return ir.Contains(self._name(c[0]), True, c[3], token_span(c[1]))

    def is_set(self, c: list[Any]) -> ir.IsSet:
        return ir.IsSet(self._name(c[0]), False, join_spans(token_span(c[1]), token_span(c[2])))

    def is_not_set(self, c: list[Any]) -> ir.IsSet:
        return ir.IsSet(self._name(c[0]), True, join_spans(token_span(c[1]), token_span(c[3])))

    def matches(self, c: list[Any]) -> ir.Matches:
        return ir.Matches(self._name(c[0]), c[2], token_span(c[1]))

    def associated(self, c: list[Any]) -> ir.Associated:
        return ir.Associated(c[2], c[3], join_spans(token_span(c[0]), token_span(c[1])))

    # ---------------------------------------------------------------- boolean structure
    # `a or (b or c)` and `(a or b) or c` mean the same and give the same groups in the same
    # order, so both flatten to one n-ary node. One call per chain keeps long chains linear.
    def or_expr(self, c: list[Any]) -> ir.Or:
        items = [x for x in c if not isinstance(x, Token)]
        return ir.Or(tuple(i for x in items for i in (x.items if isinstance(x, ir.Or) else (x,))))

    def and_expr(self, c: list[Any]) -> ir.And:
        items = [x for x in c if not isinstance(x, Token)]
        return ir.And(tuple(i for x in items for i in (x.items if isinstance(x, ir.And) else (x,))))

    def not_(self, c: list[Any]) -> ir.Not:
        return ir.Not(c[1], token_span(c[0]))

    # ---------------------------------------------------------------- search
    def where_clause(self, c: list[Any]) -> tuple[str, Any, ir.Span]:
        return ("where", c[1], token_span(c[0]))

    def direction(self, c: list[Token]) -> bool:
        return str(c[0]).lower() == "desc"

    def order_clause(self, c: list[Any]) -> tuple[str, ir.OrderBy]:
        descending = c[3] if len(c) > 3 else False
        return ("order", ir.OrderBy(self._name(c[2]), descending))

    def limit_clause(self, c: list[Token]) -> tuple[str, ir.LimitClause]:
        tok = c[1]
        span = token_span(tok)
        text = str(tok)
        try:
            value = int(text)
        except ValueError:
            self._error(
                "bad-limit",
                f"limit must be a whole number, not {text}",
                span,
                "use a whole number from 1 to 200",
            )
            value = 10
        return ("limit", ir.LimitClause(value, span))

    def return_clause(self, c: list[Token]) -> tuple[str, tuple[ir.Name, ...]]:
        return ("return", tuple(self._name(t) for t in c[1:]))

    def search(self, c: list[Any]) -> ir.Search:
        obj = c[1]
        parts: dict[str, Any] = {}
        where_span = ir.NO_SPAN
        for item in c[2:]:
            if item[0] == "where":
                parts["where"] = item[1]
                where_span = item[2]
            else:
                parts[item[0]] = item[1]
        return ir.Search(
            obj,
            where=parts.get("where"),
            order=parts.get("order"),
            limit=parts.get("limit"),
            returns=parts.get("return"),
            where_span=where_span,
        )

    # ---------------------------------------------------------------- write
    def assignment(self, c: list[Any]) -> ir.Assignment:
        return ir.Assignment(self._name(c[0]), c[2])

    def assignments(self, c: list[ir.Assignment]) -> tuple[ir.Assignment, ...]:
        return tuple(c)

    def associate_clause(self, c: list[Any]) -> ir.Associate:
        return ir.Associate(c[1], c[2], token_span(c[0]))

    def match_eq(self, c: list[Any]) -> ir.Compare:
        return ir.Compare(self._name(c[0]), "=", c[2], token_span(c[1]))

    def match_phone(self, c: list[Any]) -> ir.Matches:
        return ir.Matches(self._name(c[0]), c[2], token_span(c[1]))

    def match_list(self, c: list[Any]) -> tuple[ir.MatchKey, ...]:
        return tuple(x for x in c if not isinstance(x, Token))

    def create(self, c: list[Any]) -> ir.Create:
        return ir.Create(c[1], c[3], tuple(c[4:]))

    def update(self, c: list[Any]) -> ir.Update:
        return ir.Update(c[1], c[2], c[4])

    def find_or_create(self, c: list[Any]) -> ir.FindOrCreate:
        return ir.FindOrCreate(c[3], c[5], c[7], tuple(c[8:]))

    def write(self, c: list[Any]) -> ir.Write:
        return c[0]

    def binding(self, c: list[Any]) -> ir.Statement:
        return c[0]

    def __default__(self, data: Any, children: Any, meta: Any) -> Any:
        return Tree(data, children, meta)
