"""The seam to the scrubber (``compiler.scrub``): summary and transcript pass here before export.

The transcript is scrubbed as one conversation (``scrub_turns``), not turn by turn, so a card
number split over two turns, or read back by the agent, is caught as a whole. The summary is
scrubbed on its own (``scrub_text``); an extractive summary is built from the scrubbed turns and
scrubbed once more, so nothing skips the scrubber.

``compiler.scrub`` is written in parallel; until it is importable the interim rule below is
used: redact every run of 6 or more digits (separators and spoken digit words allowed between
them). It wrecks order numbers, but it leaks no card or SSN; the real scrubber replaces it the
moment it lands, with no change to callers.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import Any

from compiler.writeback.conversation import Speaker, Turn

_DIGIT_WORDS = (
    "zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|"
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_UNIT = rf"(?:\d|\b(?:{_DIGIT_WORDS})\b)"
_RUN = re.compile(rf"{_UNIT}(?:[\s.\-/,]*{_UNIT}){{5,}}", re.IGNORECASE)


def _interim_scrub_text(text: str) -> str:
    return _RUN.sub("[REDACTED]", text)


def _interim_scrub_turns(texts: Sequence[str]) -> list[str]:
    return [_interim_scrub_text(t) for t in texts]


def _load() -> tuple[Callable[[str], str], Callable[[list[Turn]], list[str]], str]:
    try:
        module: Any = importlib.import_module("compiler.scrub")
    except ModuleNotFoundError as exc:
        if exc.name not in ("compiler.scrub",):
            raise
        module = None
    if module is None or not hasattr(module, "scrub_text") or not hasattr(module, "scrub_turns"):
        return (
            _interim_scrub_text,
            lambda turns: _interim_scrub_turns([t.text for t in turns]),
            ("interim"),
        )

    def text_fn(text: str) -> str:
        return str(module.scrub_text(text))

    def turns_fn(turns: list[Turn]) -> list[str]:
        return _texts_of(module.scrub_turns(_as_scrubber_turns(turns)), len(turns))

    return text_fn, turns_fn, "compiler.scrub"


def _as_scrubber_turns(turns: list[Turn]) -> list[Any]:
    make = getattr(importlib.import_module("compiler.scrub"), "Turn", None)
    if make is None:
        return [{"speaker": t.speaker.value, "text": t.text} for t in turns]
    return [make(t.speaker.value, t.text) for t in turns]


def _texts_of(result: Any, expected: int) -> list[str]:
    """Accept what ``scrub_turns`` gives back: strings, dicts with ``text``, or objects."""
    texts: list[str] = []
    for item in result:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            texts.append(str(item["text"]))
        else:
            texts.append(str(item.text))
    if len(texts) != expected:
        raise RuntimeError(f"scrub_turns returned {len(texts)} turns for {expected}")
    return texts


_loaded: list[tuple[Callable[[str], str], Callable[[list[Turn]], list[str]], str]] = []


def _scrubber() -> tuple[Callable[[str], str], Callable[[list[Turn]], list[str]], str]:
    # Loaded on first use: a drain never scrubs (the outbox holds scrubbed text) and should not
    # pay for importing the scrubber's vocabularies.
    if not _loaded:
        _loaded.append(_load())
    return _loaded[0]


def scrubber_name() -> str:
    """``compiler.scrub`` or ``interim`` (the fallback used until the scrubber is installed)."""
    return _scrubber()[2]


def scrub_text(text: str) -> str:
    return _scrubber()[0](text)


def scrub_turns(turns: list[Turn]) -> list[Turn]:
    """The turns with their text scrubbed as one conversation; speakers and times kept."""
    if not turns:
        return []
    texts = _scrubber()[1](turns)
    return [
        Turn(speaker=Speaker(t.speaker), text=text, at=t.at)
        for t, text in zip(turns, texts, strict=True)
    ]
