"""What the scrubber reads and reports: turns of a conversation, kinds of removed data, counts."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of a conversation: who spoke ("caller" or "agent") and what was said or typed."""

    speaker: str
    text: str


class Kind(enum.Enum):
    """A kind of removed data; its value is the marker left in the text."""

    CARD = "[card number removed]"
    CVV = "[CVV removed]"
    PIN = "[PIN removed]"
    EXPIRY = "[expiry removed]"
    SSN = "[SSN removed]"
    ID = "[ID number removed]"
    IBAN = "[IBAN removed]"
    ACCOUNT = "[account number removed]"

    @property
    def marker(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class ScrubResult:
    """Scrubbed turns and how many markers of each kind were left (counts only, never values)."""

    turns: tuple[Turn, ...]
    removed: Counter[Kind]
    removed_per_turn: tuple[Counter[Kind], ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Removed items per kind label, for counters and logs (never the removed values)."""
        ordered = sorted(self.removed.items(), key=lambda kv: kv[0].name)
        return {kind.label: n for kind, n in ordered}

    @property
    def total(self) -> int:
        return sum(self.removed.values())


@dataclass(slots=True)
class ScrubContext:
    """Memory for scrubbing a conversation one message at a time (chat, live transcripts).

    Keeps the last few raw turns in memory so that a number split over two messages, a read-back
    of an earlier number, or a question asked in an earlier turn ("what's the card number?") is
    understood. A message already sent on cannot be recalled: exports should scrub the whole
    conversation with ``scrub_turns`` instead. The history never leaves this object.
    """

    speaker: str = "caller"
    history: list[Turn] = field(default_factory=list)
    removed: Counter[Kind] = field(default_factory=Counter)
    keep_turns: int = 6
