"""The parser only builds IR; parameter checks are checks in ``CHECKS`` (issue 9, item 20)."""

from __future__ import annotations

import pytest
from dsl_fixtures import harbor

from compiler import check
from compiler.binding import check_syntax, compile_binding
from compiler.dsl import parse

CASES = [
    ("search contacts where email = {caller.nickname}", "unknown-context", 31),
    ("search contacts where email = {caller.phone?}", "bad-parameter", 31),
    ("search contacts where email = {1abc}", "bad-parameter", 31),
    ("search contacts where email = {a-b?}", "bad-parameter", 31),
    ("update contacts {id?} set firstname = {f}", "bad-parameter", 17),
]


@pytest.mark.parametrize(("text", "code", "col"), CASES)
def test_parameter_problems_come_from_the_checker(text: str, code: str, col: int) -> None:
    parsed = parse(text)
    assert parsed.statement is not None and parsed.diagnostics == ()  # the parser only builds IR
    found = check.check(check.make_context(parsed.statement, harbor()))
    assert [(d.code, d.col) for d in found] == [(code, col)]
    assert [(d.code, d.col) for d in compile_binding(text, harbor()).diagnostics] == [(code, col)]


@pytest.mark.parametrize(("text", "code", "col"), CASES[:4])
def test_validate_without_a_schema_still_reports_them(text: str, code: str, col: int) -> None:
    assert [(d.code, d.col) for d in check_syntax(text)] == [(code, col)]


def test_the_parameter_check_is_one_of_the_checks() -> None:
    assert check.check_parameters in check.CHECKS
