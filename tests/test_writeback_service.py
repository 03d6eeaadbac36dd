"""Enqueue policies that need no HubSpot: scrubbing into the outbox, summary mode, bulk import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.writeback import InputError, SQLiteStore, log_conversation, update_settings
from compiler.writeback.scrubbing import scrubber_name
from compiler.writeback.service import log_conversations
from tests.writeback_fixtures import CARD, ENABLED_AT, FakeClock, conversation, fixture


def _store(tmp_path: Path, mode: str) -> SQLiteStore:
    store = SQLiteStore.in_directory(tmp_path)
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
