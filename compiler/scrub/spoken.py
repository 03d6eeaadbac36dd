"""Read numbers out of tokens: digit tokens as they are, and spoken numbers as digit strings.

"four one one one" → 4,1,1,1; "oh" → 0 next to other number words; "double five" → 55;
"triple seven" → 777; "forty five thirty two" → 45,32; "twelve" → 12; "nineteen hundred" → 1900.
Each result (a ``Chunk``) keeps the tokens it came from so that its text can be replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.scrub.tokens import Token, glued
from compiler.scrub.vocab import (
    COUNTING_AFTER,
    COUNTING_BEFORE,
    NUMBER_WORDS,
    REPEATS,
    TEENS,
    TENS,
    UNITS,
    WEAK_ZEROS,
)

_HOMOPHONES = {"for": "4", "to": "2", "too": "2", "won": "1", "ate": "8"}
_SPOKEN_DIGITS = set(UNITS)
_TYPED_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_PAUSES = {",", "-", ".", "…", "uh", "um", "umm", "er", "erm", "ah"}
_ONE_AS_PRONOUN = {"the", "this", "that", "which", "a", "no", "every", "any", "some", "each"}


@dataclass(frozen=True, slots=True)
class Chunk:
    """Digits read from tokens ``first``..``last`` (inclusive) of one turn."""

    digits: str
    first: int
    last: int
    turn: int
    spoken: bool


def find_chunks(tokens: Sequence[Token]) -> list[Chunk]:
    """Every number in the token stream, written or spoken, in order."""
    out: list[Chunk] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "num":
            out.append(Chunk(tok.text, i, i, tok.turn, spoken=False))
            i += 1
            continue
        if tok.kind == "word" and (tok.lower in NUMBER_WORDS or tok.lower in REPEATS):
            parsed = parse_spoken(tokens, i)
            if parsed is not None:
                digits, last = parsed
                out.append(Chunk(digits, i, last, tok.turn, spoken=True))
                i = last + 1
                continue
        if tok.kind == "word":
            misheard = _misheard_digit(tokens, i)
            if misheard is not None:
                out.append(Chunk(misheard, i, i, tok.turn, spoken=True))
        i += 1
    return out


def _misheard_digit(tokens: Sequence[Token], i: int) -> str | None:
    """A word that stands for a digit between two digits: speech recognition's "for"/"to"/
    "won"/"ate" between spoken digits, or a typed letter O or l between typed digits."""
    tok = tokens[i]
    turn = tok.turn
    if tok.lower in _HOMOPHONES:
        before, after = _word(tokens, i - 1, turn), _word(tokens, i + 1, turn)
        if before in _SPOKEN_DIGITS and after in _SPOKEN_DIGITS:
            return _HOMOPHONES[tok.lower]
    typed = tok.text in _TYPED_LOOKALIKES and glued(tokens, i - 1, i) and glued(tokens, i, i + 1)
    if typed and tokens[i - 1].kind == "num" and tokens[i + 1].kind == "num":
        return _TYPED_LOOKALIKES[tok.text]
    return None


def _word(tokens: Sequence[Token], i: int, turn: int) -> str | None:
    if 0 <= i < len(tokens) and tokens[i].turn == turn and tokens[i].kind != "sym":
        return tokens[i].lower
    return None


def _is_numberish(tokens: Sequence[Token], i: int, turn: int) -> bool:
    if not (0 <= i < len(tokens)) or tokens[i].turn != turn:
        return False
    tok = tokens[i]
    return tok.kind == "num" or tok.lower in NUMBER_WORDS or tok.lower in REPEATS


def _alone_in_turn(tokens: Sequence[Token], i: int) -> bool:
    turn = tokens[i].turn
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and tokens[j].turn == turn:
            if tokens[j].kind != "sym":
                return False
            j += step
    return True


def _near_number(tokens: Sequence[Token], i: int, step: int) -> bool:
    """A number is next to token ``i`` (looking by ``step``), past commas and "uh"s."""
    turn = tokens[i].turn
    j = i + step
    while 0 <= j < len(tokens) and tokens[j].turn == turn and tokens[j].lower in _PAUSES:
        j += step
    return _is_numberish(tokens, j, turn)


def is_counting(tokens: Sequence[Token], i: int) -> bool:
    """The number word at ``i`` counts something ("the last four", "one sec"), not a digit."""
    turn = tokens[i].turn
    before, after = _word(tokens, i - 1, turn), _word(tokens, i + 1, turn)
    if before in COUNTING_BEFORE or after in COUNTING_AFTER:
        return True
    if tokens[i].lower == "one" and before in _ONE_AS_PRONOUN:
        return not _is_numberish(tokens, i + 1, turn)
    return False


def parse_spoken(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """The digits spoken from token ``i`` on, and the index of the last token used."""
    tok = tokens[i]
    w = tok.lower
    turn = tok.turn
    if w in REPEATS:
        j = i + 1
        if j < len(tokens) and tokens[j].turn == turn:
            nxt = tokens[j]
            if nxt.kind == "num" and len(nxt.text) == 1:
                return nxt.text * REPEATS[w], j
            if nxt.lower in UNITS:
                return str(UNITS[nxt.lower]) * REPEATS[w], j
        return None
    if is_counting(tokens, i):
        return None
    if w in WEAK_ZEROS:
        # "oh" is a zero only inside a spoken number, not "oh, okay".
        if _near_number(tokens, i, 1) or _near_number(tokens, i, -1):
            return "0", i
        if _alone_in_turn(tokens, i):
            return "0", i  # a digit of a number said alone in its own turn ("oh.")
        return None
    if w in UNITS and UNITS[w] == 0:
        return "0", i
    head = _below_100(tokens, i)
    if head is None:
        return None
    value, j = head
    if _word(tokens, j + 1, turn) == "hundred":
        value, j = value * 100, j + 1
        rest = _after_and(tokens, j, turn)
        if rest is not None:
            value, j = value + rest[0], rest[1]
    if _word(tokens, j + 1, turn) == "thousand" and value < 1000:
        value, j = value * 1000, j + 1
        rest = _after_and(tokens, j, turn, allow_hundreds=True)
        if rest is not None:
            value, j = value + rest[0], rest[1]
    return str(value), j


def _after_and(
    tokens: Sequence[Token], j: int, turn: int, *, allow_hundreds: bool = False
) -> tuple[int, int] | None:
    k = j + 1
    if _word(tokens, k, turn) == "and":
        k += 1
    if _word(tokens, k, turn) in WEAK_ZEROS or not _is_numberish(tokens, k, turn):
        return None
    part = _below_100(tokens, k)
    if part is None:
        return None
    value, end = part
    if allow_hundreds and _word(tokens, end + 1, turn) == "hundred":
        value, end = value * 100, end + 1
        more = _after_and(tokens, end, turn)
        if more is not None:
            value, end = value + more[0], more[1]
    return value, end


def _below_100(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    w = tokens[i].lower
    turn = tokens[i].turn
    if w in TENS:
        j = i + 1
        if j < len(tokens) and tokens[j].text == "-" and glued(tokens, i, j):
            j += 1
        unit = _word(tokens, j, turn)
        if unit in UNITS and UNITS[unit] > 0 and not is_counting(tokens, j):
            return TENS[w] + UNITS[unit], j
        return TENS[w], i
    if w in TEENS:
        return TEENS[w], i
    if w in UNITS and w not in WEAK_ZEROS:
        return UNITS[w], i
    return None
