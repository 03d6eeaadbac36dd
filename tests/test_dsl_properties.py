"""Property tests of the binding languages (hypothesis + hypothesis.extra.lark)."""

from __future__ import annotations

import json
import random
from typing import Any

from dsl_fixtures import harbor
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from compiler import ir
from compiler.binding import compile_binding
from compiler.codes import DIAGNOSTIC_CODES
from compiler.dsl import parse, unparse
from compiler.dsl.grammar import parser

PROPERTY_NAMES = [
    "email",
    "firstname",
    "num_pets",
    "lifecyclestage",
    "phone",
    "createdate",
    "amount",
    "dealstage",
    "subject",
    "hs_pipeline_stage",
    "nosuch",
]
OBJECT_NAMES = ["contacts", "deals", "tickets", "companies", "pets", "p4242_pets", "nosuch"]


def _spaced(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Ignored whitespace is never generated between tokens; force a separator so tokens
    # cannot run together into one.
    return strategy.map(lambda s: s + " ")


def quote(text: str, style: str, ascii_only: bool) -> str:
    """``text`` as a binding string literal: JSON escapes in either quote style (``\\'`` too)."""
    body = json.dumps(text, ensure_ascii=ascii_only)[1:-1]
    if style == '"':
        return '"' + body + '"'
    return "'" + body.replace("'", "\\'") + "'"


# Any text at all (control characters, quotes, backslashes, astral and non-ASCII characters),
# written with escapes in both quote styles.
TEXTS = st.text(max_size=24)
STRINGS = st.builds(quote, TEXTS, st.sampled_from(['"', "'"]), st.booleans())
NUMBERS_TEXT = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(min_value=-(10**9), max_value=10**9, places=4).map(lambda d: f"{d:f}"),
)


def _explicit() -> dict[str, st.SearchStrategy[str]]:
    explicit: dict[str, st.SearchStrategy[str]] = {}
    for term in parser().terminals:
        pattern = term.pattern
        if pattern.type == "str" and pattern.value.isalpha():
            word = pattern.value
            explicit[term.name] = _spaced(st.sampled_from([word, word.upper(), word.title()]))
    explicit.update(
        {
            "NAME": _spaced(st.sampled_from(PROPERTY_NAMES + OBJECT_NAMES)),
            "OBJECT_ID": _spaced(st.sampled_from(["0-1", "0-5", "2-9876543", "9-9"])),
            "NUMBER": _spaced(NUMBERS_TEXT),
            "STRING": _spaced(STRINGS),
            "COMMENT": st.just("# a comment\n"),
            "WS": st.sampled_from([" ", "\n", "\t"]),
            "PARAM": _spaced(
                st.one_of(
                    st.sampled_from(["{a}", "{b?}", "{caller.phone}", "{caller.contact_id}"]),
                    st.from_regex(r"\{[^{}\n]*\}", fullmatch=True),
                )
            ),
        }
    )
    return explicit


EXPLICIT = _explicit()
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@SLOW
@given(from_lark(parser(), start="binding", explicit=EXPLICIT))
def test_generated_bindings_parse(text):
    result = parse(text)
    assert result.statement is not None, result.diagnostics


@SLOW
@given(from_lark(parser(), start="binding", explicit=EXPLICIT))
def test_parse_unparse_roundtrip(text):
    first = parse(text)
    assume(first.statement is not None and not first.diagnostics)
    assert first.statement is not None
    again = parse(unparse(first.statement))
    assert again.statement == first.statement


@SLOW
@given(from_lark(parser(), start="binding", explicit=EXPLICIT))
def test_checker_never_crashes_on_generated_bindings(text):
    result = compile_binding(text, harbor())
    assert result.ok or result.diagnostics
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1


@SLOW
@given(
    st.one_of(
        st.text(
            alphabet=st.sampled_from(list('searchcontacts where=()"{}?,.<>!# \n\t0123456789ab')),
            max_size=80,
        ),
        st.text(max_size=80),
        st.builds(lambda a, b: a + b, st.just("search contacts where email = "), st.text()),
    )
)
def test_arbitrary_text_fails_only_with_our_errors(text):
    result = compile_binding(text, harbor())
    if result.ok:
        return
    # A failure always says why, with a registered code at a position inside the text.
    assert result.diagnostics
    lines = text.split("\n")
    for d in result.diagnostics:
        assert d.code in DIAGNOSTIC_CODES
        assert 1 <= d.line <= len(lines) and d.col >= 1


