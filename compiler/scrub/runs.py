"""Join numbers of one turn that belong together into runs: "4111 1111", "four one one one,
uh, one one", and self-corrections ("four two, sorry, four three"). Pieces in different turns
are put together later, by the engine, only when they make a valid card or continue one."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from compiler.scrub.spoken import Chunk
from compiler.scrub.tokens import Token
from compiler.scrub.vocab import CORRECTIONS, GAP_WORDS

# Symbols that end a number: currency, percent, "#", "@", "+" (a phone), "?" (a question).
BREAK_SYMS = set("$€£¥₹%#@+=?!:;|<>()[]{}")
MAX_GAP_WORDS = 6
MAX_TURNS_SPANNED = 2  # how far apart, in turns, the engine looks for pieces of one card


@dataclass(frozen=True, slots=True)
class Run:
    """Numbers read as one: ``readings[0]`` is every digit heard, ``readings[1:]`` the number
    after applying self-corrections."""

    chunks: tuple[Chunk, ...]
    readings: tuple[str, ...]

    @property
    def digits(self) -> str:
        return self.readings[0]

    @property
    def first(self) -> int:
        return self.chunks[0].first

    @property
    def last(self) -> int:
        return self.chunks[-1].last

    @property
    def turns(self) -> frozenset[int]:
        return frozenset(c.turn for c in self.chunks)

    @property
    def spoken(self) -> bool:
        return any(c.spoken for c in self.chunks)


@dataclass(frozen=True, slots=True)
class _Join:
    ok: bool
    correction: bool = False
    pause: bool = False


def _join(tokens: Sequence[Token], a: Chunk, b: Chunk) -> _Join:
    if b.turn != a.turn:
        # Pieces in different turns are joined later, and only when they make a valid card:
        # joined blindly, a ZIP code ending one turn spoils the card that starts the next.
        return _Join(False)
    gap = tokens[a.last + 1 : b.first]
    words = 0
    correction = False
    for tok in gap:
        if tok.kind == "num":
            return _Join(False)
        if tok.kind == "sym":
            if tok.text in BREAK_SYMS:
                return _Join(False)
            continue
        if tok.lower not in GAP_WORDS:
            return _Join(False)
        words += 1
        correction = correction or tok.lower in CORRECTIONS
    if words > MAX_GAP_WORDS:
        return _Join(False)
    pause = any(t.kind != "sym" or t.text not in "-./" for t in gap)
    return _Join(True, correction=correction, pause=pause)


def build_runs(tokens: Sequence[Token], chunks: Sequence[Chunk]) -> list[Run]:
    """Group consecutive chunks into runs."""
    runs: list[Run] = []
    if not chunks:
        return runs
    group: list[Chunk] = [chunks[0]]
    joins: list[_Join] = []
    for prev, cur in itertools.pairwise(chunks):
        j = _join(tokens, prev, cur)
        if j.ok:
            group.append(cur)
            joins.append(j)
        else:
            runs.append(_make(group, joins))
            group, joins = [cur], []
    runs.append(_make(group, joins))
    return runs


def _make(group: list[Chunk], joins: list[_Join]) -> Run:
    raw = "".join(c.digits for c in group)
    if not any(j.correction for j in joins):
        return Run(tuple(group), (raw,))
    corrected = group[0].digits
    for k in range(1, len(group)):
        join = joins[k - 1]
        if join.correction:
            # The correction replaces as many digits as it says: "four two, sorry, four three".
            size = len(group[k].digits)
            m = k + 1
            while m < len(group) and not joins[m - 1].pause:
                size += len(group[m].digits)
                m += 1
            corrected = corrected[: max(0, len(corrected) - size)]
        corrected += group[k].digits
    readings = (raw, corrected) if corrected != raw else (raw,)
    return Run(tuple(group), readings)
