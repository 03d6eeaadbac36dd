"""The friendly syntax-error table is itself a test: each example yields its message."""

from __future__ import annotations

import pytest

from compiler.dsl import parse
from compiler.dsl.syntax_errors import FRIENDLY

EXAMPLES = [
    (message, example) for message, (_, examples) in FRIENDLY.items() for example in examples
]


@pytest.mark.parametrize(("message", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_friendly_message(message, example):
    result = parse(example)
    assert result.statement is None
    (d,) = result.diagnostics
    assert (d.code, d.message) == ("syntax", message)


def test_unexpected_end_points_just_past_last_token():
    (d,) = parse("search contacts where   # trailing comment\n").diagnostics
    assert (d.line, d.col) == (1, 22)


def test_columns_count_code_points_and_tabs_as_one():
    (d,) = parse('search contacts where\tfirstname = "Zoë" and ë = 1').diagnostics
    assert d.code == "syntax"
    assert (d.line, d.col) == (1, 45)


def test_unterminated_string_and_parameter():
    (d,) = parse('search contacts where email = "abc').diagnostics
    assert "unterminated string" in d.message and (d.line, d.col) == (1, 31)
    (d,) = parse("search contacts where email = {abc").diagnostics
    assert "missing `}`" in d.message


def test_keywords_are_case_insensitive():
    a = parse("SEARCH contacts WHERE email = {e} ORDER BY createdate DESC LIMIT 2").statement
    b = parse("search contacts where email = {e} order by createdate desc limit 2").statement
    assert a is not None and a == b


def test_comments_and_newlines_are_insignificant():
    text = "search contacts # who called\n  where email = {e} # by email\n  limit 3"
    assert parse(text).statement == parse("search contacts where email = {e} limit 3").statement


def test_string_escapes():
    stmt = parse(
        r"""search contacts where firstname = 'it\'s' and lastname = "a\"b\u00e9\n" """
    ).statement
    assert stmt is not None
    from compiler.check import statement_predicates

    values = [p.value.value for p in statement_predicates(stmt)]  # type: ignore[union-attr]
    assert values == ["it's", 'a"bé\n']


def test_generic_message_names_what_was_expected():
    (d,) = parse("search contacts where email = {e} and").diagnostics
    assert d.message.startswith("unexpected end of the binding; expected ")
    assert "a name" in d.message and (d.line, d.col) == (1, 38)
