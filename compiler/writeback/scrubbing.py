"""The seam to the scrubber (``compiler.scrub``): summary and transcript pass here before export.

The transcript is scrubbed as one conversation (``scrub_turns``), not turn by turn, so a card
number split over two turns, or read back by the agent, is caught as a whole. A given summary is
scrubbed ahead of the raw transcript (``scrub_summary``), so a number removed from the transcript
only because of what was said around it (a mis-heard card that fails Luhn, after "what's the card
number?") is removed where the summary repeats it too. An extractive summary is built from the
scrubbed turns and scrubbed once more, so nothing skips the scrubber.

The scrubber is imported on first use: a drain never scrubs (the outbox holds scrubbed text) and
should not pay for loading the scrubber's vocabularies.
"""

from __future__ import annotations

from typing import Any

from compiler.writeback.conversation import Speaker, Turn


def _scrub() -> Any:
    import compiler.scrub

    return compiler.scrub


def scrubber_name() -> str:
    return str(_scrub().__name__)


def scrub_text(text: str) -> str:
    return str(_scrub().scrub_text(text))


def scrub_turns(turns: list[Turn]) -> list[Turn]:
    """The turns with their text scrubbed as one conversation; speakers and times kept."""
    if not turns:
        return []
    module = _scrub()
    cleaned = module.scrub_turns([module.Turn(t.speaker.value, t.text) for t in turns])
    texts = [str(c.text) for c in cleaned]
    if len(texts) != len(turns):
        raise RuntimeError(f"the scrubber returned {len(texts)} turns for {len(turns)}")
    return [
        Turn(speaker=Speaker(t.speaker), text=text, at=t.at)
        for t, text in zip(turns, texts, strict=True)
    ]


def scrub_summary(summary: str, turns: list[Turn]) -> str:
    """The summary scrubbed with the raw transcript as its context (the transcript's own
    scrubbed text is made by ``scrub_turns``; only the summary is taken from this pass).

    The summary goes first, so that the transcript's last words ("and your account number?")
    cannot explain a number at the start of the summary; copies of what the transcript gave away
    are found wherever they stand. Should the context ever leave fewer markers than the summary
    scrubbed alone, the summary scrubbed alone is used.
    """
    module = _scrub()
    alone = module.scrub([module.Turn("agent", summary)])
    if not turns:
        return str(alone.turns[0].text)
    together = module.scrub(
        [module.Turn("agent", summary), *(module.Turn(t.speaker.value, t.text) for t in turns)]
    )
    first = together.removed_per_turn[0]
    if sum(first.values()) < alone.total:
        return str(alone.turns[0].text)
    return str(together.turns[0].text)
