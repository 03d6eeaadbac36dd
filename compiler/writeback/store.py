"""What interaction logging keeps durably: the settings and the outbox, behind a small protocol.

``Outbox`` (``outbox.py``) implements it on the product's one store (SQLite or PostgreSQL). One
instance serves one connection (``connection``) and one worker (``owner`` of its leases).

An outbox item moves ``pending`` -> ``logged`` | ``skipped_no_match`` | ``failed`` (dead letter) |
``cancelled`` (logging was turned off before it went out). ``maybe_sent`` is set, durably, before
a create is sent and cleared only when the result is recorded: an item found with it set after a
crash may already have its engagement in HubSpot, so delivery looks for it before sending again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from compiler.writeback.settings import Counters, Mode, OnNoMatch, WritebackSettings


class Status(StrEnum):
    PENDING = "pending"
    LOGGED = "logged"
    SKIPPED_NO_MATCH = "skipped_no_match"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class OutboxItem:
    conversation_id: str
    channel: str
    payload: dict[str, Any]  # the scrubbed conversation (summary filled in), as JSON
    mode: Mode  # the mode in force when it was enqueued
    on_no_match: OnNoMatch
    status: Status = Status.PENDING
    attempts: int = 0
    next_attempt_at: float = 0.0
    maybe_sent: bool = False
    contact_id: str | None = None
    contact_created: bool = False
    # When a find-or-create of the contact was first tried: after a crash, a contact found that
    # was created since then is the one that attempt made (so contactsCreated stays exact).
    contact_attempted_at: float | None = None
    engagement_id: str | None = None
    last_error: str | None = None  # error class and HTTP status only: never content
    enqueued_at: float = 0.0
    updated_at: float = 0.0


class WritebackStore(Protocol):
    """Durable settings + outbox for one connection. Each method is one transaction."""

    def get_settings(self) -> WritebackSettings: ...

    def put_settings(self, settings: WritebackSettings) -> None: ...

    def enqueue(self, item: OutboxItem) -> tuple[bool, OutboxItem]:
        """Insert unless the conversation id is known; returns (inserted, the stored item)."""
        ...

    def enqueue_many(self, items: list[OutboxItem]) -> int:
        """Insert many at once (unknown ids only); returns how many were new."""
        ...

    def get(self, conversation_id: str) -> OutboxItem | None: ...

    def claim_due(self, now: float, limit: int) -> list[OutboxItem]:
        """Lease pending items whose ``next_attempt_at`` has come and nobody holds, oldest
        first."""
        ...

    def renew(self, conversation_ids: Iterable[str]) -> int:
        """Extend the leases this worker holds on these items."""
        ...

    def release(self, conversation_ids: Iterable[str]) -> None: ...

    def next_due_at(self) -> float | None:
        """When a pending item may next be claimed, or None when none is pending."""
        ...

    def marker_key(self) -> bytes:
        """The key of the conversation markers written to HubSpot (outlives every process)."""
        ...

    def save(self, items: list[OutboxItem]) -> None:
        """Write back the changed items, all in one durable transaction."""
        ...

    def cancel_pending(self, reason: str, now: float) -> int:
        """Turn every pending item into ``cancelled``; returns how many."""
        ...

    def counters(self) -> Counters: ...

    def close(self) -> None: ...
