"""The engagement a conversation becomes: a Call (voice) or a Note (chat), as HubSpot create inputs.

Bodies are HTML (HubSpot renders ``hs_call_body`` and ``hs_note_body`` as HTML) and stay within
HubSpot's 65,536-character string limit, counted in UTF-16 units (``size``): the summary is
always whole, the transcript is shortened with a visible marker when it does not fit. Every body
ends with the conversation's marker, which is how a retry after a crash finds an engagement that
was created but never recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from compiler.identity.phone import e164_or_none
from compiler.writeback.conversation import Channel, Speaker, Turn
from compiler.writeback.errors import InputError

BODY_LIMIT = 65_536
CALL_TO_CONTACT = 194
NOTE_TO_CONTACT = 202
CALL_TITLE = "Inbound call with the AI agent"


@dataclass(frozen=True)
class Engagement:
    """What a conversation is exported as, before it is tied to a contact."""

    object_type: str  # "calls" | "notes"
    association_type_id: int
    properties: dict[str, str]
    marker: str

    def create_input(self, contact_id: str) -> dict[str, Any]:
        return {
            "properties": dict(self.properties),
            "associations": [
                {
                    "to": {"id": contact_id},
                    "types": [
                        {
                            "associationCategory": "HUBSPOT_DEFINED",
                            "associationTypeId": self.association_type_id,
                        }
                    ],
                }
            ],
        }

    @property
    def body_property(self) -> str:
        return "hs_call_body" if self.object_type == "calls" else "hs_note_body"


def size(text: str) -> int:
    """Length as HubSpot counts it, conservatively: UTF-16 code units (Java's ``length()``), so
    an emoji counts 2. Never less than ``len(text)``, so a body within it fits either way."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def marker_token(conversation_id: str, key: bytes) -> str:
    """One alphanumeric search token per conversation (HubSpot's CONTAINS_TOKEN matches tokens,
    and conversation ids may hold characters a tokenizer splits on).

    A keyed hash (HMAC-SHA256 with the store's marker key), never the id itself: a conversation
    id may carry personal data (a card number typed as a reference), and a plain hash of a short
    id could be reversed by trying them all.
    """
    digest = hmac.new(key, conversation_id.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return "skillc" + digest.hexdigest()[:24]


def legacy_marker_token(conversation_id: str) -> str:
    """The marker written before markers were keyed (looked for too when recovering an item
    imported from a pre-store outbox, whose create may have been sent under it)."""
    return "skillc" + hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()[:24]


# Markers have one length whatever the key: a size check before the key is known uses this.
_SIZING_KEY = b"sizing-only"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _paragraph(text: str) -> str:
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"


def _turn_html(turn: Turn, text: str | None = None) -> str:
    when = f"[{turn.at.astimezone(UTC).strftime('%H:%M:%S')}] " if turn.at is not None else ""
    who = "Caller" if turn.speaker is Speaker.CALLER else "Agent"
    body = html.escape(turn.text if text is None else text, quote=False).replace("\n", "<br>")
    return f"<p>{when}<strong>{who}:</strong> {body}</p>"


def _shortened_marker(omitted_chars: int) -> str:
    return (
        f"<p><em>[Transcript shortened here: {omitted_chars:,} characters left out to stay "
        f"within HubSpot's {BODY_LIMIT:,}-character limit.]</em></p>"
    )


def _fit_transcript(turns: list[Turn], budget: int) -> str:
    parts = ["<p><strong>Transcript</strong></p>"]
    used = size(parts[0])
    total_chars = sum(len(t.text) for t in turns)
    kept_chars = 0
    # Reserve room for the marker with the widest figure it could show.
    reserve = size(_shortened_marker(total_chars))
    for turn in turns:
        piece = _turn_html(turn)
        if used + size(piece) <= budget - reserve or (
            used + size(piece) <= budget and kept_chars + len(turn.text) == total_chars
        ):
            parts.append(piece)
            used += size(piece)
            kept_chars += len(turn.text)
            continue
        room = budget - reserve - used
        cut = len(turn.text)
        while cut > 0:
            piece = _turn_html(turn, turn.text[:cut] + "…")
            if size(piece) <= room:
                break
            # Escaping can lengthen text: shrink in proportion to the overshoot, then re-check.
            cut = min(cut - 1, cut * room // size(piece))
        if cut > 0:
            parts.append(_turn_html(turn, turn.text[:cut] + "…"))
            kept_chars += cut
        parts.append(_shortened_marker(total_chars - kept_chars))
        break
    return "".join(parts)


def render_body(
    marker: str | None, summary: str, turns: list[Turn] | None, *, limit: int = BODY_LIMIT
) -> str:
    """The engagement body: summary, then the transcript when ``turns`` is given, then the
    conversation's ``marker`` (``marker_token``; None: a stand-in of the same size, for checks).

    Raises ``InputError`` when the summary alone does not fit (it is never shortened).
    """
    head = "<p><strong>Summary</strong></p>" + _paragraph(summary)
    token = marker or marker_token("", _SIZING_KEY)
    footer = _paragraph(f"[skillc:conv:{token.removeprefix('skillc')}] ref {token}")
    room = limit - size(head) - size(footer)
    if room < 0:
        raise InputError(
            "summary",
            f"too long: the body would be {limit - room:,} characters, HubSpot keeps {limit:,}",
        )
    middle = ""
    if turns:
        middle = _fit_transcript(turns, room)
    return head + middle + footer


def build_engagement(
    *,
    conversation_id: str,
    channel: Channel,
    started_at: datetime,
    ended_at: datetime,
    caller_phone: str | None,
    summary: str,
    turns: list[Turn] | None,
    marker_key: bytes,
    phone_region: str = "US",
) -> Engagement:
    """The Call or Note for a (scrubbed) conversation; ``turns`` None leaves the transcript out."""
    marker = marker_token(conversation_id, marker_key)
    body = render_body(marker, summary, turns)
    if channel is Channel.VOICE:
        duration_ms = max(0, int((ended_at - started_at).total_seconds() * 1000))
        props = {
            "hs_timestamp": _iso(ended_at),
            "hs_call_title": CALL_TITLE,
            "hs_call_body": body,
            "hs_call_direction": "INBOUND",
            "hs_call_duration": str(duration_ms),
            "hs_call_status": "COMPLETED",
        }
        if caller_phone:
            props["hs_call_from_number"] = e164_or_none(caller_phone, phone_region) or caller_phone
        return Engagement("calls", CALL_TO_CONTACT, props, marker)
    return Engagement(
        "notes", NOTE_TO_CONTACT, {"hs_timestamp": _iso(ended_at), "hs_note_body": body}, marker
    )
