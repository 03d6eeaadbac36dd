"""Loading a discovered schema: the fast path, the fingerprint, pointed errors."""

from __future__ import annotations

import json

import pytest

from compiler.account import SchemaLoadError, fingerprint, load_schema, parse_schema_text
from compiler.samples import sample_schema_path


def test_stored_fingerprint_is_kept_and_missing_one_is_computed(tmp_path):
    raw = json.loads(sample_schema_path("small").read_text(encoding="utf-8"))
    stored = raw["fingerprint"]
    assert load_schema(sample_schema_path("small")).fingerprint == stored
    del raw["fingerprint"]
    assert parse_schema_text(json.dumps(raw)).fingerprint == stored == fingerprint(raw)


def test_fingerprint_ignores_discovered_at():
    raw = json.loads(sample_schema_path("small").read_text(encoding="utf-8"))
    later = {**raw, "account": {**raw["account"], "discoveredAt": "2030-01-01T00:00:00Z"}}
    assert fingerprint(later) == fingerprint(raw)
    renamed = {**raw, "account": {**raw["account"], "label": "Another label"}}
    assert fingerprint(renamed) != fingerprint(raw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"format": "other/1"}', "not a discovered schema"),
        ('{"format": "skillc.discovered-schema/1", "account": {"id": "1"}}', "at objects"),
        ('{"format": "skillc.discovered-schema/1",\n "objects": {', "<schema>:2:"),
    ],
)
def test_bad_schema_text_gets_a_pointed_error(text, expected):
    with pytest.raises(SchemaLoadError) as info:
        parse_schema_text(text)
    assert expected in str(info.value)
