"""Remove payment card and ID numbers from conversation text, keeping ordinary numbers.

The policy (the shared design note SCRUBBING.md): cards (Luhn or presented as a card), CVVs, card
expiries, SSNs, national/passport/licence/tax numbers, IBANs and bank account numbers go, in any
spelling (digits, spoken words, NATO letters, split over turns, read back); prices, dates,
times, quantities, postcodes, order and tracking numbers, phone numbers and "card ending in
4242" stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from compiler.scrub.engine import scrub_conversation
from compiler.scrub.model import Kind, ScrubContext, ScrubResult, Turn

__all__ = [
    "Kind",
    "ScrubContext",
    "ScrubResult",
    "Turn",
    "scrub",
    "scrub_text",
    "scrub_turns",
]


def scrub(turns: Sequence[Turn]) -> ScrubResult:
    """Scrub a conversation and report what kinds were removed and how many (never values)."""
    return scrub_conversation(turns)


def scrub_turns(turns: list[Turn]) -> list[Turn]:
    """Scrub a conversation as a whole (a number split over turns, read-backs)."""
    return list(scrub_conversation(turns).turns)


def scrub_text(text: str, *, context: ScrubContext | None = None) -> str:
    """Scrub one text.

    Args:
        text: a message, a turn, or a whole transcript as one string.
        context: for a conversation scrubbed message by message: earlier messages (kept raw in
            memory by the context) explain this one, e.g. "what's the card number?" followed by
            "4111 1111 1111 1111", or a read-back. The text is recorded as said by
            ``context.speaker``; the context counts what was removed.

    Returns:
        The text with each removed number replaced by a marker such as ``[card number removed]``,
        line for line: a text of several lines (a transcript, one turn a line) is scrubbed as
        the turns of one conversation, and its line breaks are all kept.
    """
    if context is None:
        return _scrub_lines(text)
    turn = Turn(context.speaker, text)
    result = scrub_conversation([*context.history, turn])
    context.removed.update(result.removed_per_turn[-1])
    context.history.append(turn)
    del context.history[: -context.keep_turns]
    return result.turns[-1].text


def _scrub_lines(text: str) -> str:
    """Each non-blank line a turn of one conversation; the lines put back as they were."""
    lines = text.split("\n")
    said = [k for k, line in enumerate(lines) if line.strip()]
    if not said:
        return text
    result = scrub_conversation([Turn("caller", lines[k]) for k in said])
    for k, turn in zip(said, result.turns, strict=True):
        lines[k] = turn.text
    return "\n".join(lines)
