"""Helpers for the scrubber's tests: the corpus, card generators, digit normalisation."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from compiler.scrub.spoken import find_chunks
from compiler.scrub.tokens import tokenize

CORPUS = Path(__file__).resolve().parent / "fixtures" / "scrub" / "corpus.jsonl"

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def load_corpus() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def spoken_digits(texts: list[str]) -> str:
    """Every digit left in ``texts``, written or spoken, run together."""
    return "".join(c.digits for c in find_chunks(tokenize(texts)))


def six_runs(number: str) -> set[str]:
    return {number[i : i + 6] for i in range(len(number) - 5)}


def luhn_complete(body: str) -> str:
    """``body`` plus the check digit that makes it Luhn-valid."""
    for check in "0123456789":
        candidate = body + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def pair_words(pair: str) -> str:
    """A two-digit group as a speaker says it ("45" → "forty five", "07" → "oh seven")."""
    tens, unit = int(pair[0]), int(pair[1])
    if tens == 0:
        return f"oh {DIGIT_WORDS[unit]}"
    if tens == 1:
        return TEENS[unit]
    return TENS[tens] if unit == 0 else f"{TENS[tens]} {DIGIT_WORDS[unit]}"


def digit_word(d: str, rng: random.Random) -> str:
    if d == "0":
        return rng.choice(["oh", "zero"])
    return DIGIT_WORDS[int(d)]


def speak(number: str, rng: random.Random) -> list[str]:
    """``number`` spoken in groups: digit by digit, "double"/"triple", pairs, fillers."""
    groups: list[str] = []
    i = 0
    while i < len(number):
        size = rng.choice([2, 3, 4, 4, 4, 5])
        groups.append(number[i : i + size])
        i += size
    out: list[str] = []
    for group in groups:
        words: list[str] = []
        j = 0
        style = rng.choice(["digits", "digits", "pairs", "mixed"])
        while j < len(group):
            d = group[j]
            run = 1
            while j + run < len(group) and group[j + run] == d and run < 3:
                run += 1
            # "twenty" then "four" would be heard as 24, so a pair ending in 0 is said digit-wise
            if style == "pairs" and j + 1 < len(group) and group[j + 1] != "0":
                words.append(pair_words(group[j : j + 2]))
                j += 2
            elif run >= 2 and rng.random() < 0.6:
                words.append(("double " if run == 2 else "triple ") + digit_word(d, rng))
                j += run
            elif style == "mixed" and rng.random() < 0.5:
                words.append(d)
                j += 1
            else:
                words.append(digit_word(d, rng))
                j += 1
        out.append(" ".join(words))
    return out


def join_groups(groups: list[str], rng: random.Random) -> str:
    parts = [groups[0]]
    for g in groups[1:]:
        parts.append(rng.choice([", ", " ", ", uh, ", " um ", ". ", " - "]))
        parts.append(g)
    return "".join(parts)


KINDS_CORPUS = CORPUS.parent / "kinds.jsonl"
"""Cases of each kind named in issue 9 item 2, several per kind, with the kind in their id."""
SECOND_CORPUS = CORPUS.parent / "second.jsonl"
"""The same kinds, phrased afresh once the first set passed: a check that the rules generalise."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def case_outcome(case: dict[str, Any], out: list[str]) -> tuple[list[str], list[str]]:
    """What a scrubbed case got wrong: the secrets that survived (a value, or six of its
    digits in a row, written or spoken), and the ordinary values that did not survive verbatim."""
    text = "\n".join(out)
    left = spoken_digits(out)
    leaked = [g for g in case["gone"] if g in text]
    leaked += [s for s in case["secret_digits"] if any(run in left for run in six_runs(s))]
    lost = [k for k in case["kept"] if k not in text]
    return leaked, lost
