"""Settings per connection: defaults, PATCH semantics, enabledAt, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from writeback_fixtures import outbox_at

from compiler.writeback import InputError, Mode, OnNoMatch, status, update_settings
from compiler.writeback.settings import WritebackSettings, apply_patch, parse_patch

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_defaults_are_off_and_skip() -> None:
    s = WritebackSettings()
    assert (s.mode, s.on_no_match, s.enabled_at) == (Mode.OFF, OnNoMatch.SKIP, None)


def test_patch_leaves_omitted_fields_unchanged() -> None:
    s = apply_patch(WritebackSettings(), parse_patch({"onNoMatch": "create"}), now=T0)
    assert (s.mode, s.on_no_match) == (Mode.OFF, OnNoMatch.CREATE)
    s = apply_patch(s, parse_patch({"mode": "summary"}), now=T0)
    assert (s.mode, s.on_no_match) == (Mode.SUMMARY, OnNoMatch.CREATE)
    s = apply_patch(s, parse_patch({}), now=T0 + timedelta(hours=1))
    assert (s.mode, s.on_no_match, s.enabled_at) == (Mode.SUMMARY, OnNoMatch.CREATE, T0)


def test_enabled_at_set_on_switch_on_and_not_moved_while_on() -> None:
    s = apply_patch(WritebackSettings(), parse_patch({"mode": "summary"}), now=T0)
    assert s.enabled_at == T0
    later = T0 + timedelta(days=1)
    s = apply_patch(
        s, parse_patch({"mode": "summary_transcript", "onNoMatch": "create"}), now=later
    )
    assert s.enabled_at == T0
    s = apply_patch(s, parse_patch({"mode": "off"}), now=later)
    assert s.enabled_at is None
    s = apply_patch(s, parse_patch({"mode": "summary"}), now=later + timedelta(hours=1))
    assert s.enabled_at == later + timedelta(hours=1)


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        ({"mode": "full"}, "mode", "must be one of 'off', 'summary' or 'summary_transcript'"),
        ({"onNoMatch": "ignore"}, "onNoMatch", "must be one of 'skip' or 'create'"),
        ({"mode": None}, "mode", "must not be null"),
        ({"on_no_match_typo": "skip"}, "on_no_match_typo", "unknown field"),
        (["summary"], "(top level)", "expected a JSON object"),
    ],
)
def test_bad_patches_say_where_and_why(body: object, path: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_patch(body)
    assert info.value.path == path
    assert words in str(info.value)


def test_status_json_is_camel_case_and_persists(tmp_path: object) -> None:
    store = outbox_at(str(tmp_path))
    update_settings(store, {"mode": "summary_transcript", "onNoMatch": "create"}, now=T0)
    store.close()
    again = outbox_at(str(tmp_path))
    data = status(again).to_json()
    assert data == {
        "mode": "summary_transcript",
        "onNoMatch": "create",
        "enabledAt": "2026-11-28T12:00:00Z",
        "counters": {
            "logged": 0,
            "skippedNoMatch": 0,
            "contactsCreated": 0,
            "failed": 0,
            "pending": 0,
        },
    }
