"""Split the turns of a conversation into one stream of word, number and symbol tokens.

Every token keeps its turn and character span so that findings can be mapped back to text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from compiler.scrub.vocab import CUE_PHRASES

TokenKind = Literal["num", "word", "sym"]

# Letters (any script) with inner apostrophes ("driver's", "it's"); digit runs in any script
# (full-width digits typed on phones are still digits); any other visible character alone.
# A speaker's label at the start of a transcript line: "Agent:", "Caller 2:", "[10:02] Maria
# Lopez:". It is no part of what was said (a label between two pieces of a card would part them).
_LABEL = re.compile(
    r"\s*(?:\[[^\]\n]{1,24}\]\s*)?(?P<name>[A-Z][\w.'-]{0,24}(?: [A-Z0-9][\w.'-]{0,24}){0,2})"
    r"\s?:(?=\s|$)"
)
_WORDS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<sym>\S)")


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    lower: str
    turn: int
    start: int
    end: int
    space_before: bool
    """Whitespace (or the start of the turn) separates this token from the previous one."""


def ascii_digits(text: str) -> str:
    """Map digits of any script to ASCII (full-width four → "4")."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch, 0)) if ch.isdigit() else ch for ch in text)


def tokenize(texts: Sequence[str]) -> list[Token]:
    """Tokenize each text as one turn; the result is one stream in turn order."""
    out: list[Token] = []
    for turn, text in enumerate(texts):
        prev_end = skip = _label_end(text)
        for m in _TOKEN.finditer(text, skip):
            kind: TokenKind = "num" if m.group("num") else "word" if m.group("word") else "sym"
            raw = m.group()
            shown = ascii_digits(raw) if kind == "num" else raw
            out.append(
                Token(
                    kind=kind,
                    text=shown,
                    lower=shown.lower().replace("’", "'"),
                    turn=turn,
                    start=m.start(),
                    end=m.end(),
                    space_before=m.start() == skip or m.start() > prev_end,
                )
            )
            prev_end = m.end()
    return out


def _label_end(text: str) -> int:
    """Where the text after a leading speaker label starts (0 without one). A cue word is not
    a label: "SSN: 123-45-6789", "Card: 4111 …" keep theirs."""
    m = _LABEL.match(text)
    if m is None:
        return 0
    if any(word.lower() in CUE_PHRASES for word in _WORDS.findall(m.group("name"))):
        return 0
    return m.end()


def glued(tokens: Sequence[Token], i: int, j: int) -> bool:
    """Tokens ``i`` and ``j = i + 1`` touch: same turn, no whitespace between them."""
    if i < 0 or j >= len(tokens):
        return False
    return tokens[i].turn == tokens[j].turn and not tokens[j].space_before
