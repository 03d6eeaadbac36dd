"""Call and Note bodies: the fields per channel, the 65,536-character limit, the marker."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.writeback import InputError
from compiler.writeback.conversation import Channel, Speaker, Turn
from compiler.writeback.render import BODY_LIMIT, build_engagement, marker_token, render_body, size

START = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)


def _turns(n: int, size: int) -> list[Turn]:
    return [
        Turn(speaker=Speaker.CALLER if i % 2 else Speaker.AGENT, text=f"t{i} " + "x" * size)
        for i in range(n)
    ]


KEY = b"k" * 32


def test_voice_becomes_a_call_with_hubspot_fields() -> None:
    eng = build_engagement(
        conversation_id="c-1",
        channel=Channel.VOICE,
        started_at=START,
        ended_at=START + timedelta(minutes=6, seconds=40),
        caller_phone="(617) 555-0123",
        summary="Booked a cleaning.",
        turns=None,
        marker_key=KEY,
    )
    assert eng.object_type == "calls" and eng.association_type_id == 194
    p = eng.properties
    assert p["hs_timestamp"] == "2026-11-28T14:06:40.000Z"
    assert p["hs_call_direction"] == "INBOUND"
    assert p["hs_call_duration"] == "400000"
    assert p["hs_call_status"] == "COMPLETED"
    assert p["hs_call_from_number"] == "+16175550123"
    assert p["hs_call_title"]
    assert "Booked a cleaning." in p["hs_call_body"]
    token = marker_token("c-1", KEY)
    assert token in p["hs_call_body"] and f"[skillc:conv:{token[6:]}]" in p["hs_call_body"]
    assert "Transcript" not in p["hs_call_body"]
    assoc = eng.create_input("101")["associations"]
    assert assoc == [
        {
            "to": {"id": "101"},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}],
        }
    ]


def test_chat_becomes_a_note() -> None:
    eng = build_engagement(
        conversation_id="c-2",
        channel=Channel.CHAT,
        started_at=START,
        ended_at=START + timedelta(minutes=4),
        caller_phone=None,
        summary="Asked about prices <$50 & more>.",
        turns=[Turn(speaker=Speaker.CALLER, text="Hi <b>there</b>", at=START)],
        marker_key=KEY,
    )
    assert eng.object_type == "notes" and eng.association_type_id == 202
    assert set(eng.properties) == {"hs_timestamp", "hs_note_body"}
    body = eng.properties["hs_note_body"]
    assert "Asked about prices &lt;$50 &amp; more&gt;." in body  # HTML-escaped, not injected
    assert "[14:00:00] <strong>Caller:</strong> Hi &lt;b&gt;there&lt;/b&gt;" in body


def test_transcript_is_shortened_with_a_marker_and_the_summary_kept_whole() -> None:
    summary = "S" * 30_000
    body = render_body(marker_token("c-3", KEY), summary, _turns(40, 2_000))
    assert len(body) <= BODY_LIMIT
    assert len(body) > BODY_LIMIT - 200  # the space is used, not wasted
    assert summary in body
    assert "[Transcript shortened here:" in body
    assert body.endswith(f"ref {marker_token('c-3', KEY)}</p>")


def test_exact_fit_has_no_marker() -> None:
    body = render_body(marker_token("c-4", KEY), "short", _turns(3, 100))
    assert "shortened" not in body and body.count("<strong>Caller:</strong>") == 1


def test_one_giant_turn_is_cut_inside_with_escaping_counted() -> None:
    body = render_body(
        marker_token("c-5", KEY), "sum", [Turn(speaker=Speaker.CALLER, text="&" * 100_000)]
    )
    assert len(body) <= BODY_LIMIT
    assert "&amp;…</p>" in body and "[Transcript shortened here:" in body


def test_emoji_count_as_two_utf16_units_toward_the_limit() -> None:
    """Counted as UTF-16 units (an emoji is 2), never fewer than code points: the body fits
    however HubSpot counts its 65,536."""
    assert size("a🐶é") == 4
    body = render_body(
        marker_token("c-7", KEY), "sum", [Turn(speaker=Speaker.CALLER, text="🐶" * 40_000)]
    )
    assert len(body.encode("utf-16-le")) // 2 <= BODY_LIMIT
    assert "[Transcript shortened here:" in body


def test_a_summary_that_cannot_fit_is_refused_not_cut() -> None:
    with pytest.raises(InputError) as info:
        render_body(marker_token("c-6", KEY), "<" * 20_000, None)
    assert info.value.path == "summary"


_TEXT = st.text(alphabet=st.sampled_from("ab &<>\n\"'é4🐶"), max_size=3_000)


@settings(max_examples=60, deadline=None)
@given(
    summary=st.text(alphabet=st.sampled_from("xy &<\n"), max_size=8_000),
    turns=st.lists(st.tuples(st.booleans(), _TEXT, st.integers(1, 40)), max_size=60),
)
def test_body_invariants(summary: str, turns: list[tuple[bool, str, int]]) -> None:
    """Whatever the sizes and characters: within the limit, summary whole, marker last, and the
    transcript either complete or visibly shortened."""
    built = [Turn(speaker=Speaker.CALLER if c else Speaker.AGENT, text=t * n) for c, t, n in turns]
    body = render_body(marker_token("conv-h", KEY), summary, built)
    assert size(body) <= BODY_LIMIT
    assert html.escape(summary, quote=False).replace("\n", "<br>") in body
    assert body.endswith(f"ref {marker_token('conv-h', KEY)}</p>")
    complete = all(html.escape(t.text, quote=False).replace("\n", "<br>") in body for t in built)
    assert complete or "[Transcript shortened here:" in body


def test_the_marker_never_carries_the_conversation_id() -> None:
    """A conversation id can hold a card number; the marker is a keyed hash of it instead, and
    another key makes another marker (the key lives in the store, not in the code)."""
    card_id = "chat-4111111111111111"
    eng = build_engagement(
        conversation_id=card_id,
        channel=Channel.CHAT,
        started_at=START,
        ended_at=START + timedelta(minutes=1),
        caller_phone=None,
        summary="Asked about opening hours.",
        turns=None,
        marker_key=KEY,
    )
    body = eng.properties["hs_note_body"]
    assert "4111111111111111" not in body and card_id not in body
    assert re.search(r"\[skillc:conv:[0-9a-f]{24}\] ref skillc[0-9a-f]{24}</p>$", body)
    assert marker_token(card_id, KEY) != marker_token(card_id, b"another key")
