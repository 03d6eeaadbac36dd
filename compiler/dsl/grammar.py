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
def parser() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        start=list(START_RULES),
        # Spans come from the tokens themselves; rule positions would only cost time.
        propagate_positions=False,
        maybe_placeholders=False,
        strict=True,
        transformer=ToIR(),  # build IR while parsing: no intermediate tree
    )
