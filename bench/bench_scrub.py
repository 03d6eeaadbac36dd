"""Scrubbing speed on long mixed transcripts, against a plain ``re.sub`` over the same text.

Figures: characters per second for the scrubber (whole conversation at once, and one message at
a time with a ``ScrubContext``) and for the baseline, and their ratio. The transcript plants
known card numbers and ordinary numbers, so the run also reports how many of each survived.
"""

from __future__ import annotations

import random
import re
import time

from compiler.scrub import ScrubContext, Turn, scrub, scrub_text
from compiler.scrub.spoken import find_chunks
from compiler.scrub.tokens import tokenize

_TARGET_CHARS = 200_000
_CALL_TURNS = 10
_CALL_VALUES = 5
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _luhn(body: str) -> str:
    for check in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(body + check)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return body + check
    raise AssertionError("unreachable")


def _card(rng: random.Random) -> str:
    prefix = rng.choice(["4", "51", "55", "2221", "2720", "6011"])
    return _luhn(prefix + "".join(rng.choice("0123456789") for _ in range(15 - len(prefix))))


def _spoken(digits: str) -> str:
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    return ", ".join(" ".join("oh" if d == "0" else _DIGITS[int(d)] for d in g) for g in groups)


def transcript(seed: int = 7) -> tuple[list[Turn], list[str], list[str]]:
    """Turns of many calls and chats, the card numbers planted, and the ordinary values planted."""
    rng = random.Random(seed)
    turns: list[Turn] = []
    cards: list[str] = []
    ordinary: list[str] = []
    size = 0
    while size < _TARGET_CHARS:
        card = _card(rng)
        order = str(rng.randint(10_000, 99_999))
        price = f"${rng.randint(5, 2000)}.{rng.randint(0, 99):02d}"
        date = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}"
        phone = f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        time_ = f"{rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45'])}"
        expiry = f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"
        spoken = rng.random() < 0.5
        said = _spoken(card) if spoken else " ".join(card[i : i + 4] for i in range(0, 16, 4))
        call = [
            Turn("agent", "Thanks for calling, how can I help you today?"),
            Turn("caller", f"Hi, I'm calling about order {order}, it was {price}."),
            Turn("agent", f"I see it, it's due on {date}. Would you like to pay the balance now?"),
            Turn("caller", "Yes please, I'll pay by card."),
            Turn("agent", "Great, go ahead with the long number on the front."),
            Turn("caller", f"Sure, it's {said}."),
            Turn("agent", "Thank you. And the expiry date and security code?"),
            Turn("caller", f"Expires {expiry}, code {rng.randint(100, 999)}."),
            Turn("agent", f"All done. We'll call you on {phone} if anything changes, at {time_}."),
            Turn("caller", "Perfect, thanks so much, have a good day!"),
        ]
        assert len(call) == _CALL_TURNS
        turns.extend(call)
        cards.append(card)
        ordinary.extend([order, price, date, phone, time_])
        size += sum(len(t.text) for t in call)
    return turns, cards, ordinary


def _best_of(runs: int, fn: object) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> dict[str, object]:
    turns, cards, ordinary = transcript()
    chars = sum(len(t.text) for t in turns)
    joined = "\n".join(t.text for t in turns)
    digit = re.compile(r"\d")

    baseline_s = _best_of(5, lambda: digit.sub("#", joined))
    result = scrub(turns)
    whole_s = _best_of(2, lambda: scrub(turns))

    def one_by_one() -> None:
        ctx = ScrubContext()
        for t in turns:
            ctx.speaker = t.speaker
            scrub_text(t.text, context=ctx)

    incremental_s = _best_of(1, one_by_one)

    out = "\n".join(t.text for t in result.turns)
    # Digits of each call's card left anywhere in that call, written or spoken (the call's
    # ordinary values taken out first, so that an order number cannot look like a leak).
    leaked = 0
    for k, card in enumerate(cards):
        call_text = "\n".join(t.text for t in result.turns[k * _CALL_TURNS : (k + 1) * _CALL_TURNS])
        for value in ordinary[k * _CALL_VALUES : (k + 1) * _CALL_VALUES]:
            call_text = call_text.replace(value, " ")
        left = "".join(c.digits for c in find_chunks(tokenize(call_text.split("\n"))))
        leaked += any(card[i : i + 6] in left for i in range(len(card) - 5))
    lost = sum(1 for v in ordinary if v not in out)
    return {
        "chars": chars,
        "turns": len(turns),
        "scrub_chars_per_s": round(chars / whole_s),
        "scrub_incremental_chars_per_s": round(chars / incremental_s),
        "baseline_re_sub_chars_per_s": round(chars / baseline_s),
        "scrub_time_over_baseline": round(whole_s / baseline_s, 1),
        "cards_planted": len(cards),
        "cards_with_6_digits_left": leaked,
        "ordinary_planted": len(ordinary),
        "ordinary_lost": lost,
        "markers": result.counts,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
