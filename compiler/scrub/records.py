"""Scrub JSON records ``{"text": ...}`` one per line (JSON Lines), keeping their other keys.

A bad line is reported by number and reason; its text is never repeated in the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from compiler.scrub.engine import scrub_conversation
from compiler.scrub.model import Turn

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


@dataclass(frozen=True, slots=True)
class LineResult:
    """The scrubbed JSON line (without newline), or why line ``number`` was rejected."""

    number: int
    output: str | None = None
    error: str | None = None


def _type_name(value: object) -> str:
    return _JSON_TYPES.get(type(value), "number")


def scrub_record_line(number: int, raw: bytes | str) -> LineResult:
    """Scrub the ``text`` of one JSON Lines record."""
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        return LineResult(number, error=f"not UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return LineResult(number, error=f"not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return LineResult(
            number, error=f'expected an object with a "text" string, got {_type_name(record)}'
        )
    if "text" not in record:
        return LineResult(number, error='no "text" key')
    text = record["text"]
    if not isinstance(text, str):
        return LineResult(number, error=f'"text" must be a string, got {_type_name(text)}')
    record["text"] = scrub_conversation([Turn("caller", text)]).turns[0].text
    return LineResult(number, output=json.dumps(record, ensure_ascii=False))


def scrub_record_lines(lines: Iterable[bytes | str]) -> Iterator[LineResult]:
    """Scrub each non-blank line; line numbers count from 1 and include blank lines."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        yield scrub_record_line(number, raw)
