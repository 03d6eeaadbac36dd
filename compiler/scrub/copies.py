"""Copies and fragments of removed numbers: a read-back, or part of a number said again."""

from __future__ import annotations

from collections.abc import Sequence

from compiler.scrub.model import Kind

FRAGMENT_MIN = 6  # a copy this long of a removed number is removed too


class Copies:
    """Pieces of ``FRAGMENT_MIN`` to ``PIECE_MAX`` digits of the removed values, for lookup;
    longer candidates are compared with each value directly."""

    PIECE_MAX = 24

    def __init__(self, values: Sequence[tuple[Kind, str]]) -> None:
        self.values = values
        self.pieces: dict[str, Kind] = {}
        for kind, value in values:
            for a in range(len(value)):
                top = min(len(value), a + self.PIECE_MAX)
                for b in range(a + FRAGMENT_MIN, top + 1):
                    self.pieces.setdefault(value[a:b], kind)
        self.shortest = min((len(v) for _, v in values), default=0)

    def kind_of(self, digits: str) -> Kind | None:
        if len(digits) < FRAGMENT_MIN:
            return None
        kind = self.pieces.get(digits) if len(digits) <= self.PIECE_MAX else None
        if kind is None and len(digits) > self.PIECE_MAX:
            kind = next((k for k, v in self.values if digits in v), None)
        if kind is None and len(digits) > self.shortest:
            kind = next((k for k, v in self.values if v in digits), None)
        return kind
