"""Enqueue policies that need no HubSpot: scrubbing into the outbox, summary mode, bulk import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from writeback_fixtures import outbox_at

from compiler.writeback import InputError, Outbox, log_conversation, update_settings
from compiler.writeback.scrubbing import scrubber_name
from compiler.writeback.service import log_conversations
from tests.writeback_fixtures import CARD, ENABLED_AT, FakeClock, conversation, fixture


def _store(tmp_path: Path, mode: str) -> Outbox:
    store = outbox_at(tmp_path)
    update_settings(store, {"mode": mode}, now=ENABLED_AT)
    return store


def test_the_real_scrubber_is_in_use() -> None:
    assert scrubber_name() == "compiler.scrub"


def test_summary_mode_keeps_no_transcript_and_scrubs_the_summary(tmp_path: Path) -> None:
    store = _store(tmp_path, "summary")
    raw = conversation("c1", summary=f"Took card {CARD} for the deposit.")
    log_conversation(store, raw, now=FakeClock().time())
    payload = store.get("c1").payload
    assert payload["transcript"] == []
    assert CARD not in json.dumps(payload) and "[card number removed]" in payload["summary"]


def test_extractive_summary_is_made_from_scrubbed_turns(tmp_path: Path) -> None:
    store = _store(tmp_path, "summary_transcript")
    raw = fixture("voice_card.json")  # no summary given
    log_conversation(store, raw, now=FakeClock().time())
    payload = store.get("conv-voice-card-1").payload
    assert payload["summary"].startswith("Caller: Hi, I'd like to book a dental cleaning")
    assert "I've booked Biscuit for Tuesday" in payload["summary"]
    text = json.dumps(payload)
    assert "4111" not in text and "CVV 123" not in text and "10/29" not in text


def test_bulk_enqueue_validates_all_first_and_is_idempotent(tmp_path: Path) -> None:
    store = _store(tmp_path, "summary")
    now = FakeClock().time()
    bad = conversation("b2", channel="fax")
    with pytest.raises(InputError) as info:
        log_conversations(store, [conversation("b1"), bad], now=now)
    assert info.value.path == "[1].channel"
    assert store.counters().pending == 0
    outcomes = log_conversations(store, [conversation("b1"), conversation("b1")], now=now)
    assert [o.outcome for o in outcomes] == ["queued", "already_queued"]
    again = log_conversations(store, [conversation("b1")], now=now)
    assert again[0].outcome == "already_queued" and store.counters().pending == 1


@pytest.mark.parametrize("mode", ["summary", "summary_transcript"])
def test_the_summary_loses_what_the_transcript_gave_away(tmp_path: Path, mode: str) -> None:
    """A mis-heard card (Luhn fails) is a card only because of the question before it; the agent's
    summary repeats it with no such cue. Scrubbed alone the summary would keep it."""
    misheard = "4532 0151 1283 0367"
    store = _store(tmp_path, mode)
    raw = conversation(
        "c-ctx",
        summary=f"Caller paid the $129.50 invoice for order 55231 with {misheard} on 12/03.",
        turns=[("agent", "What's the long number on the front?"), ("caller", misheard)],
    )
    log_conversation(store, raw, now=FakeClock().time())
    summary = store.get("c-ctx").payload["summary"]
    assert "4532" not in summary and "[card number removed]" in summary
    for kept in ("$129.50", "order 55231", "12/03"):
        assert kept in summary


def test_a_summary_without_transcript_is_scrubbed_alone(tmp_path: Path) -> None:
    store = _store(tmp_path, "summary")
    raw = conversation("c-alone", summary=f"Card {CARD}, order 55231.", turns=[])
    raw["transcript"] = []
    log_conversation(store, raw, now=FakeClock().time())
    assert store.get("c-alone").payload["summary"] == "Card [card number removed], order 55231."
