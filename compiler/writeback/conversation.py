"""A finished conversation as the agent platform hands it over, validated with pointed errors.

The JSON (``skillc.conversation/1``, see docs/formats.md)::

    {"id": "conv-42", "channel": "voice" | "chat",
     "startedAt": "2026-11-28T14:00:00Z", "endedAt": "2026-11-28T14:06:40Z",
     "caller": {"phone": "+1 617 555 0123", "email": "maria@example.com",
                "firstName": "Maria", "lastName": "Lopez"},
     "contactId": "101", "summary": "...",
     "transcript": [{"speaker": "caller" | "agent", "text": "...", "at": "2026-11-28T14:00:05Z"}]}

``caller`` (and each of its fields), ``contactId``, ``summary`` and ``transcript`` are optional;
times need a zone. The caller's names are used only when a contact is created for them.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from compiler.writeback.errors import InputError, describe_validation_error

SUMMARY_MAX_CHARS = 20_000
_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s/x#*]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"


class Speaker(StrEnum):
    CALLER = "caller"
    AGENT = "agent"


_STRICT = ConfigDict(
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
    frozen=True,
    extra="forbid",
)


class Turn(BaseModel):
    model_config = _STRICT

    speaker: Speaker
    text: str
    at: AwareDatetime | None = None


class Caller(BaseModel):
    model_config = _STRICT

    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _check_shapes(self) -> Caller:
        if self.phone is not None and (
            not _PHONE_CHARS.match(self.phone) or sum(c.isdigit() for c in self.phone) < 3
        ):
            raise ValueError(f"phone {self.phone!r} is not a phone number")
        if self.email is not None and not _EMAIL.match(self.email):
            raise ValueError(f"email {self.email!r} is not an email address")
        return self


# No control character (PostgreSQL text refuses NUL: a 500, not a 422), no blank at either end.
_CONVERSATION_ID = r"^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"


class Conversation(BaseModel):
    model_config = _STRICT

    id: str = Field(min_length=1, max_length=200, pattern=_CONVERSATION_ID)
    channel: Channel
    started_at: AwareDatetime
    ended_at: AwareDatetime
    caller: Caller = Field(default_factory=Caller)
    contact_id: str | None = Field(default=None, pattern=r"^[0-9]{1,20}$")
    summary: str | None = Field(default=None, max_length=SUMMARY_MAX_CHARS)
    transcript: list[Turn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_times(self) -> Conversation:
        if self.ended_at < self.started_at:
            raise ValueError("endedAt is before startedAt")
        return self

    @property
    def duration_ms(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds() * 1000)


class StoredConversation(Conversation):
    """A conversation as the outbox keeps it: scrubbed, so its summary may have outgrown
    ``SUMMARY_MAX_CHARS`` ("[card number removed]" is longer than the card); the body limit,
    checked when it was queued, bounds it instead."""

    summary: str | None = None


def stored_conversation(payload: Any) -> Conversation:
    """An outbox payload read back (raises pydantic's ``ValidationError`` when unreadable)."""
    return StoredConversation.model_validate(payload)


def parse_conversation(raw: Any) -> Conversation:
    """Validate decoded JSON as a conversation; raises ``InputError`` naming the field."""
    if not isinstance(raw, dict):
        raise InputError("(top level)", "expected a JSON object")
    try:
        return Conversation.model_validate(raw)
    except ValidationError as exc:
        raise describe_validation_error(exc) from None


def load_conversation_text(text: str, *, source: str = "<conversation>") -> Conversation:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}:{exc.lineno}:{exc.colno}", f"malformed JSON: {exc.msg}"
        ) from None
    return parse_conversation(raw)


# --- the extractive summary used when the agent gave none ------------------------------------

_TURN_CAP = 220
_SUMMARY_CAP = 700
_PLEASANTRY = re.compile(
    r"^(hi|hello|hey|yes|yeah|yep|no|nope|ok|okay|sure|thanks|thank you|bye|goodbye|great|"
    r"hi there|good (morning|afternoon|evening)|that's all|that is all|mm+|uh+|um+)[\s.!?,]*$",
    re.IGNORECASE,
)
_COMMITMENT = re.compile(
    r"\b(i'll|i will|we'll|we will|i've|i have|going to|booked|scheduled|sent|"
    r"confirmed|arranged|set up|will)\b",
    re.IGNORECASE,
)


def _clip(text: str, cap: int) -> str:
    text = " ".join(text.split())
    if len(text) <= cap:
        return text
    cut = text[: cap - 1].rsplit(" ", 1)[0] if " " in text[: cap - 1] else text[: cap - 1]
    return cut.rstrip(" ,;:") + "…"


def _substantive(text: str) -> bool:
    words = text.split()
    return len(words) >= 4 and not _PLEASANTRY.match(text.strip())


def extractive_summary(turns: list[Turn]) -> str:
    """A short, deterministic summary: the caller's first substantive turns + the agent's last
    commitment (or last word). Built from already-scrubbed turns."""
    caller = [t.text for t in turns if t.speaker is Speaker.CALLER and _substantive(t.text)]
    agent = [t.text for t in turns if t.speaker is Speaker.AGENT and t.text.strip()]
    lines: list[str] = []
    if caller:
        lines.append("Caller: " + " ".join(_clip(t, _TURN_CAP) for t in caller[:2]))
    if agent:
        committed = [t for t in agent if _COMMITMENT.search(t)]
        lines.append("Agent: " + _clip((committed or agent)[-1], _TURN_CAP))
    if not lines:
        return "No transcript was recorded for this conversation."
    # At most 8 + 2 * 221 + 1 + 7 + 220 characters: within _SUMMARY_CAP by construction.
    return "\n".join(lines)