@SLOW
@given(TEXTS, st.sampled_from(['"', "'"]), st.booleans())
def test_any_text_survives_a_string_literal(text, style, ascii_only):
    literal = quote(text, style, ascii_only)
    parsed = parse(f"search contacts where firstname = {literal}")
    assert parsed.diagnostics == ()
    assert isinstance(parsed.statement, ir.Search)
    where = parsed.statement.where
    assert isinstance(where, ir.Compare) and isinstance(where.value, ir.Literal)
    assert where.value.value == text
    # and unparse writes it back so that it parses to the same text
    again = parse(unparse(parsed.statement))
    assert again.statement == parsed.statement


@SLOW
@given(NUMBERS_TEXT)
def test_any_number_survives_a_number_literal(number):
    parsed = parse(f"search contacts where num_pets = {number}")
    assert isinstance(parsed.statement, ir.Search)
    where = parsed.statement.where
    assert isinstance(where, ir.Compare) and where.value == ir.Literal("number", number)


# ---------------------------------------------------------------- DNF keeps meaning

NUMBERS = ["num_pets", "hs_analytics_num_visits"]


@st.composite
def conditions(draw: Any, depth: int = 0) -> ir.Condition:
    prop = ir.Name(draw(st.sampled_from(NUMBERS)))
    num = st.integers(0, 4).map(lambda n: ir.Literal("number", str(n)))
    leaves = st.one_of(
        st.builds(
            lambda op, v: ir.Compare(prop, op, v),
            st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
            num,
        ),
        st.builds(
            lambda neg, vs: ir.InList(prop, neg, tuple(vs)),
            st.booleans(),
            st.lists(num, min_size=1, max_size=3),
        ),
        st.builds(lambda a, b: ir.Between(prop, a, b), num, num),
    )
    if depth >= 3:
        return draw(leaves)
    kind = draw(st.sampled_from(["leaf", "leaf", "not", "and", "or"]))
    if kind == "leaf":
        return draw(leaves)
    if kind == "not":
        return ir.Not(draw(conditions(depth + 1)))
    items = tuple(draw(st.lists(conditions(depth + 1), min_size=2, max_size=3)))
    return ir.And(items) if kind == "and" else ir.Or(items)


def holds(c: ir.Condition, record: dict[str, float]) -> bool:
    match c:
        case ir.Not():
            return not holds(c.operand, record)
        case ir.And():
            return all(holds(i, record) for i in c.items)
        case ir.Or():
            return any(holds(i, record) for i in c.items)
        case ir.Compare():
            x, v = record[c.prop.text], float(c.value.value)  # type: ignore[union-attr]
            return {"=": x == v, "!=": x != v, "<": x < v, "<=": x <= v, ">": x > v, ">=": x >= v}[
                c.op
            ]
        case ir.InList():
            inside = record[c.prop.text] in [float(v.value) for v in c.values]  # type: ignore[union-attr]
            return inside != c.negated
        case ir.Between():
            x = record[c.prop.text]
            return float(c.low.value) <= x <= float(c.high.value)  # type: ignore[union-attr]
    raise AssertionError(c)


def hubspot_filter(f: dict[str, Any], record: dict[str, float]) -> bool:
    x = record[f["propertyName"]]
    op = f["operator"]
    if op in ("IN", "NOT_IN"):
        return (x in [float(v) for v in f["values"]]) == (op == "IN")
    v = float(f["value"])
    if op == "BETWEEN":
        return v <= x <= float(f["highValue"])
    return {"EQ": x == v, "NEQ": x != v, "LT": x < v, "LTE": x <= v, "GT": x > v, "GTE": x >= v}[op]


@settings(max_examples=200, deadline=None)
@given(conditions(), st.randoms(use_true_random=False))
def test_dnf_rewrite_keeps_meaning(cond, rnd: random.Random):
    result = compile_binding(f"search contacts where {unparse_condition(cond)}", harbor())
    assume(result.ok)
    assert result.plan is not None
    groups = result.plan.to_json()["steps"][0]["body"]["filterGroups"]
    for _ in range(25):
        record = {name: float(rnd.randint(-1, 5)) for name in NUMBERS}
        compiled = any(all(hubspot_filter(f, record) for f in g["filters"]) for g in groups)
        assert compiled == holds(cond, record)


def unparse_condition(c: ir.Condition) -> str:
    from compiler.dsl.unparse import condition

    return condition(c)
