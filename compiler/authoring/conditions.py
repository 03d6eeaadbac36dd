"""Pure helpers over conditions and words: merging `in` lists, renaming, stems, near words."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from compiler.authoring.frame import Cond, Frame, Val
from compiler.authoring.reader import param_name
from compiler.authoring.vocab import singular
from compiler.authoring.vocab import words as vocab_words

OPEN_WORDS = ("open", "unresolved", "active", "pending", "outstanding", "ongoing", "unclosed")
CLOSED_WORDS = ("closed", "resolved", "finished", "completed")


def near_word(word: str, choices: tuple[str, ...]) -> str | None:
    """``word`` itself, or the one choice it misspells by one edit ("opne" → "open")."""
    if word in choices:
        return word
    if len(word) < 4:
        return None
    close = [c for c in choices if OSA.distance(word, c) <= 1]
    return close[0] if len(close) == 1 else None


def phrase_of(label: str) -> str:
    return " ".join(singular(w) for w in vocab_words(label))


def rename(f: Frame, old: str, new: str) -> Frame:
    """``f`` reading property ``new`` where it read ``old`` (its input renamed with it)."""

    def val(v: Val) -> Val:
        if v.kind == "param" and v.text == param_name(old):
            return Val("param", param_name(new), v.optional)
        return v

    def cond(c: Cond) -> Cond:
        return Cond(
            new if c.prop == old else c.prop,
            c.op,
            tuple(val(v) for v in c.values),
            c.obj,
            tuple(cond(x) for x in c.any_of),
        )

    g = f.clone()
    g.conds = [cond(c) for c in g.conds]
    g.keys = [cond(c) for c in g.keys]
    g.sets = {(new if k == old else k): val(v) for k, v in g.sets.items()}
    g.returns = [new if n == old else n for n in g.returns]
    if g.order is not None and g.order[0] == old:
        g.order = (new, g.order[1])
    return g


def stems(word: str) -> set[str]:
    """ "started" → "start", "renewed" → "renew": enough to meet a label's word."""
    out = set()
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            out.add(word[: -len(suffix)])
    return out


def single_in(c: Cond) -> Cond:
    """`p in ("x")` is written `p = "x"` by a careful author."""
    if c.op in ("in", "not in") and len(c.values) == 1:
        return Cond(c.prop, "=" if c.op == "in" else "!=", c.values)
    return c


def in_values(conds: list[Cond]) -> list[Cond]:
    """Merge option conditions on one property into `in` ("dogs or cats")."""
    out: list[Cond] = []
    for c in conds:
        same = next(
            (
                o
                for o in out
                if o.prop == c.prop
                and o.op in ("=", "in")
                and c.op in ("=", "in")
                and o.prop is not None
                and all(v.kind == "string" for v in (*o.values, *c.values))
            ),
            None,
        )
        if same is not None and c.prop is not None:
            merged = Cond(c.prop, "in", tuple(dict.fromkeys((*same.values, *c.values))))
            out[out.index(same)] = merged
            continue
        neg = next(
            (
                o
                for o in out
                if o.prop == c.prop
                and o.op in ("!=", "not in")
                and c.op in ("!=", "not in")
                and c.prop is not None
            ),
            None,
        )
        if neg is not None and c.prop is not None:
            merged = Cond(c.prop, "not in", tuple(dict.fromkeys((*neg.values, *c.values))))
            out[out.index(neg)] = merged
            continue
        out.append(c)
    return [single_in(c) for c in out]
