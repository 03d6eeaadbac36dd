"""The library entry points of interaction logging (the CLI and the future HTTP API call these).

Policies, decided here:

* **Off exports nothing.** With ``mode: off`` a conversation is not stored at all (outcome
  ``skipped``, reason ``logging_off``) and not counted: counters describe deliveries, and nothing
  is delivered while logging is off. Items still pending when logging is turned off are cancelled
  at the next drain, never sent.
* **No back-fill.** A conversation that ended before logging was (last) enabled is not stored and
  not counted either (reason ``ended_before_enabled``), so neither ``pending`` nor
  ``skippedNoMatch`` grows when old conversations are replayed; the caller gets the reason.
* **Scrubbed before it is stored.** The outbox holds the scrubbed summary and transcript only
  (and no transcript at all in ``summary`` mode), so even the local queue keeps no card numbers.
  The summary is scrubbed with the transcript as context: what the transcript gave away is
  removed where the summary repeats it.
* **Idempotent by conversation id.** Logging a conversation again answers ``already_queued`` with
  the item's current status and changes nothing.
* A drain never exports more than the settings in force allow: the stricter of the settings at
  enqueue and at delivery applies (``summary`` now drops a queued transcript; ``skip`` now stops
  contact creation).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from compiler.writeback.conversation import Conversation, extractive_summary, parse_conversation
from compiler.writeback.errors import InputError
from compiler.writeback.render import render_body
from compiler.writeback.scrubbing import scrub_summary, scrub_text, scrub_turns
from compiler.writeback.settings import (
    Mode,
    WritebackStatus,
    apply_patch,
    parse_patch,
)
from compiler.writeback.store import OutboxItem, WritebackStore

log = logging.getLogger("compiler.writeback")


@dataclass(frozen=True)
class LogOutcome:
    conversation_id: str
    outcome: str  # "queued" | "already_queued" | "skipped"
    reason: str | None = None  # for skipped: "logging_off" | "ended_before_enabled"
    status: str | None = None  # the outbox status, when the conversation is in the outbox

    def to_json(self) -> dict[str, Any]:
        return {
            "conversationId": self.conversation_id,
            "outcome": self.outcome,
            "reason": self.reason,
            "status": self.status,
        }

    def describe(self) -> str:
        if self.outcome == "queued":
            return f"{self.conversation_id}: queued"
        if self.outcome == "already_queued":
            return f"{self.conversation_id}: already queued (status {self.status})"
        why = {
            "logging_off": "interaction logging is off",
            "ended_before_enabled": "it ended before interaction logging was enabled "
            "(no back-fill)",
        }.get(self.reason or "", self.reason or "")
        return f"{self.conversation_id}: skipped, {why}"


def status(store: WritebackStore) -> WritebackStatus:
    settings = store.get_settings()
    return WritebackStatus(
        mode=settings.mode,
        on_no_match=settings.on_no_match,
        enabled_at=settings.enabled_at,
        counters=store.counters(),
    )


def update_settings(
    store: WritebackStore, raw_patch: Any, *, now: datetime | None = None
) -> WritebackStatus:
    """Apply a PATCH body (``{"mode"?, "onNoMatch"?}``); raises ``InputError`` on bad input."""
    patch = parse_patch(raw_patch)
    when = now or datetime.now(UTC)
    store.put_settings(apply_patch(store.get_settings(), patch, now=when))
    return status(store)


def scrubbed_payload(conv: Conversation, *, with_transcript: bool) -> dict[str, Any]:
    """The conversation as it is stored in the outbox: scrubbed, summary always present."""
    given = conv.summary.strip() if conv.summary else ""
    # Turns are scrubbed when they are exported or summarised; a given summary is scrubbed with
    # the raw turns as context (in memory only: summary mode stores no transcript).
    turns = scrub_turns(list(conv.transcript)) if with_transcript or not given else []
    if given:
        summary = scrub_summary(given, list(conv.transcript))
    else:
        summary = scrub_text(extractive_summary(turns))
    clean = conv.model_copy(
        update={"summary": summary, "transcript": turns if with_transcript else []}
    )
    # The summary is never shortened: refuse now, with a pointed error, if it cannot fit.
    render_body(conv.id, summary, None)
    return clean.model_dump(mode="json", by_alias=True)


# Clocks of the caller and of this machine may differ a little; a conversation that ends later
# than this is a wrong date (2099, a swapped day and month...), which would also defeat the
# "no back-fill" rule and sort the timeline wrongly in HubSpot.
FUTURE_SKEW_SECONDS = 300.0


def _not_in_future(conv: Conversation, now: float) -> None:
    if conv.ended_at.timestamp() > now + FUTURE_SKEW_SECONDS:
        raise InputError(
            "endedAt",
            f"{conv.ended_at.isoformat()} is in the future; log a conversation once it has ended",
        )


def _prepare(store: WritebackStore, conv: Conversation, now: float) -> OutboxItem | LogOutcome:
    """The outbox item for ``conv``, or the outcome that says why it is not exported."""
    known = store.get(conv.id)
    if known is not None:
        return LogOutcome(conv.id, "already_queued", status=known.status.value)
    settings = store.get_settings()
    if not settings.logging_on:
        return LogOutcome(conv.id, "skipped", reason="logging_off")
    if settings.enabled_at is not None and conv.ended_at < settings.enabled_at:
        return LogOutcome(conv.id, "skipped", reason="ended_before_enabled")
    payload = scrubbed_payload(conv, with_transcript=settings.mode is Mode.SUMMARY_TRANSCRIPT)
    return OutboxItem(
        conversation_id=conv.id,
        channel=conv.channel.value,
        payload=payload,
        mode=settings.mode,
        on_no_match=settings.on_no_match,
        next_attempt_at=now,
        enqueued_at=now,
        updated_at=now,
    )


def log_conversation(
    store: WritebackStore, raw: Any, *, now: float, conversation: Conversation | None = None
) -> LogOutcome:
    """Enqueue a finished conversation for export (validated, scrubbed); see the policies above."""
    conv = conversation or parse_conversation(raw)
    _not_in_future(conv, now)
    prepared = _prepare(store, conv, now)
    if isinstance(prepared, LogOutcome):
        return prepared
    inserted, item = store.enqueue(prepared)
    log.info("writeback %s: %s", conv.id, "queued" if inserted else "already queued")
    if not inserted:
        return LogOutcome(conv.id, "already_queued", status=item.status.value)
    return LogOutcome(conv.id, "queued", status=item.status.value)


def log_conversations(store: WritebackStore, raws: list[Any], *, now: float) -> list[LogOutcome]:
    """Enqueue many conversations in one transaction (a bulk import); all are validated first,
    so one bad conversation refuses the lot with its index in the error's path."""
    convs: list[Conversation] = []
    for index, raw in enumerate(raws):
        try:
            convs.append(parse_conversation(raw))
            _not_in_future(convs[-1], now)
        except InputError as exc:
            raise InputError(f"[{index}].{exc.path}", exc.reason, more=exc.more) from None
    outcomes: list[LogOutcome] = []
    items: dict[str, OutboxItem] = {}
    for conv in convs:
        prepared = _prepare(store, conv, now)
        if isinstance(prepared, LogOutcome):
            outcomes.append(prepared)
        elif conv.id in items:
            outcomes.append(LogOutcome(conv.id, "already_queued", status="pending"))
        else:
            items[conv.id] = prepared
            outcomes.append(LogOutcome(conv.id, "queued", status="pending"))
    store.enqueue_many(list(items.values()))
    log.info("writeback: %d conversations queued in bulk", len(items))
    return outcomes
