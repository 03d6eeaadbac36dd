"""Load a discovered-schema JSON file with pointed errors, and compute its fingerprint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compiler.account.model import SCHEMA_FORMAT, AccountSchema
from compiler.digest import digest


class SchemaLoadError(Exception):
    """A schema file that cannot be used; the message says where and why."""


def fingerprint(raw: dict[str, Any]) -> str:
    """Hash of the canonical JSON of a discovered schema, without ``discoveredAt``.

    The stored ``fingerprint`` field itself is left out too, so a file's fingerprint is the same
    before and after it is written into the file.
    """
    data = {k: v for k, v in raw.items() if k != "fingerprint"}
    account = data.get("account")
    if isinstance(account, dict):
        data["account"] = {k: v for k, v in account.items() if k != "discoveredAt"}
    return digest(data)


def _describe_location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        parts.append(f"[{item}]" if isinstance(item, int) else f".{item}")
    return "".join(parts).lstrip(".") or "(top level)"


def parse_schema(raw: Any, *, source: str = "<schema>") -> AccountSchema:
    """Validate already-decoded JSON as a discovered schema."""
    if not isinstance(raw, dict):
        raise SchemaLoadError(f"{source}: expected a JSON object at the top level")
    fmt = raw.get("format")
    if fmt != SCHEMA_FORMAT:
        raise SchemaLoadError(
            f"{source}: not a discovered schema (format is {fmt!r}, expected {SCHEMA_FORMAT!r})"
        )
    try:
        schema = AccountSchema.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _describe_location(tuple(first["loc"]))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SchemaLoadError(f"{source}: at {where}: {first['msg']}{more}") from None
    if schema.fingerprint is None:
        schema = schema.model_copy(update={"fingerprint": fingerprint(raw)})
    return schema


def load_schema(path: str | Path) -> AccountSchema:
    """Read and validate a discovered-schema file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaLoadError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SchemaLoadError(f"{source}: is a directory, expected a schema JSON file") from None
    except UnicodeDecodeError:
        raise SchemaLoadError(f"{source}: not UTF-8 text") from None
    except OSError as exc:
        raise SchemaLoadError(f"{source}: cannot read ({exc.strerror})") from None
    return parse_schema_text(text, source=source)


def parse_schema_text(text: str, *, source: str = "<schema>") -> AccountSchema:
    """Validate a discovered schema given as JSON text.

    The fast path lets pydantic parse and validate in one pass (about twice a bare
    ``json.loads``); only a file that fails, or has no stored fingerprint, is decoded again to
    word the error precisely or to compute the fingerprint.
    """
    try:
        schema = AccountSchema.model_validate_json(text)
    except ValidationError:
        schema = None
    if schema is not None and schema.fingerprint is not None:
        return schema
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaLoadError(
            f"{source}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}"
        ) from None
    return parse_schema(raw, source=source)
