"""The binding languages' syntax: grammar loading, parsing to IR, unparsing, syntax errors."""

from compiler.dsl.parse import ParseResult, parse
from compiler.dsl.unparse import unparse

__all__ = ["ParseResult", "parse", "unparse"]
