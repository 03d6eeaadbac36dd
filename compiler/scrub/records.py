"""Scrub JSON records ``{"text": ...}`` one per line (JSON Lines), keeping their other keys.

A bad line is reported by number and reason; its text is never repeated in the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


def parse_record_line(number: int, raw: bytes | str) -> tuple[dict[str, Any] | None, str | None]:
    """One JSON Lines record with a string ``text``, or why line ``number`` is not one."""
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(record, dict):
        return None, f'expected an object with a "text" string, got {_type_name(record)}'
    if "text" not in record:
        return None, 'no "text" key'
    if not isinstance(record["text"], str):
        return None, f'"text" must be a string, got {_type_name(record["text"])}'
    return record, None


def scrub_record_line(number: int, raw: bytes | str) -> LineResult:
    """Scrub the ``text`` of one JSON Lines record."""
    record, error = parse_record_line(number, raw)
    if record is None:
        return LineResult(number, error=error)
    record["text"] = scrub_conversation([Turn("caller", record["text"])]).turns[0].text
    return LineResult(number, output=json.dumps(record, ensure_ascii=False))


def scrub_record_lines(lines: Iterable[bytes | str]) -> Iterator[LineResult]:
    """Scrub each non-blank line; line numbers count from 1 and include blank lines."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        yield scrub_record_line(number, raw)


def scrub_record_conversation(lines: Iterable[bytes | str]) -> list[LineResult]:
    """Scrub the records as the turns of one conversation, in order (a number split over two
    messages, a read-back). A record's ``speaker`` (a string) names its speaker."""
    results: list[LineResult] = []
    records: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record, error = parse_record_line(number, raw)
        if record is None:
            results.append(LineResult(number, error=error))
        else:
            records.append((number, record))
    turns = [
        Turn(r["speaker"] if isinstance(r.get("speaker"), str) else "caller", r["text"])
        for _, r in records
    ]
    for (number, record), turn in zip(records, scrub_conversation(turns).turns, strict=True):
        record["text"] = turn.text
        results.append(LineResult(number, output=json.dumps(record, ensure_ascii=False)))
    return sorted(results, key=lambda r: r.number)
