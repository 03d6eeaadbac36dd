"""Find cue phrases ("card number", "security code", "order") and ask which one is nearest."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from compiler.scrub.tokens import Token
from compiler.scrub.vocab import CUE_PHRASES, Cue

WINDOW_WORDS = 14  # how far back a cue still explains a number
WINDOW_TURNS = 2  # a question two turns back ("what's the card number?") still counts


@dataclass(frozen=True, slots=True)
class CueHit:
    cue: Cue
    first: int
    last: int
    turn: int
    phrase: str = ""
    """The cue's words as listed in ``vocab`` ("card number", "steuer - id")."""


class CueIndex:
    """Cue phrases in a token stream, searchable by position."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.hits = _find(tokens)
        self._lasts = [h.last for h in self.hits]
        self._firsts = [h.first for h in self.hits]
        # Running count of word and number tokens: distances are counted in words.
        self._words = [0]
        for tok in tokens:
            self._words.append(self._words[-1] + (tok.kind != "sym"))

    def words_between(self, a: int, b: int) -> int:
        """Word and number tokens strictly between token indexes ``a`` < ``b``."""
        return max(0, self._words[b] - self._words[a + 1])

    def before(self, index: int, *, window: int = WINDOW_WORDS) -> CueHit | None:
        """The nearest cue ending before token ``index``, if close enough."""
        k = bisect.bisect_left(self._lasts, index) - 1
        if k < 0:
            return None
        hit = self.hits[k]
        if self.words_between(hit.last, index) > window:
            return None
        if self.tokens[index].turn - hit.turn > WINDOW_TURNS:
            return None
        return hit

    def previous(self, hit: CueHit) -> CueHit | None:
        """The cue just before ``hit``, if any."""
        k = bisect.bisect_left(self._firsts, hit.first) - 1
        return self.hits[k] if k >= 0 else None

    def after(self, index: int, *, window: int = 5) -> CueHit | None:
        """The nearest cue starting after token ``index`` in the same turn, if close enough."""
        k = bisect.bisect_right(self._firsts, index)
        if k >= len(self.hits):
            return None
        hit = self.hits[k]
        if hit.turn != self.tokens[index].turn or self.words_between(index, hit.first) > window:
            return None
        return hit

    def all(self, cue: Cue) -> list[CueHit]:
        return [h for h in self.hits if h.cue is cue]


def _find(tokens: Sequence[Token]) -> list[CueHit]:
    hits: list[CueHit] = []
    i = 0
    n = len(tokens)
    while i < n:
        first = tokens[i].lower
        options = CUE_PHRASES.get(first)
        if options is None and first.endswith("'s"):
            options = CUE_PHRASES.get(first[:-2])  # "my social's 123 45 6789"
        matched = False
        if options:
            for words, cue in options:
                end = i + len(words)
                if end > n or tokens[end - 1].turn != tokens[i].turn:
                    continue
                if all(
                    _same(tokens[i + k].lower, w, last=k == len(words) - 1)
                    for k, w in enumerate(words)
                ):
                    hits.append(CueHit(cue, i, end - 1, tokens[i].turn, " ".join(words)))
                    i = end
                    matched = True
                    break
        if not matched:
            i += 1
    return hits


def _same(said: str, word: str, *, last: bool) -> bool:
    """``said`` is the cue's ``word``; the phrase's last word may carry "'s" ("social's",
    "card number's", "passport's": "is" or a possessive, the number follows either way)."""
    return said == word or (last and said == word + "'s")
