"""The grammar itself: LALR without conflicts, no colliding terminals, shipped as package data."""

from __future__ import annotations

from compiler.dsl.grammar import grammar_text, parser
from compiler.resources import data_dir


def test_grammar_builds_in_strict_mode():
    # strict=True makes lark fail on shift/reduce conflicts and on terminals that can collide.
    strict = parser(strict=True)
    assert strict.parse("search contacts where email = {e}", start="binding") is not None


def test_one_grammar_with_three_start_rules():
    assert (data_dir("grammars") / "bindings.lark").is_file()
    assert "binding: search | write" in grammar_text()
    assert parser().parse("create contacts set firstname = {f}", start="write") is not None
    assert parser().parse("search deals", start="search") is not None
