"""What compile let through that the runtime then refused on every call (issue 9, item 8)."""

from __future__ import annotations

from dsl_fixtures import harbor

from compiler.binding import compile_binding
from compiler.check import MAX_SEARCH_BODY


def test_search_over_hubspots_body_limit_without_arguments_fails_compile() -> None:
    many = ", ".join(f'"user{i}@example.com"' for i in range(600))
    result = compile_binding(f"search contacts where email in ({many})", harbor())
    assert not result.ok
    (d,) = result.diagnostics
    assert d.code == "search-too-long" and (d.line, d.col) == (1, 17)
    assert f"{MAX_SEARCH_BODY:,}" in d.message
    long_literal = "x" * 5000
    result = compile_binding(f'search contacts where firstname = "{long_literal}"', harbor())
    assert [d.code for d in result.diagnostics] == ["search-too-long"]


def test_search_near_the_limit_or_filled_by_arguments_still_compiles() -> None:
    some = ", ".join(f'"user{i}@example.com"' for i in range(20))
    assert compile_binding(f"search contacts where email in ({some})", harbor()).ok
    # Slots count for nothing: an argument's length is checked at call time.
    many_params = " or ".join(f"email = {{e{i}?}}" for i in range(5))
    assert compile_binding(f"search contacts where {many_params}", harbor()).ok
    literal = "x" * 2500
    assert compile_binding(f'search contacts where firstname = "{literal}"', harbor()).ok
