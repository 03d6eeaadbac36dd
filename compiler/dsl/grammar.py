"""Load the Lark grammar once (LALR, strict) from the shipped package data.

The parser builds IR directly (an inline transformer), so ``parser().parse`` returns IR.
"""

from __future__ import annotations

from functools import cache

from lark import Lark

from compiler.dsl.transform import ToIR
from compiler.resources import data_dir

START_RULES = ("binding", "search", "write")


def grammar_text() -> str:
    return (data_dir("grammars") / "bindings.lark").read_text(encoding="utf-8")


@cache
def parser(*, strict: bool = False) -> Lark:
    """The shared parser.

    ``strict=True`` makes Lark prove that no two terminals can collide; that analysis costs
    about half a second, so it runs in the test suite (tests/test_dsl_grammar.py) rather than at
    every start of the CLI. The grammar is the same either way.
    """
    return Lark(
        grammar_text(),
        parser="lalr",
        start=list(START_RULES),
        # Spans come from the tokens themselves; rule positions would only cost time.
        propagate_positions=False,
        maybe_placeholders=False,
        strict=strict,
        transformer=ToIR(),  # build IR while parsing: no intermediate tree
    )
