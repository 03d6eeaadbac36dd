"""Join numbers of one turn that belong together into runs: "4111 1111", "four one one one,
uh, one one", and self-corrections ("four two, sorry, four three"). Pieces in different turns
are put together later, by the engine, only when they make a valid card or continue one."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
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
    # Which digits a correction takes back is a guess; each guess is a reading, tried as a card.
    # The last one is reported as the number.
    readings: list[str] = []
    for strategy in (_restated_group, *_OVERLAPS, _as_many_as_said):
        reading = _corrected(group, joins, strategy)
        if reading in readings:
            readings.remove(reading)
        if reading != raw:
            readings.append(reading)
    return Run(tuple(group), (raw, *readings))


_Strategy = Callable[[str, list[Chunk], list[_Join], int], int]
_OVERLAP_READINGS = 3


def _corrected(group: list[Chunk], joins: list[_Join], strategy: _Strategy) -> str:
    """The digits heard after applying each self-correction with ``strategy``: how many of the
    digits said so far the correction takes back."""
    corrected = group[0].digits
    for k in range(1, len(group)):
        if joins[k - 1].correction:
            drop = strategy(corrected, group, joins, k)
            corrected = corrected[: len(corrected) - min(drop, len(corrected))]
        corrected += group[k].digits
    return corrected


def _correction_digits(group: list[Chunk], joins: list[_Join], k: int) -> str:
    """What is said from chunk ``k`` (just after the correction word) up to the next pause."""
    said = group[k].digits
    m = k + 1
    while m < len(group) and not joins[m - 1].pause:
        said += group[m].digits
        m += 1
    return said


def _as_many_as_said(said: str, group: list[Chunk], joins: list[_Join], k: int) -> int:
    """ "four two, sorry, four three": the correction replaces as many digits as it says."""
    return len(_correction_digits(group, joins, k))


def _restated_group(said: str, group: list[Chunk], joins: list[_Join], k: int) -> int:
    """ "two six, um, three eight uh sorry three eight": the group before the correction word
    (back to the previous pause) is said again."""
    size = len(group[k - 1].digits)
    m = k - 1
    while m > 0 and not joins[m - 1].pause and not joins[m - 1].correction:
        size += len(group[m - 1].digits)
        m -= 1
    return size


def _overlap(rank: int) -> _Strategy:
    """ "… oh five, sorry, oh five one oh …": the correction starts again from digits just said.
    In a number as repetitive as "5105 1051 05…" several overlaps fit: ``rank`` 0 takes back the
    longest, 1 the next, and so on."""

    def strategy(said: str, group: list[Chunk], joins: list[_Join], k: int) -> int:
        again = "".join(c.digits for c in group[k:])
        sizes = [n for n in range(min(len(said), len(again)), 0, -1) if said.endswith(again[:n])]
        return sizes[rank] if rank < len(sizes) else 0

    return strategy


_OVERLAPS = tuple(_overlap(rank) for rank in range(_OVERLAP_READINGS))
