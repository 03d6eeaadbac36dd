"""The conversation input: validation with field paths, and the extractive summary."""

from __future__ import annotations

import pytest

from compiler.writeback import InputError, parse_conversation
from compiler.writeback.conversation import (
    Speaker,
    Turn,
    extractive_summary,
    load_conversation_text,
)
from tests.writeback_fixtures import conversation, fixture


def test_fixtures_are_valid() -> None:
    voice = parse_conversation(fixture("voice_card.json"))
    assert voice.channel.value == "voice" and voice.duration_ms == 400_000
    assert voice.transcript[1].speaker is Speaker.CALLER
    chat = parse_conversation(fixture("chat_email.json"))
    assert chat.caller.email == "James.OConnor@example.com"


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"channel": "sms"}, "channel", "must be one of 'voice' or 'chat'"),
        ({"endedAt": "2026-11-28T13:00:00"}, "endedAt", "timezone"),
        ({"startedAt": "yesterday"}, "startedAt", "datetime"),
        ({"transcript": [{"speaker": "bot", "text": "hi"}]}, "transcript[0].speaker", "'caller'"),
        ({"transcript": [{"speaker": "agent"}]}, "transcript[0].text", "required field"),
        ({"caller": {"phone": "call me"}}, "caller", "not a phone number"),
        ({"caller": {"email": "nobody"}}, "caller", "not an email address"),
        ({"contactId": "abc"}, "contactId", "pattern"),
        ({"colour": "blue"}, "colour", "unknown field"),
        ({"id": ""}, "id", "at least 1 character"),
    ],
)
def test_bad_input_is_pointed(change: dict[str, object], path: str, words: str) -> None:
    raw = {**conversation("c1"), **change}
    with pytest.raises(InputError) as info:
        parse_conversation(raw)
    assert info.value.path == path, str(info.value)
    assert words in info.value.reason


def test_ended_before_started_is_refused() -> None:
    raw = conversation("c1")
    raw["startedAt"], raw["endedAt"] = raw["endedAt"], raw["startedAt"]
    with pytest.raises(InputError, match="endedAt is before startedAt"):
        parse_conversation(raw)


def test_malformed_json_says_line_and_column() -> None:
    with pytest.raises(InputError) as info:
        load_conversation_text('{"id": "x",\n  "channel": }', source="c.json")
    assert info.value.path == "c.json:2:14"


def test_extractive_summary_takes_substantive_caller_turns_and_last_commitment() -> None:
    turns = [
        Turn(speaker=Speaker.AGENT, text="Harbor Vet, how can I help?"),
        Turn(speaker=Speaker.CALLER, text="Hi there"),
        Turn(speaker=Speaker.CALLER, text="My cat Luna has been sneezing for three days."),
        Turn(speaker=Speaker.CALLER, text="She is also not eating much at all."),
        Turn(speaker=Speaker.CALLER, text="And one more thing about her vaccines too."),
        Turn(speaker=Speaker.AGENT, text="I'll book Luna in with Dr Sam tomorrow at 2pm."),
        Turn(speaker=Speaker.AGENT, text="Is there anything else?"),
    ]
    summary = extractive_summary(turns)
    assert summary == (
        "Caller: My cat Luna has been sneezing for three days. She is also not eating much at all."
        "\nAgent: I'll book Luna in with Dr Sam tomorrow at 2pm."
    )
    assert extractive_summary(turns) == summary  # deterministic


def test_extractive_summary_is_capped() -> None:
    long = "word " * 5000
    turns = [Turn(speaker=Speaker.CALLER, text=long), Turn(speaker=Speaker.AGENT, text=long)]
    assert len(extractive_summary(turns)) <= 700
    assert extractive_summary([]) == "No transcript was recorded for this conversation."
