"""Parse binding text into IR, turning Lark's exceptions into diagnostics people can read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from compiler import ir
from compiler.diagnostics import Diagnostic
from compiler.dsl.grammar import parser
from compiler.dsl.syntax_errors import FRIENDLY
from compiler.dsl.transform import collect_into, stop_collecting


@dataclass(frozen=True, slots=True)
class ParseResult:
    statement: ir.Statement | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.statement is not None and not self.diagnostics


_TERMINAL_WORDS = {
    "NAME": "a name",
    "OBJECT_ID": "an object type id",
    "NUMBER": "a number",
    "STRING": "a string",
    "PARAM": "a {parameter}",
    "EQUALS": "`=`",
    "COMPARE": "a comparison operator",
    "COMMA": "`,`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "$END": "the end",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    if name.isupper() and name.isalpha():
        return f"`{name.lower()}`"
    return name


def _end_position(text: str) -> tuple[int, int]:
    """Line and column just past the last token (comments and whitespace skipped)."""
    end = 0
    try:
        for tok in parser().lex(text):
            end = tok.end_pos or end
    except UnexpectedInput:
        end = len(text.rstrip())
    before = text[:end]
    line = before.count("\n") + 1
    col = end - (before.rfind("\n") + 1) + 1
    return line, col


def _friendly(exc: UnexpectedInput, start: str) -> tuple[str, str | None] | None:
    table = {message: list(examples) for message, (_hint, examples) in FRIENDLY.items()}
    try:
        label = exc.match_examples(
            lambda s: parser().parse(s, start=start), table, use_accepts=True
        )
    except Exception:
        return None
    if label is None:
        return None
    return str(label), FRIENDLY[str(label)][0]


def _syntax_diagnostic(exc: UnexpectedInput, text: str, start: str) -> Diagnostic:
    friendly = _friendly(exc, start)
    if isinstance(exc, UnexpectedToken):
        tok: Token = exc.token
        if tok.type == "$END":
            line, col = _end_position(text)
            span = (line, col, line, col + 1)
            found = "end of the binding"
        else:
            span = (tok.line or 1, tok.column or 1, tok.end_line or 1, tok.end_column or 1)
            found = f"`{tok}`"
        expected = sorted({_describe_terminal(t) for t in exc.expected})
        generic = f"unexpected {found}; expected " + ", ".join(expected[:8])
    elif isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        span = (exc.line, exc.column, exc.line, exc.column + 1)
        if ch and ch in "\"'":
            generic = "unterminated string (a string ends with its quote on the same line)"
        elif ch == "{":
            generic = "unclosed parameter: missing `}`"
        else:
            generic = f"unexpected character {ch!r}"
        if friendly is None or (ch and ch in "\"'{"):
            friendly = (generic, None)
    else:  # pragma: no cover - lark raises only the two above for LALR
        span = (1, 1, 1, 2)
        generic = "syntax error"
    message, hint = friendly if friendly is not None else (generic, None)
    return Diagnostic("syntax", message, span[0], span[1], span[2], span[3], hint)


def parse(text: str, *, start: str = "binding") -> ParseResult:
    """Parse ``text`` with the given start rule (``binding``, ``search`` or ``write``)."""
    found: list[Diagnostic] = []
    token = collect_into(found)
    try:
        # The inline transformer makes the parser return IR, not a tree.
        statement = cast(ir.Statement, parser().parse(text, start=start))
    except UnexpectedInput as exc:
        return ParseResult(None, (_syntax_diagnostic(exc, text, start),))
    finally:
        stop_collecting(token)
    return ParseResult(statement, tuple(found))
